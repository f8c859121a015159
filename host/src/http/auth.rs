//! Who is calling: the session cookie (HttpOnly, SameSite=Lax, Secure behind TLS) with a CSRF
//! token required on every cookie-authenticated write, or an API token (`Authorization:
//! Bearer atd_…`) for integrators. Also login (rate limited per IP and per e-mail), logout
//! and `me`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::{AUTHORIZATION, COOKIE as COOKIE_HEADER, HOST, ORIGIN, SET_COOKIE, USER_AGENT};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::error::{ApiError, ApiResult, Json};
use crate::auth;
use crate::config::SecureCookies;
use crate::domain::access::Role;
use crate::domain::audit;
use crate::store::SessionOrigin;
use crate::store::views::{AccountView, UserView};

/// Name of the session cookie.
pub const COOKIE: &str = "atende_session";
/// Header that carries the CSRF token on cookie-authenticated writes.
pub const CSRF_HEADER: &str = "x-csrf-token";
pub(super) const SESSION_DAYS: i64 = 30;

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: UserView,
    /// CSRF token of the cookie session; `None` when an API token authenticated the call.
    pub csrf_token: Option<String>,
    /// Hash of the session token (for logout).
    session_hash: Option<String>,
}

impl CurrentUser {
    pub fn account_id(&self) -> i64 {
        self.user.account_id
    }

    /// Hash of the login session's token (what a push subscription is bound to); `None` when an
    /// API token authenticated the call.
    pub fn session_hash(&self) -> Option<&str> {
        self.session_hash.as_deref()
    }

    /// Fail unless the user is an admin of their account.
    pub fn require_admin(&self) -> ApiResult<()> {
        if self.user.role == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::forbidden("Apenas administradores podem fazer isso."))
        }
    }
}

/// The value of the cookie `name` among the request's cookies.
pub(super) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_string()))
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, COOKIE)
}

/// A cookie-authenticated request must come from our own pages (Origin) and, unless it only
/// reads, carry the session's CSRF token.
pub(super) fn check_cookie_request(parts: &Parts, csrf: &str) -> ApiResult<()> {
    if !same_origin(&parts.headers) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "cross_origin", "Origem da requisição não permitida."));
    }
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !safe && !auth::secrets_equal(sent, csrf) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "Token CSRF ausente ou inválido: envie o cabeçalho X-CSRF-Token.",
        ));
    }
    Ok(())
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers.get(AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Whether the Origin header (if any) names the host the request was sent to: browsers send it
/// on cross-site requests, including WebSocket handshakes that SameSite does not cover.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(ORIGIN).and_then(|o| o.to_str().ok()) else { return true };
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    origin.split_once("://").is_some_and(|(_, rest)| rest.trim_end_matches('/') == host)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let store = &state.store;
        if let Some(token) = bearer_token(&parts.headers) {
            let info = store.api_token(&auth::token_hash(token)).await?.ok_or_else(ApiError::unauthorized)?;
            within_quota(state, info.account_id)?;
            let user = store.user(info.account_id, info.user_id).await?;
            fill_actor(parts, &user);
            return Ok(CurrentUser { user, csrf_token: None, session_hash: None });
        }
        let token = session_token(&parts.headers).ok_or_else(ApiError::unauthorized)?;
        let hash = auth::token_hash(&token);
        let info = store.session(&hash).await?.ok_or_else(ApiError::unauthorized)?;
        let csrf = info.csrf_token.unwrap_or_default();
        check_cookie_request(parts, &csrf)?;
        if info.must_change_password && !reachable_before_password_change(&parts.method, parts.uri.path()) {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "password_change_required",
                "Troque a sua senha para continuar: um administrador pediu uma nova.",
            ));
        }
        within_quota(state, info.account_id)?;
        let user = store.user(info.account_id, info.user_id).await?;
        fill_actor(parts, &user);
        Ok(CurrentUser { user, csrf_token: Some(csrf), session_hash: Some(hash) })
    }
}

