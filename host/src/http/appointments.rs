//! Appointments (S9): the account's availability (admins change it), its free slots, the
//! appointments a flow's scheduling step booked — the account's and a contact's, as JSON or as
//! a calendar file (`.ics`) — and cancelling one.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::domain::Millis;
use crate::domain::appointment::{Availability, Slot};
use crate::service::App;
use crate::store::{AppointmentFilter, AppointmentView};

/// Appointments, soonest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentList {
    pub items: Vec<AppointmentView>,
}

/// Free slots, soonest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotList {
    pub items: Vec<Slot>,
}

/// Which of the account's appointments to list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppointmentQuery {
    /// Only those ending after this time (ms since the epoch).
    pub from: Option<Millis>,
    /// Only those starting before this time (ms since the epoch).
    pub to: Option<Millis>,
    /// Cancelled ones too.
    #[serde(default)]
    pub include_cancelled: bool,
}

impl AppointmentQuery {
    fn filter(&self) -> AppointmentFilter {
        AppointmentFilter { contact_id: None, from: self.from, to: self.to, include_cancelled: self.include_cancelled }
    }
}

/// A calendar file to download.
fn calendar_file(filename: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

/// The account's availability: weekly hours, slot length, horizon and notice.
#[utoipa::path(get, path = "/api/v1/availability", tag = "appointments", responses((status = 200, body = Availability)))]
async fn get_availability(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<Availability>> {
    Ok(Json(state.store.availability(me.account_id()).await?))
}

/// Replace the account's availability (admins only).
#[utoipa::path(put, path = "/api/v1/availability", tag = "appointments", request_body = Availability,
    responses((status = 200, body = Availability), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_availability(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(availability): Json<Availability>,
) -> ApiResult<Json<Availability>> {
    me.require_admin()?;
    Ok(Json(state.app.set_availability(me.account_id(), availability).await?))
}

/// The slots a scheduling step would offer now.
#[utoipa::path(get, path = "/api/v1/availability/free-slots", tag = "appointments", responses((status = 200, body = SlotList)))]
async fn free_slots(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<SlotList>> {
    Ok(Json(SlotList { items: state.app.free_slots(me.account_id()).await? }))
}

/// The account's appointments.
#[utoipa::path(get, path = "/api/v1/appointments", tag = "appointments", params(AppointmentQuery),
    responses((status = 200, body = AppointmentList)))]
async fn list(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<AppointmentQuery>,
) -> ApiResult<Json<AppointmentList>> {
    Ok(Json(AppointmentList { items: state.store.appointments(me.account_id(), query.filter()).await? }))
}

/// The account's appointments as a calendar file.
#[utoipa::path(get, path = "/api/v1/appointments/calendar.ics", tag = "appointments", params(AppointmentQuery),
    responses((status = 200, description = "An iCalendar file", content_type = "text/calendar", body = String)))]
async fn account_calendar(
    State(state): State<AppState>,
    me: CurrentUser,
    Query(query): Query<AppointmentQuery>,
) -> ApiResult<Response> {
    let appointments = state.store.appointments(me.account_id(), query.filter()).await?;
    let account = state.store.account(me.account_id()).await?;
    let body = App::calendar(&format!("Agendamentos — {}", account.name), &appointments);
    Ok(calendar_file("agendamentos.ics", body))
}

/// Cancel an appointment: its time is free again.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/cancel", tag = "appointments", params(("id" = i64, Path)),
    responses((status = 200, body = AppointmentView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn cancel(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<AppointmentView>> {
    Ok(Json(state.store.cancel_appointment(me.account_id(), id).await?))
}

/// A contact's appointments, booked and cancelled ("Mensagens Agendadas no Google Agenda").
#[utoipa::path(get, path = "/api/v1/contacts/{id}/appointments", tag = "appointments", params(("id" = i64, Path)),
    responses((status = 200, body = AppointmentList), (status = 404, body = ErrorBody)))]
async fn contact_appointments(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<AppointmentList>> {
    Ok(Json(AppointmentList { items: state.app.contact_appointments(me.account_id(), id).await? }))
}

/// A contact's appointments as a calendar file.
#[utoipa::path(get, path = "/api/v1/contacts/{id}/appointments/calendar.ics", tag = "appointments",
    params(("id" = i64, Path)),
    responses((status = 200, description = "An iCalendar file", content_type = "text/calendar", body = String),
        (status = 404, body = ErrorBody)))]
async fn contact_calendar(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Response> {
    let appointments = state.app.contact_appointments(me.account_id(), id).await?;
    let contact = state.store.contact(me.account_id(), id).await?;
    let body = App::calendar(&format!("Agendamentos de {}", contact.name), &appointments);
    Ok(calendar_file(&format!("agendamentos-contato-{id}.ics"), body))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_availability, put_availability))
        .routes(routes!(free_slots))
        .routes(routes!(list))
        .routes(routes!(account_calendar))
        .routes(routes!(cancel))
        .routes(routes!(contact_appointments))
        .routes(routes!(contact_calendar))
}
