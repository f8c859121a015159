//! The bell (N1): each user reads their own notifications, a page at a time, deletes one
//! ("lixeira") or clears them all ("x"). Nobody sees another user's.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::store::notifications::NotificationPage;

/// Which page of the bell.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only notifications older than this one (the next page).
    pub before: Option<i64>,
    /// 1 to 100 (default 20).
    pub limit: Option<i64>,
}

/// The user's notifications, newest first, with how many there are in all (the badge).
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(NotificationQuery),
    responses((status = 200, body = NotificationPage), (status = 401, body = ErrorBody)))]
async fn list_notifications(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<NotificationQuery>,
) -> ApiResult<Json<NotificationPage>> {
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    Ok(Json(state.store.notifications(&me.user, query.before, limit).await?))
}

/// Clear every notification of the user.
#[utoipa::path(delete, path = "/api/v1/notifications", tag = "notifications",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn clear_notifications(State(state): State<AppState>, me: CurrentUser) -> ApiResult<StatusCode> {
    state.store.clear_notifications(&me.user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete one notification of the user.
#[utoipa::path(delete, path = "/api/v1/notifications/{id}", tag = "notifications", params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_notification(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.store.delete_notification(&me.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_notifications, clear_notifications)).routes(routes!(delete_notification))
}
