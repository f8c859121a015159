//! The dashboard (issue 14 part 5), admins only: today, the last 7 or 30 days in the account's
//! time zone — contacts served, services opened and closed, the waiting queue now, first
//! response and service times per agent and department, messages per channel and per day, and
//! the campaigns' results (S10).

use axum::extract::State;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Query};
use super::{AppState, CurrentUser};
use crate::domain::dashboard::{Period, ROLLUP_LAG_MS};
use crate::store::dashboard::DashboardView;

/// Which period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// `today` (default), `7d` or `30d`.
    pub period: Option<Period>,
}

/// The account's dashboard for a period.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "dashboard", params(DashboardQuery),
    responses((status = 200, body = DashboardView), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn dashboard(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<DashboardQuery>,
) -> ApiResult<Json<DashboardView>> {
    me.require_admin()?;
    let period = query.period.unwrap_or(Period::Today);
    Ok(Json(state.store.dashboard(me.account_id(), period, ROLLUP_LAG_MS).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dashboard))
}
