//! A fake Meta Graph API on 127.0.0.1:0 (issue 5 part 9). It records every request the host
//! sends, answers like Meta (send responses with fresh message ids, `{"success":true}` for
//! mark-as-read, media upload ids, media URLs and token-checked downloads, template lists with
//! `paging.next`), fails the next requests with Meta's real error bodies when a test says so,
//! and plays webhooks at the host signed with the app secret, from the reference fixtures.
//! Several hosts can each be given their own base URL ([`FakeGraph::url_via`]), so a test knows
//! which host sent each request, and can make one host's next send hang.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atende_host::channels::meta::signature;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// The access token tests configure; downloads without it fail, as at Meta.
pub const ACCESS_TOKEN: &str = "EAAG-token-de-teste";
/// The app secret tests configure.
pub const APP_SECRET: &str = "app-secret-de-teste";
/// The verify token tests configure.
pub const VERIFY_TOKEN: &str = "token-de-verificacao";

/// One request the host sent.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The name in the base URL the host was given ([`FakeGraph::url_via`]); `None` for
    /// [`FakeGraph::url`].
    pub via: Option<String>,
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The body as JSON (`Null` when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// What the next matching request gets instead of success.
#[derive(Debug, Clone)]
pub enum Scripted {
    /// An HTTP status with a JSON body (Meta's error bodies).
    Answer(u16, Value),
    /// No answer until the host gives up (an ambiguous timeout).
    Hang,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    /// `(path suffix, answer)`: consumed in order by the first request whose path ends with it.
    scripted: VecDeque<(String, Scripted)>,
    /// Files Meta holds: media id → (bytes, MIME type).
    media: HashMap<String, (Vec<u8>, String)>,
    /// Pages of `message_templates`.
    template_pages: Vec<Vec<Value>>,
    counter: u64,
    /// Hosts (by `via`) whose next message send hangs.
    hang_next_send: Vec<String>,
    /// Sends left hanging so far.
    hung: Vec<Recorded>,
}

/// A running fake.
#[derive(Clone)]
pub struct FakeGraph {
    pub url: String,
    inner: Arc<Mutex<Inner>>,
}

/// The reference fixtures folder.
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/meta")
}

/// A fixture's bytes, as Meta sent them.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(format!("{name}.json")))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// A WhatsApp fixture with its `timestamp`s moved to now (seconds), so windows it opens are open.
pub fn fixture_now(name: &str) -> String {
    retime(&fixture(name))
}

/// `body` with every WhatsApp `"timestamp": "…"` (a string value) set to now.
pub fn retime(body: &str) -> String {
    const KEY: &str = "\"timestamp\"";
    // Meta stamps its webhooks with the real time, whatever the server's clock says.
    let now = (atende_host::clock::Clock::system().now() / 1000).to_string();
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find(KEY) {
        out.push_str(&rest[..i + KEY.len()]);
        rest = &rest[i + KEY.len()..];
        // `"timestamp"` as a key: optional spaces, `:`, optional spaces, a quoted value.
        let after_colon = rest.trim_start().strip_prefix(':').map(str::trim_start);
        let Some(value) = after_colon.and_then(|v| v.strip_prefix('"')) else { continue };
        let Some(close) = value.find('"') else { continue };
        out.push_str(": \"");
        out.push_str(&now);
        rest = &value[close..];
    }
    out.push_str(rest);
    out
}

