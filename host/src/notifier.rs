//! The notifier (N1–N3): follows every account's event log and turns what concerns people (a
//! contact's message, a chat handed over) into bell entries, queued pushes and the live
//! `notifications.changed` event, through [`Store::notify_from_log`]. Each pass commits with
//! its cursor, so every event is read once whichever host runs it, and a crash mid-pass reads
//! the same events again with nothing written twice.

use std::time::Duration;

use crate::domain::Millis;
use crate::store::Store;

/// Events read per pass.
const PAGE: i64 = 500;
/// A page that has not refreshed its presence for this long is taken as closed (streams
/// refresh every 30 s).
pub const PRESENCE_TTL_MS: Millis = 75_000;
/// How often the log is read without being woken (another host's commit heard late).
const POLL: Duration = Duration::from_secs(1);
/// How often old bell entries and dead pages are pruned.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

const DAY_MS: Millis = 24 * 60 * 60 * 1000;

/// Run forever.
pub async fn run(store: Store, retention_days: u32) {
    let mut woken = store.hub().subscribe_any();
    let mut last_prune: Option<tokio::time::Instant> = None;
    loop {
        woken.borrow_and_update();
        if let Err(err) = catch_up(&store).await {
            tracing::warn!(error = %err, "notifier pass failed; retrying");
            tokio::time::sleep(POLL).await;
        }
        if last_prune.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            last_prune = Some(tokio::time::Instant::now());
            let now = store.now();
            if let Err(err) = prune(&store, now, retention_days).await {
                tracing::warn!(error = %err, "pruning notifications failed");
            }
        }
        let _ = tokio::time::timeout(POLL, woken.changed()).await;
    }
}

/// Read every account's unread events.
pub async fn catch_up(store: &Store) -> anyhow::Result<()> {
    for account_id in store.accounts_to_notify().await? {
        while store.notify_from_log(account_id, PAGE, PRESENCE_TTL_MS).await?.events as i64 == PAGE {}
    }
    Ok(())
}

async fn prune(store: &Store, now: Millis, retention_days: u32) -> anyhow::Result<()> {
    store.prune_notifications(now - i64::from(retention_days) * DAY_MS).await?;
    store.prune_presence(now - 10 * PRESENCE_TTL_MS).await?;
    Ok(())
}
