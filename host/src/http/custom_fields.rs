//! Custom fields of the contacts (A4) and the closing fields (K5): every user lists them;
//! admins create and delete fields and choose which are asked for at close, each required or
//! optional.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::store::FieldInput;
use crate::store::views::{ClosingFieldView, CustomFieldKind, CustomFieldView};

/// Custom fields of the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomFieldList {
    pub items: Vec<CustomFieldView>,
}

/// A new custom field.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCustomField {
    /// Variable name (`{key}` in messages): lowercase letters, digits and `_`.
    pub key: String,
    pub label: String,
    pub kind: CustomFieldKind,
    /// Choices of a `list` field.
    #[serde(default)]
    pub options: Vec<String>,
}

/// Changes to a custom field: its label, or a list's options (the key and the type stay).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomFieldPatch {
    pub label: Option<String>,
    /// The choices of a `list` field, all of them.
    pub options: Option<Vec<String>>,
}

/// The closing fields, in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosingFieldList {
    pub items: Vec<ClosingFieldView>,
}

/// One closing field as configured.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosingFieldChoice {
    pub field_id: i64,
    pub required: bool,
}

/// The closing fields to ask for, in order.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosingFieldsBody {
    pub items: Vec<ClosingFieldChoice>,
}

/// Custom fields of the account.
#[utoipa::path(get, path = "/api/v1/custom-fields", tag = "custom-fields", responses((status = 200, body = CustomFieldList)))]
async fn list_fields(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<CustomFieldList>> {
    Ok(Json(CustomFieldList { items: state.store.custom_fields(me.account_id()).await? }))
}

/// Create a custom field (admins only).
#[utoipa::path(post, path = "/api/v1/custom-fields", tag = "custom-fields", request_body = NewCustomField,
    responses((status = 201, body = CustomFieldView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_field(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<NewCustomField>,
) -> ApiResult<(StatusCode, Json<CustomFieldView>)> {
    me.require_admin()?;
    let input = FieldInput { key: body.key, label: body.label, kind: body.kind, options: body.options };
    Ok((StatusCode::CREATED, Json(state.store.create_custom_field(me.account_id(), input).await?)))
}

/// Rename a custom field or change a list's options (admins only).
#[utoipa::path(patch, path = "/api/v1/custom-fields/{id}", tag = "custom-fields", params(("id" = i64, Path)),
    request_body = CustomFieldPatch,
    responses((status = 200, body = CustomFieldView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_field(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CustomFieldPatch>,
) -> ApiResult<Json<CustomFieldView>> {
    me.require_admin()?;
    Ok(Json(state.store.update_custom_field(me.account_id(), id, body.label, body.options).await?))
}

/// Delete a custom field (admins only).
#[utoipa::path(delete, path = "/api/v1/custom-fields/{id}", tag = "custom-fields", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_field(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_custom_field(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The fields the closing dialog asks for (K5).
#[utoipa::path(get, path = "/api/v1/closing-fields", tag = "custom-fields", responses((status = 200, body = ClosingFieldList)))]
async fn list_closing_fields(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ClosingFieldList>> {
    Ok(Json(ClosingFieldList { items: state.store.closing_fields(me.account_id()).await? }))
}

/// Choose the closing fields, each required or optional (admins only).
#[utoipa::path(put, path = "/api/v1/closing-fields", tag = "custom-fields", request_body = ClosingFieldsBody,
    responses((status = 200, body = ClosingFieldList), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_closing_fields(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<ClosingFieldsBody>,
) -> ApiResult<Json<ClosingFieldList>> {
    me.require_admin()?;
    let choices: Vec<(i64, bool)> = body.items.iter().map(|c| (c.field_id, c.required)).collect();
    Ok(Json(ClosingFieldList { items: state.store.set_closing_fields(me.account_id(), &choices).await? }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_fields, create_field))
        .routes(routes!(update_field, delete_field))
        .routes(routes!(list_closing_fields, set_closing_fields))
}
