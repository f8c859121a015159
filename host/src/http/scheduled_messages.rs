//! "Agendar nova mensagem" on the chat (S7): a template, a send time and "Abrir atendimento?"
//! (with an optional agent and/or department); the chat's scheduled messages listed with
//! author, created time, template, send time and whom the chat is opened for; cancel one.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::domain::Millis;
use crate::service::scheduled::MessageSchedule;
use crate::service::templates::TemplateValues;
use crate::store::ScheduledMessageView;

/// A message to schedule.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleMessage {
    pub template_id: i64,
    /// The template's `{{1}}`, `{{2}}` … in reading order (header, body, buttons).
    #[serde(default)]
    pub positional: Vec<String>,
    /// The template's `{{nome}}` → value.
    #[serde(default)]
    pub named: std::collections::BTreeMap<String, String>,
    /// When to send it (milliseconds since the epoch), in the future and within a year.
    pub send_at: Millis,
    /// "Abrir atendimento?": open the chat for service when the message goes out.
    #[serde(default)]
    pub open_service: bool,
    /// "Encaminhar para agente" (with `open_service`).
    pub agent_id: Option<i64>,
    /// "Encaminhar para departamento" (with `open_service`).
    pub department_id: Option<i64>,
}

/// The chat's scheduled messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduledMessageList {
    pub items: Vec<ScheduledMessageView>,
}

/// Schedule a template message (S7); its parameters are checked now.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/scheduled-messages", tag = "service",
    params(("id" = i64, Path)), request_body = ScheduleMessage,
    responses((status = 201, body = ScheduledMessageView), (status = 404, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
async fn schedule(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ScheduleMessage>,
) -> ApiResult<(StatusCode, Json<ScheduledMessageView>)> {
    let schedule = MessageSchedule {
        template_id: body.template_id,
        values: TemplateValues { positional: body.positional, named: body.named },
        send_at: body.send_at,
        open_service: body.open_service,
        agent_id: body.agent_id,
        department_id: body.department_id,
    };
    Ok((StatusCode::CREATED, Json(state.app.schedule_message(&me.user, id, schedule).await?)))
}

/// The chat's scheduled messages, by send time: pending, sent, cancelled or failed.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/scheduled-messages", tag = "service",
    params(("id" = i64, Path)),
    responses((status = 200, body = ScheduledMessageList), (status = 404, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ScheduledMessageList>> {
    Ok(Json(ScheduledMessageList { items: state.store.scheduled_messages(&me.user, id).await? }))
}

/// Cancel a scheduled message that has not gone out yet.
#[utoipa::path(delete, path = "/api/v1/conversations/{id}/scheduled-messages/{message_id}", tag = "service",
    params(("id" = i64, Path), ("message_id" = i64, Path)),
    responses((status = 200, body = ScheduledMessageView), (status = 404, body = ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, message_id)): Path<(i64, i64)>,
) -> ApiResult<Json<ScheduledMessageView>> {
    Ok(Json(state.store.cancel_scheduled_message(&me.user, id, message_id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(schedule, list)).routes(routes!(cancel))
}
