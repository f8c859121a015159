//! Live updates (L6): a follower that reads an account's event log after a given sequence
//! whenever the account's signal in the [`Hub`] moves, and the PostgreSQL bridge that raises
//! the signal for other hosts' commits.
//!
//! Nothing but sequence numbers travels through memory: every follower reads the rows itself,
//! so a host that hears about an event from another host (PostgreSQL LISTEN/NOTIFY) serves it
//! exactly like a local one, and a follower that falls behind simply reads more rows.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;

use crate::hub::Hub;
use crate::store::postgres::EVENTS_CHANNEL;
use crate::store::{Store, StoreResult, StoredEvent};

/// Rows read per query while catching up.
const PAGE: i64 = 500;

/// Follows one account's event log from a sequence number.
pub struct Follower {
    store: Store,
    account_id: i64,
    last: i64,
    signal: watch::Receiver<i64>,
    /// How often to re-read the log without a signal, so that a notification lost while a
    /// host's LISTEN connection was down delays events by at most this much.
    poll_every: Duration,
}

impl Follower {
    /// Follow events after `after`. Subscribes before any read, so no commit can slip between.
    pub fn new(store: &Store, account_id: i64, after: i64, poll_every: Duration) -> Follower {
        let signal = store.hub().subscribe(account_id);
        Follower { store: store.clone(), account_id, last: after, signal, poll_every }
    }

    /// The sequence of the last event handed out.
    pub fn last(&self) -> i64 {
        self.last
    }

    /// Skip to `seq` (after a reload).
    pub fn skip_to(&mut self, seq: i64) {
        self.last = seq;
    }

    /// The next events after the last one handed out; waits until there are some.
    pub async fn next(&mut self) -> StoreResult<Vec<StoredEvent>> {
        loop {
            let events = self.store.events_after(self.account_id, self.last, PAGE).await?;
            if let Some(last) = events.last() {
                self.last = last.seq;
                return Ok(events);
            }
            // Mark the signal seen before waiting; `changed` then fires only for newer commits,
            // and the read above already covered everything committed before it.
            self.signal.borrow_and_update();
            let _ = tokio::time::timeout(self.poll_every, self.signal.changed()).await;
        }
    }
}

/// Relay other hosts' commits into this host's hub (PostgreSQL only), reconnecting forever.
pub async fn listen_postgres(pool: PgPool, hub: Arc<Hub>) {
    loop {
        match relay(&pool, &hub).await {
            Ok(()) => return,
            Err(err) => {
                tracing::warn!(error = %err, "LISTEN connection lost; reconnecting");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

async fn relay(pool: &PgPool, hub: &Hub) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(EVENTS_CHANNEL).await?;
    loop {
        let notification = listener.recv().await?;
        if let Some((account, seq)) = notification.payload().split_once(':')
            && let (Ok(account), Ok(seq)) = (account.parse(), seq.parse())
        {
            hub.publish(account, seq);
        }
    }
}
