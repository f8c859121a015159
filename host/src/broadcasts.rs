//! The broadcast worker (A7): leases a due or running broadcast and sends to its recipients at
//! the broadcast's pace — one second's worth at once, then `rate_per_s` — each recipient's
//! message written and the recipient marked in one transaction (see `store/broadcasts.rs`), so
//! a host killed mid-broadcast resumes, here or on another host once the lease runs out,
//! without sending anyone the broadcast twice. The messages leave through the outbox with the
//! channel's own retry rules. Pausing or cancelling stops the loop at its next recipient.

use std::time::Duration;

use crate::domain::{Millis, broadcast};
use crate::service::{App, Error};
use crate::side_by_side::SideBySide;
use futures::StreamExt;

use crate::store::broadcasts::{LeasedBroadcast, RecipientOutcome};
use crate::store::{StoreError, StoreResult};

/// Pending recipients read at a time.
const BATCH: i64 = 200;
/// Recipients sent at once.
const CONCURRENT: usize = 8;
/// Longest sleep between looks for work.
const IDLE: Duration = Duration::from_secs(1);
/// Broadcasts one host sends side by side, and of one account: each keeps its own pace, so one
/// account's long broadcast no longer holds back another's (issue 15 part 8).
const PLACES: usize = 8;
const PER_ACCOUNT: usize = 2;

/// Run the worker until the task is dropped; a leased broadcast is held for `lease_ms` past
/// each batch.
pub async fn run(app: App, lease_ms: Millis) {
    let mut running = SideBySide::new(PLACES, PER_ACCOUNT);
    loop {
        while running.has_room() {
            match app.store.lease_broadcast(app.store.now() + lease_ms, &running.share()).await {
                Ok(Some(leased)) => {
                    let app = app.clone();
                    running.spawn(leased.id, leased.account_id, async move {
                        if let Err(err) = work(&app, leased.id, lease_ms).await {
                            tracing::warn!(broadcast = leased.id, error = %err, "broadcast interrupted; resumed after its lease");
                        }
                    });
                }
                Ok(None) => break,
                Err(err) => {
                    tracing::error!(error = %err, "broadcast worker failed; retrying");
                    break;
                }
            }
        }
        let wait = match app.store.next_broadcast_due().await {
            Ok(Some(due)) => Duration::from_millis((due - app.store.now()).clamp(0, IDLE.as_millis() as i64) as u64),
            _ => IDLE,
        };
        // Due but leased elsewhere, or its account at its share here: look again after a
        // pause (or when a place frees) rather than spin.
        let wait = if wait.is_zero() { IDLE } else { wait };
        tokio::select! {
            _ = running.finished() => {}
            _ = app.store.broadcast_wake().notified() => {}
            _ = app.store.clock().sleep(wait) => {}
        }
    }
}

/// Send the broadcast's recipients until none is pending or it stops running.
async fn work(app: &App, id: i64, lease_ms: Millis) -> StoreResult<()> {
    loop {
        let now = app.store.now();
        let Some((leased, pending, handled)) = app.store.broadcast_batch(id, BATCH, now + lease_ms).await? else {
            return Ok(());
        };
        if pending.is_empty() {
            return app.store.finish_broadcast(id).await;
        }
        let paced_since = leased.paced_since.unwrap_or(now);
        let done_since = handled - leased.paced_base;
        let allowed = broadcast::allowed(leased.rate_per_s, paced_since, done_since, now);
        if allowed == 0 {
            let next = broadcast::next_slot(leased.rate_per_s, paced_since, done_since);
            let wait = Duration::from_millis((next - now).clamp(1, 1_000) as u64);
            tokio::select! {
                _ = app.store.broadcast_wake().notified() => {}
                _ = app.store.clock().sleep(wait) => {}
            }
            continue;
        }
        // Recipients are independent: a few at once keep the pace on a database with slower
        // round trips (each send is its own transaction).
        let outcomes: Vec<StoreResult<RecipientOutcome>> =
            futures::stream::iter(pending.into_iter().take(allowed as usize))
                .map(|contact_id| send_one(app, &leased, contact_id))
                .buffer_unordered(CONCURRENT)
                .collect()
                .await;
        for outcome in outcomes {
            if outcome? == RecipientOutcome::Stopped {
                return Ok(());
            }
        }
    }
}

/// Make and write one recipient's message. A rule that refuses this contact's message (the
/// number's window, a template the renderer refused for their values, a contact blocked or
/// deleted since) fails them, and the others go on; anything else stops the batch.
async fn send_one(app: &App, leased: &LeasedBroadcast, contact_id: i64) -> StoreResult<RecipientOutcome> {
    let outcome = match app.broadcast_message(leased, contact_id).await {
        Ok(content) => app.store.send_to_recipient(leased, contact_id, content).await,
        Err(err) => Err(StoreError::Rejected(refusal(err)?)),
    };
    let why = match outcome {
        Err(StoreError::Rejected(why) | StoreError::OutsideWindow(why) | StoreError::Conflict(why)) => why,
        Err(StoreError::Blocked) => crate::store::BLOCKED.to_string(),
        Err(StoreError::NotFound) => "O contato foi excluído.".to_string(),
        other => {
            match &other {
                Ok(RecipientOutcome::Sent) => crate::metrics::broadcast_recipient("sent"),
                Ok(RecipientOutcome::Blocked) => crate::metrics::broadcast_recipient("failed"),
                _ => {}
            }
            return other;
        }
    };
    app.store.fail_recipient(leased.id, contact_id, &why).await?;
    crate::metrics::broadcast_recipient("failed");
    Ok(RecipientOutcome::Failed)
}

/// A failure making a recipient's message that is theirs alone, as the reason to record;
/// anything else (a plugin or the database down) stops the batch to be retried.
fn refusal(err: Error) -> StoreResult<String> {
    match err {
        Error::Invalid(why) | Error::OutsideWindow(why) | Error::Conflict(why) => Ok(why),
        Error::Blocked => Ok(crate::store::BLOCKED.to_string()),
        Error::NotFound => Ok("O contato ou o template não foi encontrado.".into()),
        other => Err(StoreError::Internal(other.to_string())),
    }
}
