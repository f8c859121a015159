//! Contacts of the account (A6, S1, S2): list and search, read, and edit the system fields.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::domain::contact::ContactPatch;
use crate::store::views::ContactView;

/// A list of contacts.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ContactList {
    pub items: Vec<ContactView>,
}

/// Contact search.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactQuery {
    /// Part of the name or phone.
    pub search: Option<String>,
    /// At most 500.
    pub limit: Option<i64>,
}

/// Contacts of the account.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactQuery), responses((status = 200, body = ContactList)))]
async fn list_contacts(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<ContactQuery>,
) -> ApiResult<Json<ContactList>> {
    let items = state.store.contacts(me.account_id(), query.search.as_deref(), query.limit.unwrap_or(100)).await?;
    Ok(Json(ContactList { items }))
}

/// A contact.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody)))]
async fn get_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ContactView>> {
    Ok(Json(state.store.contact(me.account_id(), id).await?))
}

/// Edit a contact's system fields ("Editar dados", S2); e-mail, date and CPF are validated.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)), request_body = ContactPatch,
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(patch): Json<ContactPatch>,
) -> ApiResult<Json<ContactView>> {
    Ok(Json(state.store.update_contact(me.account_id(), id, patch).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_contacts)).routes(routes!(get_contact, update_contact))
}
