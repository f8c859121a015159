//! "Empresas" (A6, S3), admins only: the account's companies by CNPJ with how many contacts
//! each has (its contacts: `GET /api/v1/contacts?cnpj=`), added with a validated CNPJ, renamed.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::store::companies::CompanyView;

/// The account's companies, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyList {
    pub items: Vec<CompanyView>,
}

/// Which companies.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompanyQuery {
    /// Part of the name or of the CNPJ.
    pub search: Option<String>,
}

/// A new company.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCompany {
    /// With or without its punctuation; its check digits are verified.
    pub cnpj: String,
    pub name: String,
}

/// A company's new name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyName {
    pub name: String,
}

/// The account's companies with their contacts' count.
#[utoipa::path(get, path = "/api/v1/companies", tag = "contacts", params(CompanyQuery),
    responses((status = 200, body = CompanyList), (status = 403, body = ErrorBody)))]
async fn list_companies(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<CompanyQuery>,
) -> ApiResult<Json<CompanyList>> {
    me.require_admin()?;
    Ok(Json(CompanyList { items: state.store.companies(me.account_id(), query.search.as_deref()).await? }))
}

/// Add a company; its CNPJ is checked and must be new to the account.
#[utoipa::path(post, path = "/api/v1/companies", tag = "contacts", request_body = NewCompany,
    responses((status = 201, body = CompanyView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_company(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<NewCompany>,
) -> ApiResult<(StatusCode, Json<CompanyView>)> {
    me.require_admin()?;
    Ok((StatusCode::CREATED, Json(state.app.create_company(me.account_id(), &body.cnpj, &body.name).await?)))
}

/// A company.
#[utoipa::path(get, path = "/api/v1/companies/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = CompanyView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_company(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<CompanyView>> {
    me.require_admin()?;
    Ok(Json(state.store.company(me.account_id(), id).await?))
}

/// Rename a company.
#[utoipa::path(patch, path = "/api/v1/companies/{id}", tag = "contacts", params(("id" = i64, Path)),
    request_body = CompanyName,
    responses((status = 200, body = CompanyView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn rename_company(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<CompanyName>,
) -> ApiResult<Json<CompanyView>> {
    me.require_admin()?;
    Ok(Json(state.store.rename_company(me.account_id(), id, &body.name).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_companies, create_company)).routes(routes!(get_company, rename_company))
}
