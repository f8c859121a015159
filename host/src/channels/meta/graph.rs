//! The Graph API client shared by the three Meta channels: JSON calls with the channel's access
//! token, media upload (multipart) and download, and Meta's error bodies
//! (`{"error":{"message","code","error_data":{"details"}…}}`) turned into [`GraphError`]s with
//! the code and title the red x shows (C17). The base URL comes from the configuration
//! (`ATENDE_GRAPH_API_URL`), so tests point it at the fake Graph API.

use std::time::Duration;

use serde_json::Value;

use crate::secrets::Secret;

/// Largest media file downloaded (Meta's own limit for documents).
pub const MAX_MEDIA_BYTES: usize = 100 * 1024 * 1024;

/// A Graph API call that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError {
    /// HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// Meta's error code (`131026` …) or a local one (`timeout`, `network`, `bad_answer`).
    pub code: String,
    /// Meta's title, without the `(#code) ` prefix of its `message`.
    pub title: String,
    /// No answer after the request was sent: Meta may have acted on it.
    pub ambiguous: bool,
}

impl GraphError {
    fn local(code: &str, title: impl Into<String>, ambiguous: bool) -> GraphError {
        GraphError { http_status: None, code: code.into(), title: title.into(), ambiguous }
    }
}

/// The error of a non-2xx answer.
pub fn error_of(http_status: u16, body: &[u8]) -> GraphError {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let error = &parsed["error"];
    let code = match &error["code"] {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => format!("http_{http_status}"),
    };
    let message = error["message"].as_str().unwrap_or("");
    let title = match message.strip_prefix(&format!("(#{code}) ")) {
        Some(rest) => rest.to_string(),
        None if message.is_empty() => format!("A Meta respondeu HTTP {http_status}."),
        None => message.to_string(),
    };
    GraphError { http_status: Some(http_status), code, title, ambiguous: false }
}

/// A client of one Graph API base URL.
#[derive(Clone)]
pub struct Graph {
    http: reqwest::Client,
    base: String,
}

impl Graph {
    /// `base` is e.g. `https://graph.facebook.com/v23.0`.
    pub fn new(base: &str, timeout: Duration) -> Graph {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .expect("HTTP client builds");
        Graph { http, base: base.trim_end_matches('/').to_string() }
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// `path` under the base, or `path` itself when it is an absolute URL on the base's host
    /// (paging `next` links); any other host is refused, so a link cannot take the token away.
    fn url(&self, path: &str) -> Result<String, GraphError> {
        if path.starts_with("http://") || path.starts_with("https://") {
            if origin(path) == origin(&self.base) {
                return Ok(path.to_string());
            }
            return Err(GraphError::local("bad_answer", "Link de paginação para outro servidor recusado.", false));
        }
        Ok(format!("{}/{}", self.base, path.trim_start_matches('/')))
    }

    async fn finish(&self, request: reqwest::RequestBuilder) -> Result<Value, GraphError> {
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.map_err(transport)?;
        if !(200..300).contains(&status) {
            return Err(error_of(status, &bytes));
        }
        serde_json::from_slice(&bytes)
            .map_err(|_| GraphError::local("bad_answer", "A Meta respondeu algo que não é JSON.", false))
    }

    /// POST a JSON body.
    pub async fn post_json(&self, path: &str, token: &Secret, body: &Value) -> Result<Value, GraphError> {
        self.finish(self.http.post(self.url(path)?).bearer_auth(token.expose()).json(body)).await
    }

    /// GET a JSON document.
    pub async fn get_json(&self, path: &str, token: &Secret) -> Result<Value, GraphError> {
        self.finish(self.http.get(self.url(path)?).bearer_auth(token.expose())).await
    }

    /// Upload a file for `phone_number_id` (`POST /{id}/media`); Meta's media id.
    pub async fn upload_media(
        &self,
        phone_number_id: &str,
        token: &Secret,
        bytes: Vec<u8>,
        mime_type: &str,
        file_name: &str,
    ) -> Result<String, GraphError> {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.to_string())
            .mime_str(mime_type)
            .map_err(|_| GraphError::local("bad_media", "Tipo de arquivo inválido.", false))?;
        let form = reqwest::multipart::Form::new().text("messaging_product", "whatsapp").part("file", part);
        let answer = self
            .finish(
                self.http
                    .post(self.url(&format!("{phone_number_id}/media"))?)
                    .bearer_auth(token.expose())
                    .multipart(form),
            )
            .await?;
        answer["id"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| GraphError::local("bad_answer", "A Meta não devolveu o id da mídia.", false))
    }

    /// Download a file: for WhatsApp first `GET /{media_id}` for its short-lived URL, then the
    /// file with the token. The bytes and the MIME type Meta gave.
    pub async fn download(&self, url: &str, token: Option<&Secret>) -> Result<(Vec<u8>, Option<String>), GraphError> {
        let mut request = self.http.get(url);
        if let Some(token) = token {
            request = request.bearer_auth(token.expose());
        }
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            let body = response.bytes().await.unwrap_or_default();
            return Err(error_of(status, &body));
        }
        if response.content_length().is_some_and(|n| n as usize > MAX_MEDIA_BYTES) {
            return Err(GraphError::local("131052", "Arquivo maior que 100 MB.", false));
        }
        let mime = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if bytes.len() + chunk.len() > MAX_MEDIA_BYTES {
                return Err(GraphError::local("131052", "Arquivo maior que 100 MB.", false));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok((bytes, mime))
    }
}

fn origin(url: &str) -> Option<&str> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..].find('/').map_or(url.len(), |i| after_scheme + i);
    Some(&url[..end])
}

fn transport(err: reqwest::Error) -> GraphError {
    if err.is_timeout() {
        GraphError::local("timeout", "A Meta não respondeu a tempo.", true)
    } else if err.is_connect() {
        GraphError::local("network", "Não foi possível conectar à Meta.", false)
    } else {
        // The request may have reached Meta before the connection dropped.
        GraphError::local("network", "A conexão com a Meta caiu antes da resposta.", true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/meta");

    #[test]
    fn meta_error_bodies_give_code_and_title() {
        let body = std::fs::read(format!("{FIXTURES}/wa_error_response_130429.json")).unwrap();
        let e = error_of(400, &body);
        assert_eq!((e.code.as_str(), e.title.as_str(), e.http_status), ("130429", "Rate limit hit", Some(400)));
        let body = std::fs::read(format!("{FIXTURES}/wa_error_response_131056_thirdparty.json")).unwrap();
        assert_eq!(error_of(400, &body).title, "(Business Account, Consumer Account) pair rate limit hit");
        let body = std::fs::read(format!("{FIXTURES}/fb_error_response.json")).unwrap();
        assert_eq!(error_of(401, &body).code, "190");
        assert_eq!(error_of(502, b"<html>").code, "http_502");
    }

    #[test]
    fn paging_links_are_followed_only_on_the_same_host() {
        let g = Graph::new("https://graph.facebook.com/v23.0", Duration::from_secs(1));
        assert_eq!(g.url("123/messages").unwrap(), "https://graph.facebook.com/v23.0/123/messages");
        assert!(g.url("https://graph.facebook.com/v23.0/1/message_templates?after=x").is_ok());
        assert!(g.url("https://evil.example/steal").is_err());
        assert!(g.url("https://graph.facebook.com.evil.example/x").is_err());
    }
}
