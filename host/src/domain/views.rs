//! The four status views of the conversation list (L1) as a pure rule. The store's SQL
//! mirrors it; a contract test checks that both agree on every combination.

use super::conversation::{ConversationKind, ConversationState};
use crate::vocabulary;

vocabulary! {
    /// A status view of the conversation list (L1).
    pub enum View {
        /// "Todos os chats": everything, closed or not.
        All = "all",
        /// "Chats abertos": not closed, and without agent or assigned to a department of the viewer.
        Open = "open",
        /// "Meus chats": assigned to the viewer.
        Mine = "mine",
        /// "Em atendimento": has an assigned agent.
        InService = "in_service",
    }
}

vocabulary! {
    /// Sort orders of the list (L3).
    pub enum Sort {
        /// "Mais recente": newest message first.
        Recent = "recent",
        /// "Mais antiga": oldest message first.
        Oldest = "oldest",
        /// "Abertura mais recente": newest service opening (protocol) first.
        OpeningRecent = "opening_recent",
        /// "Abertura mais antiga": oldest service opening first — the FIFO queue.
        OpeningOldest = "opening_oldest",
    }
}

impl Sort {
    /// Whether the newest come first.
    pub fn descending(self) -> bool {
        matches!(self, Sort::Recent | Sort::OpeningRecent)
    }

    /// Whether the key is the service opening rather than the last message.
    pub fn by_opening(self) -> bool {
        matches!(self, Sort::OpeningRecent | Sort::OpeningOldest)
    }

    /// The sort key of a chat, as the store's SQL computes it: the last activity (last
    /// message, else creation) for message sorts; the opening of the current service for
    /// opening sorts, where chats without one (closed, in a flow) go last in both directions.
    pub fn key(self, last_activity: super::Millis, service_opened_at: Option<super::Millis>) -> i64 {
        if !self.by_opening() {
            return last_activity;
        }
        match (service_opened_at, self.descending()) {
            (Some(opened), _) => opened,
            (None, true) => NO_OPENING_DESCENDING,
            (None, false) => NO_OPENING_ASCENDING,
        }
    }
}

/// Sort key of a chat without an open service when the newest openings come first.
pub const NO_OPENING_DESCENDING: i64 = -1;
/// Sort key of a chat without an open service when the oldest openings come first.
pub const NO_OPENING_ASCENDING: i64 = i64::MAX;

/// The parts of a chat a view looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatPlacement {
    pub kind: ConversationKind,
    pub state: ConversationState,
    pub agent_id: Option<i64>,
    pub department_id: Option<i64>,
}

/// Whether a chat belongs to `view` for the user `viewer_id` who is in `viewer_departments`.
///
/// Chats in a flow (state `bot`) and closed chats show only in All; the internal team chat
/// (L14) shows in All (and through its own shortcut filter).
pub fn in_view(view: View, viewer_id: i64, viewer_departments: &[i64], chat: ChatPlacement) -> bool {
    if view == View::All {
        return true;
    }
    if chat.kind == ConversationKind::Internal || chat.state != ConversationState::Open {
        return false;
    }
    match view {
        View::All => true,
        View::Open => chat.agent_id.is_none() || chat.department_id.is_some_and(|d| viewer_departments.contains(&d)),
        View::Mine => chat.agent_id == Some(viewer_id),
        View::InService => chat.agent_id.is_some(),
    }
}

#[cfg(test)]
mod sort_tests {
    use super::*;

    #[test]
    fn chats_without_an_open_service_go_last_in_both_opening_orders() {
        let chats = [(5, None), (7, Some(30)), (9, Some(10))];
        let mut fifo = chats;
        fifo.sort_by_key(|(m, o)| Sort::OpeningOldest.key(*m, *o));
        assert_eq!(fifo.map(|c| c.1), [Some(10), Some(30), None], "oldest opening first: the FIFO queue");
        let mut newest = chats;
        newest.sort_by_key(|(m, o)| std::cmp::Reverse(Sort::OpeningRecent.key(*m, *o)));
        assert_eq!(newest.map(|c| c.1), [Some(30), Some(10), None]);
        let mut recent = chats;
        recent.sort_by_key(|(m, o)| std::cmp::Reverse(Sort::Recent.key(*m, *o)));
        assert_eq!(recent.map(|c| c.0), [9, 7, 5], "message sorts ignore the opening");
        assert!(Sort::OpeningRecent.by_opening() && Sort::OpeningRecent.descending());
        assert!(!Sort::Oldest.descending() && !Sort::Oldest.by_opening());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConversationState::*;

    const ME: i64 = 1;
    const MY_DEPT: i64 = 10;

    fn chat(state: ConversationState, agent: Option<i64>, department: Option<i64>) -> ChatPlacement {
        ChatPlacement { kind: ConversationKind::Contact, state, agent_id: agent, department_id: department }
    }

    fn views_of(chat: ChatPlacement) -> Vec<View> {
        View::ALL.iter().copied().filter(|v| in_view(*v, ME, &[MY_DEPT], chat)).collect()
    }

    use crate::domain::Vocabulary;

    #[test]
    fn closed_chats_appear_only_in_all() {
        assert_eq!(views_of(chat(Closed, None, None)), [View::All]);
        assert_eq!(views_of(chat(Closed, Some(ME), Some(MY_DEPT))), [View::All]);
    }

    #[test]
    fn a_chat_with_a_department_appears_in_all_and_open() {
        assert_eq!(views_of(chat(Open, None, Some(MY_DEPT))), [View::All, View::Open]);
    }

    #[test]
    fn a_chat_opened_without_department_or_agent_appears_in_all_and_open() {
        assert_eq!(views_of(chat(Open, None, None)), [View::All, View::Open]);
    }

    #[test]
    fn a_chat_assigned_to_an_agent_appears_in_all_mine_and_in_service() {
        assert_eq!(views_of(chat(Open, Some(ME), None)), [View::All, View::Mine, View::InService]);
        assert_eq!(views_of(chat(Open, Some(2), None)), [View::All, View::InService]);
    }

    #[test]
    fn chats_in_a_flow_appear_only_in_all() {
        assert_eq!(views_of(chat(Bot, None, None)), [View::All]);
    }

    #[test]
    fn the_internal_team_chat_appears_only_in_all() {
        let internal =
            ChatPlacement { kind: ConversationKind::Internal, state: Open, agent_id: None, department_id: None };
        assert_eq!(views_of(internal), [View::All]);
    }
}
