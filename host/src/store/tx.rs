//! Connections that carry either backend: [`Tx`] for writes (one transaction) and [`Read`] for
//! reads. Both run the same SQL text with the same [`Arg`]s on SQLite or PostgreSQL.

use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, PgConnection, Postgres, Sqlite, SqliteConnection};

use super::args::bind_all;
use super::{Arg, StoreResult};

/// Which SQL dialect a connection speaks, for the few statements that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A row type both backends can decode.
pub trait AnyRow: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> AnyRow for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// A borrowed connection of either backend.
pub enum Conn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Postgres(&'a mut PgConnection),
}

impl Conn<'_> {
    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Run a statement; the number of rows it touched.
    pub async fn execute(self, sql: &str, args: Vec<Arg>) -> StoreResult<u64> {
        Ok(match self {
            Conn::Sqlite(c) => bind_all!(sqlx::query(sql), args).execute(c).await?.rows_affected(),
            Conn::Postgres(c) => bind_all!(sqlx::query(sql), args).execute(c).await?.rows_affected(),
        })
    }

    /// At most one row.
    pub async fn fetch_optional<T: AnyRow>(self, sql: &str, args: Vec<Arg>) -> StoreResult<Option<T>> {
        Ok(match self {
            Conn::Sqlite(c) => bind_all!(sqlx::query_as::<Sqlite, T>(sql), args).fetch_optional(c).await?,
            Conn::Postgres(c) => bind_all!(sqlx::query_as::<Postgres, T>(sql), args).fetch_optional(c).await?,
        })
    }

    /// Exactly one row ([`super::StoreError::NotFound`] when there is none).
    pub async fn fetch_one<T: AnyRow>(self, sql: &str, args: Vec<Arg>) -> StoreResult<T> {
        Ok(match self {
            Conn::Sqlite(c) => bind_all!(sqlx::query_as::<Sqlite, T>(sql), args).fetch_one(c).await?,
            Conn::Postgres(c) => bind_all!(sqlx::query_as::<Postgres, T>(sql), args).fetch_one(c).await?,
        })
    }

    /// Every row.
    pub async fn fetch_all<T: AnyRow>(self, sql: &str, args: Vec<Arg>) -> StoreResult<Vec<T>> {
        Ok(match self {
            Conn::Sqlite(c) => bind_all!(sqlx::query_as::<Sqlite, T>(sql), args).fetch_all(c).await?,
            Conn::Postgres(c) => bind_all!(sqlx::query_as::<Postgres, T>(sql), args).fetch_all(c).await?,
        })
    }
}

/// Gives a type the query methods of [`Conn`] through its `conn()`.
macro_rules! query_methods {
    () => {
        /// Which SQL dialect this connection speaks.
        pub fn dialect(&mut self) -> Dialect {
            self.conn().dialect()
        }
        /// Run a statement; the number of rows it touched.
        pub async fn execute(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<u64> {
            self.conn().execute(sql, args).await
        }
        /// At most one row.
        pub async fn fetch_optional<T: AnyRow>(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<Option<T>> {
            self.conn().fetch_optional(sql, args).await
        }
        /// Exactly one row.
        pub async fn fetch_one<T: AnyRow>(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<T> {
            self.conn().fetch_one(sql, args).await
        }
        /// Every row.
        pub async fn fetch_all<T: AnyRow>(&mut self, sql: &str, args: Vec<Arg>) -> StoreResult<Vec<T>> {
            self.conn().fetch_all(sql, args).await
        }
    };
}

/// A write transaction of either backend. Dropping it without [`super::Store::commit`] rolls
/// back, so an error half-way leaves no half-written rows.
pub struct Tx {
    inner: TxInner,
    /// The newest event appended, to wake the realtime hub after commit.
    pub(super) last_event: Option<(i64, i64)>,
    /// Whether outbox rows were added, to wake the outbox worker after commit.
    pub(super) outbox_added: bool,
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

/// What a commit should wake.
pub(super) struct CommitEffects {
    pub last_event: Option<(i64, i64)>,
    pub outbox_added: bool,
}

impl Tx {
    pub(super) fn sqlite(tx: sqlx::Transaction<'static, Sqlite>) -> StoreResult<Tx> {
        Ok(Tx { inner: TxInner::Sqlite(tx), last_event: None, outbox_added: false })
    }

    pub(super) fn postgres(tx: sqlx::Transaction<'static, Postgres>) -> StoreResult<Tx> {
        Ok(Tx { inner: TxInner::Postgres(tx), last_event: None, outbox_added: false })
    }

    fn conn(&mut self) -> Conn<'_> {
        match &mut self.inner {
            TxInner::Sqlite(tx) => Conn::Sqlite(tx),
            TxInner::Postgres(tx) => Conn::Postgres(tx),
        }
    }

    query_methods!();

    pub(super) async fn commit(self) -> StoreResult<CommitEffects> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        Ok(CommitEffects { last_event: self.last_event, outbox_added: self.outbox_added })
    }
}

/// A pooled connection for reads.
pub enum Read {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Read {
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Read::Sqlite(c) => Conn::Sqlite(c),
            Read::Postgres(c) => Conn::Postgres(c),
        }
    }

    query_methods!();
}
