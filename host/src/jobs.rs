//! The jobs worker: runs due scheduled jobs (scheduled closes, window tags, support codes …)
//! in batches, sleeping until the next one is due or a second has passed (jobs other hosts
//! schedule are seen within that second, and a moved test clock wakes it at once). Running is the store's: see `store/jobs.rs`.

use std::time::Duration;

use crate::store::Store;

/// Jobs run per transaction.
const BATCH: i64 = 200;
/// Longest sleep between looks at the table.
const IDLE: Duration = Duration::from_secs(1);

/// Run the worker until the task is dropped.
pub async fn run(store: Store) {
    if let Err(err) = store.ensure_support_code_jobs().await {
        tracing::error!(error = %err, "could not schedule the support codes");
    }
    loop {
        match store.run_due_jobs(BATCH).await {
            Ok(n) if n as i64 == BATCH => continue,
            Ok(_) => {}
            Err(err) => tracing::error!(error = %err, "jobs worker failed; retrying"),
        }
        let wait = match store.next_job_due().await {
            Ok(Some(due)) => Duration::from_millis((due - store.now()).clamp(0, IDLE.as_millis() as i64) as u64),
            _ => IDLE,
        };
        if !wait.is_zero() {
            // A test that moves the clock forward wakes the worker at once.
            store.clock().sleep(wait).await;
        }
    }
}
