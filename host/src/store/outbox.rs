//! The outbox: rows written with their message, claimed one at a time by a worker under a lease
//! (on PostgreSQL two hosts never claim the same row), and finished with the channel's answer:
//! sent with the provider id, retried later, or failed.
//!
//! A claim is the start of an attempt. A lease that runs out with no answer recorded means the
//! worker stopped mid-attempt (the host was killed, or lost its database just after Meta took
//! the send): Meta may have delivered it, and sending again could deliver it twice, so such a
//! send is failed as `interrupted` for a person to check, never sent a second time.

use std::sync::atomic::Ordering;

use super::messages::emit_message_updated;
use super::turns::Turns;
use super::tx::Dialect;
use super::{Store, StoreResult};
use crate::args;
use crate::domain::content::Content;
use crate::domain::message::MessageKind;
use crate::domain::window::TemplateCategory;
use crate::domain::{Millis, Vocabulary};

crate::row! {
    /// A send the worker holds the lease of.
    #[derive(Debug, Clone)]
    pub struct ClaimedSend {
        pub outbox_id: i64,
        pub attempts: i64,
        pub account_id: i64,
        pub message_id: i64,
        pub conversation_id: i64,
        pub channel_id: i64,
        pub channel_kind: String,
        pub channel_external_id: String,
        pub contact_external_id: Option<String>,
        pub kind: String,
        pub body: Option<String>,
        pub payload: Option<String>,
    }
}

impl ClaimedSend {
    /// What the message carries; `None` when the stored row is no outbound content.
    pub fn content(&self) -> Option<Content> {
        let kind = MessageKind::parse(&self.kind)?;
        let payload: Option<serde_json::Value> = self.payload.as_deref().and_then(|p| serde_json::from_str(p).ok());
        Content::from_stored(kind, self.body.as_deref(), payload.as_ref())
    }
}

/// Which send, message and conversation a result is about.
#[derive(Debug, Clone, Copy)]
struct SendIds {
    outbox_id: i64,
    account_id: i64,
    conversation_id: i64,
    message_id: i64,
}

impl ClaimedSend {
    fn ids(&self) -> SendIds {
        SendIds {
            outbox_id: self.outbox_id,
            account_id: self.account_id,
            conversation_id: self.conversation_id,
            message_id: self.message_id,
        }
    }
}

/// Why a send did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// The channel's error code (e.g. `131026`), shown on the red x (C17).
    pub code: String,
    pub title: String,
    /// When to try again; `None` = give up, the message has failed.
    pub retry_at: Option<Millis>,
}

/// The sends a claim may take: due and not leased (a lease that ran out is failed, not taken).
const SENDABLE: &str = "t.state = 'pending' AND t.next_attempt_at <= $2 AND t.locked_until IS NULL";

const INTERRUPTED_SQLITE: &str = "SELECT o.id, o.account_id, m.conversation_id, o.message_id FROM outbox o \
    JOIN messages m ON m.id = o.message_id WHERE o.state = 'pending' AND o.locked_until <= $1 ORDER BY o.id LIMIT 100";

const INTERRUPTED_POSTGRES: &str = "SELECT o.id, o.account_id, m.conversation_id, o.message_id FROM outbox o \
    JOIN messages m ON m.id = o.message_id WHERE o.state = 'pending' AND o.locked_until <= $1 ORDER BY o.id LIMIT 100 \
    FOR UPDATE OF o SKIP LOCKED";

/// The code and title of a send whose attempt was interrupted (C17 shows them).
pub const INTERRUPTED_CODE: &str = "interrupted";
const INTERRUPTED_TITLE: &str =
    "O envio foi interrompido (o servidor parou) e pode ter chegado ao contato; confira antes de reenviar.";

