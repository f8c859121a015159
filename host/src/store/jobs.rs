//! Durable scheduled jobs: one table, claimed in batches (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so hosts sharing a database never take the same job; SQLite has one writer),
//! each run in a savepoint of the claiming transaction and marked done in it — so a job's
//! effects and its "done" commit together and it runs exactly once. A failing job is retried
//! with back-off, then marked failed; the others of its batch are unaffected.

use serde::Serialize;

use super::args::push_list;
use super::closing::{AfterClose, ScheduledClose, close_in};
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::turns::{Turns, in_turn};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::event::EventKind;
use crate::domain::jobs::{self, JobKind, JobState};
use crate::domain::window::{self, Sender};
use crate::domain::{Millis, Vocabulary, data_rights, support_code};

/// A job to schedule.
pub struct NewJob {
    pub account_id: i64,
    pub kind: JobKind,
    pub conversation_id: Option<i64>,
    pub run_at: Millis,
    pub payload: serde_json::Value,
    pub created_by: Option<i64>,
}

crate::row! {
    /// A job as listed.
    #[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
    pub struct JobRow {
        pub id: i64,
        pub account_id: i64,
        pub kind: String,
        pub conversation_id: Option<i64>,
        pub run_at: i64,
        #[schema(value_type = Object)]
        pub payload: String,
        pub state: String,
        pub attempts: i64,
        pub last_error: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }
}

pub(super) const JOB_COLUMNS: &str = JobRow::COLUMNS;

/// Schedule an account's first support code, due now (A2): a new account has one at once.
pub(super) async fn first_support_code_in(tx: &mut Tx, account_id: i64) -> StoreResult<()> {
    let now = tx.now();
    enqueue(tx, account_job(account_id, JobKind::SupportCode, now)).await?;
    Ok(())
}

/// A job about the whole account (no chat, no payload, no author), due at `run_at`.
fn account_job(account_id: i64, kind: JobKind, run_at: Millis) -> NewJob {
    NewJob { account_id, kind, conversation_id: None, run_at, payload: serde_json::json!({}), created_by: None }
}

/// Schedule a job in `tx`; `None` when an equal pending job already exists (the support-code
/// rotation has at most one pending job per account).
pub(super) async fn enqueue(tx: &mut Tx, job: NewJob) -> StoreResult<Option<i64>> {
    let row: Option<(i64,)> = tx
        .fetch_optional(
            "INSERT INTO jobs (account_id, kind, conversation_id, run_at, payload, state, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) ON CONFLICT DO NOTHING RETURNING id",
            args![
                job.account_id,
                job.kind.as_str(),
                job.conversation_id,
                job.run_at,
                job.payload.to_string(),
                job.created_by,
                tx.now()
            ],
        )
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Keep the one pending window-tag job (L8) of the chat of `contact_id` on `channel_id` due at
/// the next change of its tag, given the free-form window now ends at `free_form_until`.
pub(super) async fn schedule_window_tag(
    tx: &mut Tx,
    account_id: i64,
    contact_id: i64,
    channel_id: i64,
    free_form_until: Option<Millis>,
) -> StoreResult<()> {
    if window::next_tag_change(free_form_until, tx.now()).is_none() {
        return Ok(());
    }
    let conversation: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM conversations WHERE contact_id = $1 AND channel_id = $2",
            args![contact_id, channel_id],
        )
        .await?;
    match conversation {
        Some((conversation_id,)) => schedule_chat_window_tag(tx, account_id, conversation_id, free_form_until).await,
        None => Ok(()),
    }
}

/// [`schedule_window_tag`] for a chat already known by id.
async fn schedule_chat_window_tag(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    free_form_until: Option<Millis>,
) -> StoreResult<()> {
    schedule_chat_window_tags(tx, &[(account_id, conversation_id, free_form_until)]).await
}

