//! Who is told about what (N1–N3), as the source text's "Notificações de Mensagem" says:
//! a contact's new message tells the chat's agent and the members of its department; a chat
//! handed to an agent tells that agent, a chat handed to a department (flow, forward, routing)
//! tells every member of it; always only users who may open the chat (A3). Presence then
//! decides where each told user hears it: the bell is written only while the user has no page
//! on the Chat screen (N1), and a push goes to each subscribed device except one showing the
//! Chat screen right now (N3). Sound (N2) is decided by each device itself: the server tells a
//! device's page which events concern its user, and the page plays the sound when it is not the
//! Chat screen, or when that screen is hidden (see the UI's `notifications/sound.ts`).

use serde::{Deserialize, Serialize};

use super::Millis;
use super::access::{ChatAudience, Viewer};
use crate::vocabulary;

vocabulary! {
    /// What a notification announces.
    pub enum NotificationKind {
        /// The contact wrote in a chat assigned to the user or to one of their departments.
        Message = "message",
        /// A chat was handed to the user or to one of their departments.
        Assigned = "assigned",
    }
}

/// A chat before and after a change, as the event log records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatChange {
    /// The internal team chat (L14): nobody is told about it.
    pub internal: bool,
    pub agent_id: Option<i64>,
    pub department_id: Option<i64>,
    pub prev_agent_id: Option<i64>,
    pub prev_department_id: Option<i64>,
    /// The user who made the change, when a user did: nobody is told about their own act.
    pub actor_id: Option<i64>,
}

impl ChatChange {
    fn audience(&self) -> ChatAudience {
        ChatAudience { internal: self.internal, agent_id: self.agent_id, department_id: self.department_id }
    }

    /// Whether the change handed the chat to someone: an agent it did not have, or a
    /// department queue (no agent) it was not in.
    pub fn assignment(&self) -> Option<NotificationKind> {
        let new_agent = self.agent_id.is_some() && self.agent_id != self.prev_agent_id;
        let new_queue = self.agent_id.is_none()
            && self.department_id.is_some()
            && (self.department_id != self.prev_department_id || self.prev_agent_id.is_some());
        (new_agent || new_queue).then_some(NotificationKind::Assigned)
    }
}

/// Who is told about `kind` on `chat`, among the account's active users `users`: the chat's
/// agent and the members of its department for a message; the new agent, or the members of
/// the new department when no agent has it, for an assignment. Each must be able to see the
/// chat (A3); the user who caused it is never told.
pub fn recipients(kind: NotificationKind, chat: &ChatChange, users: &[Viewer]) -> Vec<i64> {
    if chat.internal {
        return Vec::new();
    }
    let concerned = |user: &Viewer| match kind {
        NotificationKind::Message => {
            chat.agent_id == Some(user.user_id) || chat.department_id.is_some_and(|d| user.department_ids.contains(&d))
        }
        NotificationKind::Assigned => match chat.agent_id {
            Some(agent) => agent == user.user_id,
            None => chat.department_id.is_some_and(|d| user.department_ids.contains(&d)),
        },
    };
    users
        .iter()
        .filter(|user| Some(user.user_id) != chat.actor_id)
        .filter(|user| concerned(user) && user.can_see(chat.audience()))
        .map(|user| user.user_id)
        .collect()
}

vocabulary! {
    /// Which screen of the app a page shows, as far as notifications care.
    pub enum Page {
        /// The Chat screen (list and conversation).
        Chat = "chat",
        /// Any other screen (contacts, profile, admin …).
        Other = "other",
    }
}

/// What one open page of the app reports about itself over the event stream (per device:
/// each tab or installed app is one page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presence {
    pub user_id: i64,
    /// The device the page runs on (a browser profile or the installed app), chosen by it.
    pub device: String,
    pub page: Page,
    /// Whether the page can be seen (not a background tab, not minimised).
    pub visible: bool,
    /// The conversation open on the Chat screen, if any.
    pub conversation_id: Option<i64>,
}

