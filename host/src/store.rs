//! The store: domain operations (`ingest_inbound`, `list_conversations`, `send_message` …) over
//! SQLite or PostgreSQL, chosen at run time from the database URL.
//!
//! Every operation is written once, as SQL both databases accept (`$1` placeholders,
//! `ON CONFLICT`, `RETURNING`), and runs through [`Tx`] or [`Read`], which carry either
//! backend's connection. What really differs between the two (connection set-up, SQLite's
//! single writer, PostgreSQL's `SKIP LOCKED` and `NOTIFY`) lives in `sqlite.rs` and
//! `postgres.rs`. Committing a transaction that appended events wakes the realtime hub.

mod accounts;
mod appointments;
mod args;
mod arrival;
mod assignment;
pub mod audit;
mod auth;
pub mod broadcasts;
mod channels;
mod closing;
pub mod companies;
mod contact_export;
mod contact_filter;
mod contact_imports;
mod contacts;
mod conversations;
mod custom_fields;
pub mod dashboard;
pub mod echoes;
mod erasure;
mod events;
mod flow_runs;
mod flow_tests;
mod flows;
pub mod group_commit;
mod ingest;
mod ingest_batch;
mod jobs;
mod like;
mod media;
mod media_library;
mod messages;
mod meta_channels;
mod new_chat;
mod notes;
pub mod notifications;
mod operations;
mod outbox;
mod plugins;
pub mod postgres;
mod presence;
mod push;
mod quick_replies;
mod reactions;
pub mod resellers;
pub mod row;
mod scheduled_flows;
mod scheduled_messages;
pub mod schema;
pub mod sessions;
pub mod sqlite;
mod statuses;
mod step_effects;
mod tags;
pub mod templates;
mod turns;
mod tx;
pub mod views;
mod windows;

use std::sync::Arc;

use tokio::sync::Notify;

use crate::clock::Clock;
use crate::domain::Millis;
use crate::hub::Hub;

pub use accounts::{AccountPatch, NewAccount, NewUser, UserPatch};
pub use appointments::{AppointmentFilter, AppointmentView, NewAppointment, SLOT_TAKEN};
pub use args::Arg;
pub use channels::ChannelTarget;
pub use closing::{ClosePlan, FieldChange};
pub use contact_filter::{ContactFilter, Cursor};
pub use contact_imports::{ContactImportView, ImportChunk, ImportedRow, LeasedImport};
pub use contacts::ContactPage;
pub use conversations::{ConversationFilter, View, ViewCounts};
pub use custom_fields::FieldInput;
pub use events::StoredEvent;
pub use flow_runs::{
    ClaimedInput, FieldWrite, FlowAction, FlowRun, InputKind, LiveSession, NewInput, RunSession, SessionOutcome,
    SessionStatus, SessionView, StepRecord,
};
pub use flow_tests::FlowTest;
pub use flows::{AccountFlows, FlowSummary, FlowView, RevisionView};
pub use ingest::{Inbound, IngestOutcome};
pub use jobs::JobRow;
pub use media::{MediaFile, MediaSource, NewMedia, PendingDownload};
pub use media_library::{MediaItemFile, MediaItemView};
pub use messages::{BLOCKED, HistoryPage, NewOutbound};
pub use meta_channels::{MetaChannel, MetaChannelPatch, NewMetaChannel};
pub use new_chat::{NewChat, StartedChat};
pub use notes::NoteInput;
pub use operations::{QueueGauges, Readiness};
pub use outbox::{ClaimedSend, INTERRUPTED_CODE, SendFailure};
pub use plugins::{AccountPlugin, NewPluginVersion, PluginVersion};
pub use push::{ClaimedPush, PushSubscriptionView};
pub use quick_replies::QuickReplyView;
pub use scheduled_flows::ScheduledFlowView;
pub use scheduled_messages::{NewScheduledMessage, OpenedFor, ScheduledMessageView};
pub use sessions::{LoginSessionView, SessionInfo, SessionOrigin};
pub use step_effects::StepEffect;
pub use templates::{NewTemplate, TemplateFilter};
pub use turns::HostShare;
pub use tx::{Dialect, Read, Tx};
pub use windows::WindowContext;

/// Errors of store operations. The HTTP layer maps them to status codes.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row does not exist in the caller's account.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was broken (same e-mail, same name …); the message is for the user
    /// (never the database's own text).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The draft changed since the caller read it (another admin saved meanwhile); the message
    /// is for the user.
    #[error("{0}")]
    DraftConflict(String),
    /// A domain rule refused the operation; the message is for the user.
    #[error("{0}")]
    Rejected(String),
    /// The contact is blocked (S17): nothing is sent to them.
    #[error("{}", messages::BLOCKED)]
    Blocked,
    /// A free-form message outside the contact's window (S4); the message names the window's
    /// state, for the agent.
    #[error("{0}")]
    OutsideWindow(String),
    /// What is stored is not what the code expects (a bug or a damaged database): never the
    /// user's fault, never shown to them.
    #[error("internal store error: {0}")]
    Internal(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    /// The SQLite database failed.
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// The store was closed.
    #[error("the store is closed")]
    Closed,
    /// Migrations failed.
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                tracing::debug!(error = %db, "unique violation");
                StoreError::Conflict(DUPLICATE.into())
            }
            _ => StoreError::Database(err),
        }
    }
}

/// What a uniqueness conflict says when the operation has no better words for it.
pub const DUPLICATE: &str = "Já existe um registro com esses dados.";

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    clock: Clock,
    hub: Arc<Hub>,
    outbox_wake: Notify,
    flow_wake: Notify,
    push_wake: Notify,
    import_wake: Notify,
    broadcast_wake: Notify,
    group_commit: group_commit::GroupCommit,
    /// The account whose send this store claimed last (0: none yet), so the outbox takes
    /// accounts in turn ([`Store::claim_send`]).
    last_send_account: std::sync::atomic::AtomicI64,
}

