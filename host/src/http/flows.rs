//! Flows (F1, F3, F4, S16), for admins and integrators: create (upload or import a file) and
//! save drafts — every save answers with what validation found —, validate without saving (dry
//! run), publish, test-run the draft (issue 16 part 7), list revisions, export, delete; the
//! envelope's JSON Schema; the account's flow settings. For agents: the list of flows (to
//! forward a chat to one), a chat's sessions with their steps, ending the one that waits,
//! "Encaminhar para fluxo" (S16) and scheduled flows (S8).

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiResult, ErrorBody, Json, Path, Query};
use super::{AppState, CurrentUser};
use crate::domain::flow::settings::FlowSettings;
use crate::flows::envelope;
use crate::flows::palette::StepType;
use crate::flows::validate::Validation;
use crate::service::flow_tests::FlowTestRun;
use crate::service::flows::FlowSaved;
use crate::store::views::ConversationView;
use crate::store::{AccountFlows, FlowSummary, FlowView, RevisionView, ScheduledFlowView, SessionView};

/// The account's flows.
#[derive(Debug, Serialize, ToSchema)]
pub struct FlowList {
    pub items: Vec<FlowSummary>,
}

/// The step types on the flow editor's palette.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepTypeList {
    pub items: Vec<StepType>,
}

/// A publication.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishFlow {
    /// What changed, kept with the revision.
    #[serde(default)]
    pub note: Option<String>,
}

/// The revisions of a flow.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionList {
    pub items: Vec<RevisionView>,
}

/// Which version to export.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// A published revision; the draft when absent.
    pub revision: Option<i64>,
}

/// The account's flow settings, as an admin writes them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlowSettingsBody {
    /// Chatbot on: a contact who writes with no service open meets the initial flow.
    pub chatbot_enabled: bool,
    pub initial_flow_id: Option<i64>,
    /// Runs after every close (K4).
    pub closing_flow_id: Option<i64>,
    #[serde(default)]
    pub settings: FlowSettings,
}

/// "Encaminhar para fluxo".
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForwardToFlow {
    pub flow_id: i64,
}

/// A flow to schedule for the chat (S8).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleFlow {
    pub flow_id: i64,
    /// When it starts (milliseconds since the epoch), in the future and within a year.
    pub run_at: i64,
}

/// The chat's scheduled flows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduledFlowList {
    pub items: Vec<ScheduledFlowView>,
}

/// How many scheduled flows "Remover fluxos" deleted.
#[derive(Debug, Serialize, ToSchema)]
pub struct Removed {
    pub removed: u64,
}

/// A chat's flow sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionList {
    pub items: Vec<SessionView>,
}

/// The account's flows, by name (every user: agents choose one to forward a chat to).
#[utoipa::path(get, path = "/api/v1/flows", tag = "flows", responses((status = 200, body = FlowList)))]
async fn list(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<FlowList>> {
    Ok(Json(FlowList { items: state.store.flows(me.account_id()).await? }))
}

/// Create a flow from a document — an upload or an imported export — as a draft (admins only).
#[utoipa::path(post, path = "/api/v1/flows", tag = "flows",
    request_body(content = Object, description = "A flow document, format 1 (`GET /api/v1/flows/schema`)"),
    responses((status = 201, body = FlowSaved), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, description = "The document breaks the format (`invalid_flow`, with the issues)", body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(document): Json<Value>,
) -> ApiResult<(StatusCode, Json<FlowSaved>)> {
    me.require_admin()?;
    Ok((StatusCode::CREATED, Json(state.app.create_flow(me.account_id(), document).await?)))
}

/// Validate a document without saving it: the problems a publication would meet (admins only).
#[utoipa::path(post, path = "/api/v1/flows/validate", tag = "flows",
    request_body(content = Object, description = "A flow document, format 1"),
    responses((status = 200, body = Validation), (status = 403, body = ErrorBody)))]
async fn validate(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(document): Json<Value>,
) -> ApiResult<Json<Validation>> {
    me.require_admin()?;
    Ok(Json(state.app.check_flow(me.account_id(), document).await?))
}

/// The step types the account may put in a flow — the shipped ones and its own uploaded flow
/// steps, switched on — with their titles, descriptions and configuration schemas (admins only).
#[utoipa::path(get, path = "/api/v1/flows/steps", tag = "flows",
    responses((status = 200, body = StepTypeList), (status = 403, body = ErrorBody)))]