/// Tell the audit log who is acting (when the request is an audited action, it is there).
fn fill_actor(parts: &Parts, user: &UserView) {
    if let Some(slot) = parts.extensions.get::<super::audit::ActorSlot>() {
        slot.fill(user);
    }
}

/// What a session whose user must choose a new password may still reach: who they are, the
/// change itself, and logging out.
fn reachable_before_password_change(method: &Method, path: &str) -> bool {
    matches!(
        (method.as_str(), path),
        ("GET", "/api/v1/me") | ("PUT", "/api/v1/me/password") | ("POST", "/api/v1/auth/logout")
    )
}

/// Count the request against its account's API quota.
fn within_quota(state: &AppState, account_id: i64) -> Result<(), ApiError> {
    state.quota.check(account_id).map_err(ApiError::too_many_requests)
}

/// The client's IP address: the socket peer, or what the trusted proxy says it saw in
/// `X-Forwarded-For` when the server is configured to trust its proxy.
pub struct ClientIp(pub IpAddr);

/// The client's address in an `X-Forwarded-For` header from the one trusted proxy in front: the
/// header's last entry, the address the proxy itself saw. Earlier entries are whatever the client
/// sent (a proxy that appends, like nginx's `$proxy_add_x_forwarded_for` or HAProxy's
/// `forwardfor`, keeps them) and would let anyone pick the address the login limit counts.
fn forwarded_client(header: &str) -> Option<IpAddr> {
    header.rsplit(',').next().and_then(|hop| hop.trim().parse().ok())
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if state.config.trust_proxy
            && let Some(ip) =
                parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()).and_then(forwarded_client)
        {
            return Ok(ClientIp(ip));
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientIp(peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

/// Credentials for login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// The signed-in user, their account and the CSRF token for writes.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub user: UserView,
    pub account: AccountView,
    /// Send it as `X-CSRF-Token` on every POST/PATCH/PUT/DELETE made with the session cookie.
    pub csrf_token: Option<String>,
}

pub(super) fn cookie_is_secure(state: &AppState, headers: &HeaderMap) -> bool {
    match state.config.secure_cookies {
        SecureCookies::Always => true,
        SecureCookies::Never => false,
        SecureCookies::Auto => {
            state.config.trust_proxy && headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
        }
    }
}

fn session_cookie(value: String, max_age_days: i64, secure: bool) -> HeaderValue {
    named_cookie(COOKIE, value, max_age_days, secure)
}

/// An HttpOnly, SameSite=Lax session cookie `name` for the whole site.
pub(super) fn named_cookie(name: &'static str, value: String, max_age_days: i64, secure: bool) -> HeaderValue {
    let cookie = Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(time::Duration::days(max_age_days))
        .build();
    HeaderValue::from_str(&cookie.to_string()).expect("cookie is a valid header")
}

/// Refuse a login attempt over the per-IP or per-e-mail limit.
pub(super) fn check_login_rate(state: &AppState, ip: IpAddr, email: &str) -> ApiResult<()> {
    if state.limiter.allow(ip, email) {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Muitas tentativas de login. Aguarde um minuto e tente de novo.",
    ))
}

/// A password checked against its stored hash (off the async threads: Argon2 is slow on
/// purpose); an unknown login checks a dummy hash, so both take as long.
pub(super) async fn password_matches(password: String, hash: Option<String>) -> ApiResult<bool> {
    let hash = hash.unwrap_or_else(|| auth::dummy_hash().to_string());
    tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash)).await.map_err(ApiError::internal)
}