enum Backend {
    Sqlite(sqlite::SqliteBackend),
    Postgres(sqlx::PgPool),
}

impl Store {
    /// Connect to `url` (`sqlite://…` or `postgres://…`) on the system clock and apply
    /// pending migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
        Store::connect_with_clock(url, Clock::system()).await
    }

    /// [`Store::connect`] with every time the store reads taken from `clock`.
    pub async fn connect_with_clock(url: &str, clock: Clock) -> anyhow::Result<Store> {
        let store = Store::connect_unmigrated(url, clock).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connect to `url` as it is, without migrating: for `atende migrate --dry-run`, and for
    /// the tests that build a database of an earlier release.
    pub async fn connect_unmigrated(url: &str, clock: Clock) -> anyhow::Result<Store> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite(sqlite::connect(url).await?)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres(postgres::connect(url).await?)
        } else {
            anyhow::bail!("unsupported DATABASE_URL '{url}': use sqlite://… or postgres://…");
        };
        // SQLite has one writer; on PostgreSQL a few groups commit side by side, each holding
        // one pooled connection while it writes.
        let committers = match backend {
            Backend::Sqlite(_) => 1,
            Backend::Postgres(_) => 4,
        };
        let store = Store {
            inner: Arc::new(Inner {
                group_commit: group_commit::GroupCommit::new(committers),
                backend,
                clock,
                hub: Arc::new(Hub::default()),
                outbox_wake: Notify::new(),
                flow_wake: Notify::new(),
                push_wake: Notify::new(),
                import_wake: Notify::new(),
                broadcast_wake: Notify::new(),
                last_send_account: std::sync::atomic::AtomicI64::new(0),
            }),
        };
        Ok(store)
    }

    /// Apply the migrations this binary has and the database lacks, after checking that the
    /// database is not newer than the binary and that no applied migration was edited
    /// ([`schema::check`]): the plan it carried out.
    pub async fn migrate(&self) -> anyhow::Result<schema::MigrationPlan> {
        let plan = self.migration_plan().await?;
        match &self.inner.backend {
            Backend::Sqlite(sqlite) => sqlite.migrate().await?,
            Backend::Postgres(pool) => postgres::MIGRATOR.run(pool).await.map_err(StoreError::from)?,
        }
        Ok(plan)
    }

    /// Which database this store talks to.
    pub fn dialect(&self) -> Dialect {
        match &self.inner.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The clock every operation reads the time from.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The current time by the store's clock.
    pub fn now(&self) -> Millis {
        self.inner.clock.now()
    }

    /// The realtime hub woken by every commit that appended events.
    pub fn hub(&self) -> &Arc<Hub> {
        &self.inner.hub
    }

    /// Woken whenever a commit added outbox rows.
    pub fn outbox_wake(&self) -> &Notify {
        &self.inner.outbox_wake
    }

    /// Woken whenever a commit queued flow inputs.
    pub fn flow_wake(&self) -> &Notify {
        &self.inner.flow_wake
    }

    /// Woken whenever a broadcast is created, paused, resumed or cancelled.
    pub fn broadcast_wake(&self) -> &Notify {
        &self.inner.broadcast_wake
    }

    /// Wake every task of the broadcast worker (the one that leases and those that send, since
    /// any may be the one concerned); a permit is kept for a look that is not waiting yet.
    fn wake_broadcasts(&self) {
        self.inner.broadcast_wake.notify_waiters();
        self.inner.broadcast_wake.notify_one();
    }

    /// Woken whenever a contact import is started.
    pub fn import_wake(&self) -> &Notify {
        &self.inner.import_wake
    }

    /// Woken whenever a commit queued pushes.
    pub fn push_wake(&self) -> &Notify {
        &self.inner.push_wake
    }

    /// The PostgreSQL pool, for the LISTEN side of the realtime bridge.
    pub fn postgres_pool(&self) -> Option<&sqlx::PgPool> {
        match &self.inner.backend {
            Backend::Postgres(pool) => Some(pool),
            Backend::Sqlite(_) => None,
        }
    }

    /// Begin a write transaction.
    pub async fn begin(&self) -> StoreResult<Tx> {
        match &self.inner.backend {
            Backend::Sqlite(sqlite) => Tx::sqlite(sqlite.begin().await?, self.inner.clock.clone()),
            Backend::Postgres(pool) => Tx::postgres(pool.begin().await?, self.inner.clock.clone()),
        }
    }

    /// A connection for reads outside a transaction.
    pub async fn read(&self) -> StoreResult<Read> {
        match &self.inner.backend {
            Backend::Sqlite(sqlite) => Ok(Read::Sqlite(sqlite.read().await?)),
            Backend::Postgres(pool) => Ok(Read::Postgres(pool.acquire().await?)),
        }
    }

    /// Commit `tx`, then wake whoever waits on what it wrote.
    pub async fn commit(&self, tx: Tx) -> StoreResult<()> {
        let effects = tx.commit().await?;
        for (account_id, seq) in effects.last_events {
            self.inner.hub.publish(account_id, seq);
        }
        if effects.outbox_added {
            self.inner.outbox_wake.notify_one();
        }
        if effects.flow_input_added {
            self.inner.flow_wake.notify_one();
        }
        if effects.push_added {
            self.inner.push_wake.notify_one();
        }
        Ok(())
    }

    /// Close every pooled connection.
    pub async fn close(&self) {
        match &self.inner.backend {
            // SQLite connections close when the store is dropped.
            Backend::Sqlite(_) => {}
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}
