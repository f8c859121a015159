//! Contacts of the account (A6) and the chat's settings panel (S1–S3, S5, S6, S11, S12, S17):
//! list and search, read, "Editar dados" (validated by the field-validator plugin), company by
//! CNPJ, broadcast switch, default agent, custom field values, notes, tags, block and unblock,
//! delete.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::contact_imports::csv_file;
use super::error::{ApiError, ApiResult, ErrorBody, Json, Path, Query};
use super::uploads::read_form;
use super::{AppState, CurrentUser};
use crate::domain::contact::ContactPatch;
use crate::service::contacts::{NoteText, TagChoice};
use crate::service::contacts_csv::ContactsCsv;
use crate::store::views::{ContactView, NamedRef, NoteView};
use crate::store::{ContactFilter, ContactPage, Cursor, StoreError};

/// The contacts list's filters (the same as a broadcast's audience) and page.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactQuery {
    /// Part of the name or phone.
    pub search: Option<String>,
    /// The "Bloqueado?" filter (S17).
    pub blocked: Option<bool>,
    /// Contacts with this tag.
    pub tag_id: Option<i64>,
    /// Contacts of the company with this CNPJ.
    pub cnpj: Option<String>,
    /// Contacts from this campaign.
    pub campaign: Option<String>,
    /// The broadcast switch (S5).
    pub receives_broadcasts: Option<bool>,
    /// A custom field's key; with `field_value`, contacts whose value contains it.
    pub field: Option<String>,
    pub field_value: Option<String>,
    /// Where the page starts: a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// At most 500 (default 50).
    pub limit: Option<i64>,
}

impl ContactQuery {
    fn filter(&self) -> ContactFilter {
        ContactFilter {
            search: self.search.clone(),
            blocked: self.blocked,
            tag_id: self.tag_id,
            cnpj: self.cnpj.clone(),
            campaign: self.campaign.clone(),
            receives_broadcasts: self.receives_broadcasts,
            field: self.field.clone(),
            field_value: self.field_value.clone(),
        }
    }
}

/// The contact's default agent; `null` removes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DefaultAgent {
    pub agent_id: Option<i64>,
}

/// A custom field value as typed (`dd/mm/aaaa` dates, `1.234,56` numbers, `Sim`/`Não` …).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldValueInput {
    pub value: String,
}

/// A note (S6).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// Required.
    pub text: String,
    /// Optional, `dd/mm/aaaa`.
    #[serde(default)]
    pub date: Option<String>,
    /// Optional agent to forward the note to.
    #[serde(default)]
    pub forward_to: Option<i64>,
}

/// The notes of a contact, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteList {
    pub items: Vec<NoteView>,
}

/// A tag to put on a contact: an existing one by id, or a new one by name (the "+" button).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactTagBody {
    pub tag_id: Option<i64>,
    pub name: Option<String>,
}

fn require_notes_permission(me: &CurrentUser) -> ApiResult<()> {
    if me.user.permissions.contact_notes {
        Ok(())
    } else {
        Err(ApiError::forbidden("Você precisa da permissão \"Observações do contato\"."))
    }
}

impl From<NoteBody> for NoteText {
    fn from(body: NoteBody) -> Self {
        NoteText { text: body.text, date: body.date, forward_to: body.forward_to }
    }
}

/// A page of the account's contacts, by name, with the filter's total.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactQuery),
    responses((status = 200, body = ContactPage), (status = 400, body = ErrorBody)))]
async fn list_contacts(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<ContactQuery>,
) -> ApiResult<Json<ContactPage>> {
    let after = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(text) => Some(Cursor::decode(text).ok_or_else(|| ApiError::bad_request("Cursor de página inválido."))?),
        None => None,
    };
    let page =
        state.store.contacts_page(me.account_id(), &query.filter(), after.as_ref(), query.limit.unwrap_or(50)).await?;
    Ok(Json(page))
}

