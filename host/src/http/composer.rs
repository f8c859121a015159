//! What the composer sends besides plain text (issue 5 part 6): templates (C7, C14, rendered by
//! the `templates` plugin), images, video, audio and voice notes, documents (C9, C15: uploaded
//! here, sent by the channel's media id), location, contact cards (C10), reply buttons and
//! lists, and the removal of a reaction (C6). Free-form kinds are refused outside an open
//! window with a message that names its state (S4); templates are allowed at any time.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::templates::{TemplateValues, render};
use super::uploads::{read_form, store_file};
use super::{AppState, CurrentUser};
use crate::domain::Vocabulary;
use crate::domain::message::{Direction, MessageKind};
use crate::domain::window::{FreeForm, Sender};
use crate::store::NewOutbound;
use crate::store::templates::TemplateView;
use crate::store::views::MessageView;

/// Largest file an agent may upload (WhatsApp's limit for video and audio).
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;

/// Whether a free-form message may go to the contact of conversation `id` now; the team chat
/// and internal notes are always fine (C13).
pub async fn check_free_form(state: &AppState, me: &CurrentUser, id: i64) -> ApiResult<FreeForm> {
    let Some(context) = state.store.window_context(me.account_id(), id).await? else { return Ok(FreeForm::Allowed) };
    context
        .free_form(Sender::Agent, state.store.now())
        .map_err(|refusal| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "outside_window", refusal))
}

async fn send(state: &AppState, me: &CurrentUser, new: NewOutbound) -> ApiResult<(StatusCode, Json<MessageView>)> {
    Ok((StatusCode::CREATED, Json(state.store.send_message(&me.user, new).await?)))
}

/// A template to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendTemplate {
    pub template_id: i64,
    #[serde(flatten)]
    pub values: TemplateValues,
}

/// Send a template (C7, C14): allowed whatever the window; it opens its category's session.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/templates", tag = "messages", params(("id" = i64, Path)),
    request_body = SendTemplate,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_template(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendTemplate>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let conversation = state.store.conversation_for(&me.user, id).await?;
    let channel_id = conversation.channel.as_ref().map(|c| c.id);
    let message = template_message(&state, me.account_id(), channel_id, body.template_id, &body.values).await?;
    send(&state, &me, message.outbound(id)).await
}

/// A template ready to send: checked and rendered, not yet tied to a chat.
pub struct TemplateMessage {
    pub template: TemplateView,
    /// The rendered preview, which the history keeps (C14).
    pub text: String,
    /// What the channel sends: name, language, category and filled-in components.
    pub payload: Value,
}

impl TemplateMessage {
    /// The message that sends it on `conversation_id`.
    pub fn outbound(&self, conversation_id: i64) -> NewOutbound {
        NewOutbound {
            conversation_id,
            kind: MessageKind::Template,
            text: Some(self.text.clone()),
            payload: Some(self.payload.clone()),
            internal: false,
        }
    }
}

/// Template `template_id` of `account_id` with `values`, for a chat on `channel_id`: checked to
/// be an approved template of that number and rendered by the `templates` plugin. The composer
/// sends it now, a scheduled message later (S7), a new chat first (L5).
pub async fn template_message(
    state: &AppState,
    account_id: i64,
    channel_id: Option<i64>,
    template_id: i64,
    values: &TemplateValues,
) -> ApiResult<TemplateMessage> {
    let template = state.store.template(account_id, template_id).await?;
    if channel_id != Some(template.channel_id) {
        return Err(ApiError::invalid("Este template é de outro número; escolha um template do canal da conversa."));
    }
    if template.deleted_at.is_some() || template.status != "APPROVED" {
        return Err(ApiError::invalid(format!(
            "O template '{}' não está aprovado ({}).",
            template.name, template.status
        )));
    }
    let rendered = render(state, account_id, &template, values).await?;
    let components: Value = serde_json::from_str(&rendered.send_components).unwrap_or(Value::Array(vec![]));
    // History keeps the text only (C14); the header image still goes to the contact.
    let payload = json!({ "template": {
        "id": template.id, "name": template.name, "language": template.language,
        "category": template.category.as_str(), "components": components,
    }});
    Ok(TemplateMessage { template, text: rendered.preview, payload })
}

/// A location.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendLocation {
    pub latitude: f64,
    pub longitude: f64,
    pub name: Option<String>,
    pub address: Option<String>,
}

