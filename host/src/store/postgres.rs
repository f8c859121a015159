//! PostgreSQL set-up, for scale-out: several hosts share one database, coordinate through
//! row locks (`FOR UPDATE SKIP LOCKED`) and hear each other's events through LISTEN/NOTIFY.

use std::time::Duration;

use sqlx::PgPool;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;

/// Migrations of the PostgreSQL backend (same versions as SQLite's).
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations/postgres");

/// The NOTIFY channel that carries `account_id:seq` of each committed event.
pub const EVENTS_CHANNEL: &str = "atende_events";

/// Connect a pool to the PostgreSQL database at `url`.
pub async fn connect(url: &str) -> anyhow::Result<PgPool> {
    Ok(PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?)
}