impl FakeGraph {
    /// Start a fake on a free port.
    pub async fn start() -> FakeGraph {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind fake Graph API");
        let url = format!("http://{}/v23.0", listener.local_addr().unwrap());
        let fake = FakeGraph { url: url.clone(), inner: Arc::new(Mutex::new(Inner::default())) };
        let app = axum::Router::new().fallback(handle).with_state(fake.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        fake
    }

    /// The base URL for one host among several: the same fake, but each request it receives
    /// is recorded with `via` = `name`.
    pub fn url_via(&self, name: &str) -> String {
        self.url.replacen("/v23.0", &format!("/via/{name}/v23.0"), 1)
    }

    /// The next message send from the host given [`FakeGraph::url_via`]`(via)` gets no answer
    /// (the host is left waiting, with the send claimed).
    pub fn hang_next_send_from(&self, via: &str) {
        self.inner.lock().unwrap().hang_next_send.push(via.to_string());
    }

    /// The sends left hanging so far.
    pub fn hung(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().hung.clone()
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }

    /// Requests whose path ends with `suffix`.
    pub fn requests_to(&self, suffix: &str) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.path.ends_with(suffix)).collect()
    }

    /// Wait until `count` requests end with `suffix`; they are returned.
    pub async fn wait_for(&self, suffix: &str, count: usize) -> Vec<Recorded> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            let found = self.requests_to(suffix);
            if found.len() >= count {
                return found;
            }
            assert!(tokio::time::Instant::now() < deadline, "waited for {count} requests to {suffix}; got {found:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The next request whose path ends with `suffix` gets `answer`.
    pub fn script(&self, suffix: &str, answer: Scripted) {
        self.inner.lock().unwrap().scripted.push_back((suffix.to_string(), answer));
    }

    /// The next request to `suffix` fails with HTTP `status` and the fixture `name` as body.
    pub fn fail_with_fixture(&self, suffix: &str, status: u16, name: &str) {
        self.script(suffix, Scripted::Answer(status, serde_json::from_str(&fixture(name)).unwrap()));
    }

    /// Meta holds a file under `media_id`.
    pub fn add_media(&self, media_id: &str, bytes: &[u8], mime: &str) {
        self.inner.lock().unwrap().media.insert(media_id.to_string(), (bytes.to_vec(), mime.to_string()));
    }

    /// `message_templates` answers these pages, linked by `paging.next`.
    pub fn set_template_pages(&self, pages: Vec<Vec<Value>>) {
        self.inner.lock().unwrap().template_pages = pages;
    }

    /// POST `body` to the host's webhook `path`, signed with `secret`; status and JSON answer.
    pub async fn play(host: &str, path: &str, secret: &str, body: &[u8]) -> (StatusCode, Value) {
        let header = signature::sign(secret, body);
        Self::post_raw(host, path, Some(&header), body.to_vec()).await
    }

    /// POST raw bytes with an optional signature header.
    pub async fn post_raw(host: &str, path: &str, signature: Option<&str>, body: Vec<u8>) -> (StatusCode, Value) {
        let mut request =
            reqwest::Client::new().post(format!("{host}{path}")).header("content-type", "application/json").body(body);
        if let Some(sig) = signature {
            request = request.header("x-hub-signature-256", sig);
        }
        let response = request.send().await.expect("webhook POST");
        let status = StatusCode::from_u16(response.status().as_u16()).unwrap();
        let bytes = response.bytes().await.unwrap_or_default();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }
}

fn next_id(inner: &mut Inner, prefix: &str) -> String {
    inner.counter += 1;
    format!("{prefix}{:06}", inner.counter)
}

