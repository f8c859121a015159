//! Running flows in the store (F3): the per-conversation queue of what wakes a flow (a message,
//! a start, a timeout, a wake-up, an expiry) and the sessions it moves.
//!
//! An input is claimed under a lease, and only the oldest due input of a conversation can be:
//! one conversation's inputs run one at a time, in order, on any host, and none is dropped.
//! The engine then runs the steps — plugin calls, outside any transaction — and hands back a
//! [`FlowRun`], which [`Store::apply_flow_run`] writes in one transaction: the input done, the
//! session's new state (checked not to have moved meanwhile), the messages with their outbox
//! rows (through the same send path as every message), fields, tags, an opened service, the
//! timers of the next wait, the steps' history and the account events. A crash before that
//! commit leaves the input to be claimed again when its lease ends; after it, nothing is redone.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::appointments::{NewAppointment, book_in};
use super::assignment::{open_by_rule, system_line};
use super::contacts::{emit_contact_changed, set_custom_value_in, update_contact_in};
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::messages::{Author, NewOutbound, write_outbound};
use super::step_effects::StepEffect;
use super::tags::{tag_contact_in, tag_named_in, untag_contact_in};
use super::turns::{Turns, in_turn};
use super::views::NamedRef;
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::assignment::{AssignmentRule, Origin};
use crate::domain::contact::ContactPatch;
use crate::domain::content::Content;
use crate::domain::conversation::ConversationState;
use crate::domain::event::EventKind;
use crate::domain::flow::run::Waiting;
use crate::domain::window::Sender;
use crate::domain::{Millis, Vocabulary};

crate::vocabulary! {
    /// What wakes a flow.
    pub enum InputKind {
        /// Start a flow (the initial flow, the closing flow, forward to flow, a scheduled flow).
        Start = "start",
        /// The contact wrote to a waiting flow.
        Message = "message",
        /// A waiting node's timeout.
        Timeout = "timeout",
        /// A wake-up a step scheduled (a delay).
        Wake = "wake",
        /// The session's inactivity limit.
        Expire = "expire",
    }
}

crate::vocabulary! {
    /// Where a session is.
    pub enum SessionStatus {
        /// Waiting for the contact or for a wake-up (the only live status).
        Waiting = "waiting",
        /// It reached an end.
        Completed = "completed",
        /// It opened a service: people take over.
        Handover = "handover",
        /// The contact stopped answering.
        Expired = "expired",
        /// A step failed with nowhere to go.
        Failed = "failed",
        /// A person (or another flow) took over while it waited.
        Interrupted = "interrupted",
    }
}

/// An input to queue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInput {
    pub account_id: i64,
    pub conversation_id: i64,
    pub kind: InputKind,
    pub flow_id: Option<i64>,
    pub message_id: Option<i64>,
    pub session_id: Option<i64>,
    pub run_seq: Option<i64>,
    pub payload: Option<String>,
    /// For a start: the revision to start (a test run's snapshot of the draft, issue 16 part
    /// 7); `None` starts the newest published one.
    pub revision: Option<i64>,
    pub run_at: Millis,
}

impl NewInput {
    /// The contact's message `message_id` for the conversation's waiting flow.
    pub fn message(account_id: i64, conversation_id: i64, message_id: i64, at: Millis) -> NewInput {
        NewInput {
            kind: InputKind::Message,
            flow_id: None,
            ..NewInput::start(account_id, conversation_id, 0, Some(message_id), at)
        }
    }

    /// Start `flow_id` on a conversation now (`message_id`: the message that triggered it).
    pub fn start(account_id: i64, conversation_id: i64, flow_id: i64, message_id: Option<i64>, at: Millis) -> NewInput {
        NewInput {
            account_id,
            conversation_id,
            kind: InputKind::Start,
            flow_id: Some(flow_id),
            message_id,
            session_id: None,
            run_seq: None,
            payload: None,
            revision: None,
            run_at: at,
        }
    }
}

