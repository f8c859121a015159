//! What an operator watches: the depth and lag of the durable queues (read when `/metrics` is
//! scraped, so no worker has to keep a count) and whether the database is ready (`/readyz`).

use super::{Store, StoreResult};
use crate::args;
use crate::domain::Millis;

crate::row! {
    /// The durable queues as they stand now.
    pub struct QueueGauges {
        /// Messages waiting to be sent (due or retrying later).
        pub outbox_pending: i64,
        /// When the oldest send that is due now was due (`None` when none is).
        pub outbox_oldest_due: Option<i64>,
        /// Jobs (closings, reminders, scheduled messages, flow timers …) due now and not yet run.
        pub jobs_due: i64,
        pub jobs_oldest_due: Option<i64>,
        /// Recipients of running broadcasts still to be sent.
        pub broadcast_pending: i64,
    }
}

const QUEUE_GAUGES: &str = "SELECT \
    (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS outbox_pending, \
    (SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1) AS outbox_oldest_due, \
    (SELECT COUNT(*) FROM jobs WHERE state = 'pending' AND run_at <= $1) AS jobs_due, \
    (SELECT MIN(run_at) FROM jobs WHERE state = 'pending' AND run_at <= $1) AS jobs_oldest_due, \
    (SELECT COUNT(*) FROM broadcast_recipients r JOIN broadcasts b ON b.id = r.broadcast_id \
        WHERE b.state = 'running' AND r.state = 'pending') AS broadcast_pending";

/// Whether this server can serve: what `/readyz` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// The newest migration the database has applied.
    pub database_version: Option<i64>,
    /// The newest migration this binary knows.
    pub binary_version: i64,
}

impl Readiness {
    pub fn ready(&self) -> bool {
        self.database_version == Some(self.binary_version)
    }
}

impl Store {
    /// The queues' depth and the age of their oldest due item, by the store's clock.
    pub async fn queue_gauges(&self) -> StoreResult<QueueGauges> {
        let now: Millis = self.now();
        self.read().await?.fetch_one(QUEUE_GAUGES, args![now]).await
    }

    /// Whether the database answers and has every migration this binary knows, and no newer.
    pub async fn readiness(&self) -> StoreResult<Readiness> {
        let (database_version,): (Option<i64>,) =
            self.read().await?.fetch_one("SELECT MAX(version) FROM _sqlx_migrations WHERE success", vec![]).await?;
        let migrator = match self.postgres_pool() {
            Some(_) => &super::postgres::MIGRATOR,
            None => &super::sqlite::MIGRATOR,
        };
        let binary_version = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        Ok(Readiness { database_version, binary_version })
    }
}
