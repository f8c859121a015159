//! The per-account API quota (noisy neighbours): every authenticated API request counts
//! against its account's requests per minute, so one account's runaway integration cannot take
//! the server's time from the others. Past the quota the answer is `429 Too Many Requests` with
//! `Retry-After`, the seconds until the next request would pass.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock as RateClock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// Requests per minute per account (a GCRA bucket: a burst of the whole minute's quota, then
/// a steady refill).
pub struct ApiQuota<C: RateClock = DefaultClock> {
    limiter: RateLimiter<i64, DefaultKeyedStateStore<i64>, C, NoOpMiddleware<<C as RateClock>::Instant>>,
    clock: C,
}

impl ApiQuota {
    /// `per_minute` requests per account (at least 1).
    pub fn new(per_minute: u32) -> Self {
        ApiQuota::with_clock(per_minute, DefaultClock::default())
    }
}

impl<C: RateClock + Clone> ApiQuota<C> {
    /// [`ApiQuota::new`] on the limiter clock `clock`.
    pub fn with_clock(per_minute: u32, clock: C) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute.max(1)).expect("at least one"));
        ApiQuota { limiter: RateLimiter::dashmap_with_clock(quota, clock.clone()), clock }
    }

    /// Count one request of the account; past the quota, how long until one would pass.
    /// (Keys are account ids, a set that stays small: nothing to prune.)
    pub fn check(&self, account_id: i64) -> Result<(), Duration> {
        self.limiter.check_key(&account_id).map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_past_its_quota_waits_and_others_do_not() {
        let clock = governor::clock::FakeRelativeClock::default();
        let quota = ApiQuota::with_clock(60, clock.clone());
        for _ in 0..60 {
            assert!(quota.check(1).is_ok());
        }
        let wait = quota.check(1).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(1), "one request a second refills: {wait:?}");
        assert!(quota.check(2).is_ok(), "another account has its own quota");
        clock.advance(Duration::from_secs(1));
        assert!(quota.check(1).is_ok(), "a second later one more request passes");
        assert!(quota.check(1).is_err());
    }
}
