//! The `target_phone` deep link (A5): `/chat?target_phone=21999999999` opens the contact's
//! chat, or New chat (L5) with the phone filled in. The web UI asks this endpoint which.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Query};
use super::{AppState, CurrentUser};
use crate::domain::contact::target_phone;

/// The deep link's parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetQuery {
    /// DDD and number (hyphens allowed, no parentheses), or with `foreign`, the number with its
    /// country code.
    pub target_phone: String,
    /// "Número estrangeiro".
    pub foreign: Option<bool>,
}

/// Where the link leads.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChatTarget {
    /// The phone as stored (digits with the country code).
    pub phone: String,
    /// The contact's chat the user may see, if there is one; else open New chat.
    pub conversation_id: Option<i64>,
    pub contact_id: Option<i64>,
}

/// Resolve a `target_phone` deep link.
#[utoipa::path(get, path = "/api/v1/chat-target", tag = "conversations", params(TargetQuery),
    responses((status = 200, body = ChatTarget), (status = 422, body = ErrorBody)))]
async fn chat_target(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<TargetQuery>,
) -> ApiResult<Json<ChatTarget>> {
    let phone = target_phone(&query.target_phone, query.foreign.unwrap_or(false)).map_err(ApiError::invalid)?;
    let mut target = ChatTarget { phone: phone.clone(), conversation_id: None, contact_id: None };
    for (contact_id, conversation_id) in state.store.chats_by_phone(me.account_id(), &phone).await? {
        target.contact_id.get_or_insert(contact_id);
        if let Some(conversation_id) = conversation_id
            && state.store.conversation_for(&me.user, conversation_id).await.is_ok()
        {
            target.contact_id = Some(contact_id);
            target.conversation_id = Some(conversation_id);
            break;
        }
    }
    Ok(Json(target))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(chat_target))
}
