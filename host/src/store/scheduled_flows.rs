//! Scheduled flows (S8, "Agendar novo fluxo"): a flow to start for the chat's contact at a date
//! and time. Each is a start input queued for that time in the flow inputs' queue, so it runs
//! like any other start (never over a service that is open); listed with who scheduled it,
//! deleted one by one or all at once ("Remover fluxos").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::flow_runs::{NewInput, enqueue_input};
use super::views::{NamedRef, UserView};
use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Millis;
use crate::domain::scheduled_message::check_send_at;

/// A scheduled flow as the chat lists it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ScheduledFlowView {
    pub id: i64,
    pub flow: NamedRef,
    /// When it starts (milliseconds since the epoch).
    pub run_at: Millis,
    pub scheduled_by: Option<NamedRef>,
    pub created_at: Millis,
}

/// What a scheduled start carries besides its flow.
#[derive(Debug, Serialize, Deserialize)]
struct Scheduled {
    scheduled_by: NamedRef,
}

crate::row! {
    struct ScheduledRow {
        id: i64,
        flow_id: i64,
        flow_name: String,
        run_at: i64,
        payload: Option<String>,
        created_at: i64,
    }
}

/// The pending scheduled starts of a conversation: `$1` account, `$2` conversation.
const SCHEDULED: &str = "SELECT i.id, i.flow_id, f.name AS flow_name, i.run_at, i.payload, i.created_at \
    FROM flow_inputs i JOIN flows f ON f.id = i.flow_id \
    WHERE i.account_id = $1 AND i.conversation_id = $2 AND i.kind = 'start' AND i.state = 'pending' \
    AND i.payload IS NOT NULL";

impl ScheduledRow {
    fn into_view(self) -> ScheduledFlowView {
        let scheduled: Option<Scheduled> = self.payload.as_deref().and_then(|p| serde_json::from_str(p).ok());
        ScheduledFlowView {
            id: self.id,
            flow: NamedRef { id: self.flow_id, name: self.flow_name },
            run_at: self.run_at,
            scheduled_by: scheduled.map(|s| s.scheduled_by),
            created_at: self.created_at,
        }
    }
}

impl Store {
    /// Schedule the published flow `flow_id` for a chat `by` may see, at `at` (S8).
    pub async fn schedule_flow(
        &self,
        by: &UserView,
        conversation_id: i64,
        flow_id: i64,
        at: Millis,
    ) -> StoreResult<ScheduledFlowView> {
        self.conversation_for(by, conversation_id).await?;
        check_send_at(self.now(), at).map_err(StoreError::Rejected)?;
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
        let scheduled = Scheduled { scheduled_by: NamedRef { id: by.id, name: by.name.clone() } };
        let input = NewInput {
            payload: Some(serde_json::to_string(&scheduled).expect("serialises")),
            ..NewInput::start(by.account_id, conversation_id, flow_id, None, at)
        };
        let id = enqueue_input(&mut tx, &input).await?;
        self.commit(tx).await?;
        self.scheduled_flows(by, conversation_id).await?.into_iter().find(|s| s.id == id).ok_or(StoreError::NotFound)
    }

    /// The chat's scheduled flows, soonest first.
    pub async fn scheduled_flows(
        &self,
        viewer: &UserView,
        conversation_id: i64,
    ) -> StoreResult<Vec<ScheduledFlowView>> {
        self.conversation_for(viewer, conversation_id).await?;
        let rows: Vec<ScheduledRow> = self
            .read()
            .await?
            .fetch_all(&format!("{SCHEDULED} ORDER BY i.run_at, i.id"), args![viewer.account_id, conversation_id])
            .await?;
        Ok(rows.into_iter().map(ScheduledRow::into_view).collect())
    }

    /// Delete scheduled flows of a chat: the one `id`, or all of them ("Remover fluxos"); how
    /// many. One that already started is not found.
    pub async fn cancel_scheduled_flows(
        &self,
        by: &UserView,
        conversation_id: i64,
        id: Option<i64>,
    ) -> StoreResult<u64> {
        self.conversation_for(by, conversation_id).await?;
        let mut tx = self.begin().await?;
        let removed = tx
            .execute(
                "DELETE FROM flow_inputs WHERE account_id = $1 AND conversation_id = $2 AND kind = 'start' \
                 AND state = 'pending' AND payload IS NOT NULL AND ($3 IS NULL OR id = $3) \
                 AND (locked_until IS NULL OR locked_until <= $4)",
                args![by.account_id, conversation_id, id, self.now()],
            )
            .await?;
        if id.is_some() && removed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await?;
        Ok(removed)
    }
}
