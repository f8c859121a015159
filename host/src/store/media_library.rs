//! The media library ("Biblioteca de Mídias", C11): the account's saved stickers and files —
//! listed by every user (the composer's attach menu), added and deleted by admins. Each row
//! names a file of the media folder, kept under its sha256 like an upload; deleting an item
//! leaves the file, which messages already sent may share. The rules are in
//! [`crate::domain::media_library`].

use serde::Serialize;
use utoipa::ToSchema;

use super::{NewMedia, Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Vocabulary;
use crate::domain::content::MediaKind;
use crate::domain::media_library;

/// A saved sticker or file.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MediaItemView {
    pub id: i64,
    pub name: String,
    /// What it is sent as: a WebP file is a sticker.
    pub kind: MediaKind,
    pub mime_type: String,
    /// The uploaded file's name, if it had one.
    pub file_name: Option<String>,
    pub size_bytes: i64,
    /// Where its bytes are served (for thumbnails).
    pub url: String,
    pub created_at: i64,
}

/// An item and where its file is.
#[derive(Debug, Clone)]
pub struct MediaItemFile {
    pub item: MediaItemView,
    /// Relative to the media folder.
    pub path: String,
}

crate::row! {
    struct MediaItemRow {
        id: i64,
        name: String,
        kind: String,
        mime_type: String,
        file_name: Option<String>,
        size_bytes: i64,
        path: String,
        created_at: i64,
    }
}

impl MediaItemRow {
    fn into_file(self) -> StoreResult<MediaItemFile> {
        let kind = MediaKind::parse(&self.kind)
            .ok_or_else(|| StoreError::Internal(format!("media library item {} has kind '{}'", self.id, self.kind)))?;
        let item = MediaItemView {
            id: self.id,
            name: self.name,
            kind,
            mime_type: self.mime_type,
            file_name: self.file_name,
            size_bytes: self.size_bytes,
            url: file_url(self.id),
            created_at: self.created_at,
        };
        Ok(MediaItemFile { item, path: self.path })
    }
}

fn file_url(id: i64) -> String {
    format!("/api/v1/media-library/{id}/file")
}

impl Store {
    /// The account's library, by name.
    pub async fn media_library(&self, account_id: i64) -> StoreResult<Vec<MediaItemView>> {
        let rows: Vec<MediaItemRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {} FROM media_library WHERE account_id = $1 ORDER BY LOWER(name), id",
                    MediaItemRow::COLUMNS
                ),
                args![account_id],
            )
            .await?;
        rows.into_iter().map(|r| r.into_file().map(|f| f.item)).collect()
    }

    /// One item of the account, with its file.
    pub async fn media_item(&self, account_id: i64, id: i64) -> StoreResult<MediaItemFile> {
        let row: MediaItemRow = self
            .read()
            .await?
            .fetch_one(
                &format!("SELECT {} FROM media_library WHERE account_id = $1 AND id = $2", MediaItemRow::COLUMNS),
                args![account_id, id],
            )
            .await?;
        row.into_file()
    }

    /// Record `file`, already written to the media folder, as the item `name` of its account.
    pub async fn add_media_item(&self, name: &str, kind: MediaKind, file: &NewMedia) -> StoreResult<MediaItemView> {
        let name = media_library::name(name).map_err(StoreError::Rejected)?;
        let now = self.now();
        let mut tx = self.begin().await?;
        let inserted = tx
            .fetch_one::<(i64,)>(
                "INSERT INTO media_library (account_id, name, kind, mime_type, file_name, size_bytes, sha256, path, \
                 created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                args![
                    file.account_id,
                    name.as_str(),
                    kind.as_str(),
                    file.mime_type.as_str(),
                    file.file_name.as_deref(),
                    file.size_bytes,
                    file.sha256.as_str(),
                    file.path.as_str(),
                    now
                ],
            )
            .await;
        let (id,) = match inserted {
            Err(StoreError::Conflict(_)) => {
                return Err(StoreError::Conflict(format!("Já existe uma mídia chamada '{name}' na biblioteca.")));
            }
            other => other?,
        };
        self.commit(tx).await?;
        Ok(MediaItemView {
            id,
            name,
            kind,
            mime_type: file.mime_type.clone(),
            file_name: file.file_name.clone(),
            size_bytes: file.size_bytes,
            url: file_url(id),
            created_at: now,
        })
    }

    /// Remove an item from the library (messages that sent it keep their file).
    pub async fn delete_media_item(&self, account_id: i64, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        if tx.execute("DELETE FROM media_library WHERE account_id = $1 AND id = $2", args![account_id, id]).await? == 0
        {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }
}