/// Sign in with e-mail and password; sets the session cookie.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = super::error::ErrorBody), (status = 429, body = super::error::ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> ApiResult<Response> {
    check_login_rate(&state, ip, &request.email)?;
    let found = state.store.user_for_login(&request.email).await?;
    let valid = password_matches(request.password, found.as_ref().map(|(_, h)| h.clone())).await?;
    let user = match found {
        Some((user, _)) if valid && user.active => user,
        found => {
            if let Some((user, _)) = found.filter(|_| !valid) {
                super::audit::record_login(&state, &user, audit::LOGIN_FAILED, ip).await;
            }
            return Err(ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", "E-mail ou senha inválidos."));
        }
    };
    if state.store.account_suspended(user.account_id).await? {
        return Err(ApiError::forbidden("Esta conta está suspensa. Fale com a sua revenda."));
    }
    let token = auth::random_token();
    let csrf = auth::random_token();
    let expires = state.store.now() + SESSION_DAYS * 24 * 3600 * 1000;
    let origin = SessionOrigin {
        ip: Some(ip.to_string()),
        user_agent: headers.get(USER_AGENT).and_then(|v| v.to_str().ok()).map(str::to_string),
    };
    state.store.create_session(user.account_id, user.id, &auth::token_hash(&token), &csrf, expires, origin).await?;
    super::audit::record_login(&state, &user, audit::LOGIN, ip).await;
    let account = state.store.account(user.account_id).await?;
    let cookie = session_cookie(token, SESSION_DAYS, cookie_is_secure(&state, &headers));
    let body = Me { user, account, csrf_token: Some(csrf) };
    Ok(([(SET_COOKIE, cookie)], axum::Json(body)).into_response())
}

/// End the session and clear the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)),
    security(("session" = [])))]
async fn logout(State(state): State<AppState>, me: CurrentUser, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(hash) = &me.session_hash {
        state.store.delete_session(hash).await?;
    }
    let cookie = session_cookie(String::new(), 0, cookie_is_secure(&state, &headers));
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = super::error::ErrorBody)),
    security(("session" = []), ("token" = [])))]
async fn me(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<Me>> {
    let account = state.store.account(me.account_id()).await?;
    Ok(Json(Me { user: me.user, account, csrf_token: me.csrf_token }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(logout)).routes(routes!(me))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[("cookie", "a=1; atende_session=tok; b=2")]);
        assert_eq!(session_token(&h).as_deref(), Some("tok"));
        assert_eq!(session_token(&headers(&[("cookie", "a=1")])), None);
    }

    #[test]
    fn the_client_is_the_address_the_proxy_saw_not_one_the_client_sent() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(forwarded_client("198.51.100.7"), Some(ip("198.51.100.7")));
        // A forged first entry, the proxy's own appended last.
        assert_eq!(forwarded_client("203.0.113.1, 198.51.100.7"), Some(ip("198.51.100.7")));
        assert_eq!(forwarded_client("203.0.113.1,2001:db8::1"), Some(ip("2001:db8::1")));
        assert_eq!(forwarded_client("198.51.100.7, not-an-address"), None);
        assert_eq!(forwarded_client(""), None);
    }

    #[test]
    fn a_user_who_must_change_their_password_reaches_only_that() {
        assert!(reachable_before_password_change(&Method::GET, "/api/v1/me"));
        assert!(reachable_before_password_change(&Method::PUT, "/api/v1/me/password"));
        assert!(reachable_before_password_change(&Method::POST, "/api/v1/auth/logout"));
        assert!(!reachable_before_password_change(&Method::PATCH, "/api/v1/me"));
        assert!(!reachable_before_password_change(&Method::GET, "/api/v1/conversations"));
        assert!(!reachable_before_password_change(&Method::PUT, "/api/v1/users/1/password"));
    }

    #[test]
    fn a_foreign_origin_is_not_the_same_origin() {
        assert!(same_origin(&headers(&[("host", "atende.local:8080")])));
        assert!(same_origin(&headers(&[("host", "atende.local:8080"), ("origin", "http://atende.local:8080")])));
        assert!(!same_origin(&headers(&[("host", "atende.local:8080"), ("origin", "https://evil.example")])));
    }

    #[test]
    fn the_session_cookie_is_http_only_lax_and_secure_when_asked() {
        let c = session_cookie("x".into(), 30, true).to_str().unwrap().to_string();
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"), "{c}");
        let c = session_cookie("x".into(), 30, false).to_str().unwrap().to_string();
        assert!(!c.contains("Secure"), "{c}");
    }
}
