//! The contact import worker (A6): leases running imports (a few side by side, see
//! [`crate::side_by_side`]), and reads, checks and writes each
//! chunk by chunk — each chunk and the import's new position in one transaction — until its
//! last row. A host that stops mid-import leaves the lease to expire; the next lease (this host
//! after a restart, or another) resumes at the last committed chunk, so no row is written twice.

use std::time::Duration;

use crate::domain::Millis;
use crate::service::App;
use crate::service::contact_imports::ChunkOutcome;
use crate::side_by_side::SideBySide;
use crate::store::LeasedImport;

/// Rows checked and written per transaction.
const CHUNK: usize = 500;
/// Longest sleep between looks for work.
const IDLE: Duration = Duration::from_secs(1);
/// Imports one host writes side by side, one of each account at most: an account's import of a
/// million rows no longer holds back another's (issue 15 part 8). Each holds its file in memory.
const PLACES: usize = 4;
const PER_ACCOUNT: usize = 1;

/// Run the worker until the task is dropped; a leased import is held for `lease_ms` past each chunk.
pub async fn run(app: App, lease_ms: Millis) {
    let mut running = SideBySide::new(PLACES, PER_ACCOUNT);
    loop {
        while running.has_room() {
            match app.store.lease_contact_import(app.store.now() + lease_ms, &running.share()).await {
                Ok(Some(import)) => {
                    let app = app.clone();
                    running.spawn(import.id, import.account_id, async move { work(&app, import, lease_ms).await });
                }
                Ok(None) => break,
                Err(err) => {
                    tracing::error!(error = %err, "contact import worker failed; retrying");
                    break;
                }
            }
        }
        tokio::select! {
            _ = running.finished() => {}
            _ = app.store.import_wake().notified() => {}
            _ = app.store.clock().sleep(IDLE) => {}
        }
    }
}

/// Write the import's chunks until its end, or until it is no longer ours.
async fn work(app: &App, mut import: LeasedImport, lease_ms: Millis) {
    loop {
        let lease_until = app.store.now() + lease_ms;
        let chunk = match app.import_chunk(&import, CHUNK, lease_until).await {
            Ok(ChunkOutcome::Chunk(chunk)) => chunk,
            Ok(ChunkOutcome::Broken(why)) => {
                tracing::error!(import = import.id, error = %why, "contact import stopped");
                if let Err(err) = app.store.fail_contact_import(import.id, &why).await {
                    tracing::error!(import = import.id, error = %err, "could not record a failed import");
                }
                return;
            }
            // The validator or the database failed: the lease runs out and the import is
            // taken up again from its last chunk.
            Err(err) => {
                tracing::warn!(import = import.id, error = %err, "contact import chunk failed; retried after the lease");
                return;
            }
        };
        let (rows, next_offset, last) = (chunk.rows_read, chunk.next_offset, chunk.last);
        match app.store.write_import_chunk(chunk).await {
            Ok(true) if last => return,
            Ok(true) => {
                import.next_row += rows;
                import.next_offset = next_offset;
            }
            // Another host took it over after our lease ran out.
            Ok(false) => return,
            Err(err) => {
                tracing::warn!(import = import.id, error = %err, "contact import chunk not written; retried after the lease");
                return;
            }
        }
    }
}
