//! Status events of sent messages (C16, C17): a status moves a message forward only (see
//! [`crate::domain::delivery`]), so late, repeated or skipped statuses are harmless; a failure
//! keeps Meta's code and title for the red x; 131047 closes the free-form window; 131049
//! re-arms the send with a growing interval.

use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::messages::message_in;
use super::{Store, StoreResult, Tx, windows};
use crate::args;
use crate::domain::delivery::{self, HEALTHY_ECOSYSTEM};
use crate::domain::event::EventKind;
use crate::domain::message::MessageStatus;
use crate::domain::{Millis, Vocabulary};

/// Meta's code for a send outside the free-form window.
pub const RE_ENGAGEMENT: &str = "131047";

impl Store {
    /// Apply a status of the message `provider_message_id` sent on `channel_id`; whether the
    /// message changed.
    pub async fn apply_status(
        &self,
        channel_id: i64,
        provider_message_id: &str,
        status: MessageStatus,
        error: Option<(&str, &str)>,
        at: Millis,
    ) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let row: Option<(i64,)> = tx
            .fetch_optional(
                "SELECT id FROM messages WHERE channel_id = $1 AND provider_message_id = $2 AND direction = 'outbound'",
                args![channel_id, provider_message_id],
            )
            .await?;
        let Some((message_id,)) = row else { return Ok(false) };
        let changed = apply(&mut tx, message_id, status, error, at).await?;
        if changed {
            self.commit(tx).await?;
        }
        Ok(changed)
    }

    /// Messenger/Instagram: every message sent to `contact` on `channel_id` up to `watermark`
    /// (or named in `mids`) is now `status`. How many changed.
    pub async fn apply_watermark(
        &self,
        channel_id: i64,
        contact: &str,
        status: MessageStatus,
        watermark: Millis,
        mids: &[String],
    ) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let mut ids: Vec<(i64,)> = tx
            .fetch_all(
                "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id \
                 JOIN contacts ct ON ct.id = c.contact_id WHERE c.channel_id = $1 AND ct.external_id = $2 \
                 AND m.direction = 'outbound' AND m.status IN ('sent', 'delivered') AND m.created_at <= $3 ORDER BY m.id",
                args![channel_id, contact, watermark],
            )
            .await?;
        for mid in mids {
            let row: Option<(i64,)> = tx
                .fetch_optional(
                    "SELECT id FROM messages WHERE channel_id = $1 AND provider_message_id = $2 AND direction = 'outbound'",
                    args![channel_id, mid],
                )
                .await?;
            ids.extend(row);
        }
        ids.sort();
        ids.dedup();
        let mut changed = 0;
        for (id,) in ids {
            if apply(&mut tx, id, status, None, watermark).await? {
                changed += 1;
            }
        }
        self.commit(tx).await?;
        Ok(changed)
    }
}

/// Move message `message_id` to `incoming` if that is forward; whether it changed.
async fn apply(
    tx: &mut Tx,
    message_id: i64,
    incoming: MessageStatus,
    error: Option<(&str, &str)>,
    at: Millis,
) -> StoreResult<bool> {
    let (account_id, conversation_id, current, attempts): (i64, i64, String, Option<i64>) = tx
        .fetch_one(
            "SELECT m.account_id, m.conversation_id, m.status, o.attempts FROM messages m \
             LEFT JOIN outbox o ON o.message_id = m.id WHERE m.id = $1",
            args![message_id],
        )
        .await?;
    let Some(current) = MessageStatus::parse(&current) else { return Ok(false) };
    let Some(next) = delivery::advance(current, incoming) else { return Ok(false) };
    let before = conversation_in(tx, account_id, conversation_id).await?;
    let now = tx.now();
    match (next, error) {
        (MessageStatus::Failed, error) => {
            let (code, title) = error.unwrap_or(("unknown", "Falha no envio informada pelo canal."));
            if code == RE_ENGAGEMENT {
                windows::on_re_engagement_error(tx, conversation_id, at).await?;
            }
            let retry = (code == HEALTHY_ECOSYSTEM)
                .then(|| delivery::retry_at(code, None, attempts.unwrap_or(1), now))
                .flatten();
            let status = if retry.is_some() { MessageStatus::Pending } else { MessageStatus::Failed };
            tx.execute(
                "UPDATE messages SET status = $1, error_code = $2, error_title = $3, updated_at = $4 WHERE id = $5",
                args![status.as_str(), code, title, now, message_id],
            )
            .await?;
            if let Some(retry_at) = retry {
                tx.execute(
                    "UPDATE outbox SET state = 'pending', next_attempt_at = $1, locked_until = NULL, last_error = $2 \
                     WHERE message_id = $3",
                    args![retry_at, format!("{code}: {title}"), message_id],
                )
                .await?;
            }
        }
        (next, _) => {
            tx.execute(
                "UPDATE messages SET status = $1, error_code = NULL, error_title = NULL, updated_at = $2 WHERE id = $3",
                args![next.as_str(), now, message_id],
            )
            .await?;
        }
    }
    let message = message_in(tx, message_id).await?;
    tx.emit(account_id, EventKind::MessageUpdated, &before, Some(&message), PreviousAudience::of(&before)).await?;
    Ok(true)
}

impl Store {
    /// Meta's id of a message of the account, once it has one.
    pub async fn provider_message_id(&self, account_id: i64, message_id: i64) -> StoreResult<Option<String>> {
        let row: Option<(Option<String>,)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT provider_message_id FROM messages WHERE account_id = $1 AND id = $2",
                args![account_id, message_id],
            )
            .await?;
        Ok(row.and_then(|(id,)| id))
    }

    /// Meta's id of the contact's newest message in a conversation (what mark-as-read names).
    pub async fn last_inbound_provider_id(&self, conversation_id: i64) -> StoreResult<Option<String>> {
        let row: Option<(Option<String>,)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT provider_message_id FROM messages WHERE conversation_id = $1 AND direction = 'inbound' \
                 ORDER BY id DESC LIMIT 1",
                args![conversation_id],
            )
            .await?;
        Ok(row.and_then(|(id,)| id))
    }
}
