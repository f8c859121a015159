//! Scheduled template messages in the store (S7): a durable job per message, listed on the
//! chat with who scheduled it, when, the template, the send time and whom the chat is opened
//! for; cancellable while pending. At its time the job sends the template (never to a blocked
//! contact, S17) and opens the chat as chosen. The rules are
//! [`crate::domain::scheduled_message`].

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::assignment::{apply, open_by_rule, system_line};
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::jobs::{JobRow, NewJob, enqueue};
use super::messages::{Author, NewOutbound, write_outbound};
use super::views::{NamedRef, UserView};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::assignment::Origin;
use crate::domain::event::EventKind;
use crate::domain::jobs::JobKind;
use crate::domain::scheduled_message::{self, Opening, OpeningPlan};
use crate::domain::window::Sender;
use crate::domain::{Millis, Vocabulary};

/// A template message to schedule, already rendered (so a wrong parameter is refused now,
/// not at send time).
#[derive(Debug, Clone)]
pub struct NewScheduledMessage {
    pub outbound: NewOutbound,
    pub template: NamedRef,
    /// `None`: "Abrir atendimento?" no.
    pub opening: Option<Opening>,
}

/// Whom the chat is opened for, with the names as they were when it was scheduled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OpenedFor {
    pub agent: Option<NamedRef>,
    pub department: Option<NamedRef>,
}

/// What a scheduled message job carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Payload {
    outbound: NewOutbound,
    template: NamedRef,
    author: NamedRef,
    opened_for: Option<OpenedFor>,
}

/// A scheduled message as the chat lists it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ScheduledMessageView {
    pub id: i64,
    /// Who scheduled it.
    pub author: NamedRef,
    pub created_at: Millis,
    pub template: NamedRef,
    pub send_at: Millis,
    /// "Abrir atendimento?": `null` when no; else for whom (neither = without agent and department).
    pub opened_for: Option<OpenedFor>,
    /// `pending`, `done` (sent), `cancelled` or `failed`.
    pub state: String,
    pub last_error: Option<String>,
}

fn payload(job: &JobRow) -> StoreResult<Payload> {
    serde_json::from_str(&job.payload).map_err(|e| StoreError::Internal(format!("mensagem agendada ilegível: {e}")))
}

fn view(job: JobRow) -> StoreResult<ScheduledMessageView> {
    let payload = payload(&job)?;
    Ok(ScheduledMessageView {
        id: job.id,
        author: payload.author,
        created_at: job.created_at,
        template: payload.template,
        send_at: job.run_at,
        opened_for: payload.opened_for,
        state: job.state,
        last_error: job.last_error,
    })
}

async fn named(
    tx: &mut Tx,
    table: &str,
    account_id: i64,
    id: Option<i64>,
    missing: &str,
) -> StoreResult<Option<NamedRef>> {
    let Some(id) = id else { return Ok(None) };
    let row: Option<(String,)> = tx
        .fetch_optional(&format!("SELECT name FROM {table} WHERE account_id = $1 AND id = $2"), args![account_id, id])
        .await?;
    row.map(|(name,)| Some(NamedRef { id, name })).ok_or_else(|| StoreError::Rejected(missing.into()))
}

/// The agent and department chosen, checked to exist in the account so a wrong id is refused
/// when the message is scheduled rather than when it goes out.
async fn opened_for(tx: &mut Tx, account_id: i64, opening: Option<Opening>) -> StoreResult<Option<OpenedFor>> {
    let Some(opening) = opening else { return Ok(None) };
    Ok(Some(OpenedFor {
        agent: named(tx, "users", account_id, opening.agent_id, "O agente escolhido não existe nesta conta.").await?,
        department: named(
            tx,
            "departments",
            account_id,
            opening.department_id,
            "O departamento escolhido não existe nesta conta.",
        )
        .await?,
    }))
}

