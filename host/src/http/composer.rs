//! What the composer sends besides plain text (issue 5 part 6): templates (C7, C14, rendered by
//! the `templates` plugin), images, video, audio and voice notes, documents (C9, C15: uploaded
//! here, sent by the channel's media id), location, contact cards (C10), reply buttons and
//! lists, and the removal of a reaction (C6). Each body becomes a typed [`Content`]; its limits,
//! the window (S4) and a blocked contact (S17) are the application layer's and the store's.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path};
use super::uploads::read_form;
use super::{AppState, CurrentUser};
use crate::domain::content::{
    Button, Choices, ContactCard, Content, DEFAULT_LIST_BUTTON, Interactive, ListSection, Location, Reaction,
};
use crate::service::templates::TemplateValues;
use crate::store::views::MessageView;

/// Largest file an agent may upload (WhatsApp's limit for video and audio).
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;

type Sent = ApiResult<(StatusCode, Json<MessageView>)>;

async fn send(state: &AppState, me: &CurrentUser, id: i64, content: Content) -> Sent {
    Ok((StatusCode::CREATED, Json(state.app.send(&me.user, id, content).await?)))
}

/// A template to send.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendTemplate {
    pub template_id: i64,
    /// `{{1}}`, `{{2}}` … in reading order (header, body, buttons).
    #[serde(default)]
    pub positional: Vec<String>,
    /// `{{nome}}` → value.
    #[serde(default)]
    pub named: std::collections::BTreeMap<String, String>,
}

/// Send a template (C7, C14): allowed whatever the window; it opens its category's session.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/templates", tag = "messages", params(("id" = i64, Path)),
    request_body = SendTemplate,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn send_template(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendTemplate>,
) -> Sent {
    let values = TemplateValues { positional: body.positional, named: body.named };
    Ok((StatusCode::CREATED, Json(state.app.send_template(&me.user, id, body.template_id, &values).await?)))
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
) -> Sent {
    let location =
        Location { latitude: body.latitude, longitude: body.longitude, name: body.name, address: body.address };
    send(&state, &me, id, Content::Location(location)).await
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
) -> Sent {
    let present = |value: Option<String>| value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let card = ContactCard {
        name: body.name.trim().to_string(),
        phones: present(body.phone).into_iter().collect(),
        emails: present(body.email).into_iter().collect(),
    };
    send(&state, &me, id, Content::ContactCard(card)).await
}

/// Reply buttons (up to 3) or a list (up to 10 rows).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendInteractive {
    pub body: String,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub buttons: Option<Vec<Button>>,
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
) -> Sent {
    let choices = match (body.buttons, body.sections) {
        (Some(buttons), None) => Choices::Buttons(
            buttons.into_iter().map(|b| Button { id: b.id, title: b.title.trim().to_string() }).collect(),
        ),
        (None, Some(sections)) => {
            Choices::List { button: body.button.unwrap_or_else(|| DEFAULT_LIST_BUTTON.into()), sections }
        }
        _ => {
            return Err(super::error::ApiError::invalid("Envie 'buttons' ou 'sections' (um dos dois)."));
        }
    };
    let interactive =
        Interactive { body: body.body.trim().to_string(), header: body.header, footer: body.footer, choices };
    send(&state, &me, id, Content::Interactive(interactive)).await
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
) -> Sent {
    send(&state, &me, id, Content::Reaction(Reaction { message_id: body.message_id, emoji: None })).await
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
) -> Sent {
    // The conversation is checked before the form is read: another account's id is a 404.
    state.store.conversation_for(&me.user, id).await?;
    let form = read_form(request, MAX_UPLOAD_BYTES).await?;
    let caption = form.texts.get("caption").map(String::as_str);
    Ok((StatusCode::CREATED, Json(state.app.send_file(&me.user, id, &form.file, caption).await?)))
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