/// [`schedule_window_tag`] for several chats known by id, `(account, chat, free_form_until)`:
/// their pending jobs moved in one statement, a job queued for each chat that had none.
pub(super) async fn schedule_chat_window_tags(tx: &mut Tx, chats: &[(i64, i64, Option<Millis>)]) -> StoreResult<()> {
    let now = tx.now();
    let due: Vec<(i64, i64, Millis)> = chats
        .iter()
        .filter_map(|&(account_id, chat, until)| Some((account_id, chat, window::next_tag_change(until, now)?)))
        .collect();
    if due.is_empty() {
        return Ok(());
    }
    // One row per chat, by the chat's id (an index): `CASE … END` for the new times, not an
    // `UPDATE … FROM (VALUES …)`, which SQLite 3.46 plans as a scan of every job per chat.
    let mut args = args![JobKind::WindowTag.as_str()];
    let mut chats = Vec::with_capacity(due.len());
    let mut times = Vec::with_capacity(due.len());
    for &(_, chat, at) in &due {
        let (chat, at) = (push_list(&mut args, [chat]), push_list(&mut args, [at]));
        times.push(format!("WHEN {chat} THEN {at}"));
        chats.push(chat);
    }
    let moved: Vec<(Option<i64>,)> = tx
        .fetch_all(
            &format!(
                "UPDATE jobs SET run_at = CASE conversation_id {} END \
                 WHERE conversation_id IN ({}) AND kind = $1 AND state = 'pending' RETURNING conversation_id",
                times.join(" "),
                chats.join(", ")
            ),
            args,
        )
        .await?;
    let moved: std::collections::HashSet<i64> = moved.into_iter().filter_map(|(chat,)| chat).collect();
    for (account_id, chat, at) in due.into_iter().filter(|(_, chat, _)| !moved.contains(chat)) {
        let job = NewJob {
            account_id,
            kind: JobKind::WindowTag,
            conversation_id: Some(chat),
            run_at: at,
            payload: serde_json::json!({}),
            created_by: None,
        };
        enqueue(tx, job).await?;
    }
    Ok(())
}

/// Cancel the pending jobs of `kind` on a conversation.
pub(super) async fn cancel_pending(tx: &mut Tx, conversation_id: i64, kind: JobKind) -> StoreResult<u64> {
    tx.execute(
        "UPDATE jobs SET state = 'cancelled', finished_at = $1 WHERE conversation_id = $2 AND kind = $3 AND state = 'pending'",
        args![tx.now(), conversation_id, kind.as_str()],
    )
    .await
}

/// Run one job's effects in `tx`.
async fn execute(tx: &mut Tx, job: &JobRow) -> StoreResult<()> {
    match JobKind::parse(&job.kind) {
        Some(JobKind::CloseService) => {
            let scheduled: ScheduledClose = serde_json::from_str(&job.payload)
                .map_err(|e| StoreError::Internal(format!("agendamento de encerramento ilegível: {e}")))?;
            let conversation_id = job.conversation_id.ok_or(StoreError::NotFound)?;
            let by = match scheduled.by_user_id {
                Some(user) => super::accounts::user_in(tx, job.account_id, user).await.ok(),
                None => None,
            };
            close_in(
                tx,
                job.account_id,
                conversation_id,
                by.as_ref(),
                Sender::Automation,
                &scheduled.plan,
                AfterClose::ClosingFlow,
            )
            .await?;
        }
        Some(JobKind::WindowTag) => {
            // The chat's window tag changed with the clock: tell the inbox (L8), and come back
            // at the next change ("Expirando", then "Expirado").
            let conversation_id = job.conversation_id.ok_or(StoreError::NotFound)?;
            let view = conversation_in(tx, job.account_id, conversation_id).await?;
            tx.emit(job.account_id, EventKind::ConversationUpdated, &view, None, PreviousAudience::of(&view)).await?;
            let until = view.window.as_ref().and_then(|w| w.free_form_until);
            schedule_chat_window_tag(tx, job.account_id, conversation_id, until).await?;
        }
        Some(JobKind::SupportCode) => rotate_support_code(tx, job.account_id).await?,
        Some(JobKind::ScheduledMessage) => super::scheduled_messages::send_scheduled(tx, job).await?,
        Some(JobKind::Retention) => sweep_retention(tx, job.account_id).await?,
        None => {
            return Err(StoreError::Internal(format!("no runner for job kind '{}'", job.kind)));
        }
    }
    Ok(())
}

/// How often an account's retention sweep runs once nothing more is due.
const RETENTION_EVERY: Millis = 24 * 3_600_000;

