//! The simulator channel (CH4): a web page where a person plays the contact. Its inbound
//! messages go through the same ingest as real channels, and its outbound messages through the
//! same outbox; "sending" to the simulator means the message becomes visible on the contact's
//! page, which follows the account's event log like any live client.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::Channel;
use crate::domain::Millis;
use crate::domain::contact::{normalise_name, normalise_phone};
use crate::domain::content::{Choices, Content};
use crate::domain::message::{Direction, MAX_TEXT_CHARS, MessageKind, MessageStatus};
use crate::store::views::MessageView;
use crate::store::{ClaimedSend, Inbound, SendFailure};

/// The channel kind (and contact platform) of the simulator.
pub const KIND: &str = "simulator";

/// What the contact's page posts.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The contact's phone, digits with country and area code.
    pub phone: String,
    /// The contact's name (their "profile name").
    pub name: String,
    /// What the contact wrote, or the title of the button or list row they tapped.
    pub text: String,
    /// The id of the button or list row tapped, as WhatsApp sends a `button_reply` or
    /// `list_reply`.
    #[serde(default)]
    pub reply_id: Option<String>,
    /// An id the page chose for this message, so that a retried POST is stored once.
    pub client_message_id: Option<String>,
}

/// Turn a submission made at `now` into an inbound message, or say what is wrong with it.
pub fn to_inbound(channel_id: i64, submission: &Submission, now: Millis) -> Result<Inbound, String> {
    let phone = normalise_phone(&submission.phone)?;
    let name = normalise_name(&submission.name).map_err(|e| e.message)?;
    let text = submission.text.trim();
    if text.is_empty() {
        return Err("A mensagem está vazia.".into());
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(format!("A mensagem pode ter no máximo {MAX_TEXT_CHARS} caracteres."));
    }
    let provider_message_id = match &submission.client_message_id {
        Some(id) if !id.trim().is_empty() && id.len() <= 100 => format!("sim-in-{phone}-{}", id.trim()),
        Some(_) => return Err("client_message_id deve ter de 1 a 100 caracteres.".into()),
        None => format!("sim-in-{}", uuid::Uuid::new_v4()),
    };
    let payload = match submission.reply_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() && id.len() <= 256 => {
            Some(serde_json::json!({ "reply": { "type": "button_reply", "id": id, "title": text } }))
        }
        Some(_) => return Err("reply_id deve ter de 1 a 256 caracteres.".into()),
        None => None,
    };
    Ok(Inbound {
        channel_id,
        provider_message_id,
        platform: KIND.to_string(),
        contact_external_id: phone.clone(),
        contact_name: name,
        contact_phone: Some(phone),
        kind: MessageKind::Text,
        text: Some(text.to_string()),
        payload,
        sent_at: now,
    })
}

/// Buttons or a list the contact can tap, as their phone would show them.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct SimChoices {
    /// `buttons` (up to 3 reply buttons) or `list` (opened by `button`).
    pub kind: String,
    /// The label of the button that opens a list.
    pub button: Option<String>,
    pub options: Vec<SimChoice>,
}

/// One button or list row: tapping it posts its `id` as `reply_id` with its `title` as text.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct SimChoice {
    pub id: String,
    pub title: String,
}

/// The choices an outbound message offers, if it is buttons or a list.
fn choices(message: &MessageView) -> Option<SimChoices> {
    let Some(Content::Interactive(interactive)) =
        Content::from_stored(message.kind, message.text.as_deref(), message.payload.as_ref())
    else {
        return None;
    };
    Some(match interactive.choices {
        Choices::Buttons(buttons) => SimChoices {
            kind: "buttons".into(),
            button: None,
            options: buttons.into_iter().map(|b| SimChoice { id: b.id, title: b.title }).collect(),
        },
        Choices::List { button, sections } => SimChoices {
            kind: "list".into(),
            button: Some(button),
            options: sections
                .into_iter()
                .flat_map(|s| s.rows)
                .map(|r| SimChoice { id: r.id, title: r.title })
                .collect(),
        },
    })
}

