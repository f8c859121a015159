//! Broadcasts (A7) in the database. The audience is the contacts a [`ContactFilter`] holds on
//! the number's platform, less — whatever the filter says — blocked contacts (S17) and those
//! with the broadcast switch off (S5); it is counted before sending and taken, one row per
//! recipient, when the broadcast starts. Each recipient's message is written, through the same
//! path as any template (its window rules, its session, S4), in the transaction that marks the
//! recipient sent: a host killed mid-broadcast leaves each contact either sent once or still
//! pending. A worker holds a broadcast by a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::messages::{Author, write_outbound};
use super::new_chat::{ChatParty, contact_chat};
use super::tx::{Dialect, Read};
use super::views::NamedRef;
use super::{Arg, ContactFilter, HostShare, NewOutbound, Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::broadcast::{self, BroadcastState, Command, RecipientState};
use crate::domain::content::Content;
use crate::domain::event::EventKind;
use crate::domain::window::Sender;
use crate::domain::{Millis, Vocabulary};

/// A template's values as a broadcast keeps them: the text of each parameter, variables and all
/// (`{nome}` is expanded per contact when its message is made).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BroadcastValues {
    #[serde(default)]
    pub positional: Vec<String>,
    #[serde(default)]
    pub named: std::collections::BTreeMap<String, String>,
}

/// A broadcast to create (checked by the service).
#[derive(Debug, Clone)]
pub struct NewBroadcast {
    pub account_id: i64,
    pub created_by: i64,
    pub name: String,
    pub channel_id: i64,
    pub template_id: i64,
    pub values: BroadcastValues,
    pub filter: ContactFilter,
    pub scheduled_at: Millis,
    pub rate_per_s: i64,
}

/// How many recipients are where.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct BroadcastTotals {
    /// The audience, once taken.
    pub recipients: i64,
    pub pending: i64,
    /// Written and handed to the number (delivered and read ones included).
    pub sent: i64,
    pub delivered: i64,
    pub read: i64,
    /// Not sent, or refused by the number.
    pub failed: i64,
}

/// A broadcast as admins see it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct BroadcastView {
    pub id: i64,
    pub name: String,
    pub channel: NamedRef,
    pub template: NamedRef,
    pub values: BroadcastValues,
    pub filter: ContactFilter,
    pub state: BroadcastState,
    pub scheduled_at: Millis,
    pub rate_per_s: i64,
    pub created_by: Option<NamedRef>,
    pub created_at: Millis,
    pub started_at: Option<Millis>,
    pub finished_at: Option<Millis>,
    pub totals: BroadcastTotals,
}

/// A recipient and what became of their message.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RecipientView {
    pub contact_id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub state: RecipientState,
    /// The message's status at the number (`pending`, `sent`, `delivered`, `read`, `failed`).
    pub message_status: Option<String>,
    /// Why it failed: the broadcast's reason, or the number's error code and title.
    pub error: Option<String>,
    pub sent_at: Option<Millis>,
}

/// A page of recipients, by contact.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecipientPage {
    pub items: Vec<RecipientView>,
    /// Pass as `cursor` for the next page.
    pub next_cursor: Option<String>,
}

crate::row! {
    struct BroadcastRow {
        id: i64,
        name: String,
        channel_id: i64,
        channel_name: String,
        template_id: i64,
        template_name: String,
        template_values: String,
        filter: String,
        state: String,
        scheduled_at: i64,
        rate_per_s: i64,
        created_by: Option<i64>,
        creator_name: Option<String>,
        created_at: i64,
        started_at: Option<i64>,
        finished_at: Option<i64>,
    }
}

const BROADCAST_SELECT: &str = "SELECT b.id, b.name, b.channel_id, ch.name AS channel_name, b.template_id, \
    t.name AS template_name, b.template_values, b.filter, b.state, b.scheduled_at, b.rate_per_s, b.created_by, \
    u.name AS creator_name, b.created_at, b.started_at, b.finished_at FROM broadcasts b \
    JOIN channels ch ON ch.id = b.channel_id JOIN templates t ON t.id = b.template_id \
    LEFT JOIN users u ON u.id = b.created_by";

crate::row! {
    /// A broadcast a worker holds the lease of.
    pub struct LeasedBroadcast {
        pub id: i64,
        pub account_id: i64,
        pub name: String,
        pub channel_id: i64,
        pub template_id: i64,
        pub template_values: String,
        pub rate_per_s: i64,
        pub paced_since: Option<i64>,
        pub paced_base: i64,
    }
}

