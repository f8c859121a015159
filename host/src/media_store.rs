//! Where media files live (issue 15 part 4): the data folder's `media/` on one host, or an
//! S3-compatible object store shared by every host, chosen by `ATENDE_MEDIA_STORE`. Inbound
//! downloads, agents' uploads, image fields and the media library all go through here, so a
//! file one host wrote is readable on any other.
//!
//! Files are named `<account>/<sha256>`: content-addressed, so two hosts writing the same file
//! write the same bytes and no lock is needed. Both stores write a file whole or not at all
//! (the local one through a temporary file and a rename), so a crash mid-write never leaves a
//! truncated file under a name a message points to.

use std::path::Path;
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, PutPayload};

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum MediaStoreError {
    #[error("media file {0} not found")]
    NotFound(String),
    #[error("media file name {0:?} is not valid")]
    BadName(String),
    #[error("media store: {0}")]
    Failed(String),
}

/// The media files' store; cheap to clone.
#[derive(Clone)]
pub struct MediaStore {
    objects: Arc<dyn ObjectStore>,
    /// Where the files are, for logs and errors (never a credential).
    pub location: String,
}

impl std::fmt::Debug for MediaStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaStore").field("location", &self.location).finish()
    }
}

impl MediaStore {
    /// The store `url` names, or `<data_dir>/media` when it is empty:
    /// - `file:///abs/folder`: a local folder;
    /// - `s3://bucket[/prefix]`: an S3-compatible store, reached with the usual AWS variables
    ///   (`AWS_ENDPOINT`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_DEFAULT_REGION`,
    ///   `AWS_ALLOW_HTTP=true` for a plain-HTTP endpoint such as SeaweedFS or MinIO on a LAN).
    pub fn open(url: &str, data_dir: &Path) -> anyhow::Result<MediaStore> {
        let url = url.trim();
        if url.is_empty() {
            return MediaStore::local(&data_dir.join("media"));
        }
        let parsed = url::Url::parse(url).map_err(|e| anyhow::anyhow!("ATENDE_MEDIA_STORE {url:?}: {e}"))?;
        match parsed.scheme() {
            "file" => {
                let dir = parsed
                    .to_file_path()
                    .map_err(|()| anyhow::anyhow!("ATENDE_MEDIA_STORE {url:?}: not an absolute folder"))?;
                MediaStore::local(&dir)
            }
            "s3" | "s3a" => {
                let bucket = parsed.host_str().unwrap_or_default();
                anyhow::ensure!(!bucket.is_empty(), "ATENDE_MEDIA_STORE {url:?}: the URL names no bucket");
                let s3 = AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(|e| anyhow::anyhow!("ATENDE_MEDIA_STORE {url:?}: {e}"))?;
                let prefix = parsed.path().trim_matches('/');
                let objects: Arc<dyn ObjectStore> =
                    if prefix.is_empty() { Arc::new(s3) } else { Arc::new(PrefixStore::new(s3, prefix)) };
                Ok(MediaStore { objects, location: format!("s3://{bucket}/{prefix}") })
            }
            other => anyhow::bail!("ATENDE_MEDIA_STORE {url:?}: unknown scheme {other:?} (file:// or s3://)"),
        }
    }

    /// A local folder, made if missing.
    pub fn local(dir: &Path) -> anyhow::Result<MediaStore> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create the media folder {}: {e}", dir.display()))?;
        let objects = LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| anyhow::anyhow!("media folder {}: {e}", dir.display()))?;
        Ok(MediaStore { objects: Arc::new(objects), location: dir.display().to_string() })
    }

    /// Write `bytes` as the file `name`, whole, replacing any file of that name.
    pub async fn put(&self, name: &str, bytes: impl Into<PutPayload>) -> Result<(), MediaStoreError> {
        let path = object_path(name)?;
        self.objects
            .put(&path, bytes.into())
            .await
            .map_err(|e| MediaStoreError::Failed(format!("cannot write {name} to {}: {e}", self.location)))?;
        Ok(())
    }

    /// Delete the file `name`; one already gone is not an error.
    pub async fn delete(&self, name: &str) -> Result<(), MediaStoreError> {
        let path = object_path(name)?;
        match self.objects.delete(&path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(MediaStoreError::Failed(format!("cannot delete {name} from {}: {e}", self.location))),
        }
    }

    /// The bytes of the file `name`.
    pub async fn get(&self, name: &str) -> Result<Vec<u8>, MediaStoreError> {
        let path = object_path(name)?;
        let read = async { self.objects.get(&path).await?.bytes().await };
        match read.await {
            Ok(bytes) => Ok(bytes.to_vec()),
            Err(object_store::Error::NotFound { .. }) => Err(MediaStoreError::NotFound(name.to_string())),
            Err(e) => Err(MediaStoreError::Failed(format!("cannot read {name} from {}: {e}", self.location))),
        }
    }
}

/// The store's path of a file name, refusing names that could leave the store's folder (names
/// are made by the host, but a row is data: it is checked, not trusted).
fn object_path(name: &str) -> Result<ObjectPath, MediaStoreError> {
    let bad = || MediaStoreError::BadName(name.to_string());
    if name.is_empty() || name.starts_with('/') || name.split('/').any(|part| part.is_empty() || part == "..") {
        return Err(bad());
    }
    ObjectPath::parse(name).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_names_are_files() {
        assert!(object_path("7/abc123").is_ok());
        for name in ["", "/etc/passwd", "7/../../etc", "7//x", "../x", "7/"] {
            assert!(matches!(object_path(name), Err(MediaStoreError::BadName(_))), "{name:?}");
        }
    }

    #[tokio::test]
    async fn a_local_folder_keeps_files_by_name_where_the_host_always_put_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = MediaStore::open("", dir.path()).unwrap();
        store.put("3/abc", b"foto".to_vec()).await.unwrap();
        assert_eq!(store.get("3/abc").await.unwrap(), b"foto");
        // Same layout as before the store existed: files written by older versions are found.
        assert_eq!(std::fs::read(dir.path().join("media/3/abc")).unwrap(), b"foto");
        std::fs::write(dir.path().join("media/3/old"), b"antiga").unwrap();
        assert_eq!(store.get("3/old").await.unwrap(), b"antiga");
        assert!(matches!(store.get("3/missing").await, Err(MediaStoreError::NotFound(_))));
    }

    #[tokio::test]
    async fn a_file_url_names_a_local_folder() {
        let dir = tempfile::tempdir().unwrap();
        let url = url::Url::from_directory_path(dir.path().join("shared")).unwrap();
        let store = MediaStore::open(url.as_str(), Path::new("/nonexistent")).unwrap();
        store.put("1/x", b"y".to_vec()).await.unwrap();
        assert_eq!(std::fs::read(dir.path().join("shared/1/x")).unwrap(), b"y");
    }

    #[test]
    fn unknown_or_incomplete_urls_are_refused_with_a_reason() {
        let dir = std::env::temp_dir();
        let error = MediaStore::open("ftp://host/x", &dir).unwrap_err().to_string();
        assert!(error.contains("unknown scheme"), "{error}");
        let error = MediaStore::open("s3://", &dir).unwrap_err().to_string();
        assert!(error.contains("bucket") || error.contains("ATENDE_MEDIA_STORE"), "{error}");
        assert!(MediaStore::open("not a url", &dir).is_err());
    }
}
