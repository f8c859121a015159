//! The closing pipeline in the store (K1–K3, K5): close a service now — closing message sent
//! first, closing field values written, agent and department removed, protocol ended — or
//! schedule the close as a durable job, visible on the chat and cancellable; a contact's
//! message cancels a schedule whose policy says so.

use serde::{Deserialize, Serialize};

use super::assignment::system_line;
use super::contacts::set_custom_value_in;
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::flow_runs::{NewInput, SessionStatus, end_live_session_in, enqueue_input};
use super::jobs::{NewJob, cancel_pending, enqueue};
use super::messages::{Author, NewOutbound, write_outbound};
use super::views::{ConversationView, UserView};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::closing::IfContactWrites;
use crate::domain::content::{Content, Text};
use crate::domain::conversation::{ConversationKind, ConversationState};
use crate::domain::event::EventKind;
use crate::domain::jobs::JobKind;
use crate::domain::window::Sender;
use crate::domain::{Millis, Vocabulary};

/// A closing field's effect on the contact: set to a validated value, or removed (`Null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub key: String,
    pub value: serde_json::Value,
}

/// What a close does, decided and validated before the store sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosePlan {
    /// The closing message to send first (K3), if any.
    pub message: Option<String>,
    /// Closing field values to write (K5).
    pub changes: Vec<FieldChange>,
}

/// The payload of a scheduled close job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct ScheduledClose {
    pub plan: ClosePlan,
    pub if_contact_writes: IfContactWrites,
    pub by_user_id: Option<i64>,
}

/// The team chat has no service and runs no flow.
async fn closable_kind(tx: &mut Tx, account_id: i64, conversation_id: i64) -> StoreResult<()> {
    let (kind,): (String,) = tx
        .fetch_one(
            "SELECT kind FROM conversations WHERE account_id = $1 AND id = $2",
            args![account_id, conversation_id],
        )
        .await?;
    if kind == ConversationKind::Internal.as_str() {
        return Err(StoreError::Rejected("A comunicação interna não tem atendimento nem fluxos.".into()));
    }
    Ok(())
}

async fn closable(tx: &mut Tx, account_id: i64, conversation_id: i64) -> StoreResult<()> {
    let (kind, state): (String, String) = tx
        .fetch_one(
            "SELECT kind, state FROM conversations WHERE account_id = $1 AND id = $2",
            args![account_id, conversation_id],
        )
        .await?;
    if kind == ConversationKind::Internal.as_str() {
        return Err(StoreError::Rejected("A comunicação interna não tem atendimento para encerrar.".into()));
    }
    if state == ConversationState::Closed.as_str() {
        return Err(StoreError::Rejected("Este atendimento já está encerrado.".into()));
    }
    Ok(())
}

