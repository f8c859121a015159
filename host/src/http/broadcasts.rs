//! "Transmissões" (A7), admins only: count a filter's audience on a number, create a broadcast
//! (now or scheduled), follow it with its totals and recipients, pause, resume, cancel.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::domain::broadcast::{Command, RecipientState};
use crate::service::broadcasts::BroadcastInput;
use crate::store::ContactFilter;
use crate::store::broadcasts::{BroadcastView, RecipientPage};

/// Whom a broadcast on a number would reach.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceQuery {
    pub channel_id: i64,
    #[serde(default)]
    pub filter: ContactFilter,
}

/// How many contacts would receive it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AudienceCount {
    pub count: i64,
}

/// The account's broadcasts, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct BroadcastList {
    pub items: Vec<BroadcastView>,
}

/// Which recipients to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecipientQuery {
    pub state: Option<RecipientState>,
    /// A previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// At most 500 (default 50).
    pub limit: Option<i64>,
}

/// How many contacts a broadcast would reach now (blocked ones and those with the broadcast
/// switch off never count).
#[utoipa::path(post, path = "/api/v1/broadcasts/audience", tag = "broadcasts", request_body = AudienceQuery,
    responses((status = 200, body = AudienceCount), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn audience(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(query): Json<AudienceQuery>,
) -> ApiResult<Json<AudienceCount>> {
    me.require_admin()?;
    let count = state.app.broadcast_audience(me.account_id(), query.channel_id, &query.filter).await?;
    Ok(Json(AudienceCount { count }))
}

/// Create a broadcast; it starts at `scheduled_at` (now when `null`).
#[utoipa::path(post, path = "/api/v1/broadcasts", tag = "broadcasts", request_body = BroadcastInput,
    responses((status = 201, body = BroadcastView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_broadcast(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(input): Json<BroadcastInput>,
) -> ApiResult<(StatusCode, Json<BroadcastView>)> {
    me.require_admin()?;
    Ok((StatusCode::CREATED, Json(state.app.create_broadcast(&me.user, input).await?)))
}

/// The account's broadcasts, newest first.
#[utoipa::path(get, path = "/api/v1/broadcasts", tag = "broadcasts",
    responses((status = 200, body = BroadcastList), (status = 403, body = ErrorBody)))]
async fn list_broadcasts(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<BroadcastList>> {
    me.require_admin()?;
    Ok(Json(BroadcastList { items: state.store.broadcasts(me.account_id()).await? }))
}

/// A broadcast with its totals.
#[utoipa::path(get, path = "/api/v1/broadcasts/{id}", tag = "broadcasts", params(("id" = i64, Path)),
    responses((status = 200, body = BroadcastView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_broadcast(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<BroadcastView>> {
    me.require_admin()?;
    Ok(Json(state.store.broadcast(me.account_id(), id).await?))
}

async fn command(state: &AppState, me: &CurrentUser, id: i64, command: Command) -> ApiResult<Json<BroadcastView>> {
    me.require_admin()?;
    Ok(Json(state.app.command_broadcast(me.account_id(), id, command).await?))
}

/// Pause a scheduled or running broadcast.
#[utoipa::path(post, path = "/api/v1/broadcasts/{id}/pause", tag = "broadcasts", params(("id" = i64, Path)),
    responses((status = 200, body = BroadcastView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn pause_broadcast(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<BroadcastView>> {
    command(&state, &me, id, Command::Pause).await
}

/// Resume a paused broadcast where it was.
#[utoipa::path(post, path = "/api/v1/broadcasts/{id}/resume", tag = "broadcasts", params(("id" = i64, Path)),
    responses((status = 200, body = BroadcastView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn resume_broadcast(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<BroadcastView>> {
    command(&state, &me, id, Command::Resume).await
}

/// Cancel a broadcast: recipients not yet sent to never are.
#[utoipa::path(post, path = "/api/v1/broadcasts/{id}/cancel", tag = "broadcasts", params(("id" = i64, Path)),
    responses((status = 200, body = BroadcastView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn cancel_broadcast(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<BroadcastView>> {
    command(&state, &me, id, Command::Cancel).await
}

/// The broadcast's recipients with what became of each message, by contact.
#[utoipa::path(get, path = "/api/v1/broadcasts/{id}/recipients", tag = "broadcasts",
    params(("id" = i64, Path), RecipientQuery),
    responses((status = 200, body = RecipientPage), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn list_recipients(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<RecipientQuery>,
) -> ApiResult<Json<RecipientPage>> {
    me.require_admin()?;
    let after = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(text) => Some(text.parse::<i64>().map_err(|_| ApiError::bad_request("Cursor de página inválido."))?),
        None => None,
    };
    let page =
        state.store.broadcast_recipients(me.account_id(), id, query.state, after, query.limit.unwrap_or(50)).await?;
    Ok(Json(page))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(audience))
        .routes(routes!(list_broadcasts, create_broadcast))
        .routes(routes!(get_broadcast))
        .routes(routes!(pause_broadcast))
        .routes(routes!(resume_broadcast))
        .routes(routes!(cancel_broadcast))
        .routes(routes!(list_recipients))
}