/// A message as the contact's page shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct SimMessage {
    pub id: i64,
    /// `inbound` = written by the contact.
    pub direction: Direction,
    pub kind: MessageKind,
    pub text: Option<String>,
    pub status: MessageStatus,
    pub created_at: Millis,
    pub author_name: Option<String>,
    /// Buttons or a list to tap (an outbound interactive message).
    pub choices: Option<SimChoices>,
}

/// The contact's view of a message: `None` for what never reaches the contact (internal notes,
/// system lines) and for outbound messages the channel has not sent yet.
pub fn contact_view(message: &MessageView) -> Option<SimMessage> {
    if message.internal || matches!(message.kind, MessageKind::Internal | MessageKind::System) {
        return None;
    }
    if message.direction == Direction::Outbound
        && !matches!(
            message.status,
            MessageStatus::Sent | MessageStatus::Delivered | MessageStatus::Read | MessageStatus::Played
        )
    {
        return None;
    }
    let text = match message.kind {
        MessageKind::Reaction => message.payload.as_ref().and_then(|p| p["emoji"].as_str()).map(str::to_string),
        _ => message.text.clone(),
    };
    Some(SimMessage {
        id: message.id,
        direction: message.direction,
        kind: message.kind,
        text,
        status: message.status,
        created_at: message.created_at,
        author_name: message.author.name.clone(),
        choices: (message.direction == Direction::Outbound).then(|| choices(message)).flatten(),
    })
}

/// Sending to the simulator cannot fail: the page reads the stored message.
pub struct Simulator;

#[async_trait]
impl Channel for Simulator {
    async fn send(&self, send: &ClaimedSend) -> Result<String, SendFailure> {
        Ok(format!("sim-out-{}", send.message_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::views::AuthorView;

    fn submission(phone: &str, name: &str, text: &str) -> Submission {
        Submission {
            phone: phone.into(),
            name: name.into(),
            text: text.into(),
            reply_id: None,
            client_message_id: None,
        }
    }

    #[test]
    fn a_submission_becomes_an_inbound_text_from_the_phone() {
        let inbound = to_inbound(3, &submission("+55 11 99999-0000", " Maria ", " Oi "), 0).unwrap();
        assert_eq!(inbound.contact_external_id, "5511999990000");
        assert_eq!(inbound.contact_name, "Maria");
        assert_eq!(inbound.text.as_deref(), Some("Oi"));
        assert_eq!(inbound.channel_id, 3);
    }

    #[test]
    fn the_same_client_message_id_gives_the_same_provider_id() {
        let mut s = submission("5511999990000", "Maria", "Oi");
        s.client_message_id = Some("abc".into());
        assert_eq!(
            to_inbound(1, &s, 0).unwrap().provider_message_id,
            to_inbound(1, &s, 0).unwrap().provider_message_id
        );
    }

    #[test]
    fn bad_submissions_say_what_is_wrong() {
        assert!(to_inbound(1, &submission("(11) 9999", "Maria", "Oi"), 0).unwrap_err().contains("Telefone"));
        assert!(to_inbound(1, &submission("5511999990000", "", "Oi"), 0).unwrap_err().contains("nome"));
        assert!(to_inbound(1, &submission("5511999990000", "Maria", "  "), 0).unwrap_err().contains("vazia"));
    }

    fn message(direction: Direction, kind: MessageKind, internal: bool, status: MessageStatus) -> MessageView {
        MessageView {
            id: 1,
            conversation_id: 1,
            direction,
            kind,
            author: AuthorView {
                kind: crate::domain::message::AuthorKind::Agent,
                user_id: Some(1),
                name: Some("Ana".into()),
            },
            text: Some("x".into()),
            payload: None,
            internal,
            status,
            error: None,
            created_at: 0,
            erased_at: None,
        }
    }

    #[test]
    fn the_contact_never_sees_internal_notes_or_unsent_messages() {
        assert!(
            contact_view(&message(Direction::Outbound, MessageKind::Internal, true, MessageStatus::Received)).is_none()
        );
        assert!(
            contact_view(&message(Direction::Outbound, MessageKind::Text, false, MessageStatus::Pending)).is_none()
        );
        assert!(contact_view(&message(Direction::Outbound, MessageKind::Text, false, MessageStatus::Sent)).is_some());
        assert!(
            contact_view(&message(Direction::Inbound, MessageKind::Text, false, MessageStatus::Received)).is_some()
        );
    }
}
