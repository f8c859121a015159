//! The media download worker (issue 5 part 3): claims pending inbound files and fetches them
//! into `<data-dir>/media`: for WhatsApp first `GET /{media-id}` for a short-lived URL, then
//! the file with the channel's token; for Messenger the attachment's own URL. Failures are
//! retried with back-off and then given up (the message keeps saying it had a file).

use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::channels::meta::Meta;
use crate::channels::whatsapp;
use crate::store::{PendingDownload, Store};

const LEASE_MS: i64 = 120_000;
const BATCH: i64 = 8;
const MAX_ATTEMPTS: i64 = 5;

/// Run the worker until the task is dropped.
pub async fn run(store: Store, meta: Meta) {
    loop {
        match drain(&store, &meta).await {
            Ok(0) => tokio::time::sleep(Duration::from_millis(300)).await,
            Ok(_) => {}
            Err(err) => {
                tracing::error!(error = %err, "media worker failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Download one batch, and delete the files of erased messages (LGPD, issue 17 part 3); how
/// many were handled.
pub async fn drain(store: &Store, meta: &Meta) -> anyhow::Result<usize> {
    let deleted = delete_erased(store, meta).await?;
    let batch = store.claim_downloads(BATCH, LEASE_MS).await?;
    for item in &batch {
        match download(store, meta, item).await {
            Ok((path, size, mime)) => store.record_download(item.id, &path, size, &mime).await?,
            Err(error) => {
                tracing::warn!(media = item.id, %error, "media download failed");
                let retry = (item.attempts < MAX_ATTEMPTS)
                    .then(|| store.now() + 2_000 * 2i64.pow(item.attempts.clamp(1, 10) as u32));
                store.record_download_failure(item.id, &error, retry).await?;
            }
        }
    }
    Ok(batch.len() + deleted)
}

/// Delete a batch of the files queued by erasures; how many.
async fn delete_erased(store: &Store, meta: &Meta) -> anyhow::Result<usize> {
    let queued = store.media_deletions(BATCH).await?;
    for (id, path) in &queued {
        meta.media.delete(path).await?;
        store.media_deleted(*id).await?;
    }
    Ok(queued.len())
}

async fn download(store: &Store, meta: &Meta, item: &PendingDownload) -> Result<(String, i64, String), String> {
    let channel = store.meta_channel(item.channel_id).await.map_err(|e| e.to_string())?;
    let token = meta.credentials(&channel).map_err(|e| e.to_string())?.access_token;
    let (url, token) = match (&item.provider_media_id, &item.source_url) {
        (Some(id), _) if item.channel_kind == whatsapp::KIND => {
            let info = meta
                .graph
                .get_json(&format!("{id}?phone_number_id={}", channel.external_id), &token)
                .await
                .map_err(|e| format!("{}: {}", e.code, e.title))?;
            let url = info["url"].as_str().ok_or("a Meta não devolveu a URL da mídia")?.to_string();
            (url, Some(token))
        }
        (_, Some(url)) => (url.clone(), None),
        _ => return Err("mídia sem id nem URL".into()),
    };
    let (bytes, mime) =
        meta.graph.download(&url, token.as_ref()).await.map_err(|e| format!("{}: {}", e.code, e.title))?;
    let digest = hex::encode(Sha256::digest(&bytes));
    let relative = format!("{}/{}", item.account_id, digest);
    let size = bytes.len() as i64;
    meta.media.put(&relative, bytes).await.map_err(|e| e.to_string())?;
    let mime =
        mime.filter(|m| !m.is_empty() && m != "application/octet-stream").unwrap_or_else(|| item.mime_type.clone());
    Ok((relative, size, mime))
}
