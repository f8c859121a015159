//! Connecting Meta channels (issue 5 part 1, CH1–CH3): admins add WhatsApp numbers, Facebook
//! Pages and Instagram accounts, several per account, each with its app secret, verify token
//! and access token. Secrets are sealed before they are stored, never returned and never logged;
//! the answer gives the webhook address to register at Meta instead.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::auth;
use crate::channels::meta::probe::{self, ConnectionTest};
use crate::channels::{instagram, messenger, whatsapp};
use crate::secrets::Secret;
use crate::store::views::ChannelView;
use crate::store::{MetaChannelPatch, NewMetaChannel};

/// A Meta channel to connect.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMetaChannel {
    /// `whatsapp`, `messenger` or `instagram`.
    pub kind: String,
    pub name: String,
    /// Meta's id: the WhatsApp `phone_number_id`, the Page id or the Instagram account id.
    pub external_id: String,
    /// WhatsApp: the business account (WABA) id, for the template sync.
    pub business_id: Option<String>,
    /// WhatsApp: the number as people dial it.
    pub display_phone: Option<String>,
    /// The Meta app's secret (signs the webhooks). Write-only.
    pub app_secret: String,
    /// The token typed in Meta's webhook settings. Write-only.
    pub verify_token: String,
    /// The system-user or Page access token. Write-only.
    pub access_token: String,
    /// WhatsApp: the word that ends echo mode (C19).
    pub echo_keyword: Option<String>,
}

/// Changes to a Meta channel: only the fields given change; secrets are write-only.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMetaChannel {
    pub name: Option<String>,
    pub business_id: Option<String>,
    pub display_phone: Option<String>,
    pub app_secret: Option<String>,
    pub verify_token: Option<String>,
    pub access_token: Option<String>,
    /// Empty clears it.
    pub echo_keyword: Option<String>,
}

impl std::fmt::Debug for CreateMetaChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateMetaChannel")
            .field("kind", &self.kind)
            .field("external_id", &self.external_id)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for UpdateMetaChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateMetaChannel").finish_non_exhaustive()
    }
}

fn field(value: &str, label: &str, max: usize) -> ApiResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(ApiError::invalid(format!("{label} deve ter de 1 a {max} caracteres.")));
    }
    Ok(value.to_string())
}

fn meta_id(value: &str, label: &str) -> ApiResult<String> {
    let value = field(value, label, 64)?;
    if !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(ApiError::invalid(format!("{label} deve ter só letras, números, '-' ou '_'.")));
    }
    Ok(value)
}

fn optional(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Connect a WhatsApp number, Facebook Page or Instagram account (admins only).
#[utoipa::path(post, path = "/api/v1/channels/meta", tag = "channels", request_body = CreateMetaChannel,
    responses((status = 201, body = ChannelView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create(
    State(state): State<AppState>,
    me: CurrentUser,
    Json(body): Json<CreateMetaChannel>,
) -> ApiResult<(StatusCode, Json<ChannelView>)> {
    me.require_admin()?;
    if ![whatsapp::KIND, messenger::KIND, instagram::KIND].contains(&body.kind.as_str()) {
        return Err(ApiError::invalid("Tipo de canal inválido; use whatsapp, messenger ou instagram."));
    }
    let name = field(&body.name, "O nome do canal", 80)?;
    let external_id = meta_id(&body.external_id, "O id do canal na Meta")?;
    let business_id =
        optional(body.business_id).map(|b| meta_id(&b, "O id da conta do WhatsApp Business")).transpose()?;
    let seal = |value: &str, label: &str| -> ApiResult<Vec<u8>> {
        Ok(state.meta.secrets.seal(&Secret::new(field(value, label, 1024)?)))
    };
    let new = NewMetaChannel {
        account_id: me.account_id(),
        kind: body.kind.clone(),
        name,
        external_id,
        business_id,
        display_phone: optional(body.display_phone),
        webhook_key: auth::random_token(),
        app_secret: seal(&body.app_secret, "O app secret")?,
        verify_token: seal(&body.verify_token, "O token de verificação")?,
        access_token: seal(&body.access_token, "O token de acesso")?,
        echo_keyword: optional(body.echo_keyword),
    };
    Ok((StatusCode::CREATED, Json(state.store.create_meta_channel(new).await?)))
}

/// Change a Meta channel: name, ids, echo keyword, or rotate a secret (admins only).
#[utoipa::path(patch, path = "/api/v1/channels/{id}", tag = "channels", params(("id" = i64, Path)),
    request_body = UpdateMetaChannel,
    responses((status = 200, body = ChannelView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<UpdateMetaChannel>,
) -> ApiResult<Json<ChannelView>> {
    me.require_admin()?;
    let seal = |value: Option<String>, label: &str| -> ApiResult<Option<Vec<u8>>> {
        value.map(|v| Ok(state.meta.secrets.seal(&Secret::new(field(&v, label, 1024)?)))).transpose()
    };
    let patch = MetaChannelPatch {
        name: body.name.map(|n| field(&n, "O nome do canal", 80)).transpose()?,
        business_id: body
            .business_id
            .map(|b| optional(Some(b)).map(|b| meta_id(&b, "O id da conta do WhatsApp Business")).transpose())
            .transpose()?,
        display_phone: body.display_phone.map(|p| optional(Some(p))),
        app_secret: seal(body.app_secret, "O app secret")?,
        verify_token: seal(body.verify_token, "O token de verificação")?,
        access_token: seal(body.access_token, "O token de acesso")?,
        echo_keyword: body.echo_keyword.map(|k| optional(Some(k))),
    };
    let view = state.store.update_meta_channel(me.account_id(), id, patch).await?;
    state.meta.forget_webhooks();
    Ok(Json(view))
}

/// "Testar conexão": read the channel's own object at Meta with its token and report what Meta
/// answered (admins only). A refusal by Meta is a finding (`ok: false`), not a failed request.
#[utoipa::path(post, path = "/api/v1/channels/{id}/test", tag = "channels", params(("id" = i64, Path)),
    responses((status = 200, body = ConnectionTest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn test_connection(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<ConnectionTest>> {
    me.require_admin()?;
    let channel = state.store.channel_view(me.account_id(), id).await?;
    if probe::probe_path(&channel.kind, "").is_none() {
        return Err(ApiError::invalid("Só canais da Meta (WhatsApp, Facebook, Instagram) têm conexão a testar."));
    }
    let meta_channel = state.store.meta_channel_in(me.account_id(), id).await?;
    Ok(Json(state.meta.test_connection(&meta_channel).await.map_err(ApiError::internal)?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create)).routes(routes!(update)).routes(routes!(test_connection))
}