async fn handle(State(fake): State<FakeGraph>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
    let headers: &HeaderMap = &parts.headers;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    // `/via/<name>/v23.0/…` is `/v23.0/…` sent by the host named `name`.
    let (via, path) = match parts.uri.path().strip_prefix("/via/").and_then(|rest| rest.split_once('/')) {
        Some((name, rest)) => (Some(name.to_string()), format!("/{rest}")),
        None => (None, parts.uri.path().to_string()),
    };
    let recorded = Recorded {
        via,
        method: parts.method.to_string(),
        path,
        query: parts.uri.query().unwrap_or("").to_string(),
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: bytes.to_vec(),
    };
    let scripted = {
        let mut inner = fake.inner.lock().unwrap();
        inner.requests.push(recorded.clone());
        let position = inner.scripted.iter().position(|(suffix, _)| recorded.path.ends_with(suffix.as_str()));
        // A message send (not a mark-as-read) from a host told to hang.
        let send =
            recorded.method == "POST" && recorded.path.ends_with("/messages") && recorded.json()["type"] != Value::Null;
        let hang = match &recorded.via {
            Some(via) if send => inner.hang_next_send.iter().position(|h| h == via),
            _ => None,
        };
        match hang {
            Some(i) => {
                inner.hang_next_send.remove(i);
                inner.hung.push(recorded.clone());
                Some(Scripted::Hang)
            }
            None => position.and_then(|i| inner.scripted.remove(i)).map(|(_, answer)| answer),
        }
    };
    match scripted {
        Some(Scripted::Answer(status, body)) => {
            return (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response();
        }
        Some(Scripted::Hang) => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return StatusCode::GATEWAY_TIMEOUT.into_response();
        }
        None => {}
    }
    // Messenger attachments sit on a public CDN: no token.
    if let Some(id) = recorded.path.strip_prefix("/cdn/") {
        return match fake.inner.lock().unwrap().media.get(id) {
            Some((bytes, mime)) => ([("content-type", mime.clone())], bytes.clone()).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    if recorded.authorization.as_deref() != Some(&format!("Bearer {ACCESS_TOKEN}")) {
        let body = serde_json::from_str::<Value>(&fixture("fb_error_response")).unwrap();
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    let base = fake.url.clone();
    let mut inner = fake.inner.lock().unwrap();
    let path = recorded.path.trim_start_matches("/v23.0/").to_string();
    let segments: Vec<&str> = path.split('/').collect();
    match (recorded.method.as_str(), segments.as_slice()) {
        ("POST", [_, "messages"]) => {
            let body = recorded.json();
            if body["status"] == "read" {
                return axum::Json(json!({ "success": true })).into_response();
            }
            if body.get("recipient").is_some() {
                let id = next_id(&mut inner, "m_fake-");
                return axum::Json(json!({ "recipient_id": body["recipient"]["id"], "message_id": id })).into_response();
            }
            let id = next_id(&mut inner, "wamid.fake-");
            let to = body["to"].as_str().unwrap_or("").trim_start_matches('+').to_string();
            axum::Json(json!({ "messaging_product": "whatsapp", "contacts": [{ "input": body["to"], "wa_id": to }],
                "messages": [{ "id": id }] }))
            .into_response()
        }
        ("POST", [_, "media"]) => {
            let id = next_id(&mut inner, "");
            let mime = recorded.content_type.clone().unwrap_or_default();
            inner.media.insert(id.clone(), (recorded.body.clone(), mime));
            axum::Json(json!({ "id": id })).into_response()
        }
        ("GET", [waba, "message_templates"]) => {
            let page: usize = recorded
                .query
                .split('&')
                .find_map(|p| p.strip_prefix("after=page"))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let data = inner.template_pages.get(page).cloned().unwrap_or_default();
            let mut answer = json!({ "data": data, "paging": { "cursors": { "before": "QVFIU...", "after": "QVFIU..." } } });
            if page + 1 < inner.template_pages.len() {
                answer["paging"]["next"] = format!("{base}/{waba}/message_templates?limit=100&after=page{}", page + 1).into();
            }
            axum::Json(answer).into_response()
        }
        ("GET", ["files", id]) => match inner.media.get(*id) {
            Some((bytes, mime)) => ([("content-type", mime.clone())], bytes.clone()).into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        ("GET", [id]) => match inner.media.get(*id) {
            Some((bytes, mime)) => axum::Json(json!({ "messaging_product": "whatsapp", "url": format!("{base}/files/{id}"),
                "mime_type": mime, "sha256": "x", "file_size": bytes.len().to_string(), "id": id }))
            .into_response(),
            None => (StatusCode::BAD_REQUEST, axum::Json(json!({ "error": { "message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100 } }))).into_response(),
        },
        _ => (StatusCode::BAD_REQUEST, axum::Json(json!({ "error": { "message": "Unknown path components", "type": "OAuthException", "code": 2500 } }))).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::retime;

    #[test]
    fn retime_moves_every_timestamp_to_now() {
        let body = r#"{"a": {"timestamp": "1749416383"}, "b": [{"timestamp":"1"}], "c": "timestamp"}"#;
        let out = retime(body);
        assert!(!out.contains("1749416383") && !out.contains(r#""timestamp":"1""#), "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["a"]["timestamp"].as_str().unwrap().parse::<i64>().unwrap() > 1_700_000_000);
    }
}
