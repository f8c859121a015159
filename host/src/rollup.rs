//! The dashboard's message counters, kept by a worker that rolls the messages older than a
//! minute into hourly counts every minute (see `store/dashboard.rs`), so the dashboard reads a
//! few hundred counters instead of the messages themselves. Hosts sharing a database take turns
//! on one locked watermark row; a missed turn only leaves more for the next one.

use std::time::Duration;

use crate::domain::dashboard::ROLLUP_LAG_MS;
use crate::store::Store;

/// Time between roll-ups.
const EVERY: Duration = Duration::from_secs(60);

/// Run the worker until the task is dropped.
pub async fn run(store: Store) {
    loop {
        if let Err(err) = store.roll_up_messages(ROLLUP_LAG_MS).await {
            tracing::error!(error = %err, "message roll-up failed; retrying");
        }
        store.clock().sleep(EVERY).await;
    }
}
