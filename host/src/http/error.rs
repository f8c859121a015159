//! API errors as JSON (`{"error":{"code","message"}}`) and the extractors that turn every kind
//! of bad input (malformed JSON, wrong types, bad path ids, oversized bodies) into a 4xx that
//! says what is wrong.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::request_id;
use crate::domain::flow::check::{Issue, Severity};
use crate::service;
use crate::store::StoreError;

/// An error answer of the API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Set on internal failures.
    pub request_id: Option<String>,
    /// Set for a flow with errors.
    pub issues: Option<Vec<Issue>>,
    /// Seconds to wait, sent as `Retry-After` (a 429).
    pub retry_after: Option<u64>,
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code (`not_found`, `invalid_body` …).
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
    /// The request's id (also in `X-Request-Id`), which every log line written while serving
    /// it carries: for an internal failure (500), the id to quote to support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For a flow with errors (`invalid_flow`): each problem, naming its node and field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issues: Option<Vec<Issue>>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), request_id: None, issues: None, retry_after: None }
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Não encontrado.")
    }
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Faça login para continuar.")
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }
    /// Past a rate limit: `429` with `Retry-After`, the whole seconds until a request passes.
    pub fn too_many_requests(wait: std::time::Duration) -> Self {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        ApiError {
            retry_after: Some(seconds.max(1)),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Muitas requisições desta conta; tente de novo em {} s.", seconds.max(1)),
            )
        }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }
    /// An internal failure: logged with the request's id; the answer says only that it
    /// happened, and the id.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        let request_id = request_id::current();
        tracing::error!(request_id = request_id.as_deref().unwrap_or("-"), error = %err, "internal error");
        let message = match &request_id {
            Some(id) => format!("Erro interno do servidor. Informe o código {id} ao suporte."),
            None => "Erro interno do servidor.".to_string(),
        };
        ApiError { request_id, ..Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
                request_id: self.request_id.or_else(request_id::current),
                issues: self.issues,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

impl From<service::Error> for ApiError {
    fn from(err: service::Error) -> Self {
        use service::Error;
        match err {
            Error::NotFound => ApiError::not_found(),
            Error::Forbidden(message) => ApiError::forbidden(message),
            Error::Conflict(message) => ApiError::new(StatusCode::CONFLICT, "conflict", message),
            Error::DraftConflict(message) => ApiError::new(StatusCode::CONFLICT, "draft_conflict", message),
            Error::Invalid(message) => ApiError::invalid(message),
            Error::InvalidFlow(issues) => {
                let errors = issues.iter().filter(|i| i.severity == Severity::Error).count();
                let message = format!("O fluxo tem {errors} erro(s); cada um diz o nó e o campo.");
                ApiError {
                    issues: Some(issues),
                    ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_flow", message)
                }
            }
            Error::OutsideWindow(message) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "outside_window", message),
            blocked @ Error::Blocked => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "blocked", blocked.to_string()),
            Error::PluginUnavailable(message) => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "plugin_failed", message)
            }
            Error::Upstream(message) => ApiError::new(StatusCode::BAD_GATEWAY, "meta_error", message),
            Error::Internal(message) => ApiError::internal(message),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        service::Error::from(err).into()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let status = rejection.status();
        let (code, message) = match &rejection {
            JsonRejection::JsonSyntaxError(_) => {
                ("malformed_json", format!("JSON inválido: {}", rejection.body_text()))
            }
            JsonRejection::JsonDataError(_) => ("invalid_body", format!("Corpo inválido: {}", rejection.body_text())),
            JsonRejection::MissingJsonContentType(_) => {
                ("unsupported_media_type", "Envie o corpo como JSON (Content-Type: application/json).".to_string())
            }
            _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
                ("payload_too_large", "O corpo da requisição excede o tamanho máximo permitido.".to_string())
            }
            _ => ("bad_request", rejection.body_text()),
        };
        ApiError::new(status, code, message)
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::bad_request(format!("Parâmetro de caminho inválido: {}", rejection.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        ApiError::bad_request(format!("Parâmetro de consulta inválido: {}", rejection.body_text()))
    }
}

impl From<axum::extract::ws::rejection::WebSocketUpgradeRejection> for ApiError {
    fn from(rejection: axum::extract::ws::rejection::WebSocketUpgradeRejection) -> Self {
        ApiError::new(
            StatusCode::UPGRADE_REQUIRED,
            "websocket_required",
            format!("Esta rota é um WebSocket: conecte com Upgrade: websocket ({}).", rejection.body_text()),
        )
    }
}

/// A WebSocket handshake whose rejection (a plain request) is an [`ApiError`].
pub struct Upgrade(pub axum::extract::ws::WebSocketUpgrade);

/// What a client may send on our sockets is a small JSON frame (a page's presence): a read
/// buffer of 4 KiB, not tungstenite's 128 KiB, keeps 2,000 open sockets to a few MB.
const SOCKET_READ_BUFFER: usize = 4 * 1024;
const SOCKET_MAX_MESSAGE: usize = 64 * 1024;

impl<S: Send + Sync> FromRequestParts<S> for Upgrade {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        let upgrade = axum::extract::ws::WebSocketUpgrade::from_request_parts(parts, state).await?;
        Ok(Upgrade(
            upgrade
                .read_buffer_size(SOCKET_READ_BUFFER)
                .max_message_size(SOCKET_MAX_MESSAGE)
                .max_frame_size(SOCKET_MAX_MESSAGE),
        ))
    }
}

/// JSON body whose rejections are [`ApiError`]s.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters whose rejections are [`ApiError`]s.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Query parameters whose rejections are [`ApiError`]s.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
