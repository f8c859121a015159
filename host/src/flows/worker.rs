//! The flow worker: claims due flow inputs in batches (at most one per conversation, the oldest,
//! so a contact's messages run in order and one at a time — on any host), runs each (different
//! conversations at once, the next batch claimed as soon as a slot frees) and writes it. Woken by commits that queue inputs and by a moved test
//! clock; otherwise it looks every second for timers and for inputs other hosts queued.
//!
//! A run the store refuses to write (its session moved, or another host took the input over)
//! runs again on what is there now. A run that fails for a reason of the host's (a database
//! error) is retried with back-off; after its last attempt the input is given up and the chat
//! handed to a person, so a contact is never stuck.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use super::runner::{self, Revisions};
use crate::domain::Millis;
use crate::service::App;
use crate::store::ClaimedInput;

/// Inputs claimed at once.
const BATCH: i64 = 64;
/// Conversations run at once.
const CONCURRENT: usize = 8;
/// Attempts before an input is given up.
const MAX_ATTEMPTS: i64 = 5;
/// Longest sleep between looks at the queue.
const IDLE: Duration = Duration::from_secs(1);

/// Run the worker until the task is dropped; claimed inputs are leased for `lease_ms`.
///
/// Inputs run as a pipeline: as soon as the claimed ones have all started and a slot is free,
/// the next batch is claimed, so one slow input (a looping plugin step runs up to its
/// deadline) holds up only its own slot, never the next batch of other accounts' inputs.
pub async fn run(app: App, lease_ms: Millis) {
    let revisions = Arc::new(Revisions::default());
    // Each run is a task of its own: it must go on while this loop awaits the store (a run
    // left unpolled mid-transaction would hold SQLite's writer from the claim below).
    let mut running = JoinSet::new();
    let mut waiting: VecDeque<ClaimedInput> = VecDeque::new();
    loop {
        // A full claim means more may be due at once: no wait before the next look.
        let mut more_due = false;
        if waiting.is_empty() && running.len() < CONCURRENT {
            match app.store.claim_flow_inputs(BATCH, lease_ms).await {
                Ok(claimed) => {
                    more_due = claimed.len() as i64 == BATCH;
                    waiting.extend(claimed);
                }
                Err(err) => tracing::error!(error = %err, "flow worker failed; retrying"),
            }
        }
        while running.len() < CONCURRENT
            && let Some(input) = waiting.pop_front()
        {
            running.spawn(process(app.clone(), revisions.clone(), input));
        }
        if running.len() == CONCURRENT || !waiting.is_empty() {
            // Every slot is busy: the next look is when one frees.
            running.join_next().await;
            continue;
        }
        if more_due {
            continue;
        }
        let wait = match app.store.next_flow_input_due().await {
            Ok(Some(due)) => Duration::from_millis((due - app.store.now()).clamp(0, IDLE.as_millis() as i64) as u64),
            _ => IDLE,
        };
        if wait.is_zero() {
            continue;
        }
        tokio::select! {
            Some(_) = running.join_next() => {}
            _ = app.store.flow_wake().notified() => {}
            _ = app.store.clock().sleep(wait) => {}
        }
    }
}

async fn process(app: App, revisions: Arc<Revisions>, input: ClaimedInput) {
    let outcome = match runner::run(&app, &revisions, &input).await {
        Ok(run) => app.store.apply_flow_run(&run).await.map_err(|e| e.to_string()),
        Err(err) => Err(err.to_string()),
    };
    let now = app.store.now();
    let result = match outcome {
        Ok(true) => Ok(()),
        // The session moved or the input was taken over: run it again on what is there now.
        Ok(false) => app.store.retry_flow_input(&input, now).await,
        Err(why) if input.attempts >= MAX_ATTEMPTS => {
            tracing::error!(input = input.id, conversation = input.conversation_id, error = %why, "flow input given up");
            app.store.abandon_flow_input(&input, &why).await
        }
        Err(why) => {
            tracing::warn!(input = input.id, attempts = input.attempts, error = %why, "flow input failed; retrying");
            app.store.retry_flow_input(&input, now + 1_000 * (1 << input.attempts.clamp(0, 6))).await
        }
    };
    if let Err(err) = result {
        tracing::error!(input = input.id, error = %err, "could not record a flow input's outcome");
    }
}