crate::row! {
    /// A queued input, claimed under `lease`.
    #[derive(Debug, Clone)]
    pub struct ClaimedInput {
        pub id: i64,
        pub account_id: i64,
        pub conversation_id: i64,
        pub kind: String,
        pub flow_id: Option<i64>,
        pub message_id: Option<i64>,
        pub session_id: Option<i64>,
        pub run_seq: Option<i64>,
        pub payload: Option<String>,
        pub revision: Option<i64>,
        pub attempts: i64,
        pub lease: Option<String>,
    }
}

crate::row! {
    /// A conversation's live session.
    #[derive(Debug, Clone)]
    pub struct LiveSession {
        pub id: i64,
        pub flow_id: i64,
        pub revision: i64,
        pub node: Option<String>,
        pub node_state: Option<String>,
        pub wait_kind: Option<String>,
        pub variables: String,
        pub run_seq: i64,
        pub steps: i64,
    }
}

impl LiveSession {
    /// What it waits for.
    pub fn waiting(&self) -> Waiting {
        if self.wait_kind.as_deref() == Some("wake") { Waiting::Wake } else { Waiting::Input }
    }

    /// Its flow variables.
    pub fn variables(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.variables).unwrap_or_default()
    }
}

/// A field a flow writes: one of the contact's own columns, or a custom field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldWrite {
    /// A system field as "Editar dados" sets it (already validated and normalised).
    System(ContactPatch),
    /// A custom field's stored JSON (`Null` removes it).
    Custom { key: String, value: serde_json::Value },
}

/// Something a run does to the conversation, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowAction {
    /// Send to the contact, as the flow named `author`; a refusal (window, blocked contact)
    /// becomes a line in the history, not a failure.
    Send { content: Content, author: String },
    /// A line in the history the contact never sees (C18).
    SystemLine(String),
    /// Write a field of the contact.
    SetField(FieldWrite),
    /// Add (or remove) the tag of this name; a missing tag is created.
    Tag { name: String, add: bool },
    /// Open a service by the service core's rules (the session ends with it).
    OpenService(AssignmentRule),
    /// Book an appointment for the contact (S9); a time no longer free redoes the run.
    Book { starts_at: Millis, ends_at: Millis, flow_name: String },
}

/// One step of a run, for the session's history.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StepRecord {
    pub node: String,
    /// `enter`, `message`, `timeout`, `wake`.
    pub trigger: String,
    /// Where it went: `port:next`, `wait`, `end:…`, `error:…` …
    pub outcome: String,
    /// What it did, in order.
    pub effects: Vec<StepEffect>,
}

/// How a run leaves its session.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionOutcome {
    /// Waiting at `node`.
    Waiting {
        node: String,
        state: Option<String>,
        waiting: Waiting,
        /// The node's timeout (waiting for input).
        timeout_at: Option<Millis>,
        /// The scheduled wake-up (waiting for one) and its state.
        wake: Option<(Millis, String)>,
        /// When the session expires if the contact says nothing.
        expire_at: Option<Millis>,
    },
    /// Over.
    Ended { status: SessionStatus, node: Option<String>, reason: String },
}

/// The session a run ends in.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSession {
    /// The live session it continues (`None`: a session this run started).
    pub existing: Option<i64>,
    pub flow_id: i64,
    pub revision: i64,
    pub outcome: SessionOutcome,
    pub variables: BTreeMap<String, String>,
    pub steps: Vec<StepRecord>,
}

/// What one run decided, for [`Store::apply_flow_run`].
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRun {
    pub input_id: i64,
    pub lease: String,
    pub account_id: i64,
    pub conversation_id: i64,
    /// The live session the run found, at the `run_seq` it read: it must not have moved.
    pub found: Option<(i64, i64)>,
    /// What became of the found session when the run left it for another (a restart, a
    /// go-to-flow, a start that replaced it): `None` when it is `session.existing`, or when
    /// nothing was found.
    pub found_end: Option<(SessionStatus, String)>,
    /// The session the run ends in; `None` when the input did nothing.
    pub session: Option<RunSession>,
    pub actions: Vec<FlowAction>,
    /// Flows to start after this one (go-to-flow beyond the depth a run follows).
    pub follow_ups: Vec<NewInput>,
}

