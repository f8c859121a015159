//! The rules of "Novo chat" (L5): a template to a number that may not be a contact yet, on a
//! number that sends templates; "Abrir conversa?" opens the chat (a service without agent or
//! department), so the contact's reply lands in "Chats abertos" instead of starting the
//! initial flow — unless the service ended with the session's end: a contact who answers after
//! the session the template opened has run out meets the initial flow like any newcomer. A
//! chat someone else is serving is not taken over from here.

use super::Millis;
use super::conversation::ConversationState;
use super::window::{WINDOW, Windows};

/// Whether a channel of `kind` can start a chat with a template.
pub fn check_channel(kind: &str) -> Result<(), String> {
    match kind {
        "whatsapp" | "simulator" => Ok(()),
        _ => Err("O Novo chat envia uma mensagem template: escolha um número de WhatsApp.".into()),
    }
}

/// Whether the agent may start a new chat with a contact whose chat is in `state` (none yet:
/// `None`) and is `visible` to them or not: a chat in service or in a flow that the agent
/// cannot see belongs to someone else.
pub fn check_existing(state: Option<ConversationState>, visible: bool) -> Result<(), String> {
    match state {
        Some(ConversationState::Open | ConversationState::Bot) if !visible => {
            Err("Este contato já está em atendimento por outra equipe; peça para ser encaminhado.".into())
        }
        _ => Ok(()),
    }
}

/// Whether sending opens the chat: when "Abrir conversa?" is yes and the chat is
/// not already in service (a chat in service keeps its agent and department).
pub fn opens(open_conversation: bool, state: Option<ConversationState>) -> bool {
    open_conversation && state != Some(ConversationState::Open)
}

/// Whether a service "Novo chat" opened at `opened_at` ended with the session's end when the
/// contact's message arrives at `at`: the session the template opened (24 hours from it — the
/// template itself may still be on its way to Meta) is over and no other session of the
/// contact's is open (`windows` as they were before this message), so the message is routed like
/// one to a closed chat (the initial flow, F1).
pub fn ended_by_session(opened_at: Millis, windows: &Windows, at: Millis) -> bool {
    at >= opened_at + WINDOW && !windows.any_session_open(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConversationState::*;

    #[test]
    fn a_new_chats_service_ends_with_the_session_the_template_opened() {
        use crate::domain::window::TemplateCategory;
        let opened = 1_000;
        let day = 24 * 60 * 60 * 1000;
        let windows = Windows::default().on_template_sent(TemplateCategory::Utility, opened + 50);
        assert!(!ended_by_session(opened, &windows, opened + day - 1), "answered within the session");
        assert!(!ended_by_session(opened, &Windows::default(), opened + 10), "the template not sent yet");
        assert!(ended_by_session(opened, &windows, opened + day + 50), "answered after it ran out");
        // A session the contact had opened by writing on this number lasts beyond it.
        let wrote = windows.on_contact_message(opened + day - 10);
        assert!(!ended_by_session(opened, &wrote, opened + day + 100));
    }

    #[test]
    fn only_numbers_that_send_templates_start_new_chats() {
        assert!(check_channel("whatsapp").is_ok());
        assert!(check_channel("simulator").is_ok());
        assert!(check_channel("messenger").unwrap_err().contains("WhatsApp"));
        assert!(check_channel("instagram").is_err());
    }

    #[test]
    fn a_chat_someone_else_serves_is_not_taken_over() {
        assert!(check_existing(None, false).is_ok(), "a new contact");
        assert!(check_existing(Some(Closed), false).is_ok(), "a closed chat may be restarted by anyone");
        assert!(check_existing(Some(Open), true).is_ok());
        assert!(check_existing(Some(Open), false).is_err());
        assert!(check_existing(Some(Bot), false).is_err());
    }

    #[test]
    fn the_chat_opens_only_when_asked_and_not_already_in_service() {
        assert!(opens(true, None));
        assert!(opens(true, Some(Closed)));
        assert!(opens(true, Some(Bot)), "the agent takes it from the flow");
        assert!(!opens(true, Some(Open)), "already in service: agent and department stay");
        assert!(!opens(false, None));
        assert!(!opens(false, Some(Closed)));
    }
}
