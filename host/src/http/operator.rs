//! The operator's endpoints, outside the API: `/healthz` (the process answers), `/readyz` (the
//! database answers and has exactly this binary's migrations: what a load balancer should ask
//! before sending traffic) and `/metrics` (Prometheus text, behind `ATENDE_METRICS_TOKEN` when
//! one is set).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::AppState;
use super::error::ApiError;

pub async fn healthz() -> &'static str {
    "ok"
}

/// `200 ready` or `503` with what is missing.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.readiness().await {
        Ok(readiness) if readiness.ready() => (StatusCode::OK, "ready").into_response(),
        Ok(readiness) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "database at migration {}, this binary expects {}",
                readiness.database_version.map_or("none".to_string(), |v| v.to_string()),
                readiness.binary_version
            ),
        )
            .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable").into_response()
        }
    }
}

/// The metrics in Prometheus text format.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let expected = state.config.metrics_token.as_bytes();
    if !expected.is_empty() {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !bool::from(given.as_bytes().ct_eq(expected)) {
            return ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "Informe o token das métricas (Bearer).")
                .into_response();
        }
    }
    match crate::metrics::render(&state.store).await {
        Ok(text) => ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response(),
        Err(err) => ApiError::internal(format!("metrics: {err}")).into_response(),
    }
}
