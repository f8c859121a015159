//! A fake Web Push service on 127.0.0.1:0 (N3): it hands out subscriptions as a browser's
//! `PushSubscription.toJSON()` would (an endpoint on the fake, a fresh P-256 key pair and auth
//! secret it keeps), and records every push the server sends to them: the payload decrypted per
//! RFC 8291 with the subscription's private key, and the VAPID header checked per RFC 8292 (the
//! ES256 JWT verified with the `k=` key, its audience the fake's origin, its expiry in the
//! future and at most a day away). A test scripts answers (404, 410, 500 …) per endpoint or for
//! all, to see expired subscriptions removed and failures retried.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::elliptic_curve::rand_core::{OsRng, RngCore};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use serde_json::{Value, json};
use tokio::sync::Notify;

/// One push the server sent.
#[derive(Debug, Clone)]
pub struct Received {
    /// The endpoint it was posted to.
    pub endpoint: String,
    /// The device the subscription was made for (`None`: an endpoint the fake never gave).
    pub device: Option<String>,
    /// What the fake answered.
    pub status: u16,
    /// The decrypted payload as JSON (`Null` when it did not decrypt or is not JSON).
    pub payload: Value,
    /// The VAPID public key (`k=`) the push carried.
    pub vapid_key: Option<String>,
    /// `Ok(claims)` when the VAPID JWT verified against `k=` with the right audience and a
    /// future expiry; why not otherwise.
    pub vapid: Result<Value, String>,
    /// The `TTL`, `Urgency` and `Content-Encoding` headers.
    pub ttl: Option<String>,
    pub urgency: Option<String>,
    pub content_encoding: Option<String>,
}

impl Received {
    /// Whether the push was taken (answered 2xx), decrypted, and its VAPID token verified.
    pub fn verified(&self) -> bool {
        (200..300).contains(&self.status) && self.vapid.is_ok() && !self.payload.is_null()
    }
}

struct Subscription {
    device: String,
    secret: p256::SecretKey,
    auth: [u8; 16],
}

#[derive(Default)]
struct Inner {
    /// Path token → the subscription handed out with it.
    subscriptions: HashMap<String, Subscription>,
    /// Scripted answers by endpoint; `None` is every endpoint's.
    answers: HashMap<Option<String>, u16>,
    received: Vec<Received>,
}

/// A running fake push service.
#[derive(Clone)]
pub struct FakePush {
    /// `http://127.0.0.1:port`: the origin VAPID tokens must name.
    pub origin: String,
    inner: Arc<Mutex<Inner>>,
    arrived: Arc<Notify>,
}

impl FakePush {
    /// Start a fake on a free port.
    pub async fn start() -> FakePush {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind fake push service");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let fake = FakePush { origin, inner: Arc::default(), arrived: Arc::default() };
        let app = axum::Router::new().route("/push/{token}", axum::routing::post(receive)).with_state(fake.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        fake
    }

    /// A new subscription for `device`, as the body of `PUT /api/v1/push/subscriptions/{device}`:
    /// `{"endpoint": "http://127.0.0.1:<port>/push/<random>", "keys": {"p256dh", "auth"}}`.
    pub fn subscription(&self, device: &str) -> Value {
        let token = uuid::Uuid::new_v4().simple().to_string();
        let secret = p256::SecretKey::random(&mut OsRng);
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        let p256dh = URL_SAFE_NO_PAD.encode(secret.public_key().as_affine().to_encoded_point(false).as_bytes());
        let body = json!({
            "endpoint": format!("{}/push/{token}", self.origin),
            "keys": {"p256dh": p256dh, "auth": URL_SAFE_NO_PAD.encode(auth)},
        });
        self.inner
            .lock()
            .unwrap()
            .subscriptions
            .insert(token, Subscription { device: device.to_string(), secret, auth });
        body
    }

    /// Answer every push to `endpoint` (every endpoint with `None`) with `status` from now on;
    /// 201 is the default, and what a scripted endpoint goes back to with `answer_with(.., 201)`.
    pub fn answer_with(&self, endpoint: Option<&str>, status: u16) {
        self.inner.lock().unwrap().answers.insert(endpoint.map(str::to_string), status);
    }

    /// Every push received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().received.clone()
    }

