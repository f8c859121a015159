//! Files users upload: read from a `multipart/form-data` form (the file in part `file`, text
//! parts by name), checked for size, and kept in the media folder under their sha256 (so the
//! same picture uploaded twice is one file) with a media row of the account. The composer's
//! attachments (C9) and image custom fields such as `{foto}` (C8) both come in this way.

use std::collections::HashMap;

use axum::extract::Multipart;
use axum::http::StatusCode;
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::{ApiError, ApiResult};

/// An uploaded file.
pub struct UploadedFile {
    pub bytes: Vec<u8>,
    pub mime: String,
    pub file_name: Option<String>,
}

/// What a form carried: the file and the text parts.
pub struct UploadForm {
    pub file: UploadedFile,
    pub texts: HashMap<String, String>,
}

fn too_large(max_bytes: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("O arquivo excede o tamanho máximo de {} MB.", max_bytes / (1024 * 1024)),
    )
}

/// Read the form: a non-empty file of at most `max_bytes` in part `file`, and text parts.
pub async fn read_form(request: axum::extract::Request, max_bytes: usize) -> ApiResult<UploadForm> {
    let mut form = <Multipart as axum::extract::FromRequest<()>>::from_request(request, &())
        .await
        .map_err(|e| ApiError::bad_request(format!("Envie um formulário multipart/form-data: {e}")))?;
    let mut file = None;
    let mut texts = HashMap::new();
    while let Some(field) =
        form.next_field().await.map_err(|e| ApiError::bad_request(format!("Formulário inválido: {e}")))?
    {
        match field.name().map(str::to_string) {
            Some(name) if name == "file" => {
                let mime = field.content_type().unwrap_or("application/octet-stream").to_string();
                let file_name = field
                    .file_name()
                    .map(|n| n.chars().filter(|c| !c.is_control() && *c != '/' && *c != '\\').take(120).collect());
                let bytes = field.bytes().await.map_err(|_| too_large(max_bytes))?;
                file = Some(UploadedFile { bytes: bytes.to_vec(), mime, file_name });
            }
            Some(name) => {
                let text = field.text().await.map_err(|e| ApiError::bad_request(e.to_string()))?;
                texts.insert(name, text);
            }
            None => {}
        }
    }
    let file = file.ok_or_else(|| ApiError::invalid("Envie o arquivo na parte 'file'."))?;
    if file.bytes.is_empty() {
        return Err(ApiError::invalid("O arquivo está vazio."));
    }
    if file.bytes.len() > max_bytes {
        return Err(too_large(max_bytes));
    }
    Ok(UploadForm { file, texts })
}

/// The picture type the bytes really are (JPEG or PNG, the images WhatsApp takes), whatever
/// the form claimed.
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// Keep `file` for `account_id` (to be sent on `channel_id`, if known); its media id.
pub async fn store_file(
    state: &AppState,
    account_id: i64,
    channel_id: Option<i64>,
    file: &UploadedFile,
) -> ApiResult<i64> {
    let digest = hex::encode(Sha256::digest(&file.bytes));
    let relative = format!("{account_id}/{digest}");
    let path = state.meta.media_dir.join(&relative);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(ApiError::internal)?;
    }
    tokio::fs::write(&path, &file.bytes).await.map_err(ApiError::internal)?;
    Ok(state
        .store
        .create_media(&crate::store::NewMedia {
            account_id,
            channel_id,
            mime_type: file.mime.clone(),
            file_name: file.file_name.clone(),
            size_bytes: file.bytes.len() as i64,
            sha256: digest,
            path: relative,
        })
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_known_by_their_bytes_not_their_claimed_type() {
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(sniff_image(b"GIF89a"), None);
        assert_eq!(sniff_image(b"<svg></svg>"), None);
        assert_eq!(sniff_image(&[]), None);
    }
}
