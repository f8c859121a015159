//! What agents do to a chat's service from the chat screen: assign an agent (S13), forward to
//! a department (S14), close now or later with a closing message and closing fields (K1–K3,
//! K5), and call off a scheduled close.

use axum::extract::State;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::domain::closing::{self, ClosingFieldInput, ClosingFieldRule, FieldAction, IfContactWrites};
use crate::fields::{self, FieldSpec};
use crate::store::views::ConversationView;
use crate::store::{ClosePlan, FieldChange};

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
pub struct CloseRequest {
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
    Ok(Json(state.store.assign_agent(&me.user, id, body.agent_id, body.replace).await?))
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
    Ok(Json(state.store.forward_to_department(&me.user, id, body.department_id).await?))
}

/// Validate the closing fields through the field validator: the changes to write.
async fn field_changes(
    state: &AppState,
    me: &CurrentUser,
    inputs: &[ClosingFieldInput],
) -> ApiResult<Vec<FieldChange>> {
    let configured = state.store.closing_fields(me.account_id()).await?;
    let rules: Vec<ClosingFieldRule> = configured
        .iter()
        .map(|c| ClosingFieldRule { key: c.field.key.clone(), label: c.field.label.clone(), required: c.required })
        .collect();
    let mut changes = Vec::new();
    for action in closing::field_actions(&rules, inputs).map_err(ApiError::invalid)? {
        match action {
            FieldAction::Keep => {}
            FieldAction::Clear { key } => changes.push(FieldChange { key, value: serde_json::Value::Null }),
            FieldAction::Validate { key, input, required } => {
                let field = &configured.iter().find(|c| c.field.key == key).expect("configured field").field;
                let kind = fields::validator_kind(field.kind)
                    .ok_or_else(|| ApiError::invalid("Campo de imagem no encerramento."))?;
                let spec = FieldSpec { key: &field.key, label: &field.label, kind, required, options: &field.options };
                let value = fields::validate(&state.plugins, &state.store, me.account_id(), spec, &input).await?;
                changes.push(FieldChange { key, value: fields::stored_json(&value) });
            }
        }
    }
    Ok(changes)
}

/// Close the service now, or schedule it (K1–K3, K5).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/close", tag = "service", params(("id" = i64, Path)),
    request_body = CloseRequest, responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
async fn close(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CloseRequest>,
) -> ApiResult<Json<ConversationView>> {
    state.store.conversation_for(&me.user, id).await?;
    let at = closing::close_at(state.store.now(), body.in_minutes).map_err(ApiError::invalid)?;
    let requested = body.message.as_ref().map(|m| m.as_deref());
    let message = closing::closing_message(requested, me.user.default_closing_message.as_deref());
    let plan = ClosePlan { message, changes: field_changes(&state, &me, &body.fields).await? };
    let closed = match (at, body.if_contact_writes) {
        (None, _) => state.store.close_now(&me.user, id, &plan).await?,
        (Some(at), Some(policy)) => state.store.schedule_close(&me.user, id, at, policy, plan).await?,
        (Some(_), None) => {
            return Err(ApiError::invalid(
                "Informe if_contact_writes (\"keep\" ou \"cancel\"): o que fazer se o contato responder antes.",
            ));
        }
    };
    Ok(Json(closed))
}

/// Call off a scheduled close (K2).
#[utoipa::path(delete, path = "/api/v1/conversations/{id}/scheduled-close", tag = "service", params(("id" = i64, Path)),
    responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody)))]
async fn cancel_scheduled_close(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ConversationView>> {
    Ok(Json(state.store.cancel_scheduled_close(&me.user, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(assign))
        .routes(routes!(forward))
        .routes(routes!(close))
        .routes(routes!(cancel_scheduled_close))
}
