//! Public endpoints of the simulator channel (CH4), addressed by the channel's secret key: the
//! contact's page reads its history, writes messages (through the same ingest as real
//! channels) and follows replies over a WebSocket.

use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket};
use axum::http::StatusCode;
use axum::response::Response;
use futures::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiError, ApiResult, ErrorBody, Json, Path, Query, Upgrade};
use crate::channels::simulator::{self, SimMessage, Submission};
use crate::domain::contact::normalise_phone;
use crate::realtime::Follower;
use crate::store::views::{ConversationView, MessageView};
use crate::store::{ChannelTarget, IngestOutcome, Store, StoreError};

/// The simulator's channel and company.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SimulatorInfo {
    pub channel: SimName,
    pub account: SimName,
}

/// A name.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SimName {
    pub name: String,
}

/// The contact's messages.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SimMessageList {
    pub items: Vec<SimMessage>,
}

/// A message the contact wrote.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SimPosted {
    pub message: SimMessage,
}

/// Which contact.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimContactQuery {
    /// The contact's phone.
    pub phone: String,
}

async fn channel(store: &Store, key: &str) -> ApiResult<ChannelTarget> {
    store
        .channel_by_external_id(simulator::KIND, key)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "Simulador não encontrado."))
}

fn phone(raw: &str) -> ApiResult<String> {
    normalise_phone(raw).map_err(ApiError::invalid)
}

async fn contact_conversation(
    store: &Store,
    channel: &ChannelTarget,
    phone: &str,
) -> ApiResult<Option<ConversationView>> {
    Ok(store.conversation_by_contact(channel.id, simulator::KIND, phone).await?)
}

/// The simulator's channel and company names.
#[utoipa::path(get, path = "/api/v1/simulator/{key}", tag = "simulator", params(("key" = String, Path)),
    responses((status = 200, body = SimulatorInfo), (status = 404, body = ErrorBody)))]
async fn info(State(state): State<AppState>, Path(key): Path<String>) -> ApiResult<Json<SimulatorInfo>> {
    let channel = channel(&state.store, &key).await?;
    Ok(Json(SimulatorInfo { channel: SimName { name: channel.name }, account: SimName { name: channel.account_name } }))
}

/// The contact's conversation as their phone shows it.
#[utoipa::path(get, path = "/api/v1/simulator/{key}/messages", tag = "simulator", params(("key" = String, Path), SimContactQuery),
    responses((status = 200, body = SimMessageList), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn history(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<SimContactQuery>,
) -> ApiResult<Json<SimMessageList>> {
    let channel = channel(&state.store, &key).await?;
    let items = match contact_conversation(&state.store, &channel, &phone(&query.phone)?).await? {
        Some(conversation) => visible(state.store.contact_visible_messages(&conversation, 200).await?),
        None => vec![],
    };
    Ok(Json(SimMessageList { items }))
}

fn visible(messages: Vec<MessageView>) -> Vec<SimMessage> {
    messages.iter().filter_map(simulator::contact_view).collect()
}

/// Write as the contact; the message goes through the real ingest pipeline.
#[utoipa::path(post, path = "/api/v1/simulator/{key}/messages", tag = "simulator", params(("key" = String, Path)),
    request_body = Submission, responses((status = 202, body = SimPosted), (status = 403, description = "The contact is blocked (S17)",
        body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn post_message(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Json(submission): Json<Submission>,
) -> ApiResult<(StatusCode, Json<SimPosted>)> {
    let channel = channel(&state.store, &key).await?;
    let inbound = simulator::to_inbound(channel.id, &submission, state.store.now()).map_err(ApiError::invalid)?;
    let message_id = match state.app.ingest(&inbound).await? {
        IngestOutcome::Stored { message_id, .. } | IngestOutcome::Duplicate { message_id } => message_id,
        IngestOutcome::Blocked => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "blocked",
                "Contato bloqueado, não é possível enviar ou receber mensagem",
            ));
        }
    };
    let stored = state.store.message_by_id(channel.account_id, message_id).await?;
    let message = simulator::contact_view(&stored).ok_or(StoreError::NotFound)?;
    Ok((StatusCode::ACCEPTED, Json(SimPosted { message })))
}

/// Live messages for the contact: the recent history first, then every new or updated
/// message the contact can see, as `{"type":"message","message":{…}}` frames.
#[utoipa::path(get, path = "/api/v1/simulator/{key}/stream", tag = "simulator", params(("key" = String, Path), SimContactQuery),
    responses((status = 101, description = "WebSocket upgrade"), (status = 404, body = ErrorBody),
        (status = 426, description = "A plain request, not a WebSocket handshake", body = ErrorBody)))]
async fn stream(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<SimContactQuery>,
    Upgrade(upgrade): Upgrade,
) -> ApiResult<Response> {
    let channel = channel(&state.store, &key).await?;
    let phone = phone(&query.phone)?;
    let follower = state.feeds.follow(channel.account_id, 0);
    Ok(upgrade.on_upgrade(move |socket| async move {
        if let Err(err) = follow(state.store, follower, channel, phone, socket).await {
            tracing::debug!(error = %err, "simulator stream ended");
        }
    }))
}

#[derive(Deserialize)]
struct EventPayload {
    conversation: ConversationView,
    message: Option<MessageView>,
}

fn frame(message: &SimMessage) -> Message {
    Message::Text(serde_json::json!({ "type": "message", "message": message }).to_string().into())
}

async fn follow(
    store: Store,
    mut follower: Follower,
    channel: ChannelTarget,
    phone: String,
    socket: WebSocket,
) -> anyhow::Result<()> {
    let _open = crate::metrics::OpenSocket::opened();
    let (mut sink, mut source) = socket.split();
    follower.skip_to(store.event_head(channel.account_id).await?);
    if let Some(conversation) = store.conversation_by_contact(channel.id, simulator::KIND, &phone).await? {
        for message in visible(store.contact_visible_messages(&conversation, 200).await?) {
            sink.send(frame(&message)).await?;
        }
    }
    let mut ping = tokio::time::interval(Duration::from_secs(25));
    ping.tick().await;
    loop {
        tokio::select! {
            batch = follower.next() => {
                for live in batch? {
                    let Ok(payload) = serde_json::from_str::<EventPayload>(&live.event.payload) else { continue };
                    let ours = payload.conversation.channel.as_ref().is_some_and(|c| c.id == channel.id)
                        && payload.conversation.contact.as_ref().is_some_and(|c| c.phone.as_deref() == Some(phone.as_str()));
                    if let (true, Some(message)) = (ours, payload.message.as_ref().and_then(simulator::contact_view)) {
                        sink.send(frame(&message)).await?;
                    }
                }
            }
            incoming = source.next() => match incoming {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return Ok(()),
                Some(Ok(_)) => {}
            },
            _ = ping.tick() => sink.send(Message::Ping(Default::default())).await?,
        }
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(info)).routes(routes!(history, post_message)).routes(routes!(stream))
}