/// A session as the chat's history of flows shows it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SessionView {
    pub id: i64,
    pub flow: NamedRef,
    pub revision: i64,
    /// `waiting`, `completed`, `handover`, `expired`, `failed` or `interrupted`.
    pub status: SessionStatus,
    /// The node it waits at, or ended at.
    pub node: Option<String>,
    /// While waiting: `input` (the contact's answer, L10) or `wake` (a delay).
    pub waiting_for: Option<String>,
    pub waiting_since: Option<Millis>,
    pub timeout_at: Option<Millis>,
    #[schema(value_type = Object)]
    pub variables: serde_json::Value,
    pub started_at: Millis,
    pub ended_at: Option<Millis>,
    pub end_reason: Option<String>,
    /// The steps it took, oldest first.
    pub steps: Vec<StepRecord>,
}

crate::row! {
    struct SessionRow {
        id: i64,
        flow_id: i64,
        flow_name: String,
        revision: i64,
        status: String,
        node: Option<String>,
        wait_kind: Option<String>,
        waiting_since: Option<i64>,
        timeout_at: Option<i64>,
        variables: String,
        started_at: i64,
        ended_at: Option<i64>,
        end_reason: Option<String>,
    }
}

/// Queue `input` in `tx`; its id.
pub(super) async fn enqueue_input(tx: &mut Tx, input: &NewInput) -> StoreResult<i64> {
    let (id,): (i64,) = tx.fetch_one(
        "INSERT INTO flow_inputs (account_id, conversation_id, kind, flow_id, message_id, session_id, run_seq, payload, \
         revision, run_at, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11) RETURNING id",
        args![
            input.account_id,
            input.conversation_id,
            input.kind.as_str(),
            input.flow_id,
            input.message_id,
            input.session_id,
            input.run_seq,
            input.payload.as_deref(),
            input.revision,
            input.run_at,
            tx.now()
        ],
    )
    .await?;
    tx.flow_input_added = true;
    Ok(id)
}

/// The live session of a conversation, read in `tx`.
pub(super) async fn live_session_in(tx: &mut Tx, conversation_id: i64) -> StoreResult<Option<LiveSession>> {
    tx.fetch_optional(
        &format!(
            "SELECT {} FROM flow_sessions WHERE conversation_id = $1 AND status = 'waiting'",
            LiveSession::COLUMNS
        ),
        args![conversation_id],
    )
    .await
}

/// End the conversation's live session, if any, with `status` and `reason` (a person took the
/// chat, the service was closed …).
pub(super) async fn end_live_session_in(
    tx: &mut Tx,
    conversation_id: i64,
    status: SessionStatus,
    reason: &str,
) -> StoreResult<bool> {
    let ended = tx
        .execute(
            "UPDATE flow_sessions SET status = $1, end_reason = $2, ended_at = $3, updated_at = $3 \
             WHERE conversation_id = $4 AND status = 'waiting'",
            args![status.as_str(), reason, tx.now(), conversation_id],
        )
        .await?;
    Ok(ended > 0)
}

/// The inputs a claim may take: due, not leased, and the oldest due input of its conversation
/// (an older due one, even leased, holds the conversation back: its inputs run one at a time,
/// in order). Which of those a claim takes first is the accounts' turn ([`Turns`]).
const CLAIMABLE: &str = "t.state = 'pending' AND t.run_at <= $3 AND (t.locked_until IS NULL OR t.locked_until <= $3) \
    AND NOT EXISTS (SELECT 1 FROM flow_inputs e WHERE e.conversation_id = t.conversation_id AND e.state = 'pending' \
    AND e.run_at <= $3 AND e.id < t.id)";

