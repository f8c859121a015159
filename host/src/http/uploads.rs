//! Files users upload, read from a `multipart/form-data` form (the file in part `file`, text
//! parts by name) and checked for size. The composer's attachments (C9) and image custom
//! fields such as `{foto}` (C8) both come in this way; the application layer keeps them.

use std::collections::HashMap;

use axum::extract::Multipart;
use axum::http::StatusCode;

use super::error::{ApiError, ApiResult};
pub use crate::service::media::UploadedFile;

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
