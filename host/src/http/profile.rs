//! "Meu Perfil": what a user changes about themselves (name, the default closing message that
//! pre-fills the closing dialog, K3, "Mostrar confirmação de envio de áudio", C15), and the account's support code for users with the
//! "Código de Suporte" permission (A2).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json};
use super::{AppState, CurrentUser};
use crate::domain::Millis;
use crate::store::UserPatch;
use crate::store::views::UserView;

/// Changes to one's own profile.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfilePatch {
    pub name: Option<String>,
    /// "Mensagem de encerramento" (K3); blank removes it.
    pub default_closing_message: Option<String>,
    /// "Mostrar confirmação de envio de áudio" (C15).
    pub audio_confirmation: Option<bool>,
}

/// The account's current support code.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportCode {
    pub code: String,
    /// When it changes (every 4 hours).
    pub expires_at: Millis,
}

/// Change one's own name, default closing message or audio confirmation.
#[utoipa::path(patch, path = "/api/v1/me", tag = "auth", request_body = ProfilePatch,
    responses((status = 200, body = UserView), (status = 422, body = ErrorBody)))]
async fn update_profile(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<ProfilePatch>,
) -> ApiResult<Json<UserView>> {
    if let Some(message) = &body.default_closing_message
        && message.chars().count() > 4096
    {
        return Err(ApiError::invalid("A mensagem de encerramento pode ter até 4096 caracteres."));
    }
    let patch = UserPatch {
        name: body.name,
        default_closing_message: body.default_closing_message.map(|m| m.trim().to_string()),
        audio_confirmation: body.audio_confirmation,
        ..Default::default()
    };
    Ok(Json(state.store.update_user(me.account_id(), me.user.id, patch).await?))
}

/// The account's support code (needs "Código de Suporte").
#[utoipa::path(get, path = "/api/v1/me/support-code", tag = "auth",
    responses((status = 200, body = SupportCode), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn support_code(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<SupportCode>> {
    if !me.user.permissions.support_code {
        return Err(ApiError::forbidden("Você precisa da permissão \"Código de Suporte\"."));
    }
    match state.store.support_code(me.account_id()).await? {
        (Some(code), Some(expires_at)) => Ok(Json(SupportCode { code, expires_at })),
        _ => Err(ApiError::new(
            axum::http::StatusCode::NOT_FOUND,
            "not_found",
            "O código de suporte ainda não foi gerado; tente em alguns segundos.",
        )),
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(update_profile)).routes(routes!(support_code))
}