impl Store {
    /// Claim up to `limit` due inputs for `lease_ms`: at most the oldest due one of each
    /// conversation, and none of a conversation whose older input is still being run; the
    /// accounts in turn, and given back in that order (see [`Turns`]).
    pub async fn claim_flow_inputs(&self, limit: i64, lease_ms: Millis) -> StoreResult<Vec<ClaimedInput>> {
        let now = self.now();
        let lease = uuid::Uuid::new_v4().to_string();
        let mut tx = self.begin().await?;
        let turns = Turns { table: "flow_inputs", due: CLAIMABLE, order: "t.id", after_account: None, limit: "$4" };
        let sql = format!(
            "UPDATE flow_inputs SET lease = $1, locked_until = $2, attempts = attempts + 1 WHERE id IN ({})",
            turns.sql(tx.dialect())
        );
        let claimed = tx.execute(&sql, args![&lease, now + lease_ms, now, limit]).await?;
        if claimed == 0 {
            return Ok(Vec::new());
        }
        let inputs: Vec<ClaimedInput> = tx
            .fetch_all(
                &format!(
                    "SELECT {} FROM flow_inputs WHERE lease = $1 AND state = 'pending' ORDER BY id",
                    ClaimedInput::COLUMNS
                ),
                args![&lease],
            )
            .await?;
        self.commit(tx).await?;
        Ok(in_turn(inputs, |input| input.account_id))
    }

    /// When the next queued input is due, if any.
    pub async fn next_flow_input_due(&self) -> StoreResult<Option<Millis>> {
        let (next,): (Option<i64>,) =
            self.read().await?.fetch_one("SELECT MIN(run_at) FROM flow_inputs WHERE state = 'pending'", vec![]).await?;
        Ok(next)
    }