/// Send a scheduled message in `tx` (the job's run): to a blocked contact nothing goes out and
/// a system line says so (S17); otherwise the template is sent and the chat opened as chosen.
pub(super) async fn send_scheduled(tx: &mut Tx, job: &JobRow) -> StoreResult<()> {
    let message = payload(job)?;
    let (account_id, conversation_id) = (job.account_id, message.outbound.conversation_id);
    let before = conversation_in(tx, account_id, conversation_id).await?;
    let author = match job.created_by {
        Some(user) => super::accounts::user_in(tx, account_id, user).await.ok(),
        None => None,
    };
    let author = author.as_ref().map_or(Author::System("Mensagem agendada"), Author::Agent);
    let refusal = match write_outbound(tx, account_id, author, Sender::Automation, &message.outbound, false).await {
        Ok(sent) => Ok(sent),
        Err(StoreError::Blocked) => Err("o contato está bloqueado".to_string()),
        // The template was paused, deleted or changed number since it was scheduled.
        Err(StoreError::Rejected(reason) | StoreError::OutsideWindow(reason)) => Err(reason),
        Err(other) => return Err(other),
    };
    let sent = match refusal {
        Ok(sent) => sent,
        Err(reason) => {
            let reason = reason.trim_end_matches('.');
            let text = format!("A mensagem agendada '{}' não foi enviada: {reason}.", message.template.name);
            system_line(tx, account_id, conversation_id, &text).await?;
            let after = conversation_in(tx, account_id, conversation_id).await?;
            tx.emit(account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
            return Ok(());
        }
    };
    if let Some(opened_for) = message.opened_for {
        let opening =
            Opening { agent_id: opened_for.agent.map(|a| a.id), department_id: opened_for.department.map(|d| d.id) };
        match scheduled_message::plan(opening) {
            OpeningPlan::Rule(rule) => {
                open_by_rule(tx, account_id, conversation_id, rule, Origin::Automation).await?;
            }
            OpeningPlan::Both(assignment) => apply(tx, account_id, conversation_id, assignment).await?,
        }
    }
    let after = conversation_in(tx, account_id, conversation_id).await?;
    tx.emit(account_id, EventKind::MessageCreated, &after, Some(&sent), PreviousAudience::of(&before)).await?;
    Ok(())
}

impl Store {
    /// Schedule `message` for `send_at` on a chat `by` may see (S7).
    pub async fn schedule_message(
        &self,
        by: &UserView,
        send_at: Millis,
        message: NewScheduledMessage,
    ) -> StoreResult<ScheduledMessageView> {
        let conversation_id = message.outbound.conversation_id;
        self.conversation_for(by, conversation_id).await?;
        scheduled_message::check_send_at(self.now(), send_at).map_err(StoreError::Rejected)?;
        let mut tx = self.begin().await?;
        let payload = Payload {
            opened_for: opened_for(&mut tx, by.account_id, message.opening).await?,
            outbound: message.outbound,
            template: message.template,
            author: NamedRef { id: by.id, name: by.name.clone() },
        };
        let id = enqueue(
            &mut tx,
            NewJob {
                account_id: by.account_id,
                kind: JobKind::ScheduledMessage,
                conversation_id: Some(conversation_id),
                run_at: send_at,
                payload: serde_json::to_value(&payload).expect("payload serialises"),
                created_by: Some(by.id),
            },
        )
        .await?
        .ok_or_else(|| StoreError::Conflict("agendamento repetido".into()))?;
        let job = scheduled_job(&mut tx, by.account_id, conversation_id, id).await?;
        self.commit(tx).await?;
        view(job)
    }

    /// The chat's scheduled messages, by send time (S7).
    pub async fn scheduled_messages(
        &self,
        viewer: &UserView,
        conversation_id: i64,
    ) -> StoreResult<Vec<ScheduledMessageView>> {
        self.conversation_for(viewer, conversation_id).await?;
        let jobs: Vec<JobRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {} FROM jobs WHERE account_id = $1 AND conversation_id = $2 AND kind = $3 \
                     ORDER BY run_at, id",
                    super::jobs::JOB_COLUMNS
                ),
                args![viewer.account_id, conversation_id, JobKind::ScheduledMessage.as_str()],
            )
            .await?;
        jobs.into_iter().map(view).collect()
    }

    /// Call off a pending scheduled message; one already sent or cancelled is not found.
    pub async fn cancel_scheduled_message(
        &self,
        by: &UserView,
        conversation_id: i64,
        job_id: i64,
    ) -> StoreResult<ScheduledMessageView> {
        self.conversation_for(by, conversation_id).await?;
        let mut tx = self.begin().await?;
        let cancelled = tx
            .execute(
                "UPDATE jobs SET state = 'cancelled', finished_at = $1 WHERE id = $2 AND account_id = $3 \
                 AND conversation_id = $4 AND kind = $5 AND state = 'pending'",
                args![self.now(), job_id, by.account_id, conversation_id, JobKind::ScheduledMessage.as_str()],
            )
            .await?;
        if cancelled == 0 {
            return Err(StoreError::NotFound);
        }
        let job = scheduled_job(&mut tx, by.account_id, conversation_id, job_id).await?;
        self.commit(tx).await?;
        view(job)
    }
}

async fn scheduled_job(tx: &mut Tx, account_id: i64, conversation_id: i64, id: i64) -> StoreResult<JobRow> {
    tx.fetch_one(
        &format!(
            "SELECT {} FROM jobs WHERE id = $1 AND account_id = $2 AND conversation_id = $3 AND kind = $4",
            super::jobs::JOB_COLUMNS
        ),
        args![id, account_id, conversation_id, JobKind::ScheduledMessage.as_str()],
    )
    .await
}
