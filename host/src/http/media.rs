//! Media files of messages (issue 5 part 3): served to signed-in users of the message's account
//! who may see its conversation, never to anyone else.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ApiResult, ErrorBody, Path};
use super::{AppState, CurrentUser};

/// The file of a message (inbound once downloaded, or an agent's upload).
#[utoipa::path(get, path = "/api/v1/messages/{id}/media", tag = "messages", params(("id" = i64, Path)),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn get_media(State(state): State<AppState>, me: CurrentUser, Path(id): Path<i64>) -> ApiResult<Response> {
    let media = state.store.media_of_message(me.account_id(), id).await?.ok_or_else(ApiError::not_found)?;
    let message = state.store.message_by_id(me.account_id(), id).await?;
    // The viewer must be allowed to see the conversation (A3).
    state.store.conversation_for(&me.user, message.conversation_id).await?;
    let path = match (media.state.as_str(), media.path.as_deref()) {
        ("stored", Some(path)) => path,
        ("failed", _) => {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "media_failed",
                "Não foi possível baixar esta mídia do canal.",
            ));
        }
        _ => return Err(ApiError::new(StatusCode::CONFLICT, "media_pending", "A mídia ainda está sendo baixada.")),
    };
    // A stored file that cannot be read is the server's fault (a lost volume, an unreachable
    // object store), never the client's.
    let bytes = state.meta.media.get(path).await.map_err(|e| ApiError::internal(e.to_string()))?;
    let disposition =
        format!("inline; filename=\"{}\"", media.file_name.as_deref().unwrap_or("arquivo").replace('"', ""));
    Ok((
        [
            (header::CONTENT_TYPE, media.mime_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, max-age=3600".into()),
        ],
        bytes,
    )
        .into_response())
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_media))
}
