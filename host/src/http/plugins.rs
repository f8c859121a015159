//! The plugin registry API (admins only): list the plugins an account has (shipped and its
//! own), upload a component with its manifest as `multipart/form-data`, switch plugins on and
//! off, delete a plugin or one of its versions.

use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::{AppState, CurrentUser};
use crate::plugins::limits::MAX_COMPONENT_BYTES;
use crate::plugins::registry::{PluginView, UploadError, account_view};

/// Largest manifest part accepted, in bytes.
const MAX_MANIFEST_BYTES: usize = 64 << 10;

/// The plugins of the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct PluginList {
    pub items: Vec<PluginView>,
}

/// The two parts of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PluginUpload {
    /// The manifest (JSON: name, version, kind, description, config_schema, limits).
    manifest: String,
    /// The WebAssembly component (wasm32-wasip2), at most 2 MiB.
    #[schema(value_type = String, format = Binary)]
    component: Vec<u8>,
}

/// Switch a plugin on or off for the account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PluginSwitch {
    pub enabled: bool,
}

/// `multipart/form-data` whose rejection is an [`ApiError`].
struct Multipart(axum::extract::Multipart);

impl<S: Send + Sync> FromRequest<S> for Multipart {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Multipart::from_request(request, state).await.map(Multipart).map_err(|_| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Envie o plugin como multipart/form-data com as partes 'manifest' e 'component'.",
            )
        })
    }
}

fn multipart_error(err: axum::extract::multipart::MultipartError) -> ApiError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large();
    }
    ApiError::bad_request(format!("Corpo multipart inválido: {}", err.body_text()))
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("O componente excede o tamanho máximo de {MAX_COMPONENT_BYTES} bytes."),
    )
}

/// Read the `manifest` and `component` parts, refusing anything else. The form is read to
/// its end even when a part is refused (up to the route's body limit, four times the
/// component cap), so the client gets the answer instead of a connection reset mid-upload.
async fn read_upload(Multipart(mut form): Multipart) -> ApiResult<(Vec<u8>, Vec<u8>)> {
    let (mut manifest, mut component): (Option<Vec<u8>>, Option<Vec<u8>>) = (None, None);
    let mut refusal: Option<ApiError> = None;
    while let Some(mut field) = form.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        let (slot, cap) = match name.as_str() {
            "manifest" => (&mut manifest, MAX_MANIFEST_BYTES),
            "component" => (&mut component, MAX_COMPONENT_BYTES),
            _ => (&mut None, 0),
        };
        let problem = match name.as_str() {
            "manifest" | "component" if slot.is_some() => {
                Some(ApiError::invalid(format!("A parte '{name}' foi enviada duas vezes.")))
            }
            "manifest" | "component" => None,
            other => {
                Some(ApiError::invalid(format!("Parte '{other}' desconhecida: envie apenas 'manifest' e 'component'.")))
            }
        };
        let mut bytes = Vec::new();
        let mut oversized = false;
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            if problem.is_none() && !oversized {
                if bytes.len() + chunk.len() > cap {
                    oversized = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
        }
        let problem = problem.or_else(|| {
            oversized.then(|| {
                if name == "component" {
                    too_large()
                } else {
                    ApiError::invalid(format!("O manifesto excede {MAX_MANIFEST_BYTES} bytes."))
                }
            })
        });
        match problem {
            Some(problem) => {
                refusal.get_or_insert(problem);
            }
            None => *slot = Some(bytes),
        }
    }
    if let Some(refusal) = refusal {
        return Err(refusal);
    }
    let manifest = manifest.ok_or_else(|| ApiError::invalid("Falta a parte 'manifest' (o manifest.json)."))?;
    let component = component.ok_or_else(|| ApiError::invalid("Falta a parte 'component' (o arquivo .wasm)."))?;
    Ok((manifest, component))
}

impl From<UploadError> for ApiError {
    fn from(err: UploadError) -> Self {
        match err {
            UploadError::Manifest(message) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_manifest", message)
            }
            UploadError::Component(message) => {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_component", message)
            }
            shipped @ UploadError::ShippedName(_) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", shipped.to_string())
            }
            UploadError::Store(err) => err.into(),
        }
    }
}

/// The account's plugins: shipped ones first, then its own.
#[utoipa::path(get, path = "/api/v1/plugins", tag = "plugins",
    responses((status = 200, body = PluginList), (status = 403, body = ErrorBody)))]
