//! Users of the account (A3, A4): admins list, create and change them; anyone changes their own
//! profile's default closing message (K3) and password.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::auth;
use crate::domain::access::{ChatVisibility, Role};
use crate::domain::contact::{normalise_email, normalise_name};
use crate::store::views::{Permissions, UserView};
use crate::store::{NewUser, UserPatch};

/// A list of users.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UserList {
    pub items: Vec<UserView>,
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub name: String,
    pub email: String,
    /// At least 8 characters.
    pub password: String,
    pub role: Role,
    pub chat_visibility: ChatVisibility,
    #[serde(default)]
    pub permissions: Permissions,
}

/// A new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    pub password: String,
}

fn check_password(password: &str) -> ApiResult<()> {
    if password.chars().count() < auth::MIN_PASSWORD_CHARS {
        return Err(ApiError::invalid(format!(
            "A senha precisa ter pelo menos {} caracteres.",
            auth::MIN_PASSWORD_CHARS
        )));
    }
    Ok(())
}

/// Hash a password off the async runtime.
pub async fn hash(password: String) -> ApiResult<String> {
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// Users of the account.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, body = UserList)))]
async fn list_users(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<UserList>> {
    Ok(Json(UserList { items: state.store.users(me.account_id()).await? }))
}

/// Create a user (admins only).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUser,
    responses((status = 201, body = UserView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_user(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<CreateUser>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    me.require_admin()?;
    let name = normalise_name(&body.name).map_err(|e| ApiError::invalid(e.message))?;
    let email = normalise_email(&body.email).map_err(|e| ApiError::invalid(e.message))?;
    check_password(&body.password)?;
    let password_hash = hash(body.password).await?;
    let user = state
        .store
        .create_user(NewUser {
            account_id: me.account_id(),
            name,
            email,
            password_hash,
            role: body.role,
            chat_visibility: body.chat_visibility,
            permissions: body.permissions,
        })
        .await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// A user of the account.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = UserView), (status = 404, body = ErrorBody)))]
async fn get_user(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<UserView>> {
    Ok(Json(state.store.user(me.account_id(), id).await?))
}

/// Change a user: admins change anyone; others only their own default closing message.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = UserPatch,
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(mut patch): Json<UserPatch>,
) -> ApiResult<Json<UserView>> {
    let own_profile_only = patch.name.is_none()
        && patch.role.is_none()
        && patch.chat_visibility.is_none()
        && patch.permissions.is_none()
        && patch.active.is_none();
    if !(own_profile_only && id == me.user.id) {
        me.require_admin()?;
    }
    if let Some(name) = &patch.name {
        patch.name = Some(normalise_name(name).map_err(|e| ApiError::invalid(e.message))?);
    }
    Ok(Json(state.store.update_user(me.account_id(), id, patch).await?))
}

/// Set a user's password: one's own, or anyone's for admins. Ends the user's sessions.
#[utoipa::path(put, path = "/api/v1/users/{id}/password", tag = "users", params(("id" = i64, Path)),
    request_body = ChangePassword, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ChangePassword>,
) -> ApiResult<StatusCode> {
    if id != me.user.id {
        me.require_admin()?;
    }
    check_password(&body.password)?;
    state.store.user(me.account_id(), id).await?;
    let hash = hash(body.password).await?;
    state.store.set_password_hash(me.account_id(), id, &hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(change_password))
}