/// One batch of the account's retention sweep (LGPD), and the next: at once while more are due,
/// else in a day; none once the account keeps everything again.
async fn sweep_retention(tx: &mut Tx, account_id: i64) -> StoreResult<()> {
    let (months,): (Option<i64>,) =
        tx.fetch_one("SELECT retention_months FROM accounts WHERE id = $1", args![account_id]).await?;
    let Some(months) = months else { return Ok(()) };
    let now = tx.now();
    let more = super::erasure::erase_old_content_in(tx, account_id, data_rights::retention_cutoff(now, months)).await?;
    let run_at = if more { now } else { now + RETENTION_EVERY };
    enqueue(tx, account_job(account_id, JobKind::Retention, run_at)).await?;
    Ok(())
}

/// Set the account's retention limit (`None`: keep everything): its sweep is due now, or
/// cancelled.
pub(super) async fn set_retention_in(tx: &mut Tx, account_id: i64, months: Option<i64>) -> StoreResult<()> {
    tx.execute("UPDATE accounts SET retention_months = $1 WHERE id = $2", args![months, account_id]).await?;
    tx.execute(
        "UPDATE jobs SET state = 'cancelled', finished_at = $1 WHERE account_id = $2 AND kind = $3 AND state = 'pending'",
        args![tx.now(), account_id, JobKind::Retention.as_str()],
    )
    .await?;
    if months.is_some() {
        let now = tx.now();
        enqueue(tx, account_job(account_id, JobKind::Retention, now)).await?;
    }
    Ok(())
}

/// A new support code for the account, valid until the next 4-hour mark, and the job that
/// replaces it then (A2).
async fn rotate_support_code(tx: &mut Tx, account_id: i64) -> StoreResult<()> {
    let now = tx.now();
    let code = support_code::generate(rand::random());
    let expires = support_code::expires_after(now);
    tx.execute(
        "UPDATE accounts SET support_code = $1, support_code_expires_at = $2 WHERE id = $3",
        args![code, expires, account_id],
    )
    .await?;
    enqueue(tx, account_job(account_id, JobKind::SupportCode, expires)).await?;
    Ok(())
}

/// Lock up to `limit` due jobs for this transaction (other hosts skip them on PostgreSQL),
/// accounts in turn ([`Turns`]).
async fn claim(tx: &mut Tx, limit: i64) -> StoreResult<Vec<JobRow>> {
    let due = Turns {
        table: "jobs",
        due: "t.state = 'pending' AND t.run_at <= $1",
        order: "t.run_at, t.id",
        after_account: None,
        limit: "$2",
    }
    .sql(tx.dialect());
    let jobs: Vec<JobRow> = tx
        .fetch_all(
            &format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id IN ({due}) ORDER BY run_at, id"),
            args![tx.now(), limit],
        )
        .await?;
    Ok(in_turn(jobs, |job| job.account_id))
}

/// Run each job in a savepoint of its own: a failure is rolled back alone, recorded, and the
/// job retried with back-off or, after its last attempt, marked failed.
async fn run_one_by_one(tx: &mut Tx, due: &[JobRow]) -> StoreResult<()> {
    let now = tx.now();
    for job in due {
        tx.execute("SAVEPOINT job", vec![]).await?;
        tx.execute(
            "UPDATE jobs SET state = 'done', attempts = attempts + 1, finished_at = $1 WHERE id = $2",
            args![now, job.id],
        )
        .await?;
        match execute(tx, job).await {
            Ok(()) => {
                tx.execute("RELEASE SAVEPOINT job", vec![]).await?;
            }
            Err(err) => {
                tx.execute("ROLLBACK TO SAVEPOINT job", vec![]).await?;
                tx.execute("RELEASE SAVEPOINT job", vec![]).await?;
                let attempts = job.attempts + 1;
                let (state, run_at) = match jobs::retry_at(now, attempts) {
                    Some(at) => (JobState::Pending, at),
                    None => (JobState::Failed, job.run_at),
                };
                tracing::warn!(job = job.id, kind = %job.kind, attempts, error = %err, "job failed");
                tx.execute(
                    "UPDATE jobs SET state = $1, attempts = $2, run_at = $3, last_error = $4, \
                     finished_at = CASE WHEN $1 = 'failed' THEN $5 ELSE NULL END WHERE id = $6",
                    args![state.as_str(), attempts, run_at, err.to_string(), tx.now(), job.id],
                )
                .await?;
            }
        }
    }
    Ok(())
}