    /// Try `input` again at `retry_at` (the run failed for a reason of the host's).
    pub async fn retry_flow_input(&self, input: &ClaimedInput, retry_at: Millis) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE flow_inputs SET locked_until = $1 WHERE id = $2 AND lease = $3 AND state = 'pending'",
            args![retry_at, input.id, input.lease.as_deref()],
        )
        .await?;
        self.commit(tx).await
    }

    /// Give `input` up after its last attempt: it is done, the conversation's live session
    /// fails, and the chat goes to the open queue with a line that says why, so the contact is
    /// never left with a flow that cannot run.
    pub async fn abandon_flow_input(&self, input: &ClaimedInput, why: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = tx
            .execute(
                "UPDATE flow_inputs SET state = 'done', finished_at = $1 WHERE id = $2 AND lease = $3 AND state = 'pending'",
                args![tx.now(), input.id, input.lease.as_deref()],
            )
            .await?;
        if done == 0 {
            return Ok(());
        }
        if end_live_session_in(&mut tx, input.conversation_id, SessionStatus::Failed, why).await? {
            let before = conversation_in(&mut tx, input.account_id, input.conversation_id).await?;
            let line = "O fluxo não pôde continuar por um erro do servidor. O chat foi para a fila de atendimento.";
            system_line(&mut tx, input.account_id, input.conversation_id, line).await?;
            open_by_rule(&mut tx, input.account_id, input.conversation_id, AssignmentRule::None, Origin::Automation)
                .await?;
            let after = conversation_in(&mut tx, input.account_id, input.conversation_id).await?;
            tx.emit(input.account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before))
                .await?;
        }
        self.commit(tx).await
    }

    /// The flow sessions of a conversation, newest first, with their steps (F3, part 8).
    pub async fn flow_sessions(&self, account_id: i64, conversation_id: i64) -> StoreResult<Vec<SessionView>> {
        let mut read = self.read().await?;
        let rows: Vec<SessionRow> = read
            .fetch_all(
                "SELECT s.id, s.flow_id, f.name AS flow_name, s.revision, s.status, s.node, s.wait_kind, s.waiting_since, \
                 s.timeout_at, s.variables, s.started_at, s.ended_at, s.end_reason FROM flow_sessions s \
                 JOIN flows f ON f.id = s.flow_id WHERE s.account_id = $1 AND s.conversation_id = $2 \
                 ORDER BY s.id DESC LIMIT 50",
                args![account_id, conversation_id],
            )
            .await?;
        let mut sessions = Vec::with_capacity(rows.len());
        for row in rows {
            let steps: Vec<(String, String, String, String)> = read
                .fetch_all(
                    "SELECT node, trigger, outcome, effects FROM flow_steps WHERE session_id = $1 ORDER BY id LIMIT 500",
                    args![row.id],
                )
                .await?;
            let waiting = row.status == SessionStatus::Waiting.as_str();
            sessions.push(SessionView {
                id: row.id,
                flow: NamedRef { id: row.flow_id, name: row.flow_name },
                revision: row.revision,
                status: super::accounts::vocab(&row.status)?,
                node: row.node,
                waiting_for: row.wait_kind.filter(|_| waiting),
                waiting_since: row.waiting_since.filter(|_| waiting),
                timeout_at: row.timeout_at.filter(|_| waiting),
                variables: serde_json::from_str(&row.variables).unwrap_or_default(),
                started_at: row.started_at,
                ended_at: row.ended_at,
                end_reason: row.end_reason,
                steps: steps
                    .into_iter()
                    .map(|(node, trigger, outcome, effects)| {
                        let effects = serde_json::from_str(&effects)
                            .map_err(|e| StoreError::Internal(format!("efeitos de passo ilegíveis: {e}")))?;
                        Ok(StepRecord { node, trigger, outcome, effects })
                    })
                    .collect::<StoreResult<_>>()?,
            });
        }
        Ok(sessions)
    }

    /// End the live session of a conversation (an agent stops the bot); whether one waited.
    pub async fn end_flow_session(&self, account_id: i64, conversation_id: i64) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let before = conversation_in(&mut tx, account_id, conversation_id).await?;
        let ended =
            end_live_session_in(&mut tx, conversation_id, SessionStatus::Interrupted, "encerrado por um agente")
                .await?;
        if ended {
            let after = conversation_in(&mut tx, account_id, conversation_id).await?;
            tx.emit(account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
        }
        self.commit(tx).await?;
        Ok(ended)
    }

    /// The live session of a conversation of the account.
    pub async fn live_session(&self, conversation_id: i64) -> StoreResult<Option<LiveSession>> {
        self.read()
            .await?
            .fetch_optional(
                &format!(
                    "SELECT {} FROM flow_sessions WHERE conversation_id = $1 AND status = 'waiting'",
                    LiveSession::COLUMNS
                ),
                args![conversation_id],
            )
            .await
    }

    /// Write what a run decided, in one transaction (see the module's documentation). When the
    /// input was taken over by another claim, or the session moved meanwhile, nothing is
    /// written and the answer is `Ok(false)`: the input runs again, on what is there now.
    pub async fn apply_flow_run(&self, run: &FlowRun) -> StoreResult<bool> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let done = tx
            .execute(
                "UPDATE flow_inputs SET state = 'done', finished_at = $1 WHERE id = $2 AND lease = $3 AND state = 'pending'",
                args![now, run.input_id, &run.lease],
            )
            .await?;
        if done == 0 {
            return Ok(false);
        }
        let before = conversation_in(&mut tx, run.account_id, run.conversation_id).await?;
        if let Some((found, run_seq)) = run.found {
            let still = tx
                .execute(
                    "UPDATE flow_sessions SET run_seq = run_seq + 1, updated_at = $1 \
                     WHERE id = $2 AND status = 'waiting' AND run_seq = $3",
                    args![now, found, run_seq],
                )
                .await?;
            if still == 0 {
                tx.rollback().await?;
                return Ok(false);
            }
            if let Some((status, reason)) = &run.found_end {
                tx.execute(
                    "UPDATE flow_sessions SET status = $1, end_reason = $2, ended_at = $3 WHERE id = $4",
                    args![status.as_str(), reason, now, found],
                )
                .await?;
            }
        }
        let session_id = match &run.session {
            Some(session) => Some(write_session(&mut tx, run, session).await?),
            None => None,
        };
        let contact_id = before.contact.as_ref().map(|c| c.id);
        let mut contact_changed = false;
        for action in &run.actions {
            match action {
                FlowAction::Send { content, author } => send(&mut tx, run, content, author, &before).await?,
                FlowAction::SystemLine(text) => system_line(&mut tx, run.account_id, run.conversation_id, text).await?,
                FlowAction::SetField(write) => {
                    let Some(contact_id) = contact_id else { continue };
                    match write {
                        FieldWrite::System(patch) => {
                            update_contact_in(&mut tx, run.account_id, contact_id, patch.clone()).await?
                        }
                        FieldWrite::Custom { key, value } => {
                            set_custom_value_in(&mut tx, run.account_id, contact_id, key, value.clone()).await?
                        }
                    }
                    contact_changed = true;
                }
                FlowAction::Tag { name, add } => {
                    let Some(contact_id) = contact_id else { continue };
                    let tag_id = tag_named_in(&mut tx, run.account_id, name).await?;
                    if *add {
                        tag_contact_in(&mut tx, run.account_id, contact_id, tag_id, true).await?;
                    } else {
                        untag_contact_in(&mut tx, run.account_id, contact_id, tag_id).await?;
                    }
                    contact_changed = true;
                }
                FlowAction::OpenService(rule) => open(&mut tx, run, *rule).await?,
                FlowAction::Book { starts_at, ends_at, flow_name } => {
                    let Some(contact_id) = contact_id else { continue };
                    let new = NewAppointment {
                        contact_id,
                        conversation_id: run.conversation_id,
                        flow_name: flow_name.clone(),
                        starts_at: *starts_at,
                        ends_at: *ends_at,
                    };
                    match book_in(&mut tx, run.account_id, &new, now).await {
                        Ok(_) => {}
                        // Another contact took the time since the step ran: run it again on what is free now.
                        Err(StoreError::Conflict(_)) => {
                            tx.rollback().await?;
                            return Ok(false);
                        }
                        Err(other) => return Err(other),
                    }
                }
            }
        }
        // A session that lives on keeps the chat in the bot state (L1: only "Todos os chats").
        if run.session.as_ref().is_some_and(|s| matches!(s.outcome, SessionOutcome::Waiting { .. }))
            && before.state == ConversationState::Closed
        {
            tx.execute(
                "UPDATE conversations SET state = 'bot', updated_at = $1 WHERE id = $2 AND state = 'closed'",
                args![now, run.conversation_id],
            )
            .await?;
        }
        if let (Some(session_id), Some(session)) = (session_id, &run.session) {
            queue_timers(&mut tx, run, session_id, session).await?;
            for step in &session.steps {
                let effects = serde_json::to_string(&step.effects).expect("effects serialise");
                tx.execute(
                    "INSERT INTO flow_steps (session_id, node, trigger, outcome, effects, at) VALUES ($1, $2, $3, $4, $5, $6)",
                    args![session_id, &step.node, &step.trigger, &step.outcome, effects, now],
                )
                .await?;
            }
        }
        for follow_up in &run.follow_ups {
            enqueue_input(&mut tx, follow_up).await?;
        }
        if contact_changed && let Some(contact_id) = contact_id {
            emit_contact_changed(&mut tx, run.account_id, contact_id).await?;
        }
        let after = conversation_in(&mut tx, run.account_id, run.conversation_id).await?;
        tx.emit(run.account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(true)
    }
}