crate::row! {
    struct RecipientRow {
        contact_id: i64,
        name: String,
        phone: Option<String>,
        state: String,
        message_status: Option<String>,
        error: Option<String>,
        error_code: Option<String>,
        error_title: Option<String>,
        sent_at: Option<i64>,
    }
}

impl RecipientRow {
    fn into_view(self) -> StoreResult<RecipientView> {
        let number_error =
            self.error_code.map(|c| format!("{c}{}", self.error_title.map(|t| format!(" — {t}")).unwrap_or_default()));
        Ok(RecipientView {
            contact_id: self.contact_id,
            name: self.name,
            phone: self.phone,
            state: RecipientState::parse(&self.state).ok_or_else(|| StoreError::Internal(self.state.clone()))?,
            message_status: self.message_status,
            error: self.error.or(number_error),
            sent_at: self.sent_at,
        })
    }
}

/// What writing one recipient's message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientOutcome {
    Sent,
    /// The contact was blocked after the audience was taken: marked failed.
    Blocked,
    /// Already sent or failed (another host, or before a restart).
    AlreadyHandled,
    /// The broadcast is no longer running (paused or cancelled meanwhile): nothing written.
    Stopped,
    /// Their message could not be made or written: marked failed with the reason.
    Failed,
}

fn stored<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Internal(format!("stored broadcast: {e}")))
}

/// The audience's conditions on `ct`: the filter, the number's platform and a phone, never a
/// blocked contact or one with the broadcast switch off.
fn audience_clauses(filter: &ContactFilter, platform: &str, dialect: Dialect, args: &mut Vec<Arg>) -> String {
    let mut clauses = filter.clauses(dialect, args);
    args.push(platform.into());
    clauses.push(format!("ct.platform = ${}", args.len()));
    clauses.push("ct.phone IS NOT NULL AND ct.blocked = FALSE AND ct.receives_broadcasts = TRUE".into());
    clauses.join(" AND ")
}

async fn totals(read: &mut Read, broadcast_id: i64) -> StoreResult<BroadcastTotals> {
    let rows: Vec<(String, Option<String>, i64)> = read
        .fetch_all(
            "SELECT r.state, m.status, COUNT(*) FROM broadcast_recipients r LEFT JOIN messages m ON m.id = r.message_id \
             WHERE r.broadcast_id = $1 GROUP BY r.state, m.status",
            args![broadcast_id],
        )
        .await?;
    let mut totals = BroadcastTotals::default();
    for (state, status, n) in rows {
        totals.recipients += n;
        match (state.as_str(), status.as_deref()) {
            ("pending", _) => totals.pending += n,
            ("failed", _) | (_, Some("failed")) => totals.failed += n,
            (_, Some("delivered")) => {
                totals.sent += n;
                totals.delivered += n;
            }
            (_, Some("read" | "played")) => {
                totals.sent += n;
                totals.delivered += n;
                totals.read += n;
            }
            _ => totals.sent += n,
        }
    }
    Ok(totals)
}

impl BroadcastRow {
    fn into_view(self, totals: BroadcastTotals) -> StoreResult<BroadcastView> {
        Ok(BroadcastView {
            id: self.id,
            name: self.name,
            channel: NamedRef { id: self.channel_id, name: self.channel_name },
            template: NamedRef { id: self.template_id, name: self.template_name },
            values: stored(&self.template_values)?,
            filter: stored(&self.filter)?,
            state: BroadcastState::parse(&self.state).ok_or_else(|| StoreError::Internal(self.state.clone()))?,
            scheduled_at: self.scheduled_at,
            rate_per_s: self.rate_per_s,
            created_by: self.created_by.map(|id| NamedRef { id, name: self.creator_name.unwrap_or_default() }),
            created_at: self.created_at,
            started_at: self.started_at,
            finished_at: self.finished_at,
            totals,
        })
    }
}

/// Recipients handled (sent or failed) of a broadcast, in `tx`.
async fn handled_in(tx: &mut Tx, broadcast_id: i64) -> StoreResult<i64> {
    let (n,): (i64,) = tx
        .fetch_one(
            "SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = $1 AND state <> 'pending'",
            args![broadcast_id],
        )
        .await?;
    Ok(n)
}

