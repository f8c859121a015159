//! The contact's data rights (issue 17 part 3, LGPD): the archive of everything the account
//! holds about a contact (`contato.json` and the media files under `midia/`), their erasure,
//! and the account's retention limit. Who may do it (admins) is the route's to check; the audit
//! log records each ([`crate::domain::audit`]).

use std::io::Write;

use zip::write::SimpleFileOptions;

use super::{App, Error, Result};
use crate::domain::data_rights::check_retention;
use crate::media_store::MediaStoreError;
use crate::store::views::AccountView;

/// A contact's archive: its file name and bytes.
pub struct ContactArchive {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl App {
    /// Everything the account holds about `contact_id`, as one ZIP archive. A media file the
    /// store no longer has is listed in the JSON and left out of the archive.
    pub async fn export_contact(&self, account_id: i64, contact_id: i64) -> Result<ContactArchive> {
        let export = self.store.contact_export(account_id, contact_id).await?;
        let mut files = Vec::with_capacity(export.media.len());
        for entry in &export.media {
            match self.media.get(&entry.path).await {
                Ok(bytes) => files.push((entry.file.clone(), bytes)),
                Err(MediaStoreError::NotFound(_)) => {
                    tracing::warn!(path = %entry.path, "a contact's media file is missing from the store")
                }
                Err(err) => return Err(Error::Internal(err.to_string())),
            }
        }
        let json = serde_json::to_vec_pretty(&export).map_err(|e| Error::Internal(e.to_string()))?;
        let bytes = tokio::task::spawn_blocking(move || zip_archive(json, files))
            .await
            .map_err(|e| Error::Internal(format!("archive stopped: {e}")))?
            .map_err(|e| Error::Internal(format!("archive failed: {e}")))?;
        Ok(ContactArchive { file_name: format!("contato-{contact_id}.zip"), bytes })
    }

    /// Erase a contact's data ([`crate::store::Store::erase_contact`]).
    pub async fn erase_contact(&self, account_id: i64, contact_id: i64) -> Result<()> {
        Ok(self.store.erase_contact(account_id, contact_id).await?)
    }

    /// Set how many months closed chats' messages are kept (`None`: always).
    pub async fn set_retention(&self, account_id: i64, months: Option<i64>) -> Result<AccountView> {
        let months = months.map(check_retention).transpose().map_err(Error::Invalid)?;
        Ok(self.store.set_retention(account_id, months).await?)
    }
}

fn zip_archive(json: Vec<u8>, files: Vec<(String, Vec<u8>)>) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    archive.start_file("contato.json", options)?;
    archive.write_all(&json)?;
    // Media is stored as it is: images and audio are compressed already.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        archive.start_file(name, stored)?;
        archive.write_all(&bytes)?;
    }
    Ok(archive.finish()?.into_inner())
}
