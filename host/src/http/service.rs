//! What agents do to a chat's service from the chat screen: assign an agent (S13), forward to
//! a department (S14), close now or later with a closing message and closing fields (K1–K3,
//! K5), and call off a scheduled close.

use axum::extract::State;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::domain::closing::{ClosingFieldInput, IfContactWrites};
use crate::service::closing::CloseRequest;
use crate::store::views::ConversationView;

/// "Encaminhar para agente".
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignAgent {
    pub agent_id: i64,
    /// The second confirmation, needed to replace an agent already assigned.
    #[serde(default)]
    pub replace: bool,
}

/// "Encaminhar para departamento".
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForwardToDepartment {
    pub department_id: i64,
}

/// "Encerrar atendimento".
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    /// "Mensagem de encerramento". Absent: the user's default from "Meu Perfil"; `null` or
    /// blank: none.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub message: Option<Option<String>>,
    /// "Tempo de encerramento": close this many minutes from now; absent closes now.
    #[serde(default)]
    pub in_minutes: Option<i64>,
    /// "Caso o usuário responda", required with `in_minutes`.
    #[serde(default)]
    pub if_contact_writes: Option<IfContactWrites>,
    /// The closing fields (K5).
    #[serde(default)]
    pub fields: Vec<ClosingFieldInput>,
}

/// Tells an absent field (`None`) from an explicit `null` (`Some(None)`).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// Assign an agent (S13); the department is removed.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/assign", tag = "service", params(("id" = i64, Path)),
    request_body = AssignAgent, responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody),
    (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn assign(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<AssignAgent>,
) -> ApiResult<Json<ConversationView>> {
    Ok(Json(state.app.assign(&me.user, id, body.agent_id, body.replace).await?))
}

/// Forward to a department (S14); the history records who did it.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/forward", tag = "service", params(("id" = i64, Path)),
    request_body = ForwardToDepartment, responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
async fn forward(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ForwardToDepartment>,
) -> ApiResult<Json<ConversationView>> {
    Ok(Json(state.app.forward(&me.user, id, body.department_id).await?))
}

/// Close the service now, or schedule it (K1–K3, K5).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/close", tag = "service", params(("id" = i64, Path)),
    request_body = CloseBody, responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody),
    (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn close(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CloseBody>,
) -> ApiResult<Json<ConversationView>> {
    let request = CloseRequest {
        message: body.message,
        in_minutes: body.in_minutes,
        if_contact_writes: body.if_contact_writes,
        fields: body.fields,
    };
    Ok(Json(state.app.close(&me.user, id, request).await?))
}

/// Call off a scheduled close (K2).
#[utoipa::path(delete, path = "/api/v1/conversations/{id}/scheduled-close", tag = "service", params(("id" = i64, Path)),
    responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody)))]
async fn cancel_scheduled_close(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ConversationView>> {
    Ok(Json(state.app.cancel_scheduled_close(&me.user, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(assign))
        .routes(routes!(forward))
        .routes(routes!(close))
        .routes(routes!(cancel_scheduled_close))
}
