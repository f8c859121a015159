//! A request id for every API call: made when the request arrives, returned in the
//! `X-Request-Id` header, and written with every internal failure logged while serving it, so
//! the id a user reads in a 500 answer finds the log line that says what went wrong. Every log
//! line written while serving is inside the request's span, so it carries the id too.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

/// The response header that carries the id.
pub const HEADER: &str = "x-request-id";

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served, if any.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Serve `request` under a new id, and answer with it.
pub async fn assign(request: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string()[..16].to_string();
    // The path only: a query string may hold a secret (Meta's hub.verify_token).
    let span = tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path());
    let mut response = REQUEST_ID.scope(id.clone(), next.run(request)).instrument(span).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}
