//! Where the server reads the time: every rule that depends on "now" (windows, timers, jobs,
//! sessions, retries) asks a [`Clock`] handed to it, never the system directly, so tests move
//! time forward instead of sleeping and waiting for it.
//!
//! The system clock is the only one a server runs on. A test clock is the system's time plus an
//! offset the test moves forward with [`Clock::advance`]; time still flows between advances, so
//! the order of what happens stays the order of real time. Workers that sleep until something
//! is due wait on [`Clock::changed`] as well, so an advance wakes them at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

use crate::domain::Millis;

/// A source of the current time; cheap to clone (clones share the same time).
#[derive(Clone, Default)]
pub struct Clock {
    test: Option<Arc<TestTime>>,
}

#[derive(Default)]
struct TestTime {
    offset: AtomicI64,
    changed: Notify,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.test {
            None => f.write_str("Clock::system"),
            Some(t) => write!(f, "Clock::test(+{} ms)", t.offset.load(Ordering::Relaxed)),
        }
    }
}

fn system_now() -> Millis {
    jiff::Timestamp::now().as_millisecond()
}

impl Clock {
    /// The machine's clock.
    pub fn system() -> Clock {
        Clock { test: None }
    }

    /// A clock a test moves forward: the system time plus what [`Clock::advance`] added.
    pub fn test() -> Clock {
        Clock { test: Some(Arc::new(TestTime::default())) }
    }

    /// The current time, Unix epoch milliseconds.
    pub fn now(&self) -> Millis {
        let offset = self.test.as_ref().map_or(0, |t| t.offset.load(Ordering::Acquire));
        system_now() + offset
    }

    /// Move a test clock forward by `by` and wake whoever waits on [`Clock::changed`]. The
    /// system clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        let test = self.test.as_ref().expect("only a test clock can be moved");
        test.offset.fetch_add(i64::try_from(by.as_millis()).unwrap_or(i64::MAX), Ordering::AcqRel);
        test.changed.notify_waiters();
    }

    /// Resolves when a test clock is moved; never for the system clock.
    pub async fn changed(&self) {
        match &self.test {
            Some(test) => test.changed.notified().await,
            None => std::future::pending().await,
        }
    }

    /// Sleep for `wait`, or less if the clock is moved meanwhile.
    pub async fn sleep(&self, wait: Duration) {
        let _ = tokio::time::timeout(wait, self.changed()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_clock_moves_forward_and_its_clones_follow() {
        let clock = Clock::test();
        let copy = clock.clone();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        let after = copy.now();
        assert!(after - before >= 3_600_000, "{before} → {after}");
        assert!(after - before < 3_600_000 + 60_000, "time still flows, it does not jump further");
    }

    #[test]
    fn the_system_clock_reads_the_machine() {
        let now = Clock::system().now();
        assert!((now - system_now()).abs() < 60_000);
    }

    #[tokio::test]
    async fn an_advance_wakes_a_sleeper() {
        let clock = Clock::test();
        let sleeper = {
            let clock = clock.clone();
            tokio::spawn(async move { clock.sleep(Duration::from_secs(600)).await })
        };
        tokio::task::yield_now().await;
        // notify_waiters only wakes registered waiters: keep advancing until the sleeper has one.
        let woke = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                clock.advance(Duration::from_millis(1));
                if sleeper.is_finished() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
        .await;
        assert!(woke.is_ok(), "the sleeper woke when the clock moved");
    }
}
