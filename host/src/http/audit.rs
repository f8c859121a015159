//! The audit log over HTTP (issue 17 part 4): a middleware that records each audited action
//! once it has succeeded (which requests are audited actions: [`crate::domain::audit`]), and
//! the admins' search of their account's log.
//!
//! The middleware learns who acted from [`ActorSlot`], which it puts in the request and the
//! `CurrentUser` extractor fills; the route's ids are the entry's target, and the request's JSON
//! body, secrets left out, is "what changed". An action refused (any 4xx or 5xx) changed
//! nothing and is not recorded. The entry is written before the answer goes out, so a client
//! that saw the action succeed finds it in the log.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, MatchedPath, Query, RawPathParams, Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::ClientIp;
use super::error::{ApiError, ApiResult, ErrorBody, Json};
use super::{AppState, CurrentUser};
use crate::domain::Millis;
use crate::domain::access::Role;
use crate::domain::audit::{self, AUDITED};
use crate::store::audit::{AuditEntryView, AuditFilter, NewAuditEntry};
use crate::store::views::UserView;

/// Who the request authenticated as, filled by the `CurrentUser` extractor.
#[derive(Debug, Clone, Default)]
pub(super) struct ActorSlot(Arc<Mutex<Option<UserView>>>);

impl ActorSlot {
    pub(super) fn fill(&self, user: &UserView) {
        *self.0.lock() = Some(user.clone());
    }
}

/// The largest request body kept as "what changed"; a larger one (an upload) is not read here.
const KEPT_BODY_BYTES: usize = 64 * 1024;

/// Record the request as an audited action once it succeeded, if it is one.
pub(super) async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_string();
    let Some(route) = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()) else {
        return next.run(request).await;
    };
    if !AUDITED.iter().any(|a| a.method == method && a.route == route) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let is_json = parts.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("json"));
    let length = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    let (body, details) = match length {
        Some(length) if is_json && length <= KEPT_BODY_BYTES => match to_bytes(body, KEPT_BODY_BYTES).await {
            Ok(bytes) => (Body::from(bytes.clone()), audit::details(&bytes)),
            Err(_) => return ApiError::invalid("O corpo da requisição não pôde ser lido.").into_response(),
        },
        _ => (body, None),
    };
    let target = RawPathParams::from_request_parts(&mut parts, &state).await.ok().and_then(|params| {
        let ids: serde_json::Map<String, serde_json::Value> =
            params.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string()))).collect();
        (!ids.is_empty()).then_some(serde_json::Value::Object(ids))
    });
    let ip = ClientIp::from_request_parts(&mut parts, &state).await.ok().map(|ClientIp(ip)| ip.to_string());
    let slot = ActorSlot::default();
    parts.extensions.insert(slot.clone());
    let response = next.run(Request::from_parts(parts, body)).await;
    if !response.status().is_success() {
        return response;
    }
    let Some(actor) = slot.0.lock().take() else { return response };
    let Some(action) = audit::audited(&method, &route, actor.role == Role::Admin) else { return response };
    let entry = NewAuditEntry {
        account_id: actor.account_id,
        user_id: Some(actor.id),
        user_name: Some(actor.name),
        user_email: Some(actor.email),
        action: action.to_string(),
        target,
        details,
        ip,
    };
    if let Err(err) = state.store.record_audit(entry).await {
        // The action itself succeeded: answering 500 now would have the client retry it.
        tracing::error!(error = %err, action, "the audit log could not record an action");
    }
    response
}

/// A login, or a login refused for a wrong password, in the account of the e-mail's user.
pub(super) async fn record_login(state: &AppState, user: &UserView, action: &str, ip: std::net::IpAddr) {
    let entry = NewAuditEntry {
        account_id: user.account_id,
        user_id: Some(user.id),
        user_name: Some(user.name.clone()),
        user_email: Some(user.email.clone()),
        action: action.to_string(),
        ip: Some(ip.to_string()),
        ..Default::default()
    };
    if let Err(err) = state.store.record_audit(entry).await {
        tracing::error!(error = %err, action, "the audit log could not record a login");
    }
}

/// Which entries: every filter optional.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this user's actions.
    pub user: Option<i64>,
    /// Only this action (one of `actions` in the answer).
    pub action: Option<String>,
    /// From this time (ms since the epoch, inclusive).
    pub from: Option<Millis>,
    /// Until this time (ms, exclusive).
    pub until: Option<Millis>,
    /// The page after the one that ended with this entry id.
    pub before: Option<i64>,
    /// 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// A page of the audit log, newest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    /// Pass as `before` for the next page; `None`: no more.
    pub next_before: Option<i64>,
    /// Every action the log may hold, to search by.
    pub actions: Vec<String>,
}

/// The account's audit log (admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "account", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn audit_log(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<AuditQuery>,
) -> ApiResult<Json<AuditPage>> {
    me.require_admin()?;
    if let Some(action) = &query.action
        && !audit::actions().any(|a| a == action)
    {
        return Err(ApiError::invalid(format!("Ação desconhecida: {action}.")));
    }
    if let (Some(from), Some(until)) = (query.from, query.until)
        && from >= until
    {
        return Err(ApiError::invalid("O início do período precisa ser antes do fim."));
    }
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let filter = AuditFilter {
        user_id: query.user,
        action: query.action,
        from: query.from,
        until: query.until,
        before: query.before,
        limit: limit + 1,
    };
    let mut items = state.store.audit_entries(me.account_id(), &filter).await?;
    let next_before = if items.len() as i64 > limit {
        items.truncate(limit as usize);
        items.last().map(|e| e.id)
    } else {
        None
    };
    Ok(Json(AuditPage { items, next_before, actions: audit::actions().map(str::to_string).collect() }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}
