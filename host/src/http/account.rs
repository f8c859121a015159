//! The account's own settings (A4): admins rename it, choose its time zone (in which its
//! business hours, protocols, windows and appointments are read) and the audio confirmation
//! new users start with (C15).

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json};
use super::{AppState, CurrentUser};
use crate::store::AccountPatch;
use crate::store::views::AccountView;

/// Rename the account, change its time zone or the audio confirmation new users start with
/// (admins only).
#[utoipa::path(patch, path = "/api/v1/account", tag = "auth", request_body = AccountPatch,
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_account(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<AccountPatch>,
) -> ApiResult<Json<AccountView>> {
    me.require_admin()?;
    Ok(Json(state.store.update_account(me.account_id(), &body).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(update_account))
}
