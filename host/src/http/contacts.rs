//! Contacts of the account (A6) and the chat's settings panel (S1–S3, S5, S6, S11, S12, S17):
//! list and search, read, "Editar dados" (validated by the field-validator plugin), company by
//! CNPJ, broadcast switch, default agent, custom field values, notes, tags, block and unblock,
//! delete.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path, Query};
use super::uploads::{read_form, sniff_image, store_file};
use super::{AppState, CurrentUser};
use crate::domain::contact::ContactPatch;
use crate::fields::{self, FieldError, FieldSpec};
use crate::plugins::bindings::field_validator::FieldKind;
use crate::store::NoteInput;
use crate::store::views::{ContactView, NamedRef, NoteView};

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
    /// The "Bloqueado?" filter (S17).
    pub blocked: Option<bool>,
    /// At most 500.
    pub limit: Option<i64>,
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

impl From<FieldError> for ApiError {
    fn from(err: FieldError) -> Self {
        match err {
            FieldError::Rejected(message) => ApiError::invalid(message),
            FieldError::Unavailable(message) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "plugin_failed",
                format!("Não foi possível validar: {message}"),
            ),
        }
    }
}

/// Validate one typed value with the account's field validator; `None` for a blank value.
async fn checked(state: &AppState, me: &CurrentUser, field: FieldSpec<'_>, input: &str) -> ApiResult<Option<String>> {
    let value = fields::validate(&state.plugins, &state.store, me.account_id(), field, input).await?;
    Ok(fields::stored_text(&value))
}

/// Run the checked system fields of a patch through the field validator (P2, S2, S3).
async fn validated(state: &AppState, me: &CurrentUser, mut patch: ContactPatch) -> ApiResult<ContactPatch> {
    let slots = [
        (&mut patch.email, "email", "E-mail", FieldKind::Email),
        (&mut patch.birth_date, "data_nascimento", "Data de nascimento", FieldKind::Date),
        (&mut patch.cpf, "cpf", "CPF", FieldKind::Cpf),
        (&mut patch.cnpj, "cnpj", "CNPJ", FieldKind::Cnpj),
    ];
    for (slot, key, label, kind) in slots {
        if let Some(typed) = slot.as_deref() {
            let field = FieldSpec { key, label, kind, required: false, options: &[] };
            // Blank clears the field (the patch's convention), a value is stored normalised.
            *slot = Some(checked(state, me, field, typed).await?.unwrap_or_default());
        }
    }
    Ok(patch)
}

fn require_notes_permission(me: &CurrentUser) -> ApiResult<()> {
    if me.user.permissions.contact_notes {
        Ok(())
    } else {
        Err(ApiError::forbidden("Você precisa da permissão \"Observações do contato\"."))
    }
}

/// A note's body as the store takes it: the date checked and stored `aaaa-mm-dd`.
async fn note_input(state: &AppState, me: &CurrentUser, body: NoteBody) -> ApiResult<NoteInput> {
    let due_date = match body.date.as_deref() {
        Some(date) => {
            let field = FieldSpec { key: "data", label: "Data", kind: FieldKind::Date, required: false, options: &[] };
            checked(state, me, field, date).await?
        }
        None => None,
    };
    Ok(NoteInput { text: body.text, due_date, forward_to_id: body.forward_to })
}

/// Contacts of the account.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactQuery), responses((status = 200, body = ContactList)))]
async fn list_contacts(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<ContactQuery>,
) -> ApiResult<Json<ContactList>> {
    let items = state
        .store
        .contacts(me.account_id(), query.search.as_deref(), query.blocked, query.limit.unwrap_or(100))
        .await?;
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

/// "Editar dados" (S2) and the company (S3): e-mail, birth date, CPF and CNPJ are validated.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", params(("id" = i64, Path)), request_body = ContactPatch,
    responses((status = 200, body = ContactView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_contact(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(patch): Json<ContactPatch>,
) -> ApiResult<Json<ContactView>> {
    state.store.contact(me.account_id(), id).await?;
    let patch = validated(&state, &me, patch).await?;
    Ok(Json(state.store.update_contact(me.account_id(), id, patch).await?))
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
    state.store.contact(me.account_id(), id).await?;
    let field = state.store.custom_field_by_key(me.account_id(), &key).await?;
    let kind = fields::validator_kind(field.kind)
        .ok_or_else(|| ApiError::invalid("Campos de imagem recebem uma imagem enviada, não texto."))?;
    let spec = FieldSpec { key: &field.key, label: &field.label, kind, required: true, options: &field.options };
    let value = fields::validate(&state.plugins, &state.store, me.account_id(), spec, &body.value).await?;
    Ok(Json(state.store.set_custom_value(me.account_id(), id, &key, fields::stored_json(&value)).await?))
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
    state.store.contact(me.account_id(), id).await?;
    let field = state.store.custom_field_by_key(me.account_id(), &key).await?;
    if fields::validator_kind(field.kind).is_some() {
        return Err(ApiError::invalid(format!("O campo {} não é de imagem; envie o valor como texto.", field.label)));
    }
    let mut file = read_form(request, MAX_IMAGE_BYTES).await?.file;
    file.mime = sniff_image(&file.bytes)
        .ok_or_else(|| ApiError::invalid("Envie uma imagem JPEG ou PNG: o arquivo não é uma delas."))?
        .to_string();
    let media_id = store_file(&state, me.account_id(), None, &file).await?;
    let value = serde_json::json!({"media_id": media_id, "mime_type": file.mime, "file_name": file.file_name});
    Ok(Json(state.store.set_custom_value(me.account_id(), id, &key, value).await?))
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
    state.store.contact(me.account_id(), id).await?;
    let input = note_input(&state, &me, body).await?;
    let author = NamedRef { id: me.user.id, name: me.user.name.clone() };
    Ok((StatusCode::CREATED, Json(state.store.add_note(me.account_id(), id, &author, input).await?)))
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
    state.store.contact(me.account_id(), id).await?;
    let input = note_input(&state, &me, body).await?;
    Ok(Json(state.store.update_note(me.account_id(), id, note_id, input).await?))
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
    state.store.contact(me.account_id(), id).await?;
    let tag_id = match (body.tag_id, body.name.as_deref()) {
        (Some(tag_id), None) => tag_id,
        (None, Some(name)) => state.store.create_tag(me.account_id(), name, false).await?.id,
        _ => {
            return Err(ApiError::invalid("Informe tag_id (etiqueta existente) ou name (nova etiqueta), não os dois."));
        }
    };
    state.store.add_contact_tag(me.account_id(), id, tag_id, false).await?;
    Ok(Json(state.store.contact(me.account_id(), id).await?))
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
        .routes(routes!(list_contacts))
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
