//! Credentials: argon2id password hashes, random session / CSRF / API tokens (stored as
//! SHA-256 hashes), and the login rate limiter (per IP and per e-mail).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use governor::clock::{Clock as RateClock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use parking_lot::Mutex;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Prefix of API tokens, so they are recognisable in logs and secret scanners.
pub const API_TOKEN_PREFIX: &str = "atd_";

/// Hash a password with argon2id (OWASP parameters, the crate's defaults). CPU-heavy: call it
/// off the async runtime.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

/// Whether `password` matches the stored hash. CPU-heavy: call it off the async runtime.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A stored hash to verify against when the e-mail is unknown, so that the answer takes as
/// long as for a known user and does not reveal which e-mails exist.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password").expect("hashing works"))
}

/// 32 random bytes, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new API token: the secret to show once and the prefix to list.
pub fn new_api_token() -> (String, String) {
    let token = format!("{API_TOKEN_PREFIX}{}", random_token());
    let prefix = token.chars().take(API_TOKEN_PREFIX.len() + 6).collect();
    (token, prefix)
}

/// The stored form of a session or API token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Constant-time comparison of two secrets.
pub fn secrets_equal(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// How often the limiters forget the keys whose quota has fully recovered, so that a flood of
/// attempts from many addresses or e-mails does not keep growing their maps.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Limits login attempts per client IP and per e-mail address.
pub struct LoginLimiter<C: RateClock = DefaultClock> {
    per_ip: KeyedLimiter<IpAddr, C>,
    per_user: KeyedLimiter<String, C>,
    last_pruned: Mutex<Instant>,
}

type KeyedLimiter<K, C> = RateLimiter<K, DefaultKeyedStateStore<K>, C, NoOpMiddleware<<C as RateClock>::Instant>>;

impl LoginLimiter {
    /// `per_ip` and `per_user` attempts per minute (each at least 1).
    pub fn new(per_ip: u32, per_user: u32) -> Self {
        LoginLimiter::with_clock(per_ip, per_user, DefaultClock::default())
    }
}

impl<C: RateClock + Clone> LoginLimiter<C> {
    /// [`LoginLimiter::new`] on the limiter clock `clock`.
    pub fn with_clock(per_ip: u32, per_user: u32, clock: C) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        LoginLimiter {
            per_ip: RateLimiter::dashmap_with_clock(quota(per_ip), clock.clone()),
            per_user: RateLimiter::dashmap_with_clock(quota(per_user), clock),
            last_pruned: Mutex::new(Instant::now()),
        }
    }

    /// Keys tracked now (IPs plus e-mails).
    pub fn tracked_keys(&self) -> usize {
        self.per_ip.len() + self.per_user.len()
    }

    /// Forget every key whose quota has recovered (nothing is lost: a forgotten key starts
    /// with a full quota, which is what it has anyway).
    pub fn prune(&self) {
        self.per_ip.retain_recent();
        self.per_user.retain_recent();
        self.per_ip.shrink_to_fit();
        self.per_user.shrink_to_fit();
    }

    /// Count an attempt; `false` when either limit is exhausted.
    pub fn allow(&self, ip: IpAddr, email: &str) -> bool {
        if let Some(mut last) = self.last_pruned.try_lock()
            && last.elapsed() >= PRUNE_EVERY
        {
            *last = Instant::now();
            drop(last);
            self.prune();
        }
        let ip_ok = self.per_ip.check_key(&ip).is_ok();
        let user_ok = self.per_user.check_key(&email.trim().to_lowercase()).is_ok();
        ip_ok && user_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_hashed_deterministically() {
        assert_ne!(random_token(), random_token());
        assert_eq!(token_hash("abc"), token_hash("abc"));
        assert_ne!(token_hash("abc"), token_hash("abd"));
        let (token, prefix) = new_api_token();
        assert!(token.starts_with(&prefix) && prefix.starts_with(API_TOKEN_PREFIX));
    }

    #[test]
    fn limiter_stops_a_user_after_the_quota_and_keeps_others_free() {
        let limiter = LoginLimiter::new(100, 2);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(limiter.allow(ip, "a@x.com"));
        assert!(limiter.allow(ip, "A@x.com "));
        assert!(!limiter.allow(ip, "a@x.com"), "third attempt in a minute for the same user");
        assert!(limiter.allow(ip, "b@x.com"));
    }

    #[test]
    fn pruning_forgets_keys_whose_quota_recovered_and_keeps_the_exhausted() {
        let clock = governor::clock::FakeRelativeClock::default();
        let limiter = LoginLimiter::with_clock(1000, 1, clock.clone());
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        for n in 0..50 {
            assert!(limiter.allow(ip, &format!("user{n}@x.com")));
        }
        assert_eq!(limiter.tracked_keys(), 51);
        // One attempt per minute per e-mail: right away every e-mail is still exhausted, so a
        // prune keeps them all and their limit still applies.
        limiter.prune();
        assert_eq!(limiter.tracked_keys(), 51);
        assert!(!limiter.allow(ip, "user7@x.com"), "an exhausted e-mail is still limited after a prune");
        // Once every quota has recovered (governor keeps a key one replenish interval longer,
        // a minute here), the keys are forgotten.
        clock.advance(Duration::from_secs(121));
        limiter.prune();
        assert_eq!(limiter.tracked_keys(), 0, "recovered keys are dropped");
        assert!(limiter.allow(ip, "user7@x.com"), "a forgotten key starts with a full quota");
    }

    #[test]
    fn limiter_stops_an_ip_after_the_quota() {
        let limiter = LoginLimiter::new(2, 100);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limiter.allow(ip, "a@x.com"));
        assert!(limiter.allow(ip, "b@x.com"));
        assert!(!limiter.allow(ip, "c@x.com"));
        assert!(limiter.allow("10.0.0.2".parse().unwrap(), "d@x.com"));
    }
}
