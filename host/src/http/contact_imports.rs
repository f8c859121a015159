//! "Importar contatos" (A6), admins only: upload a CSV file, see its columns with the suggested
//! fields and a preview, start it with a mapping and a rule for repeated phones, follow its
//! progress, download the rejected rows with their reasons.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::uploads::read_form;
use super::{AppState, CurrentUser};
use crate::domain::contact_import::{Duplicates, ImportField, MAX_FILE_BYTES, rejections_csv};
use crate::store::ContactImportView;

/// The fields a column can be imported into.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportFieldList {
    pub items: Vec<ImportField>,
}

/// The account's imports, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactImportList {
    pub items: Vec<ContactImportView>,
}

/// How to import: a field key (or `null`, "Não importar") per column, and what a row whose
/// phone is already a contact's does.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartImport {
    pub mapping: Vec<Option<String>>,
    pub duplicates: Duplicates,
}

/// A CSV file to download.
pub(super) fn csv_file(filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

/// The fields a column can be imported into: the contact's own, then the custom fields.
#[utoipa::path(get, path = "/api/v1/contact-imports/fields", tag = "contacts",
    responses((status = 200, body = ImportFieldList), (status = 403, body = ErrorBody)))]
async fn import_fields(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ImportFieldList>> {
    me.require_admin()?;
    Ok(Json(ImportFieldList { items: state.app.import_fields(me.account_id()).await? }))
}

/// Upload a CSV file (UTF-8, `;`, `,` or tab separated, a header row first).
#[utoipa::path(post, path = "/api/v1/contact-imports", tag = "contacts",
    request_body(content_type = "multipart/form-data", content = String, description = "the CSV file in part `file`"),
    responses((status = 201, body = ContactImportView), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn upload_import(
    State(state): State<AppState>,
    me: CurrentUser,
    request: axum::extract::Request,
) -> ApiResult<(StatusCode, Json<ContactImportView>)> {
    me.require_admin()?;
    let form = read_form(request, MAX_FILE_BYTES).await?;
    Ok((StatusCode::CREATED, Json(state.app.upload_contact_import(&me.user, form.file).await?)))
}

/// The account's imports, newest first.
#[utoipa::path(get, path = "/api/v1/contact-imports", tag = "contacts",
    responses((status = 200, body = ContactImportList), (status = 403, body = ErrorBody)))]
async fn list_imports(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ContactImportList>> {
    me.require_admin()?;
    Ok(Json(ContactImportList { items: state.store.contact_imports(me.account_id()).await? }))
}

/// An import with its progress.
#[utoipa::path(get, path = "/api/v1/contact-imports/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ContactImportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_import(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ContactImportView>> {
    me.require_admin()?;
    Ok(Json(state.store.contact_import(me.account_id(), id).await?))
}

/// Start an uploaded import with its mapping.
#[utoipa::path(post, path = "/api/v1/contact-imports/{id}/start", tag = "contacts", params(("id" = i64, Path)),
    request_body = StartImport,
    responses((status = 200, body = ContactImportView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start_import(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<StartImport>,
) -> ApiResult<Json<ContactImportView>> {
    me.require_admin()?;
    Ok(Json(state.app.start_contact_import(me.account_id(), id, body.mapping, body.duplicates).await?))
}

/// The rejected rows: `linha`, `motivo`, then the file's columns.
#[utoipa::path(get, path = "/api/v1/contact-imports/{id}/rejections.csv", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, description = "A CSV file", content_type = "text/csv", body = String),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn import_rejections(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Response> {
    me.require_admin()?;
    let (headers, rows) = state.store.import_rejections(me.account_id(), id).await?;
    let body = rejections_csv(&headers, &rows).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok(csv_file(&format!("importacao-{id}-rejeitadas.csv"), body))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_fields))
        .routes(routes!(list_imports, upload_import))
        .routes(routes!(get_import))
        .routes(routes!(start_import))
        .routes(routes!(import_rejections))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024))
}
