//! Credentials: argon2id password hashes, random session / CSRF / API tokens (stored as
//! SHA-256 hashes), and the login rate limiter (per IP and per e-mail).

use std::net::IpAddr;
use std::num::NonZeroU32;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Shortest password accepted for a user.
pub const MIN_PASSWORD_CHARS: usize = 8;

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

/// Limits login attempts per client IP and per e-mail address.
pub struct LoginLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    per_user: DefaultKeyedRateLimiter<String>,
}

impl LoginLimiter {
    /// `per_ip` and `per_user` attempts per minute (each at least 1).
    pub fn new(per_ip: u32, per_user: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"));
        LoginLimiter { per_ip: RateLimiter::keyed(quota(per_ip)), per_user: RateLimiter::keyed(quota(per_user)) }
    }

    /// Count an attempt; `false` when either limit is exhausted.
    pub fn allow(&self, ip: IpAddr, email: &str) -> bool {
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
    fn limiter_stops_an_ip_after_the_quota() {
        let limiter = LoginLimiter::new(2, 100);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limiter.allow(ip, "a@x.com"));
        assert!(limiter.allow(ip, "b@x.com"));
        assert!(!limiter.allow(ip, "c@x.com"));
        assert!(limiter.allow("10.0.0.2".parse().unwrap(), "d@x.com"));
    }
}
