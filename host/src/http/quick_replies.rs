//! Quick replies ("Respostas Rápidas", C12): every user lists and searches them (the composer's
//! `/`); admins create, edit and delete them.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::store::QuickReplyView;

/// Quick replies, by shortcut.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuickReplyList {
    pub items: Vec<QuickReplyView>,
}

/// Which quick replies to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuickReplyQuery {
    /// Shortcuts starting with it (a leading `/` ignored) or texts holding it, in any case.
    pub q: Option<String>,
}

/// A new quick reply.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuickReply {
    /// Letters, digits, `-` and `_`, 1 to 30; kept lowercase, without the `/`.
    pub shortcut: String,
    /// 1 to 4096 characters; variables such as `{nome}` are expanded when sent.
    pub text: String,
}

/// Changes to a quick reply.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuickReplyPatch {
    pub shortcut: Option<String>,
    pub text: Option<String>,
}

/// The account's quick replies.
#[utoipa::path(get, path = "/api/v1/quick-replies", tag = "quick_replies", params(QuickReplyQuery),
    responses((status = 200, body = QuickReplyList)))]
async fn list_quick_replies(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<QuickReplyQuery>,
) -> ApiResult<Json<QuickReplyList>> {
    Ok(Json(QuickReplyList { items: state.store.quick_replies(me.account_id(), query.q.as_deref()).await? }))
}

/// Save a quick reply (admins only).
#[utoipa::path(post, path = "/api/v1/quick-replies", tag = "quick_replies", request_body = NewQuickReply,
    responses((status = 201, body = QuickReplyView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_quick_reply(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<NewQuickReply>,
) -> ApiResult<(StatusCode, Json<QuickReplyView>)> {
    me.require_admin()?;
    let created = state.store.create_quick_reply(me.account_id(), &body.shortcut, &body.text).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Change a quick reply (admins only).
#[utoipa::path(patch, path = "/api/v1/quick-replies/{id}", tag = "quick_replies", params(("id" = i64, Path)), request_body = QuickReplyPatch,
    responses((status = 200, body = QuickReplyView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_quick_reply(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<QuickReplyPatch>,
) -> ApiResult<Json<QuickReplyView>> {
    me.require_admin()?;
    let updated =
        state.store.update_quick_reply(me.account_id(), id, body.shortcut.as_deref(), body.text.as_deref()).await?;
    Ok(Json(updated))
}

/// Delete a quick reply (admins only).
#[utoipa::path(delete, path = "/api/v1/quick-replies/{id}", tag = "quick_replies", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_quick_reply(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_quick_reply(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_quick_replies, create_quick_reply))
        .routes(routes!(update_quick_reply, delete_quick_reply))
}
