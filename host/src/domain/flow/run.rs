//! How an input moves a conversation's flow (F3, reference c.2–c.5), decided before any step
//! runs: a message to a waiting flow is first checked against the account's keywords
//! ("atendente" hands over, "menu" starts again) and the flow's own interrupts, then given to
//! the waiting node; a timeout, a wake-up or an expiry counts only if the session has not moved
//! since it was scheduled (its `run_seq`), so a late timer never cuts into a newer wait.

use super::document::FlowDocument;
use super::settings::{FlowSettings, Keyword, folded};

/// What the live session of a conversation is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// The contact's answer (a question, a menu).
    Input,
    /// A wake-up it scheduled (a delay).
    Wake,
}

/// What a contact's message does to a waiting session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnMessage {
    /// Hand the chat to a person: the session ends and a service opens (the open queue).
    Handover,
    /// Start the flow again from its entry.
    Restart,
    /// Jump to this node (an interrupt of the flow).
    Jump(String),
    /// The waiting node handles it.
    Deliver,
    /// The session waits for a wake-up, not for the contact: the message stays in the history.
    Ignore,
}

/// What a contact's message `text` does to a session waiting as `waiting` in `doc`.
pub fn on_message(waiting: Waiting, text: Option<&str>, settings: &FlowSettings, doc: &FlowDocument) -> OnMessage {
    if let Some(text) = text {
        match settings.keyword(text) {
            Some(Keyword::Handover) => return OnMessage::Handover,
            Some(Keyword::Restart) => return OnMessage::Restart,
            None => {}
        }
        let typed = folded(text);
        if let Some(interrupt) =
            doc.settings.interrupts.iter().find(|i| i.keywords.iter().any(|k| !typed.is_empty() && folded(k) == typed))
        {
            return OnMessage::Jump(interrupt.to.clone());
        }
    }
    match waiting {
        Waiting::Input => OnMessage::Deliver,
        Waiting::Wake => OnMessage::Ignore,
    }
}

/// A timer that fired: what it was scheduled for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// The waiting node's timeout (its `timeout` port).
    Timeout,
    /// The wake-up a step scheduled.
    Wake,
    /// The session's inactivity limit.
    Expire,
}

/// Whether a timer scheduled at `scheduled_seq` still counts for a session now at `run_seq`,
/// waiting as `waiting`: only if nothing happened since, and it is the kind of wait it was for.
pub fn timer_counts(timer: Timer, scheduled_seq: i64, run_seq: i64, waiting: Waiting) -> bool {
    scheduled_seq == run_seq
        && match timer {
            Timer::Timeout => waiting == Waiting::Input,
            Timer::Wake => waiting == Waiting::Wake,
            Timer::Expire => true,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> FlowDocument {
        FlowDocument::from_value(json!({
            "formatVersion": "1.0.0", "name": "F", "entry": "a",
            "settings": {"interrupts": [{"keywords": ["Voltar"], "to": "inicio"}]},
            "nodes": [{"id": "a", "type": "end", "typeVersion": 1}]
        }))
        .unwrap()
    }

    #[test]
    fn keywords_come_first_then_the_flows_interrupts_then_the_node() {
        let settings = FlowSettings::default();
        assert_eq!(on_message(Waiting::Input, Some("Atendente"), &settings, &doc()), OnMessage::Handover);
        assert_eq!(on_message(Waiting::Input, Some("menu"), &settings, &doc()), OnMessage::Restart);
        assert_eq!(on_message(Waiting::Input, Some(" voltar "), &settings, &doc()), OnMessage::Jump("inicio".into()));
        assert_eq!(on_message(Waiting::Input, Some("2"), &settings, &doc()), OnMessage::Deliver);
        assert_eq!(on_message(Waiting::Input, None, &settings, &doc()), OnMessage::Deliver, "a photo goes to the node");
    }

    #[test]
    fn a_delay_lets_messages_pass_but_not_keywords() {
        let settings = FlowSettings::default();
        assert_eq!(on_message(Waiting::Wake, Some("oi?"), &settings, &doc()), OnMessage::Ignore);
        assert_eq!(on_message(Waiting::Wake, Some("atendente"), &settings, &doc()), OnMessage::Handover);
    }

    #[test]
    fn a_timer_counts_only_if_the_session_did_not_move() {
        assert!(timer_counts(Timer::Timeout, 4, 4, Waiting::Input));
        assert!(!timer_counts(Timer::Timeout, 3, 4, Waiting::Input), "the contact answered meanwhile");
        assert!(!timer_counts(Timer::Timeout, 4, 4, Waiting::Wake));
        assert!(timer_counts(Timer::Wake, 4, 4, Waiting::Wake));
        assert!(timer_counts(Timer::Expire, 4, 4, Waiting::Wake));
    }
}
