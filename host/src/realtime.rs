//! Live updates (L6): each account's event log read once per host and fanned out in memory to
//! every live stream of that account, and the PostgreSQL bridge that raises the hub's signal for
//! other hosts' commits.
//!
//! A [`Feed`] is one reader per account per host: woken by the account's signal in the [`Hub`]
//! (or its poll), it reads the new rows once and keeps the newest [`RETAIN`] of them in memory.
//! A [`Follower`] (one per WebSocket) hands out what the feed holds after its own position; only
//! a follower further behind than that (a client resuming with an old `since`) reads the
//! database itself until it reaches the feed. With 2,000 sockets on an account, an event costs
//! one query, not 2,000. Only sequence numbers cross hosts, so an event another host committed
//! is read and served exactly like a local one.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use parking_lot::Mutex;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::watch;

use crate::hub::Hub;
use crate::store::postgres::EVENTS_CHANNEL;
use crate::store::{Store, StoreResult, StoredEvent};

/// Rows read per query, by a feed or a follower catching up.
const PAGE: i64 = 500;

/// Events a feed keeps in memory: a follower less than this far behind never reads the database.
const RETAIN: usize = 1024;

/// An event as every stream of the account shares it: read once, its frame written once.
pub struct LiveEvent {
    pub event: StoredEvent,
    /// The WebSocket frame (`{"type":"event",…}`); cloning it shares the bytes.
    pub frame: Utf8Bytes,
}

impl LiveEvent {
    fn of(event: StoredEvent) -> Arc<LiveEvent> {
        let frame = event.frame().into();
        Arc::new(LiveEvent { event, frame })
    }
}

/// The feeds of this host, one per account that has a live stream.
pub struct Feeds {
    store: Store,
    /// How often a feed re-reads the log without a signal, so that a notification lost while a
    /// host's LISTEN connection was down delays events by at most this much.
    poll_every: Duration,
    accounts: Mutex<HashMap<i64, Weak<Feed>>>,
}

impl Feeds {
    pub fn new(store: Store, poll_every: Duration) -> Arc<Feeds> {
        Arc::new(Feeds { store, poll_every, accounts: Mutex::default() })
    }

    /// Follow the account's events after `after`.
    pub fn follow(&self, account_id: i64, after: i64) -> Follower {
        let feed = self.feed(account_id);
        let changed = feed.read_to.subscribe();
        Follower { store: self.store.clone(), feed, changed, last: after }
    }

    /// The account's feed, started when its first stream opens; it stops once the last one
    /// has gone.
    fn feed(&self, account_id: i64) -> Arc<Feed> {
        let mut accounts = self.accounts.lock();
        if let Some(feed) = accounts.get(&account_id).and_then(Weak::upgrade) {
            return feed;
        }
        accounts.retain(|_, feed| feed.strong_count() > 0);
        let feed = Arc::new(Feed { account_id, window: Mutex::new(None), read_to: watch::channel(0).0 });
        accounts.insert(account_id, Arc::downgrade(&feed));
        tokio::spawn(read(Arc::downgrade(&feed), self.store.clone(), account_id, self.poll_every));
        feed
    }
}

/// One account's log as this host has read it.
struct Feed {
    account_id: i64,
    /// `None` until the reader has found the log's head.
    window: Mutex<Option<Window>>,
    /// The sequence read up to; changes wake the followers.
    read_to: watch::Sender<i64>,
}

/// The events a feed holds: every event with `from < seq <= to`, oldest first.
struct Window {
    from: i64,
    to: i64,
    events: VecDeque<Arc<LiveEvent>>,
}

impl Window {
    fn push(&mut self, batch: Vec<StoredEvent>) {
        for event in batch {
            self.to = event.seq;
            self.events.push_back(LiveEvent::of(event));
        }
        while self.events.len() > RETAIN {
            if let Some(dropped) = self.events.pop_front() {
                self.from = dropped.event.seq;
            }
        }
    }

    /// Where a follower at `last` stands against this window.
    fn serve(&self, last: i64) -> Serve {
        if last < self.from {
            return Serve::CatchUp;
        }
        let first = self.events.partition_point(|e| e.event.seq <= last);
        if first == self.events.len() {
            return Serve::Wait;
        }
        Serve::Events(self.events.range(first..).take(PAGE as usize).cloned().collect())
    }
}

enum Serve {
    Events(Vec<Arc<LiveEvent>>),
    /// Behind the window: read the database.
    CatchUp,
    /// Up to date: wait for the feed.
    Wait,
}

