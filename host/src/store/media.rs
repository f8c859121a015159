//! Media files (issue 5 part 3, C9, C15): inbound ones wait as `pending` rows, written with
//! their message, until the download worker has fetched them into the data directory; outbound
//! ones are uploaded by agents and remember Meta's media id once sent. Files are served to
//! signed-in users of the same account only.

use super::messages::emit_message_updated;
use super::turns::{Turns, in_turn};
use super::{Store, StoreResult, Tx};
use crate::args;
use crate::domain::Millis;

crate::row! {
    /// A stored media row.
    #[derive(Debug, Clone)]
    pub struct MediaFile {
        pub id: i64,
        pub account_id: i64,
        pub channel_id: Option<i64>,
        pub message_id: Option<i64>,
        pub direction: String,
        pub provider_media_id: Option<String>,
        pub mime_type: String,
        pub file_name: Option<String>,
        /// Relative to the media folder.
        pub path: Option<String>,
        pub state: String,
    }
}

/// A file an agent uploaded, already written to `path`.
#[derive(Debug, Clone)]
pub struct NewMedia {
    pub account_id: i64,
    pub channel_id: Option<i64>,
    pub mime_type: String,
    pub file_name: Option<String>,
    pub size_bytes: i64,
    pub sha256: String,
    pub path: String,
}

crate::row! {
    /// An inbound file to download, claimed under a lease.
    #[derive(Debug, Clone)]
    pub struct PendingDownload {
        pub id: i64,
        pub account_id: i64,
        pub channel_id: i64,
        pub channel_kind: String,
        pub provider_media_id: Option<String>,
        pub source_url: Option<String>,
        pub mime_type: String,
        pub attempts: i64,
    }
}

const MEDIA_COLUMNS: &str = MediaFile::COLUMNS;

/// Where the file a message sends comes from.
#[derive(Debug, Clone)]
pub enum MediaSource {
    /// A file just uploaded and written to the media folder.
    Upload(NewMedia),
    /// A stored file of the account (an image field's picture, `{foto}`, C8), by its media id.
    Stored(i64),
}

/// The outbound media row of `source` for a send on `channel_id`, written in `tx`: a new row for
/// an upload; for a stored file, a new row of the same file (each message keeps its own row —
/// its own link and provider id —, the file on disk is shared). A stored file the account does
/// not have is not found.
pub(super) async fn media_row_in(
    tx: &mut Tx,
    account_id: i64,
    source: &MediaSource,
    channel_id: Option<i64>,
) -> StoreResult<i64> {
    let now = tx.now();
    let (id,): (i64,) = match source {
        MediaSource::Upload(new) => {
            tx.fetch_one(
                "INSERT INTO media (account_id, channel_id, direction, mime_type, file_name, size_bytes, sha256, path, \
                 state, next_attempt_at, created_at) VALUES ($1, $2, 'outbound', $3, $4, $5, $6, $7, 'stored', $8, $8) \
                 RETURNING id",
                args![
                    account_id,
                    channel_id,
                    &new.mime_type,
                    new.file_name.clone(),
                    new.size_bytes,
                    &new.sha256,
                    &new.path,
                    now
                ],
            )
            .await?
        }
        MediaSource::Stored(media_id) => {
            tx.fetch_one(
                "INSERT INTO media (account_id, channel_id, direction, mime_type, file_name, size_bytes, sha256, path, \
                 state, next_attempt_at, created_at) SELECT account_id, $1, 'outbound', mime_type, file_name, size_bytes, \
                 sha256, path, 'stored', $2, $2 FROM media WHERE id = $3 AND account_id = $4 AND state = 'stored' \
                 RETURNING id",
                args![channel_id, now, *media_id, account_id],
            )
            .await?
        }
    };
    Ok(id)
}

/// The inbound downloads a claim may take: due, and not leased (or leased by a worker that
/// stopped); accounts in turn ([`Turns`]), so one account's burst of files does not hold back
/// another's.
const DOWNLOADABLE: &str = "t.state = 'pending' AND t.direction = 'inbound' AND t.next_attempt_at <= $2 \
    AND (t.locked_until IS NULL OR t.locked_until <= $2)";

