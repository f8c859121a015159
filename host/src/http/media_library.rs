//! The media library ("Biblioteca de Mídias", C11): every user lists it and sees its files (the
//! composer's attach menu shows them as thumbnails) and sends an item to a chat; admins add
//! items (`multipart/form-data`, like the composer's uploads and with the same size limit) and
//! delete them.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::composer::MAX_UPLOAD_BYTES;
use super::error::{ApiError, ApiResult, ErrorBody, Json, Path};
use super::uploads::read_form;
use super::{AppState, CurrentUser};
use crate::domain::content::MediaKind;
use crate::store::MediaItemView;
use crate::store::views::MessageView;

/// The library, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct MediaLibraryList {
    pub items: Vec<MediaItemView>,
}

/// How to send an item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendLibraryItem {
    /// For images, videos and documents; stickers and audio take none.
    pub caption: Option<String>,
}

/// The account's media library: stickers and saved files, by name.
#[utoipa::path(get, path = "/api/v1/media-library", tag = "media_library",
    responses((status = 200, body = MediaLibraryList)))]
async fn list_media_library(State(state): State<AppState>, me: CurrentUser) -> ApiResult<Json<MediaLibraryList>> {
    Ok(Json(MediaLibraryList { items: state.store.media_library(me.account_id()).await? }))
}

/// Add a file to the library (admins only): `multipart/form-data` with a `file` part (its
/// content type decides the kind: WebP is a sticker; JPEG and PNG images, MP4 video, audio and
/// documents) and a `name` part (1 to 80 characters, one per account).
#[utoipa::path(post, path = "/api/v1/media-library", tag = "media_library",
    request_body(content_type = "multipart/form-data", content = String, description = "`file` and `name` parts"),
    responses((status = 201, body = MediaItemView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_to_media_library(
    State(state): State<AppState>,
    me: CurrentUser,
    request: axum::extract::Request,
) -> ApiResult<(StatusCode, Json<MediaItemView>)> {
    // Refused before the upload is read.
    me.require_admin()?;
    let mut form = read_form(request, MAX_UPLOAD_BYTES).await?;
    let name = form.texts.remove("name").unwrap_or_default();
    let saved = state.app.add_to_media_library(me.account_id(), &name, form.file).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// An item's file, with its content type (for thumbnails and previews).
#[utoipa::path(get, path = "/api/v1/media-library/{id}/file", tag = "media_library", params(("id" = i64, Path)),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 404, body = ErrorBody)))]
async fn get_media_library_file(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    let saved = state.store.media_item(me.account_id(), id).await?;
    let bytes =
        (state.app.media.get(&saved.path).await).map_err(|e| ApiError::internal(format!("library item {id}: {e}")))?;
    // Pictures are shown in place; anything else is downloaded, never rendered by the browser
    // as a page of ours.
    let shown = matches!(saved.item.kind, MediaKind::Image | MediaKind::Sticker);
    let file_name = saved.item.file_name.as_deref().unwrap_or("arquivo").replace(['"', '\\'], "");
    let disposition = format!("{}; filename=\"{file_name}\"", if shown { "inline" } else { "attachment" });
    Ok((
        [
            (header::CONTENT_TYPE, saved.item.mime_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
            (header::CACHE_CONTROL, "private, max-age=3600".into()),
        ],
        bytes,
    )
        .into_response())
}

/// Remove an item from the library (admins only); messages that sent it keep their file.
#[utoipa::path(delete, path = "/api/v1/media-library/{id}", tag = "media_library", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_media_library_item(
    State(state): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    me.require_admin()?;
    state.store.delete_media_item(me.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send a library item to the chat (C11): as an upload of the same file would go, under the
/// same rules (window, blocked contact, limits).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/media-library/{item_id}", tag = "messages",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = SendLibraryItem,
    responses((status = 201, body = MessageView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_media_library_item(
    State(state): State<AppState>,
    me: CurrentUser,
    Path((id, item_id)): Path<(i64, i64)>,
    Json(body): Json<SendLibraryItem>,
) -> ApiResult<(StatusCode, Json<MessageView>)> {
    let sent = state.app.send_from_media_library(&me.user, id, item_id, body.caption.as_deref()).await?;
    Ok((StatusCode::CREATED, Json(sent)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_media_library, add_to_media_library))
        .routes(routes!(get_media_library_file))
        .routes(routes!(delete_media_library_item))
        .routes(routes!(send_media_library_item))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
}