/// "Novo contato" (A6): name and phone required; a phone already a contact's is refused.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = ContactPatch,
    responses((status = 201, body = ContactView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(patch): Json<ContactPatch>,
) -> ApiResult<(StatusCode, Json<ContactView>)> {
    me.require_admin()?;
    Ok((StatusCode::CREATED, Json(state.app.create_contact(me.account_id(), patch).await?)))
}

/// The filtered contacts as a CSV file, in the columns an import reads back.
#[utoipa::path(get, path = "/api/v1/contacts/export.csv", tag = "contacts", params(ContactQuery),
    responses((status = 200, description = "A CSV file", content_type = "text/csv", body = String),
        (status = 403, body = ErrorBody)))]
async fn export_contacts(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<ContactQuery>,
) -> ApiResult<Response> {
    me.require_admin()?;
    let fields = state.store.custom_fields(me.account_id()).await?;
    let mut out = ContactsCsv::new(fields.iter().map(|f| f.key.clone()).collect()).map_err(ApiError::internal)?;
    state
        .store
        .each_contact(me.account_id(), &query.filter(), |page| out.write(&page).map_err(StoreError::Internal))
        .await?;
    Ok(csv_file("contatos.csv", out.finish().map_err(ApiError::internal)?))
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

/// "Editar dados" (S2) and the company (S3): e-mail, birth date, CPF and CNPJ are validated.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)), request_body = ContactPatch,
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(patch): Json<ContactPatch>,
) -> ApiResult<Json<ContactView>> {
    Ok(Json(state.app.update_contact(me.account_id(), id, patch).await?))
}

/// Delete a contact with its conversations (A6); a blocked contact cannot be deleted (S17).
#[utoipa::path(delete, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn delete_contact(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    state.store.delete_contact(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// "Bloquear contato" (S17).
#[utoipa::path(post, path = "/api/v1/contacts/{id}/block", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody)))]
async fn block_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ContactView>> {
    Ok(Json(state.store.set_blocked(me.account_id(), id, true).await?))
}

/// "Desbloquear contato" (S17), at any time.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/unblock", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody)))]
async fn unblock_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ContactView>> {
    Ok(Json(state.store.set_blocked(me.account_id(), id, false).await?))
}

/// Set or remove the contact's default agent (S12).
#[utoipa::path(put, path = "/api/v1/contacts/{id}/default-agent", tag = "contacts", params(("id" = i64, Path)),
    request_body = DefaultAgent, responses((status = 200, body = ContactView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_default_agent(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<DefaultAgent>,
) -> ApiResult<Json<ContactView>> {
    Ok(Json(state.store.set_default_agent(me.account_id(), id, body.agent_id).await?))
}

/// Set a custom field value, validated for the field's type.
#[utoipa::path(put, path = "/api/v1/contacts/{id}/fields/{key}", tag = "contacts",
    params(("id" = i64, Path), ("key" = String, Path)), request_body = FieldValueInput,
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_field(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(i64, String)>,
    Json(body): Json<FieldValueInput>,
) -> ApiResult<Json<ContactView>> {
    Ok(Json(state.app.set_field(me.account_id(), id, &key, &body.value).await?))
}

/// Largest picture an image field takes (WhatsApp's limit for images).
const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;

/// Upload the picture of an image custom field (C8: `{foto}` then sends it): a JPEG or PNG of
/// up to 5 MB in the form's `file` part.
#[utoipa::path(put, path = "/api/v1/contacts/{id}/fields/{key}/image", tag = "contacts",
    params(("id" = i64, Path), ("key" = String, Path)),
    request_body(content_type = "multipart/form-data", description = "The picture in part `file`."),
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
    (status = 422, body = ErrorBody)))]
async fn set_image_field(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(i64, String)>,
    request: axum::extract::Request,
) -> ApiResult<Json<ContactView>> {
    // The contact and field are checked before the form is read: another account's id is a 404.
    state.store.contact(me.account_id(), id).await?;
    state.store.custom_field_by_key(me.account_id(), &key).await?;
    let file = read_form(request, MAX_IMAGE_BYTES).await?.file;
    Ok(Json(state.app.set_image_field(me.account_id(), id, &key, file).await?))
}

/// Remove a custom field value.
#[utoipa::path(delete, path = "/api/v1/contacts/{id}/fields/{key}", tag = "contacts",
    params(("id" = i64, Path), ("key" = String, Path)), responses((status = 200, body = ContactView), (status = 404, body = ErrorBody)))]
