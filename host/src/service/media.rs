//! Files users upload (C9, C15, image fields for C8): kept in the media folder under their
//! sha256 (the same picture uploaded twice is one file), then recorded by the operation that
//! uses them — with the message that sends them, or as an image field's value.

use sha2::{Digest, Sha256};

use super::{App, Error, Result};
use crate::store::NewMedia;

/// An uploaded file.
pub struct UploadedFile {
    pub bytes: Vec<u8>,
    pub mime: String,
    pub file_name: Option<String>,
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

impl App {
    /// Write `file` of `account_id` to the media store; the row that records it (to be sent
    /// on `channel_id`, if known), not yet written.
    pub async fn keep_file(&self, account_id: i64, channel_id: Option<i64>, file: &UploadedFile) -> Result<NewMedia> {
        let digest = hex::encode(Sha256::digest(&file.bytes));
        let relative = format!("{account_id}/{digest}");
        self.media.put(&relative, file.bytes.clone()).await.map_err(|e| Error::Internal(e.to_string()))?;
        Ok(NewMedia {
            account_id,
            channel_id,
            mime_type: file.mime.clone(),
            file_name: file.file_name.clone(),
            size_bytes: file.bytes.len() as i64,
            sha256: digest,
            path: relative,
        })
    }
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
