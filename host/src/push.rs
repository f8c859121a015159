//! The push worker (N3): claims due Web Push deliveries in batches under a lease (see
//! `store::push`), sends several at once, and records each push service's answer: taken, the
//! subscription gone (404/410, removed), retried with back-off, or dropped
//! ([`crate::domain::push`] decides which). Each push is encrypted for its subscription per
//! RFC 8291 (`aes128gcm`, by `web-push-native`) and signed per RFC 8292 (VAPID: an ES256 JWT
//! for the endpoint's origin, with the server's key pair, the same for every host on the
//! database). Sends never happen inside a request: the notifier only queues them.
//! Woken right after a commit that queued pushes, when a test moves the clock, and every second
//! for retries and for rows other hosts wrote.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures::StreamExt;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;

use crate::config::ServeArgs;
use crate::domain::Millis;
use crate::domain::push::{self, Outcome};
use crate::secrets::{Secret, SecretBox};
use crate::store::{ClaimedPush, Store};

/// Most pushes claimed at once.
const BATCH: i64 = 64;
/// Most pushes in flight at once: a burst to a department goes out in parallel, without
/// opening hundreds of connections.
const IN_FLIGHT: usize = 16;
/// How long one push service may take to answer; well under the lease, so a send never
/// outlives its claim.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The server's VAPID key pair (RFC 8292): push services accept pushes signed with the key the
/// browser subscribed with (its `applicationServerKey`), so every host must use the same one.
#[derive(Clone)]
pub struct Vapid {
    key: SigningKey,
    /// The public key as the browser wants it: the uncompressed point, unpadded base64url.
    public_key: String,
}

impl std::fmt::Debug for Vapid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vapid(public_key = {})", self.public_key)
    }
}

impl Vapid {
    /// A new random key pair.
    pub fn generate() -> Vapid {
        loop {
            // A random scalar is a valid key unless it is 0 or ≥ the curve's order (≈ 2⁻¹²⁸).
            if let Ok(key) = SigningKey::from_slice(&rand::random::<[u8; 32]>()) {
                return Vapid::from_key(key);
            }
        }
    }

    fn from_key(key: SigningKey) -> Vapid {
        let point = key.verifying_key().as_affine().to_encoded_point(false);
        Vapid { public_key: URL_SAFE_NO_PAD.encode(point.as_bytes()), key }
    }

    /// The public key, unpadded base64url of the uncompressed P-256 point.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The key pair kept in the database, made and kept there (private key sealed with
    /// `secrets`) if there is none yet; when two hosts start at once, both use the first one
    /// written.
    pub async fn load_or_create(store: &Store, secrets: &SecretBox) -> anyhow::Result<Vapid> {
        let (sealed, public_key) = match store.push_keys().await? {
            Some(pair) => pair,
            None => {
                let made = Vapid::generate();
                let private = Secret::new(URL_SAFE_NO_PAD.encode(made.key.to_bytes()));
                let pair = store.create_push_keys(secrets.seal(&private), &made.public_key).await?;
                if pair.1 == made.public_key {
                    tracing::info!(public_key = %made.public_key, "created the VAPID key pair of Web Push");
                }
                pair
            }
        };
        let private = secrets.open(&sealed).context("the stored VAPID key (Web Push) does not open")?;
        let bytes = URL_SAFE_NO_PAD.decode(private.expose()).context("the stored VAPID key is not base64url")?;
        let vapid = Vapid::from_key(SigningKey::from_slice(&bytes).context("the stored VAPID key is no P-256 key")?);
        anyhow::ensure!(vapid.public_key == public_key, "the stored VAPID public key does not match its private key");
        Ok(vapid)
    }

    /// The `Authorization` header of a push to `endpoint` (RFC 8292 §3): `vapid t=<JWT>,
    /// k=<public key>`, the JWT's audience the endpoint's origin, valid until `now_secs` +
    /// [`push::VAPID_VALIDITY_SECONDS`], its subject who runs this server.
    pub fn authorization(&self, endpoint: &url::Url, subject: &str, now_secs: i64) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let claims = serde_json::json!({
            "aud": endpoint.origin().ascii_serialization(),
            "exp": now_secs + push::VAPID_VALIDITY_SECONDS,
            "sub": subject,
        });
        let signed = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
        let signature: Signature = self.key.sign(signed.as_bytes());
        format!("vapid t={signed}.{}, k={}", URL_SAFE_NO_PAD.encode(signature.to_bytes()), self.public_key)
    }
}

/// What the worker needs from the configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The VAPID `sub` claim (`ATENDE_VAPID_SUBJECT`).
    pub subject: String,
    /// Whether plain-http endpoints may be posted to (`ATENDE_PUSH_ALLOW_HTTP`).
    pub allow_http: bool,
    /// How long a claimed push is held (`ATENDE_WORKER_LEASE_MS`).
    pub lease_ms: Millis,
}

