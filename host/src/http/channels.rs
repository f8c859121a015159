//! Channels of the account: list, and (admins) connect a simulator channel (CH4). Meta
//! channels are connected by the Meta channel issue.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json};
use super::{AppState, CurrentUser};
use crate::auth;
use crate::channels::simulator;
use crate::store::views::ChannelView;

/// A list of channels.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ChannelList {
    pub items: Vec<ChannelView>,
}

/// A channel to connect.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateChannel {
    /// Only `simulator` for now.
    pub kind: String,
    pub name: String,
}

/// Channels of the account.
#[utoipa::path(get, path = "/api/v1/channels", tag = "channels", responses((status = 200, body = ChannelList)))]
async fn list_channels(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<ChannelList>> {
    Ok(Json(ChannelList { items: state.store.channels(me.account_id()).await? }))
}

/// Connect a channel (admins only).
#[utoipa::path(post, path = "/api/v1/channels", tag = "channels", request_body = CreateChannel,
    responses((status = 201, body = ChannelView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_channel(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<CreateChannel>,
) -> ApiResult<(StatusCode, Json<ChannelView>)> {
    me.require_admin()?;
    if body.kind != simulator::KIND {
        return Err(ApiError::invalid(format!(
            "Tipo de canal '{}' não pode ser criado aqui; use 'simulator'.",
            body.kind
        )));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::invalid("O nome do canal deve ter de 1 a 80 caracteres."));
    }
    let key = auth::random_token();
    let channel = state.store.create_channel(me.account_id(), simulator::KIND, name, &key).await?;
    Ok((StatusCode::CREATED, Json(channel)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_channels, create_channel))
}