/// Close a service in `tx` (K1): the closing message goes out first (unless the contact is
/// blocked, or the window is shut — then a system line in the history says why), closing field
/// values are written, agent, department and any scheduled close are removed and the protocol
/// ends. The unanswered timer keeps its start unless the closing message answered the contact
/// (L13). `sender` is who sends the message: the agent closing now, or automation for a
/// scheduled close.
pub(super) async fn close_in(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    by: Option<&UserView>,
    sender: Sender,
    plan: &ClosePlan,
    then: AfterClose,
) -> StoreResult<ConversationView> {
    closable(tx, account_id, conversation_id).await?;
    let before = conversation_in(tx, account_id, conversation_id).await?;
    let contact_id = before.contact.as_ref().map(|c| c.id);
    if let Some(text) = &plan.message {
        let new = NewOutbound::new(conversation_id, Content::Text(Text::plain(text)));
        let author = by.map_or(Author::System("Sistema"), Author::Agent);
        match write_outbound(tx, account_id, author, sender, &new, false).await {
            Ok(message) => {
                let during = conversation_in(tx, account_id, conversation_id).await?;
                tx.emit(account_id, EventKind::MessageCreated, &during, Some(&message), PreviousAudience::of(&before))
                    .await?;
            }
            // Nothing goes to a blocked contact (S17); the close still happens.
            Err(StoreError::Blocked) => {}
            // Outside the window the close happens and the history says why (K3, S4).
            Err(StoreError::OutsideWindow(reason)) => {
                let line = format!("Mensagem de encerramento não enviada. {reason}");
                system_line(tx, account_id, conversation_id, &line).await?;
            }
            Err(other) => return Err(other),
        }
    }
    if let Some(contact_id) = contact_id {
        for change in &plan.changes {
            set_custom_value_in(tx, account_id, contact_id, &change.key, change.value.clone()).await?;
        }
    }
    let now = tx.now();
    tx.execute(
        "UPDATE services SET closed_at = $1, closed_by = $2, \
         department_id = (SELECT department_id FROM conversations WHERE id = $3) \
         WHERE id = (SELECT service_id FROM conversations WHERE id = $3)",
        args![now, by.map(|u| u.id), conversation_id],
    )
    .await?;
    tx.execute(
        "UPDATE conversations SET state = 'closed', agent_id = NULL, department_id = NULL, service_id = NULL, \
         service_opened_at = NULL, scheduled_close_at = NULL, scheduled_close_policy = NULL, echo_mode = FALSE, \
         updated_at = $1 WHERE id = $2",
        args![now, conversation_id],
    )
    .await?;
    cancel_pending(tx, conversation_id, JobKind::CloseService).await?;
    end_live_session_in(tx, conversation_id, SessionStatus::Interrupted, "atendimento encerrado").await?;
    // K4: the account's closing flow runs after every close; S16 starts the chosen flow instead.
    let next_flow = match then {
        AfterClose::ClosingFlow => closing_flow_in(tx, account_id).await?,
        AfterClose::Flow(flow_id) => Some(flow_id),
        AfterClose::Nothing => None,
    };
    if let Some(flow_id) = next_flow {
        enqueue_input(tx, &NewInput::start(account_id, conversation_id, flow_id, None, now)).await?;
    }
    let after = conversation_in(tx, account_id, conversation_id).await?;
    tx.emit(account_id, EventKind::ConversationClosed, &after, None, PreviousAudience::of(&before)).await?;
    Ok(after)
}

/// What follows a close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AfterClose {
    /// The account's closing flow, if it has a published one (K4).
    ClosingFlow,
    /// This flow ("Encaminhar para fluxo", S16).
    Flow(i64),
    /// No flow: the contact's message that ended the service is routed right after (L5).
    Nothing,
}

/// The account's closing flow, when it has a published revision.
async fn closing_flow_in(tx: &mut Tx, account_id: i64) -> StoreResult<Option<i64>> {
    let (flow,): (Option<i64>,) = tx
        .fetch_one(
            "SELECT (SELECT f.id FROM flows f WHERE f.id = a.closing_flow_id AND f.published_revision IS NOT NULL) \
             FROM accounts a WHERE a.id = $1",
            args![account_id],
        )
        .await?;
    Ok(flow)
}

/// A contact wrote: a scheduled close with the "cancel" policy is called off (K2).
pub(super) async fn on_contact_message(tx: &mut Tx, conversation_id: i64) -> StoreResult<bool> {
    let changed = tx
        .execute(
            "UPDATE conversations SET scheduled_close_at = NULL, scheduled_close_policy = NULL \
             WHERE id = $1 AND scheduled_close_policy = $2",
            args![conversation_id, IfContactWrites::Cancel.as_str()],
        )
        .await?;
    if changed > 0 {
        cancel_pending(tx, conversation_id, JobKind::CloseService).await?;
    }
    Ok(changed > 0)
}

impl Store {
    /// "Encerrar" now (K1, K3, K5).
    pub async fn close_now(
        &self,
        by: &UserView,
        conversation_id: i64,
        plan: &ClosePlan,
    ) -> StoreResult<ConversationView> {
        self.conversation_for(by, conversation_id).await?;
        let mut tx = self.begin().await?;
        let after =
            close_in(&mut tx, by.account_id, conversation_id, Some(by), Sender::Agent, plan, AfterClose::ClosingFlow)
                .await?;
        self.commit(tx).await?;
        Ok(after)
    }

