//! The inbound pipeline's entry point: every channel hands its parsed messages here, and
//! acknowledges its provider only after this returns (the store commits before returning),
//! so a crash loses nothing and a redelivery stores nothing twice.
//!
//! The flow engine will hook in here (initial flow, F1) when it lands.

use crate::store::{Inbound, IngestOutcome, Store, StoreResult};

/// Ingest one inbound message.
pub async fn ingest(store: &Store, inbound: &Inbound) -> StoreResult<IngestOutcome> {
    let outcome = store.ingest_inbound(inbound).await?;
    match &outcome {
        IngestOutcome::Stored { conversation_id, message_id } => {
            tracing::debug!(channel = inbound.channel_id, conversation_id, message_id, "inbound stored");
        }
        IngestOutcome::Duplicate { .. } => {
            tracing::debug!(channel = inbound.channel_id, id = %inbound.provider_message_id, "duplicate delivery ignored");
        }
        IngestOutcome::Blocked => {
            tracing::info!(channel = inbound.channel_id, "message from a blocked contact dropped (S17)");
        }
    }
    Ok(outcome)
}
