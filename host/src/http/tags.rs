//! Tags of the account (A4): every user lists them (the picker asks for the assignable ones,
//! S11); admins create, rename, mark "apenas automação" and delete.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::store::views::TagView;

/// Tags of the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagList {
    pub items: Vec<TagView>,
}

/// Which tags to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TagQuery {
    /// `true`: only tags an agent may put on a contact (hides "apenas automação").
    pub assignable: Option<bool>,
}

/// A new tag.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTag {
    pub name: String,
    /// "Apenas automação".
    #[serde(default)]
    pub automation_only: bool,
}

/// Changes to a tag.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TagPatch {
    pub name: Option<String>,
    pub automation_only: Option<bool>,
}

/// Tags of the account, by name.
#[utoipa::path(get, path = "/api/v1/tags", tag = "tags", params(TagQuery), responses((status = 200, body = TagList)))]
async fn list_tags(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<TagQuery>,
) -> ApiResult<Json<TagList>> {
    Ok(Json(TagList { items: state.store.tags(me.account_id(), query.assignable.unwrap_or(false)).await? }))
}

/// Create a tag (admins only).
#[utoipa::path(post, path = "/api/v1/tags", tag = "tags", request_body = NewTag,
    responses((status = 201, body = TagView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_tag(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<NewTag>,
) -> ApiResult<(StatusCode, Json<TagView>)> {
    me.require_admin()?;
    Ok((StatusCode::CREATED, Json(state.store.create_tag(me.account_id(), &body.name, body.automation_only).await?)))
}

/// Rename a tag or change its mark (admins only).
#[utoipa::path(patch, path = "/api/v1/tags/{id}", tag = "tags", params(("id" = i64, Path)), request_body = TagPatch,
    responses((status = 200, body = TagView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_tag(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<TagPatch>,
) -> ApiResult<Json<TagView>> {
    me.require_admin()?;
    Ok(Json(state.store.update_tag(me.account_id(), id, body.name.as_deref(), body.automation_only).await?))
}

/// Delete a tag (admins only); it leaves every contact.
#[utoipa::path(delete, path = "/api/v1/tags/{id}", tag = "tags", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_tag(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_tag(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_tags, create_tag)).routes(routes!(update_tag, delete_tag))
}