impl Store {
    /// Run up to `limit` due jobs in one transaction; how many were run (done or failed).
    ///
    /// The batch is first run as a whole (its jobs marked done by one statement): the common
    /// case costs the jobs' own statements only. If any job fails, that attempt is rolled back
    /// and the batch is run again one savepoint per job, so the failure is recorded and retried
    /// while the others are done.
    pub async fn run_due_jobs(&self, limit: i64) -> StoreResult<usize> {
        let mut tx = self.begin().await?;
        let due = claim(&mut tx, limit).await?;
        if due.is_empty() {
            return Ok(0);
        }
        let ids = due.iter().map(|j| j.id.to_string()).collect::<Vec<_>>().join(",");
        // Done first, so that a recurring job can schedule its successor beside it.
        tx.execute(
            &format!("UPDATE jobs SET state = 'done', attempts = attempts + 1, finished_at = $1 WHERE id IN ({ids})"),
            args![self.now()],
        )
        .await?;
        let mut failed = false;
        for job in &due {
            if execute(&mut tx, job).await.is_err() {
                failed = true;
                break;
            }
        }
        if !failed {
            self.commit(tx).await?;
            return Ok(due.len());
        }
        // Release the batch's locks before claiming it again, or another host's claim (or
        // ours) would skip the rows still locked by the rolled-back attempt.
        tx.rollback().await?;
        let mut tx = self.begin().await?;
        let due = claim(&mut tx, limit).await?;
        run_one_by_one(&mut tx, &due).await?;
        self.commit(tx).await?;
        Ok(due.len())
    }

    /// When the next pending job is due, if any.
    pub async fn next_job_due(&self) -> StoreResult<Option<Millis>> {
        let (next,): (Option<i64>,) =
            self.read().await?.fetch_one("SELECT MIN(run_at) FROM jobs WHERE state = 'pending'", vec![]).await?;
        Ok(next)
    }

    /// Pending and recent jobs of a conversation, oldest first.
    pub async fn conversation_jobs(&self, account_id: i64, conversation_id: i64) -> StoreResult<Vec<JobRow>> {
        self.read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {JOB_COLUMNS} FROM jobs WHERE account_id = $1 AND conversation_id = $2 ORDER BY run_at, id"
                ),
                args![account_id, conversation_id],
            )
            .await
    }

    /// Give every account without a support code rotation a first one, due now (A2).
    pub async fn ensure_support_code_jobs(&self) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let missing: Vec<(i64,)> = tx
            .fetch_all(
                "SELECT a.id FROM accounts a WHERE NOT EXISTS \
                 (SELECT 1 FROM jobs j WHERE j.account_id = a.id AND j.kind = $1 AND j.state = 'pending')",
                args![JobKind::SupportCode.as_str()],
            )
            .await?;
        for (account_id,) in missing {
            first_support_code_in(&mut tx, account_id).await?;
        }
        self.commit(tx).await
    }

    /// The accounts whose current support code is `typed` (A2): among the reseller's own, or
    /// with `None` among all of them (the operator's command).
    pub async fn verify_support_code(&self, reseller_id: Option<i64>, typed: &str) -> StoreResult<Vec<i64>> {
        let rows: Vec<(i64, Option<String>, Option<i64>)> = self
            .read()
            .await?
            .fetch_all(
                "SELECT id, support_code, support_code_expires_at FROM accounts \
                 WHERE ($1 IS NULL OR reseller_id = $1) ORDER BY id",
                args![reseller_id],
            )
            .await?;
        let now = self.now();
        Ok(rows
            .into_iter()
            .filter(|(_, code, expires)| support_code::matches(code.as_deref(), *expires, typed, now))
            .map(|(id, _, _)| id)
            .collect())
    }

    /// The account's current support code and when it expires (A2).
    pub async fn support_code(&self, account_id: i64) -> StoreResult<(Option<String>, Option<Millis>)> {
        self.read()
            .await?
            .fetch_one("SELECT support_code, support_code_expires_at FROM accounts WHERE id = $1", args![account_id])
            .await
    }
}
