//! A conversation's history (C1) and what agents write into it: text (with `/interna` and the
//! "Interna?" flag, C13) and reactions to the contact's messages (C6).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::domain::message::{self, Direction, MessageKind};
use crate::plugins::bindings::types::ImageRef;
use crate::store::views::MessageView;
use crate::store::{NewOutbound, StoreError};

/// A page of history, oldest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MessageList {
    pub items: Vec<MessageView>,
    /// Whether older messages exist (ask again with `before` = the first id).
    pub has_more: bool,
}

/// History paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageQuery {
    /// Only messages with a smaller id.
    pub before: Option<i64>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// A text from the composer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendText {
    /// Up to 4096 characters. Starting with `/interna ` (lowercase) makes it internal.
    pub text: String,
    /// The "Interna?" checkbox.
    #[serde(default)]
    pub internal: bool,
    /// Quote this message of the conversation (a reply with context).
    pub reply_to: Option<i64>,
    /// Show a preview of the first link (WhatsApp); by default when the text has a link.
    pub preview_url: Option<bool>,
}

/// A reaction to a contact's message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendReaction {
    pub message_id: i64,
    /// The emoji; reacting again replaces it.
    pub emoji: String,
}

/// History of a conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "messages", params(("id" = i64, Path), MessageQuery),
    responses((status = 200, body = MessageList), (status = 404, body = ErrorBody)))]
async fn list_messages(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<MessageQuery>,
) -> ApiResult<Json<MessageList>> {
    let (items, has_more) = state.store.messages(&me.user, id, query.before, query.limit.unwrap_or(50)).await?;
    Ok(Json(MessageList { items, has_more }))
}

/// Send a text, or store an internal note (C13).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "messages", params(("id" = i64, Path)),
    request_body = SendText, responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_text(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendText>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let composed = message::compose(&body.text, body.internal).map_err(|e| ApiError::invalid(e.to_string()))?;
    let conversation = state.store.conversation_for(&me.user, id).await?;
    if let Some(quoted) = body.reply_to {
        state.store.message(&me.user, id, quoted).await?;
    }
    if !composed.internal {
        // Free-form text only inside an open window (S4); internal notes always (C13).
        super::composer::check_free_form(&state, &me, id).await?;
    }
    let (text, images) = match (&conversation.contact, composed.internal) {
        // Variables are expanded per contact on what goes out (C8, P3), not in notes.
        (Some(contact), false) => {
            let contact = state.store.contact(me.account_id(), contact.id).await?;
            let expansion =
                state.plugins.expand(&state.store, me.account_id(), &contact, &composed.text, vec![]).await.map_err(
                    |failure| {
                        ApiError::new(
                            StatusCode::SERVICE_UNAVAILABLE,
                            "plugin_failed",
                            format!("Não foi possível expandir as variáveis: {failure}"),
                        )
                    },
                )?;
            (expansion.text, expansion.images)
        }
        _ => (composed.text, vec![]),
    };
    if text.trim().is_empty() && images.is_empty() {
        return Err(ApiError::invalid("A mensagem ficou vazia depois de expandir as variáveis."));
    }
    let mut payload = serde_json::Map::new();
    if let Some(quoted) = body.reply_to {
        payload.insert("reply_to".into(), quoted.into());
    }
    if let Some(preview) = body.preview_url {
        payload.insert("preview_url".into(), preview.into());
    }
    let mut first = None;
    if !text.trim().is_empty() {
        let new = NewOutbound {
            conversation_id: id,
            kind: MessageKind::Text,
            text: Some(text),
            payload: (!payload.is_empty()).then_some(serde_json::Value::Object(payload)),
            internal: composed.internal,
        };
        first = Some(state.store.send_message(&me.user, new).await?);
    }
    // Image variables such as {foto} send the stored picture after the text (C8).
    let channel_id = conversation.channel.as_ref().map(|c| c.id);
    for image in images {
        let sent = send_stored_image(&state, &me, id, channel_id, &image).await?;
        first.get_or_insert(sent);
    }
    Ok((StatusCode::CREATED, Json(first.expect("a text or an image was sent"))))
}

/// Send the picture an image field holds as an image message of its own.
async fn send_stored_image(
    state: &AppState,
    me: &CurrentUser,
    conversation_id: i64,
    channel_id: Option<i64>,
    image: &ImageRef,
) -> ApiResult<MessageView> {
    let unknown = || ApiError::invalid("A imagem do campo não foi encontrada; envie a imagem do contato de novo.");
    let stored: i64 = image.media_id.parse().map_err(|_| unknown())?;
    let media_id = state.store.reuse_media(me.account_id(), stored, channel_id).await.map_err(|err| match err {
        StoreError::NotFound => unknown(),
        other => other.into(),
    })?;
    let payload = serde_json::json!({ "media": {
        "media_id": media_id, "mime_type": image.mime_type, "file_name": null, "voice": false } });
    let new =
        NewOutbound { conversation_id, kind: MessageKind::Image, text: None, payload: Some(payload), internal: false };
    let message = state.store.send_message(&me.user, new).await?;
    state.store.link_media(media_id, message.id).await?;
    Ok(message)
}

/// React to a contact's message (C6): sent to the contact, but not a reply.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/reactions", tag = "messages", params(("id" = i64, Path)),
    request_body = SendReaction, responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_reaction(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendReaction>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let emoji = body.emoji.trim();
    if emoji.is_empty() || emoji.chars().count() > 8 {
        return Err(ApiError::invalid("Informe um emoji para a reação."));
    }
    let target = state.store.message(&me.user, id, body.message_id).await?;
    if target.direction != Direction::Inbound {
        return Err(ApiError::invalid("Só é possível reagir a mensagens do contato."));
    }
    super::composer::check_free_form(&state, &me, id).await?;
    let new = NewOutbound {
        conversation_id: id,
        kind: MessageKind::Reaction,
        text: None,
        payload: Some(serde_json::json!({ "message_id": target.id, "emoji": emoji })),
        internal: false,
    };
    Ok((StatusCode::CREATED, Json(state.store.send_message(&me.user, new).await?)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_messages, send_text)).routes(routes!(send_reaction))
}
