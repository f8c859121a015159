//! "Novo chat" (L5): send a template to a number that may not be a contact yet — name,
//! "Abrir conversa?", "Número estrangeiro" and the number — on a WhatsApp (or simulator)
//! number. The `target_phone` deep link (A5) leads here with the phone filled in.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::composer::template_message;
use super::error::{ApiError, ApiResult, ErrorBody, Json};
use super::templates::TemplateValues;
use super::{AppState, CurrentUser};
use crate::domain::contact::target_phone;
use crate::domain::new_chat;
use crate::store::NewChat;
use crate::store::views::{ConversationView, MessageView};

/// Longest contact name accepted.
const MAX_NAME_CHARS: usize = 120;

/// A new chat to start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartChat {
    /// The number that sends the template.
    pub channel_id: i64,
    /// "Nome do cliente": the name a new contact gets (an existing contact keeps theirs).
    pub name: String,
    /// "Número do cliente": DDD and number (hyphens allowed, no parentheses), or with
    /// `foreign` the number with its country code.
    pub phone: String,
    /// "Número estrangeiro".
    #[serde(default)]
    pub foreign: bool,
    /// "Abrir conversa?": open the chat (without agent or department), so the contact's reply
    /// lands in "Chats abertos" and not in the initial flow.
    #[serde(default)]
    pub open_conversation: bool,
    pub template_id: i64,
    /// The template's parameters.
    #[serde(flatten)]
    pub values: TemplateValues,
}

/// The chat started and the template sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct StartedChatView {
    pub conversation: ConversationView,
    pub message: MessageView,
}

/// Start a chat with a template (L5).
#[utoipa::path(post, path = "/api/v1/new-chat", tag = "conversations", request_body = StartChat,
    responses((status = 201, body = StartedChatView), (status = 404, body = ErrorBody),
    (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn start(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<StartChat>,
) -> ApiResult<(StatusCode, Json<StartedChatView>)> {
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::invalid(format!("Informe o nome do cliente (até {MAX_NAME_CHARS} caracteres).")));
    }
    let phone = target_phone(&body.phone, body.foreign).map_err(ApiError::invalid)?;
    let channel = state.store.channel_view(me.account_id(), body.channel_id).await?;
    new_chat::check_channel(&channel.kind).map_err(ApiError::invalid)?;
    let template = template_message(&state, me.account_id(), Some(channel.id), body.template_id, &body.values).await?;
    let chat = NewChat {
        channel_id: channel.id,
        platform: channel.kind,
        phone,
        name: name.to_string(),
        message: template.outbound(0),
        open_conversation: body.open_conversation,
    };
    let started = state.store.start_new_chat(&me.user, chat).await?;
    Ok((StatusCode::CREATED, Json(StartedChatView { conversation: started.conversation, message: started.message })))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(start))
}