async fn steps(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<StepTypeList>> {
    me.require_admin()?;
    Ok(Json(StepTypeList { items: state.app.flow_steps(me.account_id()).await? }))
}

/// The flow document's JSON Schema (format 1), for editors and integrators.
#[utoipa::path(get, path = "/api/v1/flows/schema", tag = "flows",
    responses((status = 200, description = "A JSON Schema (2020-12)", body = Object)))]
async fn schema(_me: CurrentUser) -> Json<Value> {
    Json(envelope::schema().clone())
}

/// A flow with its draft.
#[utoipa::path(get, path = "/api/v1/flows/{id}", tag = "flows", params(("id" = i64, Path)),
    responses((status = 200, body = FlowView)))]
async fn get(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<FlowView>> {
    Ok(Json(state.store.flow(me.account_id(), id).await?))
}

/// Which draft a save starts from.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SaveQuery {
    /// The `draft_version` the editor loaded or last saved: the save is refused with 409
    /// `draft_conflict` if another save came since. Absent: saved whatever came before.
    pub version: Option<i64>,
}

/// Save a flow's draft (admins only); the answer lists what validation found.
#[utoipa::path(put, path = "/api/v1/flows/{id}", tag = "flows", params(("id" = i64, Path), SaveQuery),
    request_body(content = Object, description = "A flow document, format 1"),
    responses((status = 200, body = FlowSaved), (status = 403, body = ErrorBody),
        (status = 409, description = "The name is taken (`conflict`), or the draft changed since `version` \
            (`draft_conflict`): nothing saved", body = ErrorBody),
        (status = 422, description = "The document breaks the format (`invalid_flow`, with the issues)", body = ErrorBody)))]
async fn save(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<SaveQuery>,
    Json(document): Json<Value>,
) -> ApiResult<Json<FlowSaved>> {
    me.require_admin()?;
    Ok(Json(state.app.save_flow(me.account_id(), id, document, query.version).await?))
}

/// Delete a flow with its revisions and sessions (admins only).
#[utoipa::path(delete, path = "/api/v1/flows/{id}", tag = "flows", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody)))]
async fn delete(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_flow(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publish the draft as the next revision (admins only); refused while it has errors.
#[utoipa::path(post, path = "/api/v1/flows/{id}/publish", tag = "flows", params(("id" = i64, Path)),
    request_body = PublishFlow,
    responses((status = 201, body = RevisionView), (status = 403, body = ErrorBody),
        (status = 422, description = "The draft has errors (`invalid_flow`, with the issues)", body = ErrorBody)))]
async fn publish(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<PublishFlow>,
) -> ApiResult<(StatusCode, Json<RevisionView>)> {
    me.require_admin()?;
    Ok((StatusCode::CREATED, Json(state.app.publish_flow(&me.user, id, body.note.as_deref()).await?)))
}

/// Start (or restart) a test run of the draft (admins only, issue 16 part 7): the admin's
/// test contact on the simulator channel meets the draft from its entry; refused while the
/// draft has errors.
#[utoipa::path(post, path = "/api/v1/flows/{id}/test-run", tag = "flows", params(("id" = i64, Path)),
    responses((status = 200, body = FlowTestRun), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "The draft has errors (`invalid_flow`, with the issues)", body = ErrorBody)))]
async fn test_run(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<FlowTestRun>> {
    me.require_admin()?;
    Ok(Json(state.app.start_flow_test(&me.user, id).await?))
}

/// The flow's published revisions, newest first.
#[utoipa::path(get, path = "/api/v1/flows/{id}/revisions", tag = "flows", params(("id" = i64, Path)),
    responses((status = 200, body = RevisionList)))]
async fn revisions(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<RevisionList>> {
    Ok(Json(RevisionList { items: state.store.revisions(me.account_id(), id).await? }))
}

/// A flow as a file: a revision's canonical JSON, or the draft.
#[utoipa::path(get, path = "/api/v1/flows/{id}/export", tag = "flows", params(("id" = i64, Path), ExportQuery),
    responses((status = 200, description = "A flow document, format 1", body = Object)))]
async fn export(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Query(query): Query<ExportQuery>,
) -> ApiResult<Json<Value>> {
    Ok(Json(state.app.export_flow(me.account_id(), id, query.revision).await?))
}

