//! Echoes (C19): messages the company sent from outside Atende (the WhatsApp Business app in
//! coexistence, Meta's Page inbox) are recorded as outbound messages by the Business app. On
//! WhatsApp they put the chat in echo mode, which ends when the app sends the channel's
//! end-of-echo keyword (or on close). An echo of Atende's own send carries the id already
//! stored and changes nothing; edits and revokes update the original message.

use serde_json::Value;

use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::messages::{MessageRecord, insert_message, message_in};
use super::new_chat::{ChatParty, ContactChat, contact_chat};
use super::{Store, StoreResult};
use crate::args;
use crate::domain::event::EventKind;
use crate::domain::message::{self, AuthorKind, Direction, MessageKind, MessageStatus};
use crate::domain::{Millis, timer};

/// Name shown as the author of echoes.
pub const BUSINESS_APP: &str = "WhatsApp Business";

/// An echo to record, already parsed.
#[derive(Debug, Clone)]
pub struct EchoRecord<'a> {
    pub account_id: i64,
    pub channel_id: i64,
    pub platform: &'a str,
    pub contact: &'a str,
    pub contact_phone: Option<&'a str>,
    pub provider_message_id: &'a str,
    pub at: Millis,
    pub kind: MessageKind,
    pub text: Option<&'a str>,
    pub payload: Option<&'a Value>,
    /// Echo mode applies (WhatsApp coexistence), with this end-of-echo keyword.
    pub echo_mode: Option<Option<&'a str>>,
}

/// Whether `text` is the end-of-echo keyword (case and surrounding spaces do not matter).
pub fn ends_echo(text: Option<&str>, keyword: Option<&str>) -> bool {
    match (text, keyword) {
        (Some(text), Some(keyword)) if !keyword.trim().is_empty() => text.trim().eq_ignore_ascii_case(keyword.trim()),
        _ => false,
    }
}

impl Store {
    /// Record a message the company sent elsewhere; whether it was new.
    pub async fn record_echo(&self, echo: &EchoRecord<'_>) -> StoreResult<bool> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let party = ChatParty {
            account_id: echo.account_id,
            channel_id: echo.channel_id,
            platform: echo.platform,
            external_id: echo.contact,
            name: echo.contact,
            phone: echo.contact_phone,
        };
        let ContactChat { conversation_id, unanswered_since, .. } = contact_chat(&mut tx, party, now).await?;
        let before = conversation_in(&mut tx, echo.account_id, conversation_id).await?;
        let Some(message) = insert_message(
            &mut tx,
            MessageRecord {
                account_id: echo.account_id,
                conversation_id,
                channel_id: Some(echo.channel_id),
                direction: Direction::Outbound,
                author_kind: AuthorKind::BusinessApp,
                author_user_id: None,
                author_name: Some(BUSINESS_APP),
                kind: echo.kind,
                text: echo.text,
                payload: echo.payload,
                internal: false,
                status: MessageStatus::Sent,
                provider_message_id: Some(echo.provider_message_id),
                at: echo.at.min(now),
            },
        )
        .await?
        else {
            return Ok(false);
        };
        if let Some(keyword) = echo.echo_mode {
            let on = !ends_echo(echo.text, keyword);
            tx.execute("UPDATE conversations SET echo_mode = $1 WHERE id = $2", args![on, conversation_id]).await?;
        }
        let reply = message::is_reply(Direction::Outbound, echo.kind, false);
        tx.execute(
            "UPDATE conversations SET last_message_at = $1, last_message_preview = $2, unanswered_since = $3, updated_at = $1 \
             WHERE id = $4",
            args![
                now,
                message::preview(echo.kind, echo.text),
                timer::after_outbound(unanswered_since, reply),
                conversation_id
            ],
        )
        .await?;
        let after = conversation_in(&mut tx, echo.account_id, conversation_id).await?;
        tx.emit(echo.account_id, EventKind::MessageCreated, &after, Some(&message), PreviousAudience::of(&before))
            .await?;
        self.commit(tx).await?;
        Ok(true)
    }

    /// An echo edited (`edit` = new kind, text and payload) or deleted (`edit` = `None`) the
    /// message `original`; whether a stored message changed.
    pub async fn record_echo_change(
        &self,
        account_id: i64,
        channel_id: i64,
        original: &str,
        edit: Option<(MessageKind, Option<&str>, Option<&Value>)>,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let row: Option<(i64, i64, Option<String>)> = tx
            .fetch_optional(
                "SELECT id, conversation_id, payload FROM messages WHERE account_id = $1 AND channel_id = $2 \
                 AND provider_message_id = $3",
                args![account_id, channel_id, original],
            )
            .await?;
        let Some((message_id, conversation_id, payload)) = row else { return Ok(false) };
        let mut merged: serde_json::Map<String, Value> =
            payload.and_then(|p| serde_json::from_str(&p).ok()).unwrap_or_default();
        let now = self.now();
        match edit {
            Some((kind, text, new_payload)) => {
                if let Some(Value::Object(fields)) = new_payload {
                    merged.extend(fields.clone());
                }
                merged.insert("edited_at".into(), now.into());
                tx.execute(
                    "UPDATE messages SET kind = $1, body = $2, payload = $3, updated_at = $4 WHERE id = $5",
                    args![
                        crate::domain::Vocabulary::as_str(kind),
                        text,
                        Value::Object(merged).to_string(),
                        now,
                        message_id
                    ],
                )
                .await?;
            }
            None => {
                merged.insert("revoked_at".into(), now.into());
                tx.execute(
                    "UPDATE messages SET payload = $1, updated_at = $2 WHERE id = $3",
                    args![Value::Object(merged).to_string(), now, message_id],
                )
                .await?;
            }
        }
        let conversation = conversation_in(&mut tx, account_id, conversation_id).await?;
        let message = message_in(&mut tx, message_id).await?;
        tx.emit(
            account_id,
            EventKind::MessageUpdated,
            &conversation,
            Some(&message),
            PreviousAudience::of(&conversation),
        )
        .await?;
        self.commit(tx).await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::ends_echo;

    #[test]
    fn the_end_of_echo_keyword_ignores_case_and_spaces() {
        assert!(ends_echo(Some(" #FIM "), Some("#fim")));
        assert!(!ends_echo(Some("#fim do dia"), Some("#fim")));
        assert!(!ends_echo(Some("qualquer"), None));
        assert!(!ends_echo(Some(""), Some(" ")));
    }
}
