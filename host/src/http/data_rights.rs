//! The contact's data rights over HTTP (issue 17 part 3, LGPD), for admins: the archive of
//! everything the account holds about a contact, their erasure, and the account's retention
//! limit. Each is recorded in the audit log (`domain/audit.rs`).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::store::views::{AccountView, ContactView};

/// How long closed chats' messages are kept.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// 1 to 120 months; `null`: kept.
    pub months: Option<i64>,
}

/// Everything the account holds about the contact, as a ZIP archive: `contato.json` (the
/// contact, custom fields, tags, notes, chats with services and messages, appointments,
/// broadcast receipts) and the media files under `midia/`.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/export", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, description = "A ZIP archive", content_type = "application/zip", body = Vec<u8>),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn export_contact(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Response> {
    me.require_admin()?;
    let archive = state.app.export_contact(me.account_id(), id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", archive.file_name)),
        ],
        archive.bytes,
    )
        .into_response())
}

/// Erase the contact's data at their request: who they are and everything written in their
/// chats, media included; the chats stay as skeletons. A blocked contact is unblocked first.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/erase", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ContactView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn erase_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ContactView>> {
    me.require_admin()?;
    state.app.erase_contact(me.account_id(), id).await?;
    Ok(Json(state.store.contact(me.account_id(), id).await?))
}

/// Set how many months closed chats' messages are kept; older ones lose their content, daily.
#[utoipa::path(put, path = "/api/v1/account/retention", tag = "account", request_body = Retention,
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_retention(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<Retention>,
) -> ApiResult<Json<AccountView>> {
    me.require_admin()?;
    Ok(Json(state.app.set_retention(me.account_id(), body.months).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_contact)).routes(routes!(erase_contact)).routes(routes!(set_retention))
}
