//! Connections that carry either backend: [`Tx`] for writes (one transaction) and [`Read`] for
//! reads. Both run the same SQL text with the same [`Arg`]s on SQLite or PostgreSQL.

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::{FromRow, PgConnection, Postgres};

use super::args::bind_all;
use super::sqlite::rows::{self, FromSqliteRow};
use super::sqlite::{SqliteRead, SqliteTx};
use super::{Arg, StoreResult};
use crate::args;
use crate::clock::Clock;
use crate::domain::Millis;

/// Which SQL dialect a connection speaks, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A row type both backends can decode.
pub trait AnyRow: FromSqliteRow + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> AnyRow for T where T: FromSqliteRow + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// A borrowed connection of either backend.
enum Conn<'a> {
    Sqlite(&'a rusqlite::Connection),
    Postgres(&'a mut PgConnection),
}

/// Gives a type the query methods through its `conn()`. A SQLite statement runs right away
/// (and returns); only PostgreSQL's are awaited, so no SQLite connection is held across an
/// await point and the futures stay `Send`.
macro_rules! query_methods {
    () => {
        /// Which SQL dialect this connection speaks.
        pub fn dialect(&mut self) -> Dialect {
            match self.conn() {
                Conn::Sqlite(_) => Dialect::Sqlite,
                Conn::Postgres(_) => Dialect::Postgres,
            }
        }
        /// Run a statement; the number of rows it touched.
        pub async fn execute(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<u64> {
            let pg = match self.conn() {
                Conn::Sqlite(c) => return rows::execute(c, sql, &args),
                Conn::Postgres(c) => c,
            };
            Ok(bind_all!(sqlx::query(sql), args).execute(pg).await?.rows_affected())
        }
        /// At most one row.
        pub async fn fetch_optional<T: AnyRow>(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<Option<T>> {
            let pg = match self.conn() {
                Conn::Sqlite(c) => return rows::fetch_optional(c, sql, &args),
                Conn::Postgres(c) => c,
            };
            Ok(bind_all!(sqlx::query_as::<Postgres, T>(sql), args).fetch_optional(pg).await?)
        }
        /// Exactly one row ([`super::StoreError::NotFound`] when there is none).
        pub async fn fetch_one<T: AnyRow>(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<T> {
            self.fetch_optional(sql, args).await?.ok_or(super::StoreError::NotFound)
        }
        /// Every row.
        pub async fn fetch_all<T: AnyRow>(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<Vec<T>> {
            let pg = match self.conn() {
                Conn::Sqlite(c) => return rows::fetch_all(c, sql, &args),
                Conn::Postgres(c) => c,
            };
            Ok(bind_all!(sqlx::query_as::<Postgres, T>(sql), args).fetch_all(pg).await?)
        }
    };
}

/// A write transaction of either backend. Dropping it without [`super::Store::commit`] rolls
/// back, so an error half-way leaves no half-written rows.
pub struct Tx {
    inner: TxInner,
    clock: Clock,
    /// The newest event appended per account, to wake the realtime hub after commit.
    pub(super) last_events: Vec<(i64, i64)>,
    /// Whether outbox rows were added, to wake the outbox worker after commit.
    pub(super) outbox_added: bool,
    /// Whether flow inputs were queued, to wake the flow worker after commit.
    pub(super) flow_input_added: bool,
    /// Whether pushes were queued, to wake the push worker after commit.
    pub(super) push_added: bool,
    /// Events emitted, numbered and written at commit.
    pub(super) pending_events: Vec<super::events::PendingEvent>,
    /// The user whose act this transaction is, recorded on its events (nobody is notified of
    /// their own act, N1).
    pub(super) actor: Option<i64>,
}

enum TxInner {
    Sqlite(SqliteTx),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// What a commit should wake.
pub(super) struct CommitEffects {
    /// The newest event written, per account.
    pub last_events: Vec<(i64, i64)>,
    pub outbox_added: bool,
    pub flow_input_added: bool,
    pub push_added: bool,
}

impl Tx {
    pub(super) fn sqlite(tx: SqliteTx, clock: Clock) -> StoreResult<Tx> {
        Ok(Tx::new(TxInner::Sqlite(tx), clock))
    }

    pub(super) fn postgres(tx: sqlx::Transaction<'static, Postgres>, clock: Clock) -> StoreResult<Tx> {
        Ok(Tx::new(TxInner::Postgres(tx), clock))
    }

    fn new(inner: TxInner, clock: Clock) -> Tx {
        Tx {
            inner,
            clock,
            last_events: Vec::new(),
            outbox_added: false,
            flow_input_added: false,
            push_added: false,
            pending_events: Vec::new(),
            actor: None,
        }
    }

    /// The current time by the store's clock.
    pub fn now(&self) -> Millis {
        self.clock.now()
    }

    /// The store's clock.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => Conn::Sqlite(tx.conn()),
            TxInner::Postgres(tx) => Conn::Postgres(tx),
        }
    }

    query_methods!();

    /// Roll back now and wait for it (dropping rolls back too, but on PostgreSQL only once the
    /// connection is reused, and its row locks are held until then).
    pub(super) async fn rollback(self) -> StoreResult<()> {
        match self.inner {
            // Dropping the SQLite transaction rolls it back on the spot.
            TxInner::Sqlite(tx) => drop(tx),
            TxInner::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    pub(super) async fn commit(mut self) -> StoreResult<CommitEffects> {
        self.append_events().await?;
        if matches!(self.inner, TxInner::Postgres(_)) && !self.last_events.is_empty() {
            // Delivered to the other hosts at commit; one per account is enough, since each
            // host reads every row after the last sequence it served.
            let notes: Vec<String> =
                self.last_events.iter().map(|(account_id, seq)| format!("{account_id}:{seq}")).collect();
            self.execute(
                "SELECT pg_notify($1, note) FROM unnest(string_to_array($2, ',')) AS note",
                args![super::postgres::EVENTS_CHANNEL, notes.join(",")],
            )
            .await?;
        }
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit()?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        Ok(CommitEffects {
            last_events: self.last_events,
            outbox_added: self.outbox_added,
            flow_input_added: self.flow_input_added,
            push_added: self.push_added,
        })
    }
}

/// A pooled connection for reads.
pub enum Read {
    Sqlite(SqliteRead),
    Postgres(PoolConnection<Postgres>),
}

impl Read {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Read::Sqlite(c) => Conn::Sqlite(c.conn()),
            Read::Postgres(c) => Conn::Postgres(c),
        }
    }

    query_methods!();
}