    /// Schedule the close for `at` (K2); a new schedule replaces an earlier one. The closing
    /// message is sent then, not now.
    pub async fn schedule_close(
        &self,
        by: &UserView,
        conversation_id: i64,
        at: Millis,
        if_contact_writes: IfContactWrites,
        plan: ClosePlan,
    ) -> StoreResult<ConversationView> {
        let before = self.conversation_for(by, conversation_id).await?;
        if plan.message.is_some() && before.contact.as_ref().is_some_and(|c| c.blocked) {
            return Err(StoreError::Blocked);
        }
        let mut tx = self.begin().await?;
        closable(&mut tx, by.account_id, conversation_id).await?;
        cancel_pending(&mut tx, conversation_id, JobKind::CloseService).await?;
        let payload = ScheduledClose { plan, if_contact_writes, by_user_id: Some(by.id) };
        enqueue(
            &mut tx,
            NewJob {
                account_id: by.account_id,
                kind: JobKind::CloseService,
                conversation_id: Some(conversation_id),
                run_at: at,
                payload: serde_json::to_value(&payload).expect("payload serialises"),
                created_by: Some(by.id),
            },
        )
        .await?;
        tx.execute(
            "UPDATE conversations SET scheduled_close_at = $1, scheduled_close_policy = $2 WHERE id = $3",
            args![at, if_contact_writes.as_str(), conversation_id],
        )
        .await?;
        let after = conversation_in(&mut tx, by.account_id, conversation_id).await?;
        tx.emit(by.account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(after)
    }

    /// "Encaminhar para fluxo" (S16): close the service (no closing message) and start the
    /// flow for the contact; a chat out of service just starts it, ending a flow that waited.
    pub async fn forward_to_flow(
        &self,
        by: &UserView,
        conversation_id: i64,
        flow_id: i64,
    ) -> StoreResult<ConversationView> {
        let before = self.conversation_for(by, conversation_id).await?;
        let mut tx = self.begin().await?;
        let published: Option<(Option<i64>,)> = tx
            .fetch_optional(
                "SELECT published_revision FROM flows WHERE account_id = $1 AND id = $2",
                args![by.account_id, flow_id],
            )
            .await?;
        match published {
            None => return Err(StoreError::Rejected("O fluxo escolhido não existe nesta conta.".into())),
            Some((None,)) => return Err(StoreError::Rejected("O fluxo escolhido ainda não foi publicado.".into())),
            Some(_) => {}
        }
        let after = if before.state == ConversationState::Open {
            let plan = ClosePlan { message: None, changes: vec![] };
            close_in(&mut tx, by.account_id, conversation_id, Some(by), Sender::Agent, &plan, AfterClose::Flow(flow_id))
                .await?
        } else {
            closable_kind(&mut tx, by.account_id, conversation_id).await?;
            end_live_session_in(&mut tx, conversation_id, SessionStatus::Interrupted, "encaminhado para outro fluxo")
                .await?;
            let start = NewInput::start(by.account_id, conversation_id, flow_id, None, tx.now());
            enqueue_input(&mut tx, &start).await?;
            before.clone()
        };
        self.commit(tx).await?;
        Ok(after)
    }

    /// Call off a scheduled close (K2).
    pub async fn cancel_scheduled_close(&self, by: &UserView, conversation_id: i64) -> StoreResult<ConversationView> {
        let before = self.conversation_for(by, conversation_id).await?;
        if before.scheduled_close.is_none() {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.begin().await?;
        cancel_pending(&mut tx, conversation_id, JobKind::CloseService).await?;
        tx.execute(
            "UPDATE conversations SET scheduled_close_at = NULL, scheduled_close_policy = NULL WHERE id = $1",
            args![conversation_id],
        )
        .await?;
        let after = conversation_in(&mut tx, by.account_id, conversation_id).await?;
        tx.emit(by.account_id, EventKind::ConversationUpdated, &after, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(after)
    }
}
