//! Departments of the account and their members (A4): anyone lists them, admins change them.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::store::views::DepartmentView;

/// A list of departments.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DepartmentList {
    pub items: Vec<DepartmentView>,
}

/// A department's name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentName {
    pub name: String,
}

/// The users that make up a department.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentMembers {
    pub user_ids: Vec<i64>,
}

fn valid_name(name: &str) -> ApiResult<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::invalid("O nome do departamento deve ter de 1 a 80 caracteres."));
    }
    Ok(name)
}

/// Departments of the account.
#[utoipa::path(get, path = "/api/v1/departments", tag = "departments", responses((status = 200, body = DepartmentList)))]
async fn list_departments(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<DepartmentList>> {
    Ok(Json(DepartmentList { items: state.store.departments(me.account_id()).await? }))
}

/// Create a department (admins only).
#[utoipa::path(post, path = "/api/v1/departments", tag = "departments", request_body = DepartmentName,
    responses((status = 201, body = DepartmentView), (status = 409, body = ErrorBody)))]
async fn create_department(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<DepartmentName>,
) -> ApiResult<(StatusCode, Json<DepartmentView>)> {
    me.require_admin()?;
    let department = state.store.create_department(me.account_id(), valid_name(&body.name)?).await?;
    Ok((StatusCode::CREATED, Json(department)))
}

/// A department.
#[utoipa::path(get, path = "/api/v1/departments/{id}", tag = "departments", params(("id" = i64, Path)),
    responses((status = 200, body = DepartmentView), (status = 404, body = ErrorBody)))]
async fn get_department(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<DepartmentView>> {
    Ok(Json(state.store.department(me.account_id(), id).await?))
}

/// Rename a department (admins only).
#[utoipa::path(patch, path = "/api/v1/departments/{id}", tag = "departments", params(("id" = i64, Path)),
    request_body = DepartmentName, responses((status = 200, body = DepartmentView), (status = 404, body = ErrorBody),
        (status = 409, description = "Another department has that name", body = ErrorBody)))]
async fn rename_department(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<DepartmentName>,
) -> ApiResult<Json<DepartmentView>> {
    me.require_admin()?;
    Ok(Json(state.store.rename_department(me.account_id(), id, valid_name(&body.name)?).await?))
}

/// Delete a department (admins only).
#[utoipa::path(delete, path = "/api/v1/departments/{id}", tag = "departments", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_department(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_department(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Replace a department's members (admins only).
#[utoipa::path(put, path = "/api/v1/departments/{id}/members", tag = "departments", params(("id" = i64, Path)),
    request_body = DepartmentMembers, responses((status = 200, body = DepartmentView), (status = 404, body = ErrorBody)))]
async fn set_members(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<DepartmentMembers>,
) -> ApiResult<Json<DepartmentView>> {
    me.require_admin()?;
    Ok(Json(state.store.set_department_members(me.account_id(), id, &body.user_ids).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_departments, create_department))
        .routes(routes!(get_department, rename_department, delete_department))
        .routes(routes!(set_members))
}
