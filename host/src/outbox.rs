//! The outbox worker: claims due sends one at a time (a claim starts an attempt, see
//! `store::outbox`), hands each to its channel, and records the answer.
//! Woken right after a commit that added sends, when a test moves the clock, and every second
//! for retries and for rows that other hosts wrote.

use std::sync::Arc;
use std::time::Duration;

use crate::channels::Channels;
use crate::domain::Millis;
use crate::store::{SendFailure, Store};

/// Run the worker until the task is dropped; each attempt is leased for `lease_ms`.
pub async fn run(store: Store, channels: Arc<Channels>, lease_ms: Millis) {
    loop {
        match drain(&store, &channels, lease_ms).await {
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

/// Fail the interrupted sends, then send every due one; how many were handled.
pub async fn drain(store: &Store, channels: &Channels, lease_ms: Millis) -> anyhow::Result<usize> {
    let mut handled = store.fail_interrupted_sends().await?;
    while let Some(send) = store.claim_send(lease_ms).await? {
        let result = match channels.for_kind(&send.channel_kind) {
            Some(channel) => channel.send(&send).await,
            None => Err(SendFailure {
                code: "unsupported_channel".into(),
                title: format!("Este servidor não envia pelo canal {}.", send.channel_kind),
                retry_at: None,
            }),
        };
        match result {
            Ok(provider_id) => {
                store.record_sent(&send, &provider_id).await?;
                crate::metrics::outbox_send(&send.channel_kind, "sent");
            }
            Err(failure) => {
                store.record_send_failure(&send, &failure).await?;
                let result = if failure.retry_at.is_some() { "retry" } else { "failed" };
                crate::metrics::outbox_send(&send.channel_kind, result);
            }
        }
        handled += 1;
    }
    Ok(handled)
}
