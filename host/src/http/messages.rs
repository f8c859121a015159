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
use crate::domain::content::{Content, Reaction};
use crate::service::sending::TextMessage;
use crate::store::HistoryPage;
use crate::store::views::MessageView;

/// A page of history, oldest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MessageList {
    pub items: Vec<MessageView>,
    /// Whether more messages exist in the page's direction: older ones (ask again with
    /// `before` = the first id), or with `after`, newer ones (`after` = the last id).
    pub has_more: bool,
}

/// History paging: the newest page, or the page before or after a message.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageQuery {
    /// Only messages with a smaller id (older).
    pub before: Option<i64>,
    /// Only messages with a greater id (newer), oldest first; not with `before`.
    pub after: Option<i64>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// A search in a conversation (C2).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageSearch {
    /// Text the message holds, in any case (at least 1 character besides spaces).
    pub q: String,
    /// 1 to 50 (default 20).
    pub limit: Option<i64>,
}

/// Messages found, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageHits {
    pub items: Vec<MessageView>,
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
    let page = match (query.before, query.after) {
        (before, None) => HistoryPage::Before(before),
        (None, Some(after)) => HistoryPage::After(after),
        (Some(_), Some(_)) => return Err(ApiError::bad_request("Use before ou after, não os dois.")),
    };
    let (items, has_more) = state.store.messages(&me.user, id, page, query.limit.unwrap_or(50)).await?;
    Ok(Json(MessageList { items, has_more }))
}

/// Search the messages of a conversation (C2): each hit can be shown in place by reading the
/// page `before` = its id + 1, then newer pages with `after`.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages/search", tag = "messages",
    params(("id" = i64, Path), MessageSearch),
    responses((status = 200, body = MessageHits), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn search_messages(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(search): Query<MessageSearch>,
) -> ApiResult<Json<MessageHits>> {
    if search.q.trim().is_empty() {
        return Err(ApiError::invalid("Digite o texto a procurar."));
    }
    let items = state.store.search_messages(&me.user, id, &search.q, search.limit.unwrap_or(20)).await?;
    Ok(Json(MessageHits { items }))
}

/// Send a text, or store an internal note (C13).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "messages", params(("id" = i64, Path)),
    request_body = SendText, responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
    (status = 503, body = ErrorBody)))]
async fn send_text(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<SendText>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let message = TextMessage {
        text: body.text,
        internal: body.internal,
        reply_to: body.reply_to,
        preview_url: body.preview_url,
    };
    Ok((StatusCode::CREATED, Json(state.app.send_text(&me.user, id, message).await?)))
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
    let reaction = Reaction { message_id: body.message_id, emoji: Some(body.emoji.trim().to_string()) };
    Ok((StatusCode::CREATED, Json(state.app.send(&me.user, id, Content::Reaction(reaction)).await?)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_messages, send_text))
        .routes(routes!(send_reaction))
        .routes(routes!(search_messages))
}
