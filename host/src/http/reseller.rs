//! The reseller console's API (A1, A2), under `/api/v1/reseller`: its own login (a cookie apart
//! from the accounts' session, with the same CSRF rule), the reseller's accounts with usage
//! figures, opening an account with its first admin, suspending and reactivating one, and
//! "verificar código de suporte" among the reseller's own accounts. Nothing here reads an
//! account's messages or contacts, and a reseller's cookie opens no account route.

use axum::extract::{FromRequestParts, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::AppState;
use super::auth::{
    ClientIp, LoginRequest, SESSION_DAYS, check_cookie_request, check_login_rate, cookie_is_secure, cookie_value,
    named_cookie, password_matches,
};
use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use crate::auth;
use crate::service::resellers::{self, OpenAccount};
use crate::store::resellers::{ResellerAccountView, ResellerUserView};
use crate::store::views::NamedRef;

/// Name of the console's session cookie.
pub const RESELLER_COOKIE: &str = "atende_reseller";

/// The reseller's person signed in to the console.
pub struct CurrentReseller {
    pub user: ResellerUserView,
    csrf_token: String,
    session_hash: String,
}

impl FromRequestParts<AppState> for CurrentReseller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie_value(&parts.headers, RESELLER_COOKIE).ok_or_else(ApiError::unauthorized)?;
        let hash = auth::token_hash(&token);
        let (user_id, csrf) = state.store.reseller_session(&hash).await?.ok_or_else(ApiError::unauthorized)?;
        check_cookie_request(parts, &csrf)?;
        let user = state.store.reseller_user(user_id).await?;
        Ok(CurrentReseller { user, csrf_token: csrf, session_hash: hash })
    }
}

/// The console's person and the CSRF token for writes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResellerMe {
    pub user: ResellerUserView,
    /// Send it as `X-CSRF-Token` on every write.
    pub csrf_token: String,
}

/// The reseller's accounts, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResellerAccountList {
    pub items: Vec<ResellerAccountView>,
}

/// A support code an account's user read out.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportCodeCheck {
    pub code: String,
}

/// Which of the reseller's accounts have that code now (none: it is not one of theirs, or it
/// expired).
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportCodeMatch {
    pub accounts: Vec<NamedRef>,
}

/// Sign in to the reseller console; sets its cookie.
#[utoipa::path(post, path = "/api/v1/reseller/auth/login", tag = "reseller", request_body = LoginRequest,
    responses((status = 200, body = ResellerMe), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> ApiResult<Response> {
    check_login_rate(&state, ip, &request.email)?;
    let found = state.store.reseller_user_for_login(&request.email).await?;
    let valid = password_matches(request.password, found.as_ref().map(|(_, h)| h.clone())).await?;
    let user = match found {
        Some((user, _)) if valid => user,
        _ => return Err(ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", "E-mail ou senha inválidos.")),
    };
    let token = auth::random_token();
    let csrf = auth::random_token();
    let expires = state.store.now() + SESSION_DAYS * 24 * 3600 * 1000;
    state.store.create_reseller_session(user.id, &auth::token_hash(&token), &csrf, expires).await?;
    let cookie = named_cookie(RESELLER_COOKIE, token, SESSION_DAYS, cookie_is_secure(&state, &headers));
    Ok(([(SET_COOKIE, cookie)], axum::Json(ResellerMe { user, csrf_token: csrf })).into_response())
}

/// End the console session.
#[utoipa::path(post, path = "/api/v1/reseller/auth/logout", tag = "reseller", responses((status = 204)))]
async fn logout(State(state): State<AppState>, me: CurrentReseller, headers: HeaderMap) -> ApiResult<Response> {
    state.store.delete_reseller_session(&me.session_hash).await?;
    let cookie = named_cookie(RESELLER_COOKIE, String::new(), 0, cookie_is_secure(&state, &headers));
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// The console's signed-in person.
#[utoipa::path(get, path = "/api/v1/reseller/me", tag = "reseller",
    responses((status = 200, body = ResellerMe), (status = 401, body = ErrorBody)))]
async fn me(me: CurrentReseller) -> Json<ResellerMe> {
    Json(ResellerMe { user: me.user, csrf_token: me.csrf_token })
}

/// The reseller's accounts with their usage.
#[utoipa::path(get, path = "/api/v1/reseller/accounts", tag = "reseller",
    responses((status = 200, body = ResellerAccountList), (status = 401, body = ErrorBody)))]
async fn list_accounts(State(state): State<AppState>, me: CurrentReseller) -> ApiResult<Json<ResellerAccountList>> {
    Ok(Json(ResellerAccountList { items: state.store.reseller_accounts(me.user.reseller_id).await? }))
}

/// Open an account with its first admin.
#[utoipa::path(post, path = "/api/v1/reseller/accounts", tag = "reseller", request_body = OpenAccount,
    responses((status = 201, body = ResellerAccountView), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn open_account(
    State(state): State<AppState>,
    me: CurrentReseller,
    Json(open): Json<OpenAccount>,
) -> ApiResult<(StatusCode, Json<ResellerAccountView>)> {
    let (account, _) = resellers::open_account(&state.store, me.user.reseller_id, open).await?;
    Ok((StatusCode::CREATED, Json(state.store.reseller_account(me.user.reseller_id, account.id).await?)))
}

/// Suspend an account: its users cannot log in; its webhooks are still stored.
#[utoipa::path(post, path = "/api/v1/reseller/accounts/{id}/suspend", tag = "reseller", params(("id" = i64, Path)),
    responses((status = 200, body = ResellerAccountView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn suspend_account(
    State(state): State<AppState>,
    me: CurrentReseller,
    Path(id): Path<i64>,
) -> ApiResult<Json<ResellerAccountView>> {
    Ok(Json(state.store.set_account_suspended(me.user.reseller_id, id, true).await?))
}

/// Reactivate a suspended account.
#[utoipa::path(post, path = "/api/v1/reseller/accounts/{id}/reactivate", tag = "reseller", params(("id" = i64, Path)),
    responses((status = 200, body = ResellerAccountView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn reactivate_account(
    State(state): State<AppState>,
    me: CurrentReseller,
    Path(id): Path<i64>,
) -> ApiResult<Json<ResellerAccountView>> {
    Ok(Json(state.store.set_account_suspended(me.user.reseller_id, id, false).await?))
}

/// "Verificar código de suporte" (A2): which of the reseller's accounts has this code now.
#[utoipa::path(post, path = "/api/v1/reseller/support-codes/verify", tag = "reseller", request_body = SupportCodeCheck,
    responses((status = 200, body = SupportCodeMatch), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn verify_support_code(
    State(state): State<AppState>,
    me: CurrentReseller,
    Json(check): Json<SupportCodeCheck>,
) -> ApiResult<Json<SupportCodeMatch>> {
    let accounts = resellers::verify_support_code(&state.store, me.user.reseller_id, &check.code).await?;
    Ok(Json(SupportCodeMatch { accounts }))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(list_accounts, open_account))
        .routes(routes!(suspend_account))
        .routes(routes!(reactivate_account))
        .routes(routes!(verify_support_code))
}
