//! The per-account "newest event sequence" signal: the store raises it after each commit that
//! appended events, the PostgreSQL bridge raises it for other hosts' commits, and live streams
//! wait on it (L6). It carries sequence numbers only, and depends on nothing of the
//! application, so the store below and the realtime followers above can both use it.

use std::collections::HashMap;

use parking_lot::Mutex;
use tokio::sync::watch;

/// The newest known event sequence of each account.
pub struct Hub {
    accounts: Mutex<HashMap<i64, watch::Sender<i64>>>,
    /// Bumped by every publish, for workers that follow every account (the notifier).
    any: watch::Sender<u64>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { accounts: Mutex::default(), any: watch::channel(0).0 }
    }
}

impl Hub {
    /// Announce that the account's log reached `seq`.
    pub fn publish(&self, account_id: i64, seq: i64) {
        let mut accounts = self.accounts.lock();
        let sender = accounts.entry(account_id).or_insert_with(|| watch::channel(0).0);
        sender.send_if_modified(|current| {
            let newer = seq > *current;
            if newer {
                *current = seq;
            }
            newer
        });
        self.any.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Be woken when any account's log grows.
    pub fn subscribe_any(&self) -> watch::Receiver<u64> {
        self.any.subscribe()
    }

    /// Be woken when the account's log grows.
    pub fn subscribe(&self, account_id: i64) -> watch::Receiver<i64> {
        let mut accounts = self.accounts.lock();
        accounts.entry(account_id).or_insert_with(|| watch::channel(0).0).subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn subscribers_see_only_newer_sequences() {
        let hub = Hub::default();
        let mut rx = hub.subscribe(1);
        hub.publish(1, 5);
        assert!(rx.has_changed().unwrap());
        assert_eq!(*rx.borrow_and_update(), 5);
        hub.publish(1, 3);
        assert!(!rx.has_changed().unwrap(), "an older sequence must not wake anyone");
        hub.publish(2, 9);
        assert!(!rx.has_changed().unwrap(), "another account's events must not wake this one");
    }
}