/// Write the run's final session: update the one it continued, or insert a new one. Its id.
async fn write_session(tx: &mut Tx, run: &FlowRun, session: &RunSession) -> StoreResult<i64> {
    let now = tx.now();
    let variables = serde_json::to_string(&session.variables).expect("variables serialise");
    let steps = session.steps.len() as i64;
    let (status, node, state, wait_kind, timeout_at, end_reason, ended_at) = match &session.outcome {
        SessionOutcome::Waiting { node, state, waiting, timeout_at, .. } => {
            let kind = if *waiting == Waiting::Wake { "wake" } else { "input" };
            (SessionStatus::Waiting, Some(node.as_str()), state.as_deref(), Some(kind), *timeout_at, None, None)
        }
        SessionOutcome::Ended { status, node, reason } => {
            (*status, node.as_deref(), None, None, None, Some(reason.as_str()), Some(now))
        }
    };
    match session.existing {
        Some(id) => {
            tx.execute(
                "UPDATE flow_sessions SET status = $1, node = $2, node_state = $3, wait_kind = $4, waiting_since = $5, \
                 timeout_at = $6, variables = $7, steps = steps + $8, end_reason = $9, ended_at = $10, updated_at = $5 \
                 WHERE id = $11",
                args![
                    status.as_str(),
                    node,
                    state,
                    wait_kind,
                    now,
                    timeout_at,
                    variables,
                    steps,
                    end_reason,
                    ended_at,
                    id
                ],
            )
            .await?;
            Ok(id)
        }
        None => {
            let (id,): (i64,) = tx
                .fetch_one(
                    "INSERT INTO flow_sessions (account_id, conversation_id, flow_id, revision, status, node, node_state, \
                     wait_kind, waiting_since, timeout_at, variables, run_seq, steps, started_at, updated_at, end_reason, \
                     ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $9, $9, $13, $14) RETURNING id",
                    args![
                        run.account_id,
                        run.conversation_id,
                        session.flow_id,
                        session.revision,
                        status.as_str(),
                        node,
                        state,
                        wait_kind,
                        now,
                        timeout_at,
                        variables,
                        steps,
                        end_reason,
                        ended_at
                    ],
                )
                .await?;
            Ok(id)
        }
    }
}

