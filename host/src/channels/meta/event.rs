//! What the Meta webhook parsers hand on: channel-neutral events, each naming the channel it is
//! for by Meta's id of it (phone_number_id, Page id, Instagram account id). Past this point no
//! wire format is left: messages become [`Inbound`], statuses become [`StatusUpdate`].

use serde_json::Value;

use crate::domain::Millis;
use crate::domain::message::{MessageKind, MessageStatus};
use crate::store::Inbound;

/// One item of a webhook batch.
#[derive(Debug, Clone)]
pub enum Event {
    /// A contact's message (its `channel_id` is filled in once the channel is known).
    Message { channel: String, inbound: Inbound },
    /// A status of a message we sent (C16, C17).
    Status { channel: String, status: StatusUpdate },
    /// A message the company sent from another app (C19 WhatsApp Business app; Page inbox).
    Echo { channel: String, echo: Echo },
    /// Messenger/Instagram: everything sent up to `watermark` was delivered or read.
    Watermark { channel: String, contact: String, status: MessageStatus, watermark: Millis, mids: Vec<String> },
    /// An error Meta reported without a message (value-level `errors[]`).
    Error { channel: String, code: String, title: String },
}

impl Event {
    /// Meta's id of the channel the event is for.
    pub fn channel(&self) -> &str {
        match self {
            Event::Message { channel, .. }
            | Event::Status { channel, .. }
            | Event::Echo { channel, .. }
            | Event::Watermark { channel, .. }
            | Event::Error { channel, .. } => channel,
        }
    }
}

/// A status event of one sent message.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    pub provider_message_id: String,
    pub status: MessageStatus,
    pub at: Millis,
    /// `(code, title)` of a failure.
    pub error: Option<(String, String)>,
}

/// A company message sent outside Atende.
#[derive(Debug, Clone, PartialEq)]
pub struct Echo {
    /// The contact's id on the platform (the `to` of the echo).
    pub contact: String,
    pub contact_phone: Option<String>,
    pub provider_message_id: String,
    pub at: Millis,
    pub action: EchoAction,
}

/// What the echo did.
#[derive(Debug, Clone, PartialEq)]
pub enum EchoAction {
    /// A new message.
    Sent { kind: MessageKind, text: Option<String>, payload: Option<Value> },
    /// An earlier message was edited.
    Edit { original: String, kind: MessageKind, text: Option<String>, payload: Option<Value> },
    /// An earlier message was deleted.
    Revoke { original: String },
}

/// Why a body could not be read as a webhook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);

/// Seconds as a JSON string or number (WhatsApp) → epoch ms; `None` when absent or not a number.
pub fn seconds(value: &Value) -> Option<Millis> {
    let secs = match value {
        Value::String(s) => s.trim().parse::<i64>().ok()?,
        Value::Number(n) => n.as_i64()?,
        _ => return None,
    };
    secs.checked_mul(1000).filter(|ms| *ms > 0)
}

/// Milliseconds as a JSON number or numeric string (Messenger/Instagram).
pub fn millis(value: &Value) -> Option<Millis> {
    match value {
        Value::Number(n) => n.as_i64().filter(|ms| *ms > 0),
        Value::String(s) => s.trim().parse::<i64>().ok().filter(|ms| *ms > 0),
        _ => None,
    }
}

/// A non-empty string field.
pub fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// The elements of an array field (none when it is missing or not an array).
pub fn items<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value.get(key).and_then(Value::as_array).map(|a| a.as_slice()).unwrap_or(&[]).iter()
}

/// The first `(code, title)` of an `errors[]` array.
pub fn first_error(value: &Value) -> Option<(String, String)> {
    let error = items(value, "errors").next()?;
    let code = match error.get("code") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => "unknown".to_string(),
    };
    let title = text(error, "title").or_else(|| text(error, "message")).unwrap_or_default();
    Some((code, title))
}

/// A status word of Meta's.
pub fn status_word(word: &str) -> Option<MessageStatus> {
    match word {
        "sent" => Some(MessageStatus::Sent),
        "delivered" => Some(MessageStatus::Delivered),
        "read" => Some(MessageStatus::Read),
        "played" => Some(MessageStatus::Played),
        "failed" => Some(MessageStatus::Failed),
        _ => None,
    }
}

/// Longest text kept from an inbound message: a hostile body cannot make a giant row field.
pub const MAX_INBOUND_TEXT: usize = 8192;

/// `text` cut to [`MAX_INBOUND_TEXT`] characters.
pub fn bounded(text: String) -> String {
    if text.chars().count() <= MAX_INBOUND_TEXT { text } else { text.chars().take(MAX_INBOUND_TEXT).collect() }
}
