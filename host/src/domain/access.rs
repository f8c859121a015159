//! Who may see what (A3): roles, chat-visibility permissions and general permissions, and the
//! rule that decides whether a user may see a given chat.

use crate::vocabulary;

vocabulary! {
    /// A user's role inside an account.
    pub enum Role { Admin = "admin", Agent = "agent" }
}

vocabulary! {
    /// Which chats a user may see (A3).
    pub enum ChatVisibility {
        /// Every chat of the account.
        All = "all",
        /// Chats of the user's departments, the user's own chats and unassigned chats.
        Department = "department",
        /// Only chats assigned to the user.
        Own = "own",
    }
}

/// What a viewer brings to a visibility decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: i64,
    pub visibility: ChatVisibility,
    pub department_ids: Vec<i64>,
}

/// The parts of a chat that decide who sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatAudience {
    /// The internal team chat (L14) is visible to every user of the account.
    pub internal: bool,
    pub agent_id: Option<i64>,
    pub department_id: Option<i64>,
}

impl Viewer {
    /// Whether this viewer may see a chat with this audience (A3).
    ///
    /// "Department chats" covers the user's departments, chats assigned to the user, and the
    /// unassigned queue (no agent and no department), which every agent must be able to pick up.
    pub fn can_see(&self, chat: ChatAudience) -> bool {
        if chat.internal || chat.agent_id == Some(self.user_id) {
            return true;
        }
        match self.visibility {
            ChatVisibility::All => true,
            ChatVisibility::Own => false,
            ChatVisibility::Department => match (chat.agent_id, chat.department_id) {
                (_, Some(department)) => self.department_ids.contains(&department),
                (None, None) => true,
                (Some(_), None) => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(visibility: ChatVisibility) -> Viewer {
        Viewer { user_id: 7, visibility, department_ids: vec![1] }
    }
    fn chat(agent: Option<i64>, department: Option<i64>) -> ChatAudience {
        ChatAudience { internal: false, agent_id: agent, department_id: department }
    }

    #[test]
    fn all_visibility_sees_every_chat() {
        let v = viewer(ChatVisibility::All);
        assert!(v.can_see(chat(Some(99), Some(5))));
        assert!(v.can_see(chat(None, None)));
    }

    #[test]
    fn own_visibility_sees_only_chats_assigned_to_the_user() {
        let v = viewer(ChatVisibility::Own);
        assert!(v.can_see(chat(Some(7), None)));
        assert!(v.can_see(chat(Some(7), Some(5))));
        assert!(!v.can_see(chat(None, None)));
        assert!(!v.can_see(chat(None, Some(1))));
        assert!(!v.can_see(chat(Some(8), Some(1))));
    }

    #[test]
    fn department_visibility_sees_own_departments_and_the_unassigned_queue() {
        let v = viewer(ChatVisibility::Department);
        assert!(v.can_see(chat(None, Some(1))));
        assert!(v.can_see(chat(Some(8), Some(1))));
        assert!(v.can_see(chat(None, None)));
        assert!(v.can_see(chat(Some(7), Some(5))));
        assert!(!v.can_see(chat(None, Some(5))));
        assert!(!v.can_see(chat(Some(8), None)));
    }

    #[test]
    fn internal_team_chat_is_visible_to_everyone() {
        let v = viewer(ChatVisibility::Own);
        assert!(v.can_see(ChatAudience { internal: true, agent_id: None, department_id: None }));
    }
}
