//! Users of the account (A3, A4): admins list, create and change them; anyone changes their own
//! profile's default closing message (K3) and password.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::domain::access::{ChatVisibility, Role};
use crate::service::users::UserInput;
use crate::store::UserPatch;
use crate::store::views::{Permissions, UserView};

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
    let input = UserInput {
        name: body.name,
        email: body.email,
        password: body.password,
        role: body.role,
        chat_visibility: body.chat_visibility,
        permissions: body.permissions,
    };
    Ok((StatusCode::CREATED, Json(state.app.create_user(me.account_id(), input).await?)))
}

/// A user of the account.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)),
    responses((status = 200, body = UserView), (status = 404, body = ErrorBody)))]
async fn get_user(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<UserView>> {
    Ok(Json(state.store.user(me.account_id(), id).await?))
}

/// Change a user: admins change anyone; others only their own default closing message. The
/// account's last active admin can be neither demoted nor deactivated (409).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", params(("id" = i64, Path)), request_body = UserPatch,
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_user(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(patch): Json<UserPatch>,
) -> ApiResult<Json<UserView>> {
    let own_profile_only = patch.name.is_none()
        && patch.role.is_none()
        && patch.chat_visibility.is_none()
        && patch.permissions.is_none()
        && patch.active.is_none();
    if !(own_profile_only && id == me.user.id) {
        me.require_admin()?;
    }
    Ok(Json(state.app.update_user(me.account_id(), id, patch).await?))
}

/// Set a user's password: one's own, or anyone's for admins. Ends the user's sessions (one's
/// own but this one); a change an admin asked for is met.
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
    // One's own: this session stays (the others end). Another user's: all of theirs end.
    let keep = if id == me.user.id { me.session_hash() } else { None };
    state.app.set_password(me.account_id(), id, body.password, keep).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(change_password))
}
