//! Long leased work a host runs side by side (broadcasts, contact imports; issue 15 part 8,
//! noisy neighbours). A worker that held one broadcast or import until its end made every other
//! account wait behind it: a paced broadcast of 100,000 recipients kept the host's broadcasts to
//! itself for hours. Each unit now runs in a task of its own, a few at once, at most a share of
//! them of one account, and the next lease prefers an account running nothing here
//! ([`HostShare`]), so another account's work starts as soon as a place is free.

use std::collections::HashMap;
use std::future::Future;

use tokio::task::{Id, JoinSet};

use crate::store::HostShare;

/// The units of one kind of work running on this host, by account.
pub struct SideBySide {
    tasks: JoinSet<()>,
    /// Each task's unit and account.
    units: HashMap<Id, (i64, i64)>,
    places: usize,
    per_account: usize,
}

impl SideBySide {
    /// At most `places` units at once, at most `per_account` of them of one account.
    pub fn new(places: usize, per_account: usize) -> SideBySide {
        SideBySide { tasks: JoinSet::new(), units: HashMap::new(), places, per_account: per_account.max(1) }
    }

    /// Whether another unit may start.
    pub fn has_room(&self) -> bool {
        self.tasks.len() < self.places
    }

    /// How many units run.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Whether none runs.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// What runs here, for the next lease.
    pub fn share(&self) -> HostShare {
        let mut counts: HashMap<i64, usize> = HashMap::new();
        for (_, account) in self.units.values() {
            *counts.entry(*account).or_default() += 1;
        }
        let mut running: Vec<i64> = self.units.values().map(|(unit, _)| *unit).collect();
        let mut busy: Vec<i64> = counts.keys().copied().collect();
        let mut full: Vec<i64> = counts.iter().filter(|(_, n)| **n >= self.per_account).map(|(a, _)| *a).collect();
        running.sort_unstable();
        busy.sort_unstable();
        full.sort_unstable();
        HostShare { running, busy, full }
    }

    /// Run `work` on unit `unit_id` (a broadcast, an import) of `account_id`, in a task of its own.
    pub fn spawn(&mut self, unit_id: i64, account_id: i64, work: impl Future<Output = ()> + Send + 'static) {
        let handle = self.tasks.spawn(work);
        self.units.insert(handle.id(), (unit_id, account_id));
    }

    /// Wait until a unit ends (never, while none runs), and forget it.
    pub async fn finished(&mut self) {
        match self.tasks.join_next_with_id().await {
            Some(Ok((id, ()))) => {
                self.units.remove(&id);
            }
            Some(Err(err)) => {
                self.units.remove(&err.id());
                if err.is_panic() {
                    tracing::error!(error = %err, "a leased unit of work panicked; taken up again after its lease");
                }
            }
            None => std::future::pending().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_running_unit_is_never_leased_again_an_account_at_its_share_is_full_and_a_finished_unit_frees_its_place()
    {
        let mut running = SideBySide::new(3, 2);
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        running.spawn(10, 1, async {
            let _ = released.await;
        });
        running.spawn(11, 1, std::future::pending());
        running.spawn(20, 2, std::future::pending());
        assert!(!running.has_room());
        assert_eq!(running.share(), HostShare { running: vec![10, 11, 20], busy: vec![1, 2], full: vec![1] });
        release.send(()).unwrap();
        running.finished().await;
        assert!(running.has_room());
        assert_eq!(running.len(), 2);
        assert_eq!(running.share(), HostShare { running: vec![11, 20], busy: vec![1, 2], full: vec![] });
    }
}