/// The timers of a session left waiting: its node's timeout, its wake-up, its expiry. Each
/// carries the session's current `run_seq`, so it counts only if nothing happened before it.
async fn queue_timers(tx: &mut Tx, run: &FlowRun, session_id: i64, session: &RunSession) -> StoreResult<()> {
    let SessionOutcome::Waiting { timeout_at, wake, expire_at, .. } = &session.outcome else { return Ok(()) };
    let (run_seq,): (i64,) = tx.fetch_one("SELECT run_seq FROM flow_sessions WHERE id = $1", args![session_id]).await?;
    let timer = |kind: InputKind, at: Millis, payload: Option<String>| NewInput {
        account_id: run.account_id,
        conversation_id: run.conversation_id,
        kind,
        flow_id: Some(session.flow_id),
        message_id: None,
        session_id: Some(session_id),
        run_seq: Some(run_seq),
        payload,
        revision: None,
        run_at: at,
    };
    if let Some(at) = timeout_at {
        enqueue_input(tx, &timer(InputKind::Timeout, *at, None)).await?;
    }
    if let Some((at, state)) = wake {
        enqueue_input(tx, &timer(InputKind::Wake, *at, Some(state.clone()))).await?;
    }
    if let Some(at) = expire_at {
        enqueue_input(tx, &timer(InputKind::Expire, *at, None)).await?;
    }
    Ok(())
}

/// Send `content` as the flow: through the one write path every message takes, so the window
/// (S4), a blocked contact (S17) and the content limits apply; a refusal is a history line.
async fn send(
    tx: &mut Tx,
    run: &FlowRun,
    content: &Content,
    author: &str,
    before: &super::views::ConversationView,
) -> StoreResult<()> {
    let new = NewOutbound::new(run.conversation_id, content.clone());
    match write_outbound(tx, run.account_id, Author::Flow(author), Sender::Automation, &new, false).await {
        Ok(message) => {
            let during = conversation_in(tx, run.account_id, run.conversation_id).await?;
            tx.emit(run.account_id, EventKind::MessageCreated, &during, Some(&message), PreviousAudience::of(before))
                .await?;
            Ok(())
        }
        Err(StoreError::Blocked) => Ok(()),
        Err(StoreError::OutsideWindow(reason) | StoreError::Rejected(reason)) => {
            let line = format!("Mensagem do fluxo não enviada. {reason}");
            system_line(tx, run.account_id, run.conversation_id, &line).await
        }
        Err(other) => Err(other),
    }
}

/// Open a service for the chat by `rule`; when the rule finds nobody (an empty department),
/// the chat goes to the open queue and the history says why, rather than the flow failing.
async fn open(tx: &mut Tx, run: &FlowRun, rule: AssignmentRule) -> StoreResult<()> {
    tx.execute("SAVEPOINT flow_open", vec![]).await?;
    match open_by_rule(tx, run.account_id, run.conversation_id, rule, Origin::Automation).await {
        Ok(_) => tx.execute("RELEASE SAVEPOINT flow_open", vec![]).await.map(|_| ()),
        Err(StoreError::Rejected(reason)) => {
            tx.execute("ROLLBACK TO SAVEPOINT flow_open", vec![]).await?;
            tx.execute("RELEASE SAVEPOINT flow_open", vec![]).await?;
            open_by_rule(tx, run.account_id, run.conversation_id, AssignmentRule::None, Origin::Automation).await?;
            system_line(tx, run.account_id, run.conversation_id, &format!("Atendimento aberto na fila: {reason}")).await
        }
        Err(other) => Err(other),
    }
}
