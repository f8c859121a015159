//! The outbox worker: claims due sends, hands each to its channel, and records the answer.
//! Woken right after a commit that added sends, when a test moves the clock, and every second
//! for retries and for rows that other hosts wrote.

use std::sync::Arc;
use std::time::Duration;

use crate::channels::Channels;
use crate::store::{SendFailure, Store};

/// How long a claimed send stays reserved for this worker.
const LEASE_MS: i64 = 60_000;
/// Sends claimed at once.
const BATCH: i64 = 32;

/// Run the worker until the task is dropped.
pub async fn run(store: Store, channels: Arc<Channels>) {
    loop {
        match drain(&store, &channels).await {
            Ok(0) => {
                // Woken by a commit that queued a send, or by a moved test clock (a retry due).
                let wake = async {
                    tokio::select! {
                        _ = store.outbox_wake().notified() => {}
                        _ = store.clock().changed() => {}
                    }
                };
                let _ = tokio::time::timeout(Duration::from_secs(1), wake).await;
            }
            Ok(_) => {}
            Err(err) => {
                tracing::error!(error = %err, "outbox worker failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Send one batch; how many sends were handled.
pub async fn drain(store: &Store, channels: &Channels) -> anyhow::Result<usize> {
    let batch = store.claim_sends(BATCH, LEASE_MS).await?;
    for send in &batch {
        let result = match channels.for_kind(&send.channel_kind) {
            Some(channel) => channel.send(send).await,
            None => Err(SendFailure {
                code: "unsupported_channel".into(),
                title: format!("Este servidor não envia pelo canal {}.", send.channel_kind),
                retry_at: None,
            }),
        };
        match result {
            Ok(provider_id) => store.record_sent(send, &provider_id).await?,
            Err(failure) => store.record_send_failure(send, &failure).await?,
        }
    }
    Ok(batch.len())
}