async fn clear_field(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, key)): Path<(i64, String)>,
) -> ApiResult<Json<ContactView>> {
    state.store.contact(me.account_id(), id).await?;
    state.store.custom_field_by_key(me.account_id(), &key).await?;
    Ok(Json(state.store.set_custom_value(me.account_id(), id, &key, serde_json::Value::Null).await?))
}

/// Notes of a contact (needs "Observações do contato").
#[utoipa::path(get, path = "/api/v1/contacts/{id}/notes", tag = "contacts", params(("id" = i64, Path)),
    responses((status = 200, body = NoteList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_notes(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<NoteList>> {
    require_notes_permission(&me)?;
    Ok(Json(NoteList { items: state.store.notes(me.account_id(), id).await? }))
}

/// Add a note (needs "Observações do contato").
#[utoipa::path(post, path = "/api/v1/contacts/{id}/notes", tag = "contacts", params(("id" = i64, Path)), request_body = NoteBody,
    responses((status = 201, body = NoteView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_note(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<NoteBody>,
) -> ApiResult<(StatusCode, Json<NoteView>)> {
    require_notes_permission(&me)?;
    let author = NamedRef { id: me.user.id, name: me.user.name.clone() };
    Ok((StatusCode::CREATED, Json(state.app.add_note(&author, me.account_id(), id, body.into()).await?)))
}

/// Edit a note (needs "Observações do contato").
#[utoipa::path(patch, path = "/api/v1/contacts/{id}/notes/{note_id}", tag = "contacts",
    params(("id" = i64, Path), ("note_id" = i64, Path)), request_body = NoteBody,
    responses((status = 200, body = NoteView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_note(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, note_id)): Path<(i64, i64)>,
    Json(body): Json<NoteBody>,
) -> ApiResult<Json<NoteView>> {
    require_notes_permission(&me)?;
    Ok(Json(state.app.update_note(me.account_id(), id, note_id, body.into()).await?))
}

/// Delete a note (needs "Observações do contato").
#[utoipa::path(delete, path = "/api/v1/contacts/{id}/notes/{note_id}", tag = "contacts",
    params(("id" = i64, Path), ("note_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_note(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, note_id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    require_notes_permission(&me)?;
    state.store.delete_note(me.account_id(), id, note_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Put a tag on the contact (S11): an existing one, or a new one by name. Tags marked
/// "apenas automação" cannot be put by hand.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/tags", tag = "contacts", params(("id" = i64, Path)), request_body = ContactTagBody,
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_tag(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ContactTagBody>,
) -> ApiResult<Json<ContactView>> {
    let tag = match (body.tag_id, body.name) {
        (Some(tag_id), None) => TagChoice::Existing(tag_id),
        (None, Some(name)) => TagChoice::New(name),
        _ => {
            return Err(ApiError::invalid("Informe tag_id (etiqueta existente) ou name (nova etiqueta), não os dois."));
        }
    };
    Ok(Json(state.app.tag_contact(me.account_id(), id, tag).await?))
}

/// Take a tag off the contact (S11).
#[utoipa::path(delete, path = "/api/v1/contacts/{id}/tags/{tag_id}", tag = "contacts",
    params(("id" = i64, Path), ("tag_id" = i64, Path)), responses((status = 200, body = ContactView), (status = 404, body = ErrorBody)))]
async fn remove_tag(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, tag_id)): Path<(i64, i64)>,
) -> ApiResult<Json<ContactView>> {
    state.store.remove_contact_tag(me.account_id(), id, tag_id).await?;
    Ok(Json(state.store.contact(me.account_id(), id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(export_contacts))
        .routes(routes!(get_contact, update_contact, delete_contact))
        .routes(routes!(block_contact))
        .routes(routes!(unblock_contact))
        .routes(routes!(set_default_agent))
        .routes(routes!(set_field, clear_field))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(set_image_field))
                .layer(axum::extract::DefaultBodyLimit::max(MAX_IMAGE_BYTES + 64 * 1024)),
        )
        .routes(routes!(list_notes, add_note))
        .routes(routes!(update_note, delete_note))
        .routes(routes!(add_tag))
        .routes(routes!(remove_tag))
}
