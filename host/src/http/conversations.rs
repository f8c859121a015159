//! The conversation list (L1, L2 unread filter, L14 shortcut), one conversation, and the read
//! mark (L12).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::domain::Vocabulary;
use crate::domain::views::Sort;
use crate::store::views::ConversationView;
use crate::store::{ConversationFilter, View, ViewCounts};

/// One page of conversations.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ConversationList {
    pub items: Vec<ConversationView>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// List filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConversationQuery {
    /// `all` (default), `open`, `mine` or `in_service`.
    pub view: Option<String>,
    /// `only`: just the internal team chat.
    pub internal: Option<String>,
    /// `true`: only unread chats.
    pub unread: Option<bool>,
    /// Only chats of contacts with this tag (L2).
    pub tag: Option<i64>,
    /// Only chats of this department (L2).
    pub department: Option<i64>,
    /// Only contacts from this campaign (L2, S10).
    pub campaign: Option<String>,
    /// Only chats of this agent (L2).
    pub agent: Option<i64>,
    /// Only chats on this kind of channel: `whatsapp`, `instagram`, `messenger`, `simulator` (L2).
    pub channel: Option<String>,
    /// `recent` (default), `oldest`, `opening_recent` or `opening_oldest` (L3).
    pub sort: Option<String>,
    /// Name, phone or protocol; only active protocols are found (L4).
    pub search: Option<String>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Conversations the user may see, in the chosen view, filters and order.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "conversations", params(ConversationQuery),
    responses((status = 200, body = ConversationList), (status = 400, body = ErrorBody),
        (status = 422, description = "A cursor that is not this list's", body = ErrorBody)))]
async fn list_conversations(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<ConversationQuery>,
) -> ApiResult<Json<ConversationList>> {
    let view = match query.view.as_deref() {
        None | Some("") => View::All,
        Some(v) => View::parse(v).ok_or_else(|| {
            ApiError::bad_request(format!("Visão '{v}' desconhecida; use all, open, mine ou in_service."))
        })?,
    };
    let internal_only = match query.internal.as_deref() {
        None | Some("") => false,
        Some("only") => true,
        Some(other) => return Err(ApiError::bad_request(format!("internal='{other}' inválido; use 'only'."))),
    };
    let sort = match query.sort.as_deref() {
        None | Some("") => Sort::Recent,
        Some(s) => Sort::parse(s).ok_or_else(|| {
            ApiError::bad_request(format!(
                "Ordenação '{s}' desconhecida; use recent, oldest, opening_recent ou opening_oldest."
            ))
        })?,
    };
    let filter = ConversationFilter {
        view,
        internal_only,
        unread_only: query.unread.unwrap_or(false),
        tag_id: query.tag,
        department_id: query.department,
        campaign: query.campaign,
        agent_id: query.agent,
        channel: query.channel,
        sort,
        search: query.search,
        limit: query.limit.unwrap_or(50),
        cursor: query.cursor,
    };
    let page = state.store.list_conversations(&me.user, &filter).await?;
    Ok(Json(ConversationList { items: page.items, next_cursor: page.next_cursor }))
}

/// How many chats each view holds for the user, and how many of them are unread (L1).
#[utoipa::path(get, path = "/api/v1/conversations/counts", tag = "conversations", responses((status = 200, body = ViewCounts)))]
async fn view_counts(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ViewCounts>> {
    Ok(Json(state.store.view_counts(&me.user).await?))
}

/// A conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "conversations", params(("id" = i64, Path)),
    responses((status = 200, body = ConversationView), (status = 404, body = ErrorBody)))]
async fn get_conversation(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ConversationView>> {
    Ok(Json(state.store.conversation_for(&me.user, id).await?))
}

/// Mark a conversation read (L12): done when a user opens it.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/read", tag = "conversations", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn mark_read(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    let view = state.store.set_unread(&me.user, id, false).await?;
    // WhatsApp: tell the contact their messages were read, off the request's path.
    if let Some(channel) = view.channel.filter(|c| c.kind == crate::channels::whatsapp::KIND)
        && let Some(provider_id) = state.store.last_inbound_provider_id(id).await?
    {
        let channels = state.channels.clone();
        tokio::spawn(async move {
            if let Some(whatsapp) = channels.whatsapp() {
                whatsapp.mark_read(channel.id, &provider_id).await;
            }
        });
    }
    Ok(StatusCode::NO_CONTENT)
}

/// "Marcar como não lido" (L12).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/unread", tag = "conversations", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn mark_unread(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    state.store.set_unread(&me.user, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_conversations))
        .routes(routes!(view_counts))
        .routes(routes!(get_conversation))
        .routes(routes!(mark_read))
        .routes(routes!(mark_unread))
}
