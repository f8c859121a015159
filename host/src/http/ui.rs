//! The web UI: files built by `npm run build` in `host/ui/` (embedded in release builds, read
//! from disk in development, or from `--ui-dir`), with `index.html` for every client-side route.

use std::path::PathBuf;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use rust_embed::RustEmbed;

use super::AppState;

#[derive(RustEmbed)]
#[folder = "ui/dist"]
#[allow_missing = true]
struct Embedded;

/// Where the UI files come from.
pub struct Ui {
    dir: Option<PathBuf>,
}

impl Ui {
    pub fn new(dir: Option<PathBuf>) -> Self {
        Ui { dir }
    }

    fn file(&self, path: &str) -> Option<Vec<u8>> {
        match &self.dir {
            Some(dir) => {
                if path.split('/').any(|part| part == ".." || part.is_empty()) {
                    return None;
                }
                std::fs::read(dir.join(path)).ok()
            }
            None => Embedded::get(path).map(|file| file.data.into_owned()),
        }
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"pt-BR\"><meta charset=\"utf-8\"><title>Atende</title>\
<body><h1>Atende</h1><p>A interface web ainda não foi construída. Rode <code>npm ci &amp;&amp; npm run build</code> \
em <code>host/ui</code> (o comando de execução do README já faz isso).</p></body></html>";

/// Serve a UI file, or `index.html` for client-side routes.
pub async fn serve(State(state): State<AppState>, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if !path.is_empty()
        && let Some(bytes) = state.ui.file(path)
    {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let cache = if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        return ([(CONTENT_TYPE, mime.as_ref().to_string()), (CACHE_CONTROL, cache.to_string())], bytes)
            .into_response();
    }
    if path.contains('.') && !path.ends_with(".html") {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match state.ui.file("index.html") {
        Some(bytes) => {
            ([(CONTENT_TYPE, "text/html; charset=utf-8"), (CACHE_CONTROL, "no-cache")], bytes).into_response()
        }
        None => Html(NOT_BUILT).into_response(),
    }
}