impl Store {
    /// Start the next due send's attempt, leased for `lease_ms`. A send whose lease ran out is
    /// not claimed again: [`Store::fail_interrupted_sends`] fails it. Accounts take turns
    /// ([`Turns`]): the oldest due send of the next account (by id, wrapping round) after the
    /// one this store served last, so one account's backlog of replies or broadcast messages
    /// delays another's send by one send per account with work, not by the whole backlog.
    pub async fn claim_send(&self, lease_ms: Millis) -> StoreResult<Option<ClaimedSend>> {
        let now = self.now();
        let mut tx = self.begin().await?;
        // The worker claims one send at a time, so the turn needs whose send came last. It is
        // kept in memory, not in the database: it only orders the claims (a restarted host, or
        // another host, starts its own round; nothing is lost or taken twice).
        let last = self.inner.last_send_account.load(Ordering::Relaxed);
        let turns = Turns { table: "outbox", due: SENDABLE, order: "t.id", after_account: Some("$3"), limit: "1" };
        let sql = format!(
            "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 WHERE id IN ({}) RETURNING id",
            turns.sql(tx.dialect())
        );
        let Some((id,)) = tx.fetch_optional::<(i64,)>(&sql, args![now + lease_ms, now, last]).await? else {
            self.commit(tx).await?;
            return Ok(None);
        };
        let claimed: ClaimedSend = tx
            .fetch_one(
                "SELECT o.id AS outbox_id, o.attempts, o.account_id, o.message_id, m.conversation_id, o.channel_id, \
                 ch.kind AS channel_kind, ch.external_id AS channel_external_id, ct.external_id AS contact_external_id, \
                 m.kind, m.body, m.payload FROM outbox o JOIN messages m ON m.id = o.message_id \
                 JOIN channels ch ON ch.id = o.channel_id JOIN conversations c ON c.id = m.conversation_id \
                 LEFT JOIN contacts ct ON ct.id = c.contact_id WHERE o.id = $1",
                args![id],
            )
            .await?;
        self.commit(tx).await?;
        self.inner.last_send_account.store(claimed.account_id, Ordering::Relaxed);
        Ok(Some(claimed))
    }

    /// Fail the sends whose lease ran out mid-attempt (see the module's note); how many.
    pub async fn fail_interrupted_sends(&self) -> StoreResult<usize> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let sql = match tx.dialect() {
            Dialect::Sqlite => INTERRUPTED_SQLITE,
            Dialect::Postgres => INTERRUPTED_POSTGRES,
        };
        let interrupted: Vec<(i64, i64, i64, i64)> = tx.fetch_all(sql, args![now]).await?;
        for &(outbox_id, account_id, conversation_id, message_id) in &interrupted {
            tracing::warn!(outbox_id, message_id, "a send was interrupted mid-attempt; failed instead of sent again");
            self.fail_send_in(
                &mut tx,
                SendIds { outbox_id, account_id, conversation_id, message_id },
                INTERRUPTED_CODE,
                INTERRUPTED_TITLE,
                now,
            )
            .await?;
        }
        self.commit(tx).await?;
        Ok(interrupted.len())
    }

    /// The channel accepted the send: record its id and mark the message sent.
    pub async fn record_sent(&self, send: &ClaimedSend, provider_message_id: &str) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.begin().await?;
        tx.execute("UPDATE outbox SET state = 'done', locked_until = NULL WHERE id = $1", args![send.outbox_id])
            .await?;
        tx.execute(
            "UPDATE messages SET status = 'sent', provider_message_id = $1, error_code = NULL, error_title = NULL, \
             updated_at = $2 WHERE id = $3 AND status = 'pending'",
            args![provider_message_id, now, send.message_id],
        )
        .await?;
        // A template opens its category's session once it has gone out (S4).
        if send.kind == "template"
            && let Some(category) = send
                .payload
                .as_deref()
                .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok())
                .and_then(|p| p["template"]["category"].as_str().and_then(TemplateCategory::from_meta))
        {
            super::windows::on_template_sent(&mut tx, send.conversation_id, category, now).await?;
        }
        self.emit_message_update(&mut tx, send.ids()).await?;
        self.commit(tx).await
    }

    /// The channel refused the send: retry later or mark the message failed (C17).
    pub async fn record_send_failure(&self, send: &ClaimedSend, failure: &SendFailure) -> StoreResult<()> {
        let now = self.now();
        let mut tx = self.begin().await?;
        match failure.retry_at {
            Some(at) => {
                tx.execute(
                    "UPDATE outbox SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3",
                    args![at, format!("{}: {}", failure.code, failure.title), send.outbox_id],
                )
                .await?;
                self.commit(tx).await
            }
            None => {
                self.fail_send_in(&mut tx, send.ids(), &failure.code, &failure.title, now).await?;
                self.commit(tx).await
            }
        }
    }

    /// Mark the send and its message failed with `code` and `title` (C17), in `tx`.
    async fn fail_send_in(
        &self,
        tx: &mut super::Tx,
        send: SendIds,
        code: &str,
        title: &str,
        now: Millis,
    ) -> StoreResult<()> {
        tx.execute(
            "UPDATE outbox SET state = 'failed', locked_until = NULL, last_error = $1 WHERE id = $2",
            args![format!("{code}: {title}"), send.outbox_id],
        )
        .await?;
        tx.execute(
            "UPDATE messages SET status = 'failed', error_code = $1, error_title = $2, updated_at = $3 WHERE id = $4",
            args![code, title, now, send.message_id],
        )
        .await?;
        self.emit_message_update(tx, send).await
    }

    async fn emit_message_update(&self, tx: &mut super::Tx, send: SendIds) -> StoreResult<()> {
        emit_message_updated(tx, send.account_id, send.conversation_id, send.message_id).await
    }
}