/// Send a location.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/location", tag = "messages", params(("id" = i64, Path)),
    request_body = SendLocation,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_location(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendLocation>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    state.store.conversation_for(&me.user, id).await?;
    if !(-90.0..=90.0).contains(&body.latitude) || !(-180.0..=180.0).contains(&body.longitude) {
        return Err(ApiError::invalid("Latitude deve estar entre -90 e 90 e longitude entre -180 e 180."));
    }
    check_free_form(&state, &me, id).await?;
    let label = [body.name.clone(), body.address.clone()].into_iter().flatten().collect::<Vec<_>>().join(" — ");
    let payload = json!({ "location": { "latitude": body.latitude, "longitude": body.longitude, "name": body.name, "address": body.address } });
    let new = NewOutbound {
        conversation_id: id,
        kind: MessageKind::Location,
        text: (!label.is_empty()).then_some(label),
        payload: Some(payload),
        internal: false,
    };
    send(&state, &me, new).await
}

/// A contact card (C10): a name with e-mail and/or phone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendContactCard {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// Send a contact card (C10).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/contact-card", tag = "messages", params(("id" = i64, Path)),
    request_body = SendContactCard,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_contact_card(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendContactCard>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    state.store.conversation_for(&me.user, id).await?;
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::invalid("Informe o nome do contato (até 120 caracteres)."));
    }
    let phone = body.phone.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let email = body.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
    if phone.is_none() && email.is_none() {
        return Err(ApiError::invalid("Informe o e-mail e/ou o telefone do contato."));
    }
    if let Some(email) = email {
        crate::domain::contact::normalise_email(email).map_err(|e| ApiError::invalid(e.message))?;
    }
    check_free_form(&state, &me, id).await?;
    let payload = json!({ "card": { "name": name, "phones": phone.into_iter().collect::<Vec<_>>(), "emails": email.into_iter().collect::<Vec<_>>() } });
    let new = NewOutbound {
        conversation_id: id,
        kind: MessageKind::Contact,
        text: Some(name.to_string()),
        payload: Some(payload),
        internal: false,
    };
    send(&state, &me, new).await
}

/// A reply button.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyButton {
    pub id: String,
    pub title: String,
}

/// A row of a list.
#[derive(Debug, Deserialize, ToSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

/// A section of a list.
#[derive(Debug, Deserialize, ToSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ListSection {
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

/// Reply buttons (up to 3) or a list (up to 10 rows).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendInteractive {
    pub body: String,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub buttons: Option<Vec<ReplyButton>>,
    /// The list's button label.
    pub button: Option<String>,
    pub sections: Option<Vec<ListSection>>,
}

/// Send reply buttons or a list.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/interactive", tag = "messages", params(("id" = i64, Path)),
    request_body = SendInteractive,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_interactive(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendInteractive>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    state.store.conversation_for(&me.user, id).await?;
    let text = body.body.trim();
    if text.is_empty() || text.chars().count() > 1024 {
        return Err(ApiError::invalid("O texto deve ter de 1 a 1024 caracteres."));
    }
    let interactive = match (&body.buttons, &body.sections) {
        (Some(buttons), None) => {
            if buttons.is_empty() || buttons.len() > 3 {
                return Err(ApiError::invalid("Envie de 1 a 3 botões."));
            }
            if buttons.iter().any(|b| {
                b.title.trim().is_empty() || b.title.chars().count() > 20 || b.id.is_empty() || b.id.len() > 256
            }) {
                return Err(ApiError::invalid("Cada botão precisa de id e de um título de até 20 caracteres."));
            }
            json!({ "buttons": buttons.iter().map(|b| json!({"id": b.id, "title": b.title.trim()})).collect::<Vec<_>>() })
        }
        (None, Some(sections)) => {
            let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
            if sections.is_empty() || sections.len() > 10 || rows == 0 || rows > 10 {
                return Err(ApiError::invalid("A lista deve ter de 1 a 10 opções."));
            }
            if sections.iter().flat_map(|s| &s.rows).any(|r| {
                r.title.trim().is_empty() || r.title.chars().count() > 24 || r.id.is_empty() || r.id.len() > 200
            }) {
                return Err(ApiError::invalid("Cada opção precisa de id e de um título de até 24 caracteres."));
            }
            let button = body.button.clone().unwrap_or_else(|| "Opções".into());
            if button.chars().count() > 20 {
                return Err(ApiError::invalid("O botão da lista deve ter até 20 caracteres."));
            }
            json!({ "button": button, "sections": sections })
        }
        _ => return Err(ApiError::invalid("Envie 'buttons' ou 'sections' (um dos dois).")),
    };
    check_free_form(&state, &me, id).await?;
    let mut interactive = interactive;
    if let Some(h) = &body.header {
        interactive["header"] = h.clone().into();
    }
    if let Some(f) = &body.footer {
        interactive["footer"] = f.clone().into();
    }
    let new = NewOutbound {
        conversation_id: id,
        kind: MessageKind::Interactive,
        text: Some(text.to_string()),
        payload: Some(json!({ "interactive": interactive })),
        internal: false,
    };
    send(&state, &me, new).await
}

