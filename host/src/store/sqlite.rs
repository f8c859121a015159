//! SQLite set-up: WAL journal, foreign keys on, one writer connection (SQLite allows one
//! writer at a time; queueing in the pool beats retrying on SQLITE_BUSY) and a few readers.

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

/// Migrations of the SQLite backend (same versions as PostgreSQL's).
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations/sqlite");

/// The writer and the readers of one SQLite file.
pub struct SqlitePools {
    pub write: SqlitePool,
    pub read: SqlitePool,
}

/// Open (creating if missing) the SQLite database at `url`.
pub async fn connect(url: &str) -> anyhow::Result<SqlitePools> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("temp_store", "memory")
        .pragma("cache_size", "-16000");
    if let Some(dir) = options.get_filename().parent() {
        std::fs::create_dir_all(dir)?;
    }
    let write = SqlitePoolOptions::new().max_connections(1).connect_with(options.clone()).await?;
    let read = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
    Ok(SqlitePools { write, read })
}