/// The bell keeps a notification only while the user has no page on the Chat screen (N1:
/// "as notificações só irão ser registradas se o agente não estiver na página do Chat").
pub fn records_in_bell(user_id: i64, pages: &[Presence]) -> bool {
    !pages.iter().any(|p| p.user_id == user_id && p.page == Page::Chat)
}

/// The devices of `user_id` that get no push: those showing the Chat screen right now (N3:
/// "se o usuário estiver no PWA visualizando a tela de Chat, ou em uma conversa específica na
/// tela de Chat, a mensagem de notificação não será disparada no celular"). Another device on
/// the Chat screen does not stop the push ("mesmo que na tela do Chat, a mensagem de
/// notificação será disparada no celular").
pub fn devices_without_push(user_id: i64, pages: &[Presence]) -> Vec<String> {
    let mut devices: Vec<String> = pages
        .iter()
        .filter(|p| p.user_id == user_id && p.page == Page::Chat && p.visible)
        .map(|p| p.device.clone())
        .collect();
    devices.sort();
    devices.dedup();
    devices
}

/// The text a push notification shows (N3), and the chat its click opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushMessage {
    pub title: String,
    pub body: String,
    pub conversation_id: i64,
    /// The app's path that opens the chat.
    pub url: String,
    pub created_at: Millis,
}

/// The longest message preview a notification carries.
pub const PREVIEW_CHARS: usize = 120;

/// A notification's line: the message's text cut to [`PREVIEW_CHARS`], or what was done.
pub fn preview(kind: NotificationKind, message_text: Option<&str>, to_department: Option<&str>) -> String {
    match kind {
        NotificationKind::Message => {
            let text = message_text.map(str::trim).filter(|t| !t.is_empty()).unwrap_or("Nova mensagem");
            let mut cut: String = text.chars().take(PREVIEW_CHARS).collect();
            if text.chars().count() > PREVIEW_CHARS {
                cut.push('…');
            }
            cut
        }
        NotificationKind::Assigned => match to_department {
            Some(name) => format!("Conversa atribuída ao departamento {name}"),
            None => "Conversa atribuída a você".to_string(),
        },
    }
}

