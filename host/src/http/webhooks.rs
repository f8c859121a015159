//! Meta webhooks (issue 5 part 2), one address per connected channel
//! (`/api/v1/webhooks/meta/{key}`): the GET verification handshake, and POSTs whose
//! `X-Hub-Signature-256` is checked over the raw body in constant time before anything is read
//! (bad or missing: 401, nothing stored). Bodies up to 3 MB are read; larger ones get 413. The
//! batch goes to the inbound pipeline ([`crate::service::inbound`]), the same as the
//! simulator's messages, and the answer is 200 only after everything is committed, so Meta
//! retries what was not, and duplicates change nothing.

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use crate::channels::meta::event::Event;
use crate::channels::meta::signature;
use crate::channels::{instagram, messenger, whatsapp};
use crate::domain::Millis;
use crate::service::inbound::WebhookReceipt;
use crate::store::{MetaChannel, Store};

/// Bodies up to this many times the limit are read to the end before the 413.
const DRAIN_FACTOR: usize = 4;

async fn channel(store: &Store, key: &str) -> ApiResult<MetaChannel> {
    store
        .meta_channel_by_key(key)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "Webhook desconhecido."))
}

/// The value of `name` in a query string, decoded (Meta's `hub.*` names have dots, which some
/// frameworks mangle: read them by hand).
fn query_value(query: &str, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes()).find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
}

/// Meta's verification handshake: echo `hub.challenge` when `hub.verify_token` is the channel's.
#[utoipa::path(get, path = "/api/v1/webhooks/meta/{key}", tag = "webhooks", params(("key" = String, Path)),
    responses((status = 200, description = "The challenge, as plain text", body = String),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn verify(
    State(state): State<AppState>,
    Path(key): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<Response> {
    let channel = channel(&state.store, &key).await?;
    let query = query.unwrap_or_default();
    let mode = query_value(&query, "hub.mode");
    let token = query_value(&query, "hub.verify_token").unwrap_or_default();
    let challenge = query_value(&query, "hub.challenge").unwrap_or_default();
    let expected = state.meta.credentials(&channel).map_err(ApiError::internal)?.verify_token;
    let matches: bool = subtle::ConstantTimeEq::ct_eq(token.as_bytes(), expected.expose().as_bytes()).into();
    if mode.as_deref() != Some("subscribe") || !matches {
        return Err(ApiError::forbidden("Token de verificação inválido."));
    }
    Ok((StatusCode::OK, [("content-type", "text/plain; charset=utf-8")], challenge).into_response())
}

/// Receive a batch of events from Meta.
#[utoipa::path(post, path = "/api/v1/webhooks/meta/{key}", tag = "webhooks", params(("key" = String, Path)),
    request_body(content = String, description = "Meta's webhook JSON, signed with X-Hub-Signature-256"),
    responses((status = 200, body = WebhookReceipt), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn receive(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<WebhookReceipt>> {
    let limit = state.config.webhook_max_body_bytes;
    let too_large =
        || ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", format!("O corpo excede {limit} bytes."));
    // Far too large: refuse at once. Otherwise read it all (discarding past the limit) before
    // answering 413, so the sender gets the answer rather than a reset connection.
    let declared = headers.get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > DRAIN_FACTOR * limit) {
        return Err(too_large());
    }
    let mut stream = body.into_data_stream();
    let mut buffer = Vec::with_capacity(declared.unwrap_or(0).min(limit));
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| ApiError::bad_request("O corpo da requisição foi interrompido."))?;
        total += chunk.len();
        if total <= limit {
            buffer.extend_from_slice(&chunk);
        } else if total > DRAIN_FACTOR * limit {
            break;
        }
    }
    if total > limit {
        return Err(too_large());
    }
    let bytes = Bytes::from(buffer);
    let found = state
        .meta
        .webhook_channel(&state.store, &key)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "not_found", "Webhook desconhecido."))?;
    let channel = &found.channel;
    let header = headers.get(signature::HEADER).and_then(|v| v.to_str().ok());
    if !signature::verify(found.app_secret.expose(), &bytes, header) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "bad_signature",
            "Assinatura X-Hub-Signature-256 inválida.",
        ));
    }
    let events = parse(&channel.channel.kind, &bytes, state.store.now()).map_err(|e| ApiError::bad_request(e.0))?;
    Ok(Json(state.app.receive_meta_events(channel, events).await?))
}

/// Parse a body for a channel of `kind`, received at `now`.
pub fn parse(kind: &str, body: &[u8], now: Millis) -> Result<Vec<Event>, crate::channels::meta::event::ParseError> {
    match kind {
        whatsapp::KIND => whatsapp::inbound::parse(body, now),
        messenger::KIND => messenger::inbound::parse(body, messenger::OBJECT, messenger::KIND, now),
        instagram::KIND => messenger::inbound::parse(body, instagram::OBJECT, instagram::KIND, now),
        other => Err(crate::channels::meta::event::ParseError(format!("canal {other} não recebe webhooks da Meta"))),
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(verify, receive))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_read_with_their_dots_and_decoded() {
        let q = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meaty%20ham+hock";
        assert_eq!(query_value(q, "hub.mode").as_deref(), Some("subscribe"));
        assert_eq!(query_value(q, "hub.challenge").as_deref(), Some("1158201444"));
        assert_eq!(query_value(q, "hub.verify_token").as_deref(), Some("meaty ham hock"));
        assert_eq!(query_value(q, "hub_mode"), None);
        assert_eq!(query_value("hub.verify_token=%zz%", "hub.verify_token").as_deref(), Some("%zz%"));
    }
}
