//! "Novo chat" (L5): send a template to a number that may not be a contact yet — name,
//! "Abrir conversa?", "Número estrangeiro" and the number — on a WhatsApp (or simulator)
//! number. The `target_phone` deep link (A5) leads here with the phone filled in.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json};
use super::{AppState, CurrentUser};
use crate::service::new_chat::ChatStart;
use crate::service::templates::TemplateValues;
use crate::store::views::{ConversationView, MessageView};

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
    /// The template's `{{1}}`, `{{2}}` … in reading order (header, body, buttons).
    #[serde(default)]
    pub positional: Vec<String>,
    /// The template's `{{nome}}` → value.
    #[serde(default)]
    pub named: std::collections::BTreeMap<String, String>,
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
    (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn start(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<StartChat>,
) -> ApiResult<(StatusCode, Json<StartedChatView>)> {
    let start = ChatStart {
        channel_id: body.channel_id,
        name: body.name,
        phone: body.phone,
        foreign: body.foreign,
        open_conversation: body.open_conversation,
        template_id: body.template_id,
        values: TemplateValues { positional: body.positional, named: body.named },
    };
    let started = state.app.start_chat(&me.user, start).await?;
    Ok((StatusCode::CREATED, Json(StartedChatView { conversation: started.conversation, message: started.message })))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(start))
}
