//! Web Push subscriptions (N3): the server's VAPID public key (the browser's
//! `applicationServerKey`), and each user's subscription per device, saved after the user
//! allows notifications, read to know whether the device is subscribed, and deleted when push is
//! switched off there. A user only ever sees and touches their own subscriptions (an admin
//! neither sees nor removes anyone else's). Logging out removes the subscriptions made in that
//! session; the push worker removes those the push service says are gone.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::domain::push;
use crate::store::PushSubscriptionView;

/// The key push subscriptions must be made with.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PushKey {
    /// The server's VAPID public key: the uncompressed P-256 point, unpadded base64url. Pass it
    /// (decoded to bytes) as `applicationServerKey` to `pushManager.subscribe`.
    pub public_key: String,
}

/// A browser's push subscription, as `PushSubscription.toJSON()` gives it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPushSubscription {
    /// The push service's URL (`https://`).
    pub endpoint: String,
    pub keys: PushSubscriptionKeys,
}

/// The subscription's keys, base64url.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PushSubscriptionKeys {
    /// The browser's public key: an uncompressed P-256 point (65 bytes).
    pub p256dh: String,
    /// The authentication secret (16 bytes).
    pub auth: String,
}

fn device_of(device: &str) -> ApiResult<()> {
    push::check_device(device).map_err(ApiError::invalid)
}

/// The server's VAPID public key, the same on every host.
#[utoipa::path(get, path = "/api/v1/push/key", tag = "push",
    responses((status = 200, body = PushKey)))]
async fn push_key(State(state): State<AppState>, _me: CurrentUser) -> ApiResult<Json<PushKey>> {
    // Made at start (app.rs) before the server listens, so it is always there.
    let (_, public_key) = state.store.push_keys().await?.ok_or_else(|| ApiError::internal("no VAPID key pair"))?;
    Ok(Json(PushKey { public_key }))
}

/// Save this device's push subscription for the signed-in user, bound to this login session
/// (logging out removes it). An endpoint another user or device had moves here.
#[utoipa::path(put, path = "/api/v1/push/subscriptions/{device}", tag = "push",
    params(("device" = String, Path, description = "The device's id, chosen by the client: 1 to 100 letters, digits, '-' or '_'.")),
    request_body = NewPushSubscription,
    responses((status = 200, body = PushSubscriptionView), (status = 422, body = ErrorBody)))]
async fn save_push_subscription(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(device): Path<String>,
    Json(body): Json<NewPushSubscription>,
) -> ApiResult<Json<PushSubscriptionView>> {
    device_of(&device)?;
    let subscription =
        push::check_subscription(&body.endpoint, &body.keys.p256dh, &body.keys.auth, state.config.push_allow_http)
            .map_err(ApiError::invalid)?;
    let saved = state
        .store
        .save_push_subscription(me.account_id(), me.user.id, me.session_hash(), &device, &subscription)
        .await?;
    Ok(Json(saved))
}

/// The signed-in user's push subscription on this device.
#[utoipa::path(get, path = "/api/v1/push/subscriptions/{device}", tag = "push",
    params(("device" = String, Path)),
    responses((status = 200, body = PushSubscriptionView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn get_push_subscription(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(device): Path<String>,
) -> ApiResult<Json<PushSubscriptionView>> {
    device_of(&device)?;
    Ok(Json(state.store.push_subscription(me.account_id(), me.user.id, &device).await?))
}

/// Stop pushes to this device (the user switched push off there).
#[utoipa::path(delete, path = "/api/v1/push/subscriptions/{device}", tag = "push",
    params(("device" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn delete_push_subscription(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(device): Path<String>,
) -> ApiResult<StatusCode> {
    device_of(&device)?;
    state.store.delete_push_subscription(me.account_id(), me.user.id, &device).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push_key)).routes(routes!(
        save_push_subscription,
        get_push_subscription,
        delete_push_subscription
    ))
}
