//! An API client that behaves like the web UI (session cookie, CSRF header on writes) or an
//! integrator (bearer token), and WebSocket clients for the live streams.

use std::sync::Arc;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use reqwest::cookie::CookieStore;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// An HTTP client of one server; a clone shares its cookies.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    http: reqwest::Client,
    jar: Arc<reqwest::cookie::Jar>,
    csrf: Option<String>,
    bearer: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let jar = Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder().cookie_provider(jar.clone()).build().expect("client");
        Client { base: base.to_string(), http, jar, csrf: None, bearer: None }
    }

    /// A client that authenticates with an API token.
    pub fn with_token(base: &str, token: &str) -> Client {
        let mut client = Client::new(base);
        client.bearer = Some(token.to_string());
        client
    }

    /// Log in; keeps the cookie and CSRF token. Returns the status.
    pub async fn login(&mut self, email: &str, password: &str) -> StatusCode {
        self.login_json(email, password).await.0
    }

    /// Log in to the agents' app; the status and the answer.
    pub async fn login_json(&mut self, email: &str, password: &str) -> (StatusCode, Value) {
        self.login_at_json("/api/v1/auth/login", email, password).await
    }

    /// Log in at `path` (the agents' app or the reseller console); the status.
    pub async fn login_at(&mut self, path: &str, email: &str, password: &str) -> StatusCode {
        self.login_at_json(path, email, password).await.0
    }

    async fn login_at_json(&mut self, path: &str, email: &str, password: &str) -> (StatusCode, Value) {
        let (status, body) =
            self.request(Method::POST, path, Some(serde_json::json!({"email": email, "password": password}))).await;
        if status == StatusCode::OK {
            self.csrf = body["csrf_token"].as_str().map(str::to_string);
        }
        (status, body)
    }

    /// Forget the CSRF token (to test that writes then fail).
    pub fn drop_csrf(&mut self) {
        self.csrf = None;
    }

    /// Send a JSON request; the status and the JSON body (`Null` when empty or not JSON).
    pub async fn request(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.finish(request).await
    }

    /// Send raw bytes with a content type.
    pub async fn request_raw(
        &self,
        method: Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let request =
            self.http.request(method, format!("{}{path}", self.base)).header("content-type", content_type).body(body);
        self.finish(request).await
    }

    async fn finish(&self, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        self.try_finish(request).await.expect("request sent and answered")
    }

    /// POST JSON where the connection may break (a host killed under a load balancer): the
    /// status and body, or the transport error.
    pub async fn try_post(&self, path: &str, body: Value) -> Result<(StatusCode, Value), reqwest::Error> {
        self.try_finish(self.http.post(format!("{}{path}", self.base)).json(&body)).await
    }

    async fn try_finish(&self, mut request: reqwest::RequestBuilder) -> Result<(StatusCode, Value), reqwest::Error> {
        if let Some(csrf) = &self.csrf {
            request = request.header("x-csrf-token", csrf);
        }
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        Ok((status, serde_json::from_slice(&bytes).unwrap_or(Value::Null)))
    }

    /// GET a file: the status, its content type and its text.
    pub async fn get_text(&self, path: &str) -> (StatusCode, String, String) {
        let (status, content_type, bytes) = self.get_bytes(path).await;
        (status, content_type, String::from_utf8(bytes).expect("a text body"))
    }

    /// GET a file: the status, its content type and its bytes.
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (status, content_type, response.bytes().await.expect("body").to_vec())
    }

    /// POST a `multipart/form-data` form, as `curl -F` does.
    pub async fn post_form(&self, path: &str, form: reqwest::multipart::Form) -> (StatusCode, Value) {
        self.finish(self.http.post(format!("{}{path}", self.base)).multipart(form)).await
    }

    /// PUT a `multipart/form-data` form.
    pub async fn put_form(&self, path: &str, form: reqwest::multipart::Form) -> (StatusCode, Value) {
        self.finish(self.http.put(format!("{}{path}", self.base)).multipart(form)).await
    }

    pub async fn delete(&self, path: &str) -> (StatusCode, Value) {
        self.request(Method::DELETE, path, None).await
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.request(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.request(Method::POST, path, Some(body)).await
    }

    /// GET with an `Origin` header, as a browser sends from a page of that origin.
    pub async fn get_with_origin(&self, path: &str, origin: &str) -> (StatusCode, Value) {
        self.finish(self.http.get(format!("{}{path}", self.base)).header("origin", origin)).await
    }

    pub async fn patch_json(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.request(Method::PATCH, path, Some(body)).await
    }

    /// GET that must succeed; its body.
    pub async fn get_ok(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    /// POST that must answer `expected`; its body.
    pub async fn post_expect(&self, path: &str, body: Value, expected: u16) -> Value {
        let (status, answer) = self.post(path, body).await;
        assert_eq!(status.as_u16(), expected, "POST {path}: {answer}");
        answer
    }

    /// Open the live event stream, resuming after `since` if given.
    pub async fn events(&self, since: Option<i64>) -> EventStream {
        self.try_events(since).await.expect("websocket connects")
    }

    /// Like [`Client::events`], where the connection may fail (a host killed under a load
    /// balancer).
    pub async fn try_events(&self, since: Option<i64>) -> Result<EventStream, tokio_tungstenite::tungstenite::Error> {
        let query = since.map(|s| format!("?since={s}")).unwrap_or_default();
        let url = format!("{}/api/v1/events{query}", self.base.replacen("http", "ws", 1));
        let mut request = url.as_str().into_client_request().expect("ws request");
        if let Some(cookie) = self.jar.cookies(&self.base.parse().expect("base url")) {
            request.headers_mut().insert("cookie", cookie);
        }
        if let Some(token) = &self.bearer {
            request.headers_mut().insert("authorization", format!("Bearer {token}").parse().expect("header"));
        }
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        Ok(EventStream { socket })
    }
}

/// A WebSocket that yields JSON frames.
pub struct EventStream {
    socket: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
}

/// How long a test waits for a frame that must come.
pub const FRAME_TIMEOUT: Duration = Duration::from_secs(10);

impl EventStream {
    pub async fn connect(request: tokio_tungstenite::tungstenite::handshake::client::Request) -> EventStream {
        let (socket, _) = tokio_tungstenite::connect_async(request).await.expect("websocket connects");
        EventStream { socket }
    }

    /// Open a public WebSocket (the simulator's).
    pub async fn connect_url(url: &str) -> EventStream {
        Self::connect(url.into_client_request().expect("ws request")).await
    }

    /// Send a JSON frame (a page's presence, N1).
    pub async fn send(&mut self, frame: Value) {
        self.socket.send(Message::Text(frame.to_string().into())).await.expect("frame sent");
    }

    /// The next JSON frame, or `None` if none comes within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(deadline, self.socket.next()).await.ok()??;
            match frame.expect("websocket frame") {
                Message::Text(text) => return Some(serde_json::from_str(&text).expect("JSON frame")),
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// The next JSON frame; panics if none comes in time.
    pub async fn next(&mut self) -> Value {
        self.next_within(FRAME_TIMEOUT).await.expect("a frame within the timeout")
    }

    /// Frames until one satisfies `pred`; panics if none does in time.
    pub async fn until(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + FRAME_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let frame = self.next_within(left).await.expect("the awaited frame within the timeout");
            if pred(&frame) {
                return frame;
            }
        }
    }

    /// The socket itself, for a reader that handles raw frames (the benchmarks).
    pub fn into_inner(
        self,
    ) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
        self.socket
    }

    pub async fn close(mut self) {
        let _ = self.socket.send(Message::Close(None)).await;
    }
}