impl Settings {
    pub fn of(config: &ServeArgs) -> Settings {
        Settings {
            subject: config.vapid_subject.clone(),
            allow_http: config.push_allow_http,
            lease_ms: i64::try_from(config.worker_lease_ms).unwrap_or(i64::MAX),
        }
    }
}

/// Run the worker until the task is dropped.
pub async fn run(store: Store, vapid: Vapid, settings: Settings) {
    if !(settings.subject.starts_with("mailto:") || settings.subject.starts_with("https:")) {
        // RFC 8292 §2.1: some push services refuse a token whose subject is neither.
        tracing::warn!(subject = %settings.subject, "ATENDE_VAPID_SUBJECT should be a mailto: or https: URL");
    }
    let client = match reqwest::Client::builder()
        .timeout(SEND_TIMEOUT)
        // A push service answers; it does not send the server elsewhere.
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(client) => client,
        Err(err) => {
            tracing::error!(error = %err, "the push worker has no HTTP client; Web Push is off");
            return;
        }
    };
    let sender = Sender { store, vapid, settings, client, tokens: Default::default() };
    loop {
        match sender.drain().await {
            Ok(0) => {
                let wake = async {
                    tokio::select! {
                        _ = sender.store.push_wake().notified() => {}
                        _ = sender.store.clock().changed() => {}
                    }
                };
                let _ = tokio::time::timeout(Duration::from_secs(1), wake).await;
            }
            Ok(_) => {}
            Err(err) => {
                tracing::error!(error = %err, "push worker failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

struct Sender {
    store: Store,
    vapid: Vapid,
    settings: Settings,
    client: reqwest::Client,
    /// The `Authorization` header last made for each push service's origin, with when its token
    /// expires: a token is reused for an hour (RFC 8292 lets it be), which spares a signature
    /// per push in a burst.
    tokens: parking_lot::Mutex<HashMap<String, (i64, String)>>,
}

/// A push service's answer: its status (`None`: no answer) and `Retry-After`, in ms.
struct Answer {
    status: Option<u16>,
    retry_after: Option<Millis>,
    error: Option<String>,
}

impl Sender {
    /// Send every due push; how many were handled.
    async fn drain(&self) -> anyhow::Result<usize> {
        let mut handled = 0;
        loop {
            let due = self.store.claim_pushes(BATCH, self.settings.lease_ms).await?;
            if due.is_empty() {
                return Ok(handled);
            }
            handled += due.len();
            let results: Vec<anyhow::Result<Option<i64>>> =
                futures::stream::iter(due).map(|p| self.deliver(p)).buffer_unordered(IN_FLIGHT).collect().await;
            let finished = results.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
            let finished: Vec<i64> = finished.into_iter().flatten().collect();
            self.store.finish_pushes(&finished).await?;
        }
    }

    /// Send one push and record what became of it; the delivery's id when it is finished (taken
    /// or dropped), for [`Store::finish_pushes`] to remove with the rest of its batch.
    async fn deliver(&self, push: ClaimedPush) -> anyhow::Result<Option<i64>> {
        let answer = match self.request(&push) {
            Ok(request) => self.send(request).await,
            Err(reason) => {
                tracing::warn!(subscription = push.subscription_id, %reason, "push not sendable; dropped");
                return Ok(Some(push.delivery_id));
            }
        };
        let host = url::Url::parse(&push.endpoint).ok().and_then(|u| u.host_str().map(str::to_string));
        let host = host.as_deref().unwrap_or("?");
        let finished = match push::outcome(answer.status) {
            Outcome::Delivered => true,
            Outcome::Gone => {
                tracing::info!(
                    subscription = push.subscription_id,
                    host,
                    status = answer.status,
                    "push subscription gone; removed"
                );
                self.store.remove_push_subscription(push.subscription_id).await?;
                false
            }
            Outcome::Retry => match push::retry_at(self.store.now(), push.attempts, answer.retry_after) {
                Some(at) => {
                    tracing::debug!(
                        subscription = push.subscription_id,
                        host,
                        status = answer.status,
                        error = answer.error,
                        "push retried later"
                    );
                    self.store.retry_push(push.delivery_id, at).await?;
                    false
                }
                None => {
                    tracing::warn!(
                        subscription = push.subscription_id,
                        host,
                        status = answer.status,
                        error = answer.error,
                        attempts = push.attempts,
                        "push failed every attempt; dropped"
                    );
                    true
                }
            },
            Outcome::Drop => {
                tracing::warn!(
                    subscription = push.subscription_id,
                    host,
                    status = answer.status,
                    error = answer.error,
                    "push refused by the push service; dropped"
                );
                true
            }
        };
        Ok(finished.then_some(push.delivery_id))
    }

    /// The encrypted, signed request of `push`, or why it cannot be sent.
    fn request(&self, push: &ClaimedPush) -> Result<reqwest::Request, String> {
        // Checked when subscribed; checked again, since the setting may have changed since.
        let endpoint = push::check_endpoint(&push.endpoint, self.settings.allow_http)?;
        let (point, secret) = push::check_keys(&push.p256dh, &push.auth)?;
        let ua_public = p256::PublicKey::from_sec1_bytes(&point).map_err(|e| e.to_string())?;
        let auth = web_push_native::Auth::clone_from_slice(&secret);
        let body = web_push_native::encrypt(push.payload.clone().into_bytes(), &ua_public, &auth)
            .map_err(|e| format!("encryption failed: {e}"))?;
        let authorization = self.authorization(&endpoint);
        self.client
            .post(endpoint)
            .header("TTL", push::TTL_SECONDS.to_string())
            .header("Urgency", "high")
            .header(reqwest::header::CONTENT_ENCODING, "aes128gcm")
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .header(reqwest::header::AUTHORIZATION, authorization)
            .body(body)
            .build()
            .map_err(|e| e.to_string())
    }

    /// The VAPID header for `endpoint`'s origin: the one made within the last hour, or a new one.
    fn authorization(&self, endpoint: &url::Url) -> String {
        // The token's expiry is checked by the push service against the real time, not the
        // store's clock (a test may have moved that one).
        let now_secs = jiff::Timestamp::now().as_second();
        let origin = endpoint.origin().ascii_serialization();
        let mut tokens = self.tokens.lock();
        if let Some((expires, header)) = tokens.get(&origin)
            && expires - now_secs > push::VAPID_VALIDITY_SECONDS - 3600
        {
            return header.clone();
        }
        let header = self.vapid.authorization(endpoint, &self.settings.subject, now_secs);
        tokens.insert(origin, (now_secs + push::VAPID_VALIDITY_SECONDS, header.clone()));
        header
    }

    async fn send(&self, request: reqwest::Request) -> Answer {
        match self.client.execute(request).await {
            Ok(response) => {
                let retry_after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<i64>().ok())
                    .map(|secs| secs.saturating_mul(1000));
                let status = response.status().as_u16();
                let error = (!response.status().is_success())
                    .then(|| response.status().canonical_reason().unwrap_or("").to_string());
                Answer { status: Some(status), retry_after, error }
            }
            Err(err) => Answer { status: None, retry_after: None, error: Some(err.to_string()) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier;

    #[test]
    fn the_vapid_token_is_an_es256_jwt_for_the_endpoints_origin() {
        let vapid = Vapid::generate();
        let endpoint = url::Url::parse("http://127.0.0.1:4567/push/abc").unwrap();
        let header = vapid.authorization(&endpoint, "mailto:suporte@atende.local", 1_000);
        let (token, key) = header.strip_prefix("vapid t=").unwrap().split_once(", k=").unwrap();
        assert_eq!(key, vapid.public_key());

        let (signed, signature) = token.rsplit_once('.').unwrap();
        let (head, claims) = signed.split_once('.').unwrap();
        let head: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(head).unwrap()).unwrap();
        assert_eq!(head["alg"], "ES256");
        let claims: serde_json::Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
        // The origin keeps a non-default port (web-push-native's own signer drops it).
        assert_eq!(claims["aud"], "http://127.0.0.1:4567");
        assert_eq!(claims["exp"], 1_000 + push::VAPID_VALIDITY_SECONDS);
        const { assert!(push::VAPID_VALIDITY_SECONDS <= 24 * 3600) };
        assert_eq!(claims["sub"], "mailto:suporte@atende.local");

        let verifying = VerifyingKey::from_sec1_bytes(&URL_SAFE_NO_PAD.decode(key).unwrap()).unwrap();
        let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
        assert!(verifying.verify(signed.as_bytes(), &signature).is_ok());
        let default_port = url::Url::parse("https://fcm.googleapis.com:443/fcm/send/x").unwrap();
        assert!(vapid.authorization(&default_port, "mailto:a@b", 0).contains(&URL_SAFE_NO_PAD.encode(
            serde_json::json!({"aud": "https://fcm.googleapis.com", "exp": push::VAPID_VALIDITY_SECONDS, "sub": "mailto:a@b"})
                .to_string()
        )));
    }

    #[test]
    fn a_push_decrypts_with_the_subscriptions_private_key_and_auth() {
        let browser = p256::SecretKey::from_slice(&[9u8; 32]).unwrap();
        let auth = web_push_native::Auth::clone_from_slice(&[5u8; 16]);
        let body = web_push_native::encrypt(br#"{"title":"Maria"}"#.to_vec(), &browser.public_key(), &auth).unwrap();
        assert_eq!(web_push_native::decrypt(body, &browser, &auth).unwrap(), br#"{"title":"Maria"}"#);
    }
}