impl PushMessage {
    pub fn new(contact_name: &str, line: &str, conversation_id: i64, created_at: Millis) -> PushMessage {
        PushMessage {
            title: contact_name.to_string(),
            body: line.to_string(),
            conversation_id,
            url: format!("/chat/{conversation_id}"),
            created_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::ChatVisibility;

    const SALES: i64 = 10;
    const SUPPORT: i64 = 20;

    fn user(id: i64, visibility: ChatVisibility, departments: &[i64]) -> Viewer {
        Viewer { user_id: id, visibility, department_ids: departments.to_vec() }
    }

    fn team() -> Vec<Viewer> {
        vec![
            user(1, ChatVisibility::All, &[]),             // an admin in no department
            user(2, ChatVisibility::Department, &[SALES]), // a sales agent
            user(3, ChatVisibility::Department, &[SALES]), // another sales agent
            user(4, ChatVisibility::Own, &[SALES]),        // a sales agent who sees only own chats
            user(5, ChatVisibility::Department, &[SUPPORT]),
        ]
    }

    fn chat(agent: Option<i64>, department: Option<i64>) -> ChatChange {
        ChatChange {
            internal: false,
            agent_id: agent,
            department_id: department,
            prev_agent_id: agent,
            prev_department_id: department,
            actor_id: None,
        }
    }

    #[test]
    fn a_message_tells_the_chats_agent_and_its_departments_members_who_may_see_it() {
        let told = recipients(NotificationKind::Message, &chat(Some(2), Some(SALES)), &team());
        // 1 is not assigned nor in the department ("o agente não está atribuído"); 4 may see only
        // own chats ("as regras de Permissões do Chat impedirem"); 5 is in another department.
        assert_eq!(told, vec![2, 3]);
    }

    #[test]
    fn a_message_in_a_chat_of_another_department_or_agent_tells_nobody_else() {
        // "Quando uma nova mensagem é enviada e o agente não está alocado no departamento".
        assert_eq!(recipients(NotificationKind::Message, &chat(None, Some(SUPPORT)), &team()), vec![5]);
        // "… e o agente não está atribuído": an agent's own chat without department.
        assert_eq!(recipients(NotificationKind::Message, &chat(Some(4), None), &team()), vec![4]);
        // The unassigned queue is nobody's: no one is told.
        assert!(recipients(NotificationKind::Message, &chat(None, None), &team()).is_empty());
    }

    #[test]
    fn a_chat_handed_to_an_agent_tells_that_agent_only() {
        let mut change = chat(Some(3), Some(SALES));
        change.prev_agent_id = None;
        assert_eq!(change.assignment(), Some(NotificationKind::Assigned));
        assert_eq!(recipients(NotificationKind::Assigned, &change, &team()), vec![3]);
    }

    #[test]
    fn a_chat_handed_to_a_department_tells_every_member_who_may_see_it() {
        let mut change = chat(None, Some(SALES));
        change.prev_department_id = None;
        assert_eq!(change.assignment(), Some(NotificationKind::Assigned));
        // 4 sees only own chats: the queue is not theirs to see.
        assert_eq!(recipients(NotificationKind::Assigned, &change, &team()), vec![2, 3]);
        // Forwarded from an agent to that agent's own department's queue: still handed over.
        let mut back = chat(None, Some(SALES));
        back.prev_agent_id = Some(2);
        assert_eq!(back.assignment(), Some(NotificationKind::Assigned));
    }

    #[test]
    fn changes_that_hand_nothing_over_are_not_assignments() {
        assert_eq!(chat(Some(2), Some(SALES)).assignment(), None, "nothing moved");
        let mut released = chat(None, None);
        released.prev_agent_id = Some(2);
        assert_eq!(released.assignment(), None, "a closed or released chat goes to nobody");
    }

    #[test]
    fn nobody_is_told_of_their_own_act_nor_of_the_team_chat() {
        let mut taken = chat(Some(2), Some(SALES));
        taken.prev_agent_id = None;
        taken.actor_id = Some(2);
        assert!(recipients(NotificationKind::Assigned, &taken, &team()).is_empty());
        let mut internal = chat(None, Some(SALES));
        internal.internal = true;
        assert!(recipients(NotificationKind::Message, &internal, &team()).is_empty());
    }

    fn page(user_id: i64, device: &str, page: Page, visible: bool) -> Presence {
        Presence { user_id, device: device.into(), page, visible, conversation_id: None }
    }

    #[test]
    fn the_bell_records_only_while_the_user_has_no_page_on_the_chat_screen() {
        assert!(records_in_bell(2, &[]), "not connected at all");
        assert!(records_in_bell(2, &[page(2, "pc", Page::Other, true)]), "on Contacts");
        assert!(records_in_bell(2, &[page(3, "pc", Page::Chat, true)]), "someone else on Chat");
        assert!(!records_in_bell(2, &[page(2, "pc", Page::Chat, false)]), "on Chat, even hidden");
    }

    #[test]
    fn a_push_skips_only_the_devices_showing_the_chat_screen() {
        let pages = [
            page(2, "desktop", Page::Chat, true),
            page(2, "phone", Page::Other, true),
            page(2, "tablet", Page::Chat, false),
            page(3, "other-user", Page::Chat, true),
        ];
        // The desktop on Chat gets none; the phone (another screen) and the hidden tablet do.
        assert_eq!(devices_without_push(2, &pages), vec!["desktop".to_string()]);
        assert!(devices_without_push(4, &pages).is_empty());
    }

    #[test]
    fn previews_cut_long_texts_and_say_what_was_handed_over() {
        let long = "a".repeat(200);
        let line = preview(NotificationKind::Message, Some(&long), None);
        assert_eq!(line.chars().count(), PREVIEW_CHARS + 1);
        assert_eq!(preview(NotificationKind::Message, None, None), "Nova mensagem");
        assert_eq!(preview(NotificationKind::Assigned, None, None), "Conversa atribuída a você");
        assert_eq!(
            preview(NotificationKind::Assigned, None, Some("Vendas")),
            "Conversa atribuída ao departamento Vendas"
        );
    }
}