/// Which reaction to take back.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveReaction {
    pub message_id: i64,
}

/// Take back a reaction to a contact's message (C6): an empty emoji at Meta.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/reactions/remove", tag = "messages", params(("id" = i64, Path)),
    request_body = RemoveReaction,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn remove_reaction(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<RemoveReaction>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let target = state.store.message(&me.user, id, body.message_id).await?;
    if target.direction != Direction::Inbound {
        return Err(ApiError::invalid("Só é possível reagir a mensagens do contato."));
    }
    check_free_form(&state, &me, id).await?;
    let payload = json!({ "message_id": target.id, "emoji": null, "removed": true });
    let new = NewOutbound {
        conversation_id: id,
        kind: MessageKind::Reaction,
        text: None,
        payload: Some(payload),
        internal: false,
    };
    send(&state, &me, new).await
}

/// The kind a file of `mime` is sent as.
fn media_kind(mime: &str) -> Option<MessageKind> {
    let mime = mime.split(';').next().unwrap_or("").trim();
    match mime {
        "image/jpeg" | "image/png" => Some(MessageKind::Image),
        "image/webp" => Some(MessageKind::Sticker),
        "video/mp4" | "video/3gpp" => Some(MessageKind::Video),
        "audio/ogg" | "audio/aac" | "audio/amr" | "audio/mpeg" | "audio/mp4" => Some(MessageKind::Audio),
        m if m.starts_with("application/") || m == "text/plain" => Some(MessageKind::Document),
        _ => None,
    }
}

/// Send a file (C9, C15): `multipart/form-data` with a `file` part (its content type decides
/// image, video, audio — OGG/Opus is a voice note —, sticker or document) and an optional
/// `caption` part.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/media", tag = "messages", params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", content = String, description = "`file` and optional `caption` parts"),
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn send_media(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    // The conversation is checked before the form is read: another account's id is a 404.
    let conversation = state.store.conversation_for(&me.user, id).await?;
    let form = read_form(request, MAX_UPLOAD_BYTES).await?;
    let (file, caption) = (form.file, form.texts.get("caption"));
    let mime = file.mime.clone();
    let kind =
        media_kind(&mime).ok_or_else(|| ApiError::invalid(format!("Tipo de arquivo '{mime}' não suportado.")))?;
    let caption = caption.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    if caption.as_ref().is_some_and(|c| c.chars().count() > 1024) {
        return Err(ApiError::invalid("A legenda pode ter no máximo 1024 caracteres."));
    }
    check_free_form(&state, &me, id).await?;
    let media_id = store_file(&state, me.account_id(), conversation.channel.as_ref().map(|c| c.id), &file).await?;
    let file_name = file.file_name;
    let voice = kind == MessageKind::Audio && mime.starts_with("audio/ogg");
    let payload =
        json!({ "media": { "media_id": media_id, "mime_type": mime, "file_name": file_name, "voice": voice } });
    let new = NewOutbound { conversation_id: id, kind, text: caption, payload: Some(payload), internal: false };
    let (status, Json(message)) = send(&state, &me, new).await?;
    state.store.link_media(media_id, message.id).await?;
    Ok((status, Json(message)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_template))
        .routes(routes!(send_location))
        .routes(routes!(send_contact_card))
        .routes(routes!(send_interactive))
        .routes(routes!(remove_reaction))
        .routes(routes!(send_media))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_sent_as_the_kind_their_type_says() {
        assert_eq!(media_kind("image/jpeg"), Some(MessageKind::Image));
        assert_eq!(media_kind("audio/ogg; codecs=opus"), Some(MessageKind::Audio));
        assert_eq!(media_kind("application/pdf"), Some(MessageKind::Document));
        assert_eq!(media_kind("image/webp"), Some(MessageKind::Sticker));
        assert_eq!(media_kind("text/html"), None);
    }
}