impl Store {
    /// Record an uploaded file that no message sends (an image field's picture); its id.
    pub async fn create_media(&self, new: &NewMedia) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let id = media_row_in(&mut tx, new.account_id, &MediaSource::Upload(new.clone()), new.channel_id).await?;
        self.commit(tx).await?;
        Ok(id)
    }

    /// The file of a message of the account.
    pub async fn media_of_message(&self, account_id: i64, message_id: i64) -> StoreResult<Option<MediaFile>> {
        self.read()
            .await?
            .fetch_optional(
                &format!(
                    "SELECT {MEDIA_COLUMNS} FROM media WHERE account_id = $1 AND message_id = $2 ORDER BY id LIMIT 1"
                ),
                args![account_id, message_id],
            )
            .await
    }

    /// A media row by id.
    pub async fn media(&self, media_id: i64) -> StoreResult<MediaFile> {
        self.read().await?.fetch_one(&format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = $1"), args![media_id]).await
    }

    /// Remember Meta's id of an uploaded file (uploaded once, sent by id).
    pub async fn set_provider_media_id(&self, media_id: i64, provider_media_id: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("UPDATE media SET provider_media_id = $1 WHERE id = $2", args![provider_media_id, media_id]).await?;
        self.commit(tx).await
    }

    /// Claim up to `limit` due downloads for `lease_ms`, accounts in turn (see [`Turns`]).
    pub async fn claim_downloads(&self, limit: i64, lease_ms: Millis) -> StoreResult<Vec<PendingDownload>> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let turns = Turns { table: "media", due: DOWNLOADABLE, order: "t.id", after_account: None, limit: "$3" };
        let sql = format!(
            "UPDATE media SET locked_until = $1, attempts = attempts + 1 WHERE id IN ({}) RETURNING id",
            turns.sql(tx.dialect())
        );
        let mut ids: Vec<(i64,)> = tx.fetch_all(&sql, args![now + lease_ms, now, limit]).await?;
        ids.sort_unstable();
        let mut claimed = Vec::with_capacity(ids.len());
        for (id,) in ids {
            claimed.push(
                tx.fetch_one(
                    "SELECT m.id, m.account_id, m.channel_id, ch.kind AS channel_kind, m.provider_media_id, m.source_url, \
                     m.mime_type, m.attempts FROM media m JOIN channels ch ON ch.id = m.channel_id WHERE m.id = $1",
                    args![id],
                )
                .await?,
            );
        }
        self.commit(tx).await?;
        Ok(in_turn(claimed, |download| download.account_id))
    }

    /// A download finished: the file is at `path` (relative to the media folder).
    pub async fn record_download(&self, id: i64, path: &str, size_bytes: i64, mime_type: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE media SET state = 'stored', path = $1, size_bytes = $2, mime_type = $3, locked_until = NULL, \
             last_error = NULL WHERE id = $4",
            args![path, size_bytes, mime_type, id],
        )
        .await?;
        announce_file_settled(&mut tx, id, "stored").await?;
        self.commit(tx).await
    }

    /// A download failed: try again at `retry_at`, or give up.
    pub async fn record_download_failure(&self, id: i64, error: &str, retry_at: Option<Millis>) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        match retry_at {
            Some(at) => {
                tx.execute(
                    "UPDATE media SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3",
                    args![at, error, id],
                )
                .await?;
            }
            None => {
                tx.execute(
                    "UPDATE media SET state = 'failed', locked_until = NULL, last_error = $1 WHERE id = $2",
                    args![error, id],
                )
                .await?;
                announce_file_settled(&mut tx, id, "failed").await?;
            }
        }
        self.commit(tx).await
    }
}

/// An inbound file was stored or given up (`state`): its message says so in its payload's
/// `media.state`, and changes for whoever shows it (a picture drawn as "not available yet" is
/// fetched again).
async fn announce_file_settled(tx: &mut Tx, media_id: i64, state: &str) -> StoreResult<()> {
    let message: Option<(i64, i64, i64, Option<String>)> = tx
        .fetch_optional(
            "SELECT m.account_id, m.conversation_id, m.id, m.payload FROM media f JOIN messages m ON m.id = f.message_id \
             WHERE f.id = $1",
            args![media_id],
        )
        .await?;
    let Some((account_id, conversation_id, message_id, payload)) = message else { return Ok(()) };
    let mut payload: serde_json::Value =
        payload.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_else(|| serde_json::json!({}));
    if let Some(media) = payload.get_mut("media").and_then(|m| m.as_object_mut()) {
        media.insert("state".into(), state.into());
    }
    tx.execute(
        "UPDATE messages SET payload = $1, updated_at = $2 WHERE id = $3",
        args![payload.to_string(), tx.now(), message_id],
    )
    .await?;
    emit_message_updated(tx, account_id, conversation_id, message_id).await
}