/// The account's flow settings (F1).
#[utoipa::path(get, path = "/api/v1/flow-settings", tag = "flows", responses((status = 200, body = AccountFlows)))]
async fn get_settings(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<AccountFlows>> {
    Ok(Json(state.store.account_flows(me.account_id()).await?))
}

/// Replace the account's flow settings (admins only): chatbot on/off, initial and closing flow
/// (published ones), keywords, business hours.
#[utoipa::path(put, path = "/api/v1/flow-settings", tag = "flows", request_body = FlowSettingsBody,
    responses((status = 200, body = AccountFlows), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_settings(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<FlowSettingsBody>,
) -> ApiResult<Json<AccountFlows>> {
    me.require_admin()?;
    let flows = AccountFlows {
        chatbot_enabled: body.chatbot_enabled,
        initial_flow_id: body.initial_flow_id,
        closing_flow_id: body.closing_flow_id,
        settings: body.settings,
    };
    Ok(Json(state.app.set_account_flows(me.account_id(), flows).await?))
}

/// "Encaminhar para fluxo" (S16): closes the service and starts the flow for the contact.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/forward-to-flow", tag = "service", params(("id" = i64, Path)),
    request_body = ForwardToFlow,
    responses((status = 200, body = ConversationView), (status = 422, body = ErrorBody)))]
async fn forward_to_flow(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ForwardToFlow>,
) -> ApiResult<Json<ConversationView>> {
    Ok(Json(state.app.forward_to_flow(&me.user, id, body.flow_id).await?))
}

/// The chat's flow sessions, newest first, with the steps each took.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/flow-sessions", tag = "service", params(("id" = i64, Path)),
    responses((status = 200, body = SessionList)))]
async fn sessions(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Json<SessionList>> {
    state.store.conversation_for(&me.user, id).await?;
    Ok(Json(SessionList { items: state.store.flow_sessions(me.account_id(), id).await? }))
}

/// Stop the flow waiting on the chat.
#[utoipa::path(delete, path = "/api/v1/conversations/{id}/flow-session", tag = "service", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, description = "No flow waits on the chat", body = ErrorBody)))]
async fn end_session(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    state.store.conversation_for(&me.user, id).await?;
    if state.store.end_flow_session(me.account_id(), id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(super::error::ApiError::not_found())
    }
}

/// "Agendar novo fluxo" (S8): start a published flow for the chat's contact at a date and time.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/scheduled-flows", tag = "service", params(("id" = i64, Path)),
    request_body = ScheduleFlow, responses((status = 201, body = ScheduledFlowView), (status = 422, body = ErrorBody)))]
async fn schedule_flow(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<ScheduleFlow>,
) -> ApiResult<(StatusCode, Json<ScheduledFlowView>)> {
    Ok((StatusCode::CREATED, Json(state.store.schedule_flow(&me.user, id, body.flow_id, body.run_at).await?)))
}

/// The chat's scheduled flows, soonest first (S8).
#[utoipa::path(get, path = "/api/v1/conversations/{id}/scheduled-flows", tag = "service", params(("id" = i64, Path)),
    responses((status = 200, body = ScheduledFlowList)))]
async fn scheduled_flows(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ScheduledFlowList>> {
    Ok(Json(ScheduledFlowList { items: state.store.scheduled_flows(&me.user, id).await? }))
}

/// "Remover fluxos" (S8): delete every scheduled flow of the chat.
#[utoipa::path(delete, path = "/api/v1/conversations/{id}/scheduled-flows", tag = "service", params(("id" = i64, Path)),
    responses((status = 200, body = Removed)))]
async fn remove_scheduled_flows(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Removed>> {
    Ok(Json(Removed { removed: state.store.cancel_scheduled_flows(&me.user, id, None).await? }))
}

/// Delete one scheduled flow (S8); one that already started is not found.
#[utoipa::path(delete, path = "/api/v1/conversations/{id}/scheduled-flows/{schedule_id}", tag = "service",
    params(("id" = i64, Path), ("schedule_id" = i64, Path)), responses((status = 204)))]
async fn cancel_scheduled_flow(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, schedule_id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    state.store.cancel_scheduled_flows(&me.user, id, Some(schedule_id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(validate))
        .routes(routes!(steps))
        .routes(routes!(schema))
        .routes(routes!(get, save, delete))
        .routes(routes!(publish))
        .routes(routes!(test_run))
        .routes(routes!(revisions))
        .routes(routes!(export))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(forward_to_flow))
        .routes(routes!(sessions))
        .routes(routes!(end_session))
        .routes(routes!(schedule_flow, scheduled_flows, remove_scheduled_flows))
        .routes(routes!(cancel_scheduled_flow))
}
