//! API tokens for integrators: created by admins, shown once, stored hashed, revocable.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::auth;
use crate::store::views::ApiTokenView;

/// A list of API tokens.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ApiTokenList {
    pub items: Vec<ApiTokenView>,
}

/// A new token's name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiToken {
    pub name: String,
}

/// A created token: the secret appears here and never again.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CreatedApiToken {
    pub token: String,
    pub api_token: ApiTokenView,
}

/// API tokens of the account (admins only).
#[utoipa::path(get, path = "/api/v1/api-tokens", tag = "api-tokens", responses((status = 200, body = ApiTokenList)))]
async fn list_tokens(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ApiTokenList>> {
    me.require_admin()?;
    Ok(Json(ApiTokenList { items: state.store.api_tokens(me.account_id()).await? }))
}

/// Create an API token acting as the calling admin.
#[utoipa::path(post, path = "/api/v1/api-tokens", tag = "api-tokens", request_body = CreateApiToken,
    responses((status = 201, body = CreatedApiToken), (status = 403, body = ErrorBody)))]
async fn create_token(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<CreateApiToken>,
) -> ApiResult<(StatusCode, Json<CreatedApiToken>)> {
    me.require_admin()?;
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::invalid("O nome do token deve ter de 1 a 80 caracteres."));
    }
    let (token, prefix) = auth::new_api_token();
    let api_token =
        state.store.create_api_token(me.account_id(), me.user.id, name, &auth::token_hash(&token), &prefix).await?;
    Ok((StatusCode::CREATED, Json(CreatedApiToken { token, api_token })))
}

/// Revoke an API token (admins only).
#[utoipa::path(delete, path = "/api/v1/api-tokens/{id}", tag = "api-tokens", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_token(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_api_token(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_tokens, create_token)).routes(routes!(delete_token))
}
