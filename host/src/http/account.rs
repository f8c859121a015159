//! The account's own settings (A4): admins rename it and choose its time zone, in which its
//! business hours, protocols, windows and appointments are read.

use axum::extract::State;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json};
use super::{AppState, CurrentUser};
use crate::store::views::AccountView;

/// Changes to the account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    /// 1 to 120 characters.
    pub name: Option<String>,
    /// An IANA time zone, such as `America/Sao_Paulo`.
    pub timezone: Option<String>,
}

/// Rename the account or change its time zone (admins only).
#[utoipa::path(patch, path = "/api/v1/account", tag = "auth", request_body = AccountPatch,
    responses((status = 200, body = AccountView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_account(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<AccountPatch>,
) -> ApiResult<Json<AccountView>> {
    me.require_admin()?;
    Ok(Json(state.store.update_account(me.account_id(), body.name.as_deref(), body.timezone.as_deref()).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(update_account))
}
