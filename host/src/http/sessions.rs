//! Sessions and passwords (issue 17 part 5): a user lists their open sessions and ends any of
//! them (or all but this one) and changes their own password on "Meu perfil"; an admin lists
//! another user's sessions, ends them all, and asks the user to choose a new password (until
//! they do, their sessions reach nothing else: see `auth.rs`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json};
use super::{AppState, CurrentUser};
use crate::store::LoginSessionView;

/// Open sessions, the most recently used first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LoginSessionList {
    pub items: Vec<LoginSessionView>,
}

/// How many sessions ended.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionsEnded {
    pub ended: u64,
}

/// One's own new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnPasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// One's own open sessions; the one of this request is `current`.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "auth", responses((status = 200, body = LoginSessionList)))]
async fn my_sessions(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<LoginSessionList>> {
    let items = state.store.sessions_of(me.account_id(), me.user.id, me.session_hash()).await?;
    Ok(Json(LoginSessionList { items }))
}

/// End one of one's own sessions (this one too: that is logging out).
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "auth", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn end_my_session(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.store.end_session(me.account_id(), me.user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End all of one's own sessions but this one.
#[utoipa::path(post, path = "/api/v1/me/sessions/end-others", tag = "auth", responses((status = 200, body = SessionsEnded)))]
async fn end_my_other_sessions(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<SessionsEnded>> {
    let ended = state.store.end_sessions(me.account_id(), me.user.id, me.session_hash()).await?;
    Ok(Json(SessionsEnded { ended }))
}

/// Change one's own password: the current one first. One's other sessions end; this one stays,
/// and a change an admin asked for is met.
#[utoipa::path(put, path = "/api/v1/me/password", tag = "auth", request_body = OwnPasswordChange,
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn change_my_password(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<OwnPasswordChange>,
) -> ApiResult<StatusCode> {
    state.app.change_own_password(&me.user, me.session_hash(), body.current_password, body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A user's open sessions (admins).
#[utoipa::path(get, path = "/api/v1/users/{id}/sessions", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = LoginSessionList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn user_sessions(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<LoginSessionList>> {
    me.require_admin()?;
    state.store.user(me.account_id(), id).await?;
    let items = state.store.sessions_of(me.account_id(), id, me.session_hash()).await?;
    Ok(Json(LoginSessionList { items }))
}

/// End all of a user's sessions (admins; one's own but this one).
#[utoipa::path(delete, path = "/api/v1/users/{id}/sessions", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = SessionsEnded), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn end_user_sessions(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<SessionsEnded>> {
    me.require_admin()?;
    let ended = state.store.end_sessions(me.account_id(), id, me.session_hash()).await?;
    Ok(Json(SessionsEnded { ended }))
}

/// Ask a user to choose a new password before anything else (admins; not oneself).
#[utoipa::path(post, path = "/api/v1/users/{id}/require-password-change", tag = "users", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn require_password_change(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.app.require_password_change(&me.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_sessions))
        .routes(routes!(end_my_session))
        .routes(routes!(end_my_other_sessions))
        .routes(routes!(change_my_password))
        .routes(routes!(user_sessions, end_user_sessions))
        .routes(routes!(require_password_change))
}