async fn list_plugins(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<PluginList>> {
    me.require_admin()?;
    Ok(Json(PluginList { items: state.plugins.catalogue(&state.store, me.account_id()).await? }))
}

/// Upload a plugin, or a new version of one of the account's plugins.
#[utoipa::path(post, path = "/api/v1/plugins", tag = "plugins",
    request_body(content = PluginUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = PluginView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_plugin(
    State(state): State<AppState>,
    me: CurrentUser,
    form: Multipart,
) -> ApiResult<(StatusCode, Json<PluginView>)> {
    // Read first: answering before the body is read would reset the client's upload.
    let upload = read_upload(form).await;
    me.require_admin()?;
    let (manifest, component) = upload?;
    let plugin = state.plugins.upload(&state.store, me.account_id(), me.user.id, &manifest, component).await?;
    Ok((StatusCode::CREATED, Json(account_view(&plugin))))
}

/// One of the account's plugins.
#[utoipa::path(get, path = "/api/v1/plugins/{id}", tag = "plugins", params(("id" = i64, Path)),
    responses((status = 200, body = PluginView), (status = 404, body = ErrorBody)))]
async fn get_plugin(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<PluginView>> {
    me.require_admin()?;
    Ok(Json(account_view(&state.store.account_plugin(me.account_id(), id).await?)))
}

/// Switch one of the account's plugins on or off.
#[utoipa::path(patch, path = "/api/v1/plugins/{id}", tag = "plugins", params(("id" = i64, Path)),
    request_body = PluginSwitch, responses((status = 200, body = PluginView), (status = 404, body = ErrorBody)))]
async fn switch_plugin(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<PluginSwitch>,
) -> ApiResult<Json<PluginView>> {
    me.require_admin()?;
    Ok(Json(account_view(&state.store.set_plugin_enabled(me.account_id(), id, body.enabled).await?)))
}

/// Delete one of the account's plugins with every version.
#[utoipa::path(delete, path = "/api/v1/plugins/{id}", tag = "plugins", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_plugin(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_plugin(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete one version of a plugin (not its only one).
#[utoipa::path(delete, path = "/api/v1/plugins/{id}/versions/{version}", tag = "plugins",
    params(("id" = i64, Path), ("version" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn delete_plugin_version(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, version)): Path<(i64, String)>,
) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_plugin_version(me.account_id(), id, &version).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A plugin that ships with the server, as the account has it.
#[utoipa::path(get, path = "/api/v1/plugins/shipped/{name}", tag = "plugins", params(("name" = String, Path)),
    responses((status = 200, body = PluginView), (status = 404, body = ErrorBody)))]
async fn get_shipped(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(name): Path<String>,
) -> ApiResult<Json<PluginView>> {
    me.require_admin()?;
    Ok(Json(state.plugins.shipped_view(&state.store, me.account_id(), &name).await?))
}

/// Switch a shipped plugin on or off for the account.
#[utoipa::path(patch, path = "/api/v1/plugins/shipped/{name}", tag = "plugins", params(("name" = String, Path)),
    request_body = PluginSwitch, responses((status = 200, body = PluginView), (status = 404, body = ErrorBody)))]
async fn switch_shipped(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(name): Path<String>,
    Json(body): Json<PluginSwitch>,
) -> ApiResult<Json<PluginView>> {
    me.require_admin()?;
    if !state.plugins.is_shipped(&name) {
        return Err(ApiError::not_found());
    }
    state.store.set_shipped_plugin_enabled(me.account_id(), &name, body.enabled).await?;
    Ok(Json(state.plugins.shipped_view(&state.store, me.account_id(), &name).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    // An upload carries a component of up to MAX_COMPONENT_BYTES plus the manifest; the route
    // reads up to four times that so an oversized upload still gets its 413. Every other route
    // keeps the server's general body limit.
    let uploads = OpenApiRouter::new()
        .routes(routes!(list_plugins, upload_plugin))
        .layer(DefaultBodyLimit::max(4 * (MAX_COMPONENT_BYTES + MAX_MANIFEST_BYTES)));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(routes!(get_plugin, switch_plugin, delete_plugin))
        .routes(routes!(delete_plugin_version))
        .routes(routes!(get_shipped, switch_shipped))
}