impl Store {
    /// How many contacts a broadcast with `filter` on a number of `platform` would reach now.
    pub async fn audience_count(&self, account_id: i64, platform: &str, filter: &ContactFilter) -> StoreResult<i64> {
        let mut args: Vec<Arg> = vec![account_id.into()];
        let clauses = audience_clauses(filter, platform, self.dialect(), &mut args);
        let (n,): (i64,) =
            self.read().await?.fetch_one(&format!("SELECT COUNT(*) FROM contacts ct WHERE {clauses}"), args).await?;
        Ok(n)
    }

    /// Keep a new broadcast; it starts at its time.
    pub async fn create_broadcast(&self, new: NewBroadcast) -> StoreResult<BroadcastView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO broadcasts (account_id, created_by, name, channel_id, template_id, template_values, filter, \
                 state, scheduled_at, rate_per_s, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
                args![
                    new.account_id,
                    new.created_by,
                    new.name,
                    new.channel_id,
                    new.template_id,
                    serde_json::to_string(&new.values).unwrap_or_default(),
                    serde_json::to_string(&new.filter).unwrap_or_default(),
                    BroadcastState::Scheduled.as_str(),
                    new.scheduled_at,
                    new.rate_per_s,
                    now
                ],
            )
            .await?;
        self.commit(tx).await?;
        self.wake_broadcasts();
        self.broadcast(new.account_id, id).await
    }

    /// A broadcast of the account with its totals.
    pub async fn broadcast(&self, account_id: i64, id: i64) -> StoreResult<BroadcastView> {
        let mut read = self.read().await?;
        let row: BroadcastRow = read
            .fetch_one(&format!("{BROADCAST_SELECT} WHERE b.account_id = $1 AND b.id = $2"), args![account_id, id])
            .await?;
        let totals = totals(&mut read, id).await?;
        row.into_view(totals)
    }

    /// The account's latest broadcasts, newest first.
    pub async fn broadcasts(&self, account_id: i64) -> StoreResult<Vec<BroadcastView>> {
        let mut read = self.read().await?;
        let rows: Vec<BroadcastRow> = read
            .fetch_all(
                &format!("{BROADCAST_SELECT} WHERE b.account_id = $1 ORDER BY b.id DESC LIMIT 100"),
                args![account_id],
            )
            .await?;
        let mut views = Vec::with_capacity(rows.len());
        for row in rows {
            let totals = totals(&mut read, row.id).await?;
            views.push(row.into_view(totals)?);
        }
        Ok(views)
    }

    /// Pause, resume or cancel a broadcast; a resumed one paces itself from now.
    pub async fn command_broadcast(&self, account_id: i64, id: i64, command: Command) -> StoreResult<BroadcastView> {
        let mut tx = self.begin().await?;
        let lock = if tx.dialect() == Dialect::Postgres { " FOR UPDATE" } else { "" };
        let (state, started_at): (String, Option<i64>) = tx
            .fetch_one(
                &format!("SELECT state, started_at FROM broadcasts WHERE account_id = $1 AND id = $2{lock}"),
                args![account_id, id],
            )
            .await?;
        let state = BroadcastState::parse(&state).ok_or_else(|| StoreError::Internal(state.clone()))?;
        let next = broadcast::apply(state, command).map_err(|why| StoreError::Conflict(why.into()))?;
        // A broadcast paused before its audience was taken resumes as scheduled: it starts then.
        let next =
            if next == BroadcastState::Running && started_at.is_none() { BroadcastState::Scheduled } else { next };
        let now = tx.now();
        let handled = handled_in(&mut tx, id).await?;
        let finished = (next == BroadcastState::Cancelled).then_some(now);
        tx.execute(
            "UPDATE broadcasts SET state = $1, paced_since = $2, paced_base = $3, finished_at = COALESCE($4, finished_at), \
             lease_until = NULL, updated_at = $2 WHERE id = $5",
            args![next.as_str(), now, handled, finished, id],
        )
        .await?;
        self.commit(tx).await?;
        self.wake_broadcasts();
        self.broadcast(account_id, id).await
    }

    /// Lease a broadcast that is due (taking its audience when it starts now) or running and
    /// held by nobody, until `lease_until`; accounts in turn with what this host already runs
    /// (`share`).
    pub async fn lease_broadcast(
        &self,
        lease_until: Millis,
        share: &HostShare,
    ) -> StoreResult<Option<LeasedBroadcast>> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let lock = if tx.dialect() == Dialect::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
        let mut args = args![now];
        let (turn, first) = share.clauses("b.id", "b.account_id", &mut args);
        let found: Option<(i64, i64, String, String, i64)> = tx
            .fetch_optional(
                &format!(
                    "SELECT b.id, b.account_id, b.state, b.filter, b.channel_id FROM broadcasts b \
                     WHERE ((b.state = 'scheduled' AND b.scheduled_at <= $1) OR b.state = 'running') \
                     AND (b.lease_until IS NULL OR b.lease_until <= $1) AND {turn} \
                     ORDER BY {first}b.scheduled_at, b.id LIMIT 1{lock}"
                ),
                args,
            )
            .await?;
        let Some((id, account_id, state, filter, channel_id)) = found else { return Ok(None) };
        if state == BroadcastState::Scheduled.as_str() {
            let (platform,): (String,) =
                tx.fetch_one("SELECT kind FROM channels WHERE id = $1", args![channel_id]).await?;
            let filter: ContactFilter = stored(&filter)?;
            let mut args: Vec<Arg> = vec![account_id.into()];
            let clauses = audience_clauses(&filter, &platform, tx.dialect(), &mut args);
            args.push(id.into());
            tx.execute(
                &format!(
                    "INSERT INTO broadcast_recipients (broadcast_id, contact_id, state) \
                     SELECT ${}, ct.id, 'pending' FROM contacts ct WHERE {clauses}",
                    args.len()
                ),
                args,
            )
            .await?;
            tx.execute(
                "UPDATE broadcasts SET state = 'running', started_at = $1, paced_since = $1, paced_base = 0 WHERE id = $2",
                args![now, id],
            )
            .await?;
        }
        tx.execute("UPDATE broadcasts SET lease_until = $1 WHERE id = $2", args![lease_until, id]).await?;
        let leased: LeasedBroadcast = tx
            .fetch_one(&format!("SELECT {} FROM broadcasts WHERE id = $1", LeasedBroadcast::COLUMNS), args![id])
            .await?;
        self.commit(tx).await?;
        Ok(Some(leased))
    }

    /// Up to `limit` recipients still pending, by contact, and how many are handled already;
    /// `None` when the broadcast is no longer running (or its lease was taken over).
    pub async fn broadcast_batch(
        &self,
        id: i64,
        limit: i64,
        lease_until: Millis,
    ) -> StoreResult<Option<(LeasedBroadcast, Vec<i64>, i64)>> {
        let mut tx = self.begin().await?;
        let moved = tx
            .execute(
                "UPDATE broadcasts SET lease_until = $1 WHERE id = $2 AND state = 'running'",
                args![lease_until, id],
            )
            .await?;
        if moved == 0 {
            return Ok(None);
        }
        let leased: LeasedBroadcast = tx
            .fetch_one(&format!("SELECT {} FROM broadcasts WHERE id = $1", LeasedBroadcast::COLUMNS), args![id])
            .await?;
        let pending: Vec<(i64,)> = tx
            .fetch_all(
                "SELECT contact_id FROM broadcast_recipients WHERE broadcast_id = $1 AND state = 'pending' \
                 ORDER BY contact_id LIMIT $2",
                args![id, limit],
            )
            .await?;
        let handled = handled_in(&mut tx, id).await?;
        self.commit(tx).await?;
        Ok(Some((leased, pending.into_iter().map(|(c,)| c).collect(), handled)))
    }

    /// Write a recipient's message and mark them sent, in one transaction.
    pub async fn send_to_recipient(
        &self,
        broadcast: &LeasedBroadcast,
        contact_id: i64,
        content: Content,
    ) -> StoreResult<RecipientOutcome> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let marked = tx
            .execute(
                "UPDATE broadcast_recipients SET state = 'sent', sent_at = $1 \
                 WHERE broadcast_id = $2 AND contact_id = $3 AND state = 'pending'",
                args![now, broadcast.id, contact_id],
            )
            .await?;
        if marked == 0 {
            return Ok(RecipientOutcome::AlreadyHandled);
        }
        let running: Option<(i64,)> = tx
            .fetch_optional("SELECT id FROM broadcasts WHERE id = $1 AND state = 'running'", args![broadcast.id])
            .await?;
        if running.is_none() {
            return Ok(RecipientOutcome::Stopped);
        }
        let (platform, external_id, name, phone, blocked): (String, String, String, Option<String>, bool) = tx
            .fetch_one(
                "SELECT platform, external_id, name, phone, blocked FROM contacts WHERE account_id = $1 AND id = $2",
                args![broadcast.account_id, contact_id],
            )
            .await?;
        if blocked {
            tx.execute(
                "UPDATE broadcast_recipients SET state = 'failed', error = $1 WHERE broadcast_id = $2 AND contact_id = $3",
                args![crate::store::BLOCKED, broadcast.id, contact_id],
            )
            .await?;
            self.commit(tx).await?;
            return Ok(RecipientOutcome::Blocked);
        }
        let party = ChatParty {
            account_id: broadcast.account_id,
            channel_id: broadcast.channel_id,
            platform: &platform,
            external_id: &external_id,
            name: &name,
            phone: phone.as_deref(),
        };
        let conversation_id = contact_chat(&mut tx, party, now).await?.conversation_id;
        let before = conversation_in(&mut tx, broadcast.account_id, conversation_id).await?;
        let author = format!("Transmissão {}", broadcast.name);
        let new = NewOutbound::new(conversation_id, content);
        let sent =
            write_outbound(&mut tx, broadcast.account_id, Author::System(&author), Sender::Automation, &new, false)
                .await?;
        tx.execute(
            "UPDATE broadcast_recipients SET message_id = $1 WHERE broadcast_id = $2 AND contact_id = $3",
            args![sent.id, broadcast.id, contact_id],
        )
        .await?;
        let after = conversation_in(&mut tx, broadcast.account_id, conversation_id).await?;
        tx.emit(broadcast.account_id, EventKind::MessageCreated, &after, Some(&sent), PreviousAudience::of(&before))
            .await?;
        self.commit(tx).await?;
        Ok(RecipientOutcome::Sent)
    }

    /// Mark a recipient failed with `error` (their message could not be made).
    pub async fn fail_recipient(&self, broadcast_id: i64, contact_id: i64, error: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE broadcast_recipients SET state = 'failed', error = $1, sent_at = $2 \
             WHERE broadcast_id = $3 AND contact_id = $4 AND state = 'pending'",
            args![error, tx.now(), broadcast_id, contact_id],
        )
        .await?;
        self.commit(tx).await
    }

    /// End a running broadcast with no recipient pending.
    pub async fn finish_broadcast(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE broadcasts SET state = 'done', finished_at = $1, lease_until = NULL, updated_at = $1 \
             WHERE id = $2 AND state = 'running' \
             AND NOT EXISTS (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = $2 AND state = 'pending')",
            args![tx.now(), id],
        )
        .await?;
        self.commit(tx).await
    }

    /// Let go of a broadcast's lease (paused or cancelled: another look finds nothing to do).
    pub async fn release_broadcast(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("UPDATE broadcasts SET lease_until = NULL WHERE id = $1", args![id]).await?;
        self.commit(tx).await
    }

    /// When the next scheduled broadcast is due (for the worker's sleep).
    pub async fn next_broadcast_due(&self) -> StoreResult<Option<Millis>> {
        let (due,): (Option<i64>,) = self
            .read()
            .await?
            .fetch_one("SELECT MIN(scheduled_at) FROM broadcasts WHERE state = 'scheduled'", vec![])
            .await?;
        Ok(due)
    }

    /// A page of a broadcast's recipients, by contact, optionally in one state.
    pub async fn broadcast_recipients(
        &self,
        account_id: i64,
        id: i64,
        state: Option<RecipientState>,
        after_contact: Option<i64>,
        limit: i64,
    ) -> StoreResult<RecipientPage> {
        let limit = limit.clamp(1, 500);
        let mut read = self.read().await?;
        let (found,): (i64,) = read
            .fetch_one("SELECT COUNT(*) FROM broadcasts WHERE account_id = $1 AND id = $2", args![account_id, id])
            .await?;
        if found == 0 {
            return Err(StoreError::NotFound);
        }
        let rows: Vec<RecipientRow> = read
            .fetch_all(
                "SELECT r.contact_id, ct.name, ct.phone, r.state, m.status AS message_status, r.error, m.error_code, \
                 m.error_title, r.sent_at \
                 FROM broadcast_recipients r JOIN contacts ct ON ct.id = r.contact_id \
                 LEFT JOIN messages m ON m.id = r.message_id \
                 WHERE r.broadcast_id = $1 AND ($2 IS NULL OR r.state = $2) AND r.contact_id > $3 \
                 ORDER BY r.contact_id LIMIT $4",
                args![id, state.map(|s| s.as_str()), after_contact.unwrap_or(0), limit],
            )
            .await?;
        let next_cursor = (rows.len() as i64 == limit).then(|| rows.last().map(|r| r.contact_id.to_string())).flatten();
        let items = rows.into_iter().map(RecipientRow::into_view).collect::<StoreResult<Vec<_>>>()?;
        Ok(RecipientPage { items, next_cursor })
    }
}