    /// The pushes received once there are at least `n`; fails the test after 10 s.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let arrived = self.arrived.notified();
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                panic!("expected {n} pushes at the fake push service, got {}: {:#?}", received.len(), self.received());
            }
        }
    }
}

async fn receive(
    State(fake): State<FakePush>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let endpoint = format!("{}/push/{token}", fake.origin);
    let (vapid_key, vapid) = check_vapid(header("authorization").as_deref(), &fake.origin);
    let mut inner = fake.inner.lock().unwrap();
    let subscription = inner.subscriptions.get(&token);
    let payload = subscription
        .and_then(|s| {
            let auth = web_push_native::Auth::clone_from_slice(&s.auth);
            web_push_native::decrypt(body.to_vec(), &s.secret, &auth).ok()
        })
        .and_then(|plain| serde_json::from_slice(&plain).ok())
        .unwrap_or(Value::Null);
    let device = subscription.map(|s| s.device.clone());
    let status = match device {
        None => 404,
        Some(_) => {
            inner.answers.get(&Some(endpoint.clone())).or_else(|| inner.answers.get(&None)).copied().unwrap_or(201)
        }
    };
    inner.received.push(Received {
        endpoint,
        device,
        status,
        payload,
        vapid_key,
        vapid,
        ttl: header("ttl"),
        urgency: header("urgency"),
        content_encoding: header("content-encoding"),
    });
    drop(inner);
    fake.arrived.notify_waiters();
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The `k=` of a `vapid t=…, k=…` header, and the JWT's claims once verified (RFC 8292).
fn check_vapid(header: Option<&str>, origin: &str) -> (Option<String>, Result<Value, String>) {
    let Some(params) = header.and_then(|h| h.strip_prefix("vapid ")) else {
        return (None, Err(format!("no `vapid` Authorization header: {header:?}")));
    };
    let param = |name: &str| params.split(',').map(str::trim).find_map(|p| p.strip_prefix(name).map(str::to_string));
    let key = param("k=");
    let verified = (|| -> Result<Value, String> {
        let token = param("t=").ok_or("no t=")?;
        let key = key.as_deref().ok_or("no k=")?;
        let verifying = URL_SAFE_NO_PAD
            .decode(key)
            .ok()
            .and_then(|k| VerifyingKey::from_sec1_bytes(&k).ok())
            .ok_or("k= is no P-256 public key")?;
        let (signed, signature) = token.rsplit_once('.').ok_or("the token has no signature")?;
        let (head, claims) = signed.split_once('.').ok_or("the token has no claims")?;
        let json = |part: &str| {
            URL_SAFE_NO_PAD
                .decode(part)
                .ok()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                .ok_or("bad JWT part")
        };
        if json(head)?["alg"] != "ES256" {
            return Err("alg is not ES256".to_string());
        }
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|s| Signature::from_slice(&s).ok())
            .ok_or("the signature is not 64 bytes")?;
        verifying.verify(signed.as_bytes(), &signature).map_err(|_| "the signature does not verify with k=")?;
        let claims = json(claims)?;
        if claims["aud"] != origin {
            return Err(format!("aud {} is not the push service's origin {origin}", claims["aud"]));
        }
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        let exp = claims["exp"].as_i64().ok_or("no exp")?;
        if exp <= now || exp > now + 24 * 3600 {
            return Err(format!("exp {exp} is not within the next 24 hours (now {now})"));
        }
        let sub = claims["sub"].as_str().unwrap_or_default();
        if !(sub.starts_with("mailto:") || sub.starts_with("https:")) {
            return Err(format!("sub {sub:?} is no mailto: or https: URL"));
        }
        Ok(claims)
    })();
    (key, verified)
}
