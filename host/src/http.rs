//! The HTTP surface: REST JSON under `/api/v1` (one file per resource), the live event stream,
//! the simulator's public endpoints, the OpenAPI 3.1 document at `/api/openapi.json` (generated
//! from the handlers, so it covers every endpoint), `/healthz`, and the web UI.

mod account;
mod api_tokens;
mod appointments;
mod audit;
mod auth;
mod broadcasts;
mod channels;
mod chat_target;
mod companies;
mod composer;
mod contact_imports;
mod contacts;
mod conversations;
mod custom_fields;
mod dashboard;
mod data_rights;
mod departments;
pub mod error;
mod events;
mod flows;
mod media;
mod media_library;
mod messages;
mod meta_channels;
mod new_chat;
mod notifications;
mod openapi;
mod operator;
mod plugins;
mod profile;
mod push;
mod quick_replies;
mod request_id;
mod reseller;
mod scheduled_messages;
mod security_headers;
mod service;
mod sessions;
mod simulator;
mod tags;
mod templates;
mod ui;
mod uploads;
mod users;
pub mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::api_quota::ApiQuota;
use crate::auth::LoginLimiter;
use crate::channels::Channels;
use crate::channels::meta::Meta;
use crate::config::ServeArgs;
use crate::plugins::Plugins;
use crate::realtime::Feeds;
use crate::service::App;
use crate::store::Store;
pub use auth::CurrentUser;
use error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The operations (every action with its rules); handlers call these.
    pub app: App,
    /// For reads and for the resources with no rule beyond what the store checks.
    pub store: Store,
    pub config: Arc<ServeArgs>,
    pub limiter: Arc<LoginLimiter>,
    /// Each account's API requests per minute.
    pub quota: Arc<ApiQuota>,
    pub ui: Arc<ui::Ui>,
    pub plugins: Arc<Plugins>,
    /// Graph API client, secret box and media folder of the Meta channels.
    pub meta: Meta,
    pub channels: Arc<Channels>,
    /// The accounts' live event feeds on this host, shared by every stream (L6).
    pub feeds: Arc<Feeds>,
}

impl AppState {
    pub fn new(app: App, config: ServeArgs, meta: Meta, channels: Arc<Channels>) -> Self {
        let limiter = LoginLimiter::new(config.login_per_ip_per_minute, config.login_per_user_per_minute);
        let ui = ui::Ui::new(config.ui_dir.clone());
        let feeds = Feeds::new(app.store.clone(), std::time::Duration::from_millis(config.event_poll_ms));
        let quota = Arc::new(ApiQuota::new(config.api_per_account_per_minute));
        AppState {
            feeds,
            quota,
            store: app.store.clone(),
            plugins: app.plugins.clone(),
            app,
            config: Arc::new(config),
            limiter: Arc::new(limiter),
            ui: Arc::new(ui),
            meta,
            channels,
        }
    }
}

/// The API routes with their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(auth::router())
        .merge(account::router())
        .merge(users::router())
        .merge(sessions::router())
        .merge(audit::router())
        .merge(data_rights::router())
        .merge(departments::router())
        .merge(api_tokens::router())
        .merge(channels::router())
        .merge(contacts::router())
        .merge(contact_imports::router())
        .merge(companies::router())
        .merge(broadcasts::router())
        .merge(reseller::router())
        .merge(dashboard::router())
        .merge(conversations::router())
        .merge(messages::router())
        .merge(events::router())
        .merge(simulator::router())
        .merge(plugins::router())
        .merge(notifications::router())
        .merge(push::router())
        .merge(quick_replies::router())
        .merge(tags::router())
        .merge(service::router())
        .merge(scheduled_messages::router())
        .merge(profile::router())
        .merge(chat_target::router())
        .merge(new_chat::router())
        .merge(custom_fields::router())
        .merge(meta_channels::router())
        .merge(webhooks::router())
        .merge(templates::router())
        .merge(composer::router())
        .merge(media::router())
        .merge(media_library::router())
        .merge(flows::router())
        .merge(appointments::router())
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let (api, mut openapi) = api().split_for_parts();
    openapi::add_shared_answers(&mut openapi);
    openapi::unique_operation_ids(&mut openapi);
    let openapi = Arc::new(openapi);
    let max_body = state.config.max_body_bytes;
    let router = Router::new()
        .merge(api)
        .route("/api/openapi.json", get(move || async move { axum::Json(openapi.as_ref().clone()) }))
        .route("/healthz", get(operator::healthz))
        .route("/readyz", get(operator::readyz))
        .route("/metrics", get(operator::metrics))
        .route("/api", get(api_not_found))
        .route(
            "/api/{*rest}",
            get(api_not_found).post(api_not_found).put(api_not_found).patch(api_not_found).delete(api_not_found),
        )
        .fallback(ui::serve)
        .method_not_allowed_fallback(method_not_allowed)
        // Innermost: after routing (the matched route names the action), around the handler.
        .layer(axum::middleware::from_fn_with_state(state.clone(), audit::record))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(|_| ApiError::internal("handler panicked").into_response()))
        .layer(axum::middleware::from_fn(crate::metrics::record_request))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|_: &axum::http::Request<axum::body::Body>| tracing::debug_span!("http")),
        )
        // Outermost: every log line written while serving carries the request's id.
        .layer(axum::middleware::from_fn(request_id::assign));
    security_headers::apply(router).with_state(state)
}

async fn api_not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "unknown_route", "Rota da API inexistente.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "Método não permitido nesta rota.")
}
