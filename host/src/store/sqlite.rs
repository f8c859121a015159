//! The SQLite backend: WAL journal, foreign keys on, one writer connection (SQLite allows one
//! writer at a time; waiting for it beats retrying on SQLITE_BUSY) and a few readers, on
//! rusqlite with a cache of prepared statements per connection.
//!
//! Statements run synchronously on the calling task's thread: an embedded database answers a
//! prepared statement in microseconds, while handing each statement to a driver thread and
//! back (as sqlx's SQLite driver does) cost about 75 µs per statement on our 2-core machines —
//! most of an inbound message's budget (tests/benches/foundation.rs). Migrations still run
//! through sqlx's migrator, so both backends keep one migration history format.

pub mod rows;

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use rusqlite::{Connection, OpenFlags};
use sqlx::Connection as _;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

use super::{StoreError, StoreResult};

/// Migrations of the SQLite backend (same versions as PostgreSQL's).
pub static MIGRATOR: Migrator = sqlx::migrate!("../migrations/sqlite");

/// Reader connections per database file.
const READERS: usize = 4;
/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;
/// How long a connection waits for a lock held by another process before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the background checkpointer copies the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);
/// WAL pages after which a commit checkpoints by itself, should the background one fall behind
/// (SQLite's default is 1000; ours only acts as a backstop).
const WRITER_AUTOCHECKPOINT_PAGES: i64 = 20_000;

/// The writer and the readers of one SQLite file.
pub struct SqliteBackend {
    path: PathBuf,
    writer: Arc<tokio::sync::Mutex<Connection>>,
    readers: Arc<Readers>,
}

struct Readers {
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
}

/// The file named by a `sqlite://…` URL.
pub fn path_of(url: &str) -> anyhow::Result<PathBuf> {
    Ok(SqliteConnectOptions::from_str(url)?.get_filename().to_path_buf())
}

fn open(path: &PathBuf) -> anyhow::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "cache_size", -16000)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(conn)
}

/// Open (creating if missing) the SQLite database at `url`; [`super::Store::migrate`] migrates it.
pub async fn connect(url: &str) -> anyhow::Result<SqliteBackend> {
    let path = path_of(url)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let writer = open(&path)?;
    writer.pragma_update(None, "wal_autocheckpoint", WRITER_AUTOCHECKPOINT_PAGES)?;
    let writer = Arc::new(tokio::sync::Mutex::new(writer));
    start_checkpointer(open(&path)?, Arc::downgrade(&writer));
    let backend = SqliteBackend {
        writer,
        readers: Arc::new(Readers {
            idle: Mutex::new((0..READERS).map(|_| open(&path)).collect::<anyhow::Result<_>>()?),
            permits: Arc::new(Semaphore::new(READERS)),
        }),
        path,
    };
    Ok(backend)
}

/// Checkpoint the WAL in the background until the writer is gone. A commit that crosses
/// SQLite's autocheckpoint threshold would otherwise copy and fsync the database file itself,
/// which is where an otherwise sub-millisecond ingest got its multi-millisecond tail. A
/// passive checkpoint never blocks the writer or the readers.
fn start_checkpointer(conn: Connection, writer: std::sync::Weak<tokio::sync::Mutex<Connection>>) {
    let spawned = std::thread::Builder::new().name("sqlite-checkpoint".into()).spawn(move || {
        while writer.strong_count() > 0 {
            std::thread::sleep(CHECKPOINT_EVERY);
            if let Err(err) = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)") {
                tracing::warn!(error = %err, "WAL checkpoint failed; commits will checkpoint by themselves");
            }
        }
    });
    if let Err(err) = spawned {
        tracing::warn!(error = %err, "no background checkpointer; commits will checkpoint by themselves");
    }
}

impl SqliteBackend {
    /// Apply pending migrations (through a short-lived sqlx connection).
    pub async fn migrate(&self) -> StoreResult<()> {
        let options = SqliteConnectOptions::new()
            .filename(&self.path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
        // Hold the writer so no transaction of ours interleaves with a migration.
        let _writer = self.writer.lock().await;
        let result = MIGRATOR.run(&mut conn).await;
        conn.close().await?;
        Ok(result?)
    }

    /// The writer connection with a transaction begun on it.
    pub async fn begin(&self) -> StoreResult<SqliteTx> {
        let conn = self.writer.clone().lock_owned().await;
        rows::execute(&conn, "BEGIN IMMEDIATE", &[])?;
        Ok(SqliteTx { conn, open: true })
    }

    /// A reader connection (waits while all are busy).
    pub async fn read(&self) -> StoreResult<SqliteRead> {
        let permit = self.readers.permits.clone().acquire_owned().await.map_err(|_| StoreError::Closed)?;
        let conn = self.readers.idle.lock().pop();
        let conn = match conn {
            Some(conn) => conn,
            None => open(&self.path).map_err(|e| StoreError::Internal(format!("cannot open a reader: {e}")))?,
        };
        Ok(SqliteRead { conn: Some(conn), readers: self.readers.clone(), _permit: permit })
    }
}

/// A write transaction on the writer connection; rolled back unless committed.
pub struct SqliteTx {
    conn: OwnedMutexGuard<Connection>,
    open: bool,
}

impl SqliteTx {
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn commit(mut self) -> StoreResult<()> {
        self.open = false;
        if let Err(err) = rows::execute(&self.conn, "COMMIT", &[]) {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(err);
        }
        Ok(())
    }
}

impl Drop for SqliteTx {
    fn drop(&mut self) {
        if self.open {
            // An error half-way: nothing of the transaction stays.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// A reader connection, returned to the pool when dropped.
pub struct SqliteRead {
    conn: Option<Connection>,
    readers: Arc<Readers>,
    _permit: OwnedSemaphorePermit,
}

impl SqliteRead {
    pub fn conn(&self) -> &Connection {
        self.conn.as_ref().expect("connection until dropped")
    }
}

impl Drop for SqliteRead {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.readers.idle.lock().push(conn);
        }
    }
}