/// The reader of one feed: find the head, then read each new commit once.
async fn read(feed: Weak<Feed>, store: Store, account_id: i64, poll_every: Duration) {
    // Subscribed before the first read, so no commit can slip between.
    let mut signal = store.hub().subscribe(account_id);
    loop {
        signal.borrow_and_update();
        let Some(live) = feed.upgrade() else { return };
        let after = live.window.lock().as_ref().map(|w| w.to);
        let read = match after {
            None => store.event_head(account_id).await.map(|head| (head, Vec::new())),
            Some(after) => store.events_after(account_id, after, PAGE).await.map(|batch| (after, batch)),
        };
        match read {
            Ok((after, batch)) => {
                let more = batch.len() as i64 == PAGE;
                let to = {
                    let mut window = live.window.lock();
                    let window =
                        window.get_or_insert_with(|| Window { from: after, to: after, events: VecDeque::new() });
                    window.push(batch);
                    window.to
                };
                live.read_to.send_replace(to);
                if more {
                    continue;
                }
            }
            Err(err) => {
                tracing::warn!(account = live.account_id, error = %err, "live feed could not read the event log");
            }
        }
        drop(live);
        let _ = tokio::time::timeout(poll_every, signal.changed()).await;
    }
}

/// One stream's position in its account's feed.
pub struct Follower {
    store: Store,
    feed: Arc<Feed>,
    changed: watch::Receiver<i64>,
    last: i64,
}

impl Follower {
    /// The sequence of the last event handed out.
    pub fn last(&self) -> i64 {
        self.last
    }

    /// Skip to `seq` (after a reload).
    pub fn skip_to(&mut self, seq: i64) {
        self.last = seq;
    }

    /// The next events after the last one handed out, in order; waits until there are some.
    pub async fn next(&mut self) -> StoreResult<Vec<Arc<LiveEvent>>> {
        loop {
            // Seen before looking, so a push after the look wakes the wait below.
            self.changed.borrow_and_update();
            let serve = self.feed.window.lock().as_ref().map_or(Serve::Wait, |w| w.serve(self.last));
            match serve {
                Serve::Events(events) => return Ok(self.handed_out(events)),
                Serve::CatchUp => {
                    let events = self.store.events_after(self.feed.account_id, self.last, PAGE).await?;
                    if events.is_empty() {
                        // Nothing between here and the window (pruned or never written).
                        if let Some(window) = self.feed.window.lock().as_ref() {
                            self.last = self.last.max(window.from);
                        }
                        continue;
                    }
                    return Ok(self.handed_out(events.into_iter().map(LiveEvent::of).collect()));
                }
                Serve::Wait => {
                    let _ = self.changed.changed().await;
                }
            }
        }
    }

    fn handed_out(&mut self, events: Vec<Arc<LiveEvent>>) -> Vec<Arc<LiveEvent>> {
        if let Some(last) = events.last() {
            self.last = last.event.seq;
        }
        events
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(seq: i64) -> StoredEvent {
        StoredEvent {
            seq,
            kind: "message.created".into(),
            conversation_id: Some(1),
            conversation_kind: None,
            agent_id: None,
            department_id: None,
            prev_agent_id: None,
            prev_department_id: None,
            payload: r#"{"conversation":{},"message":null}"#.into(),
            actor_id: None,
        }
    }

    fn window(from: i64, to: i64) -> Window {
        let mut window = Window { from, to: from, events: VecDeque::new() };
        window.push((from + 1..=to).map(event).collect());
        window
    }

    fn seqs(serve: Serve) -> Option<Vec<i64>> {
        match serve {
            Serve::Events(events) => Some(events.iter().map(|e| e.event.seq).collect()),
            _ => None,
        }
    }

    #[test]
    fn a_follower_inside_the_window_gets_what_follows_its_position_in_order() {
        let w = window(10, 15);
        assert_eq!(seqs(w.serve(10)), Some(vec![11, 12, 13, 14, 15]));
        assert_eq!(seqs(w.serve(13)), Some(vec![14, 15]));
    }

    #[test]
    fn a_follower_at_or_past_the_end_waits_and_one_behind_the_window_reads_the_database() {
        let w = window(10, 15);
        assert!(matches!(w.serve(15), Serve::Wait));
        assert!(matches!(w.serve(20), Serve::Wait), "a follower ahead of this host's read waits for it");
        assert!(matches!(w.serve(9), Serve::CatchUp));
    }

    #[test]
    fn the_window_keeps_the_newest_events_and_moves_its_start_past_the_dropped_ones() {
        let w = window(0, RETAIN as i64 + 10);
        assert_eq!(w.events.len(), RETAIN);
        assert_eq!(w.from, 10);
        assert!(matches!(w.serve(9), Serve::CatchUp));
        assert_eq!(seqs(w.serve(10)).map(|s| s[0]), Some(11));
    }

    #[test]
    fn a_frame_is_written_once_and_shared() {
        let live = LiveEvent::of(event(7));
        assert_eq!(live.frame.as_str(), live.event.frame());
        assert!(live.frame.as_str().starts_with(r#"{"type":"event","seq":7,"kind":"message.created""#));
    }

    #[test]
    fn a_follower_is_handed_at_most_a_page() {
        let w = window(0, PAGE + 5);
        assert_eq!(seqs(w.serve(0)).map(|s| s.len()), Some(PAGE as usize));
    }
}
