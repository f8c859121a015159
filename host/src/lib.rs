//! Atende: a self-hosted, multi-tenant customer-service chat server.
//!
//! Layout:
//! - [`cli`]: command-line entry (`serve`, `migrate`, `create-demo`, `create-account`).
//! - [`migrate`]: `atende migrate [--dry-run]`: the schema checked, then migrated or described.
//! - [`config`]: every setting, from flags or environment variables.
//! - [`clock`]: where every rule reads the time (the system, or a clock tests move).
//! - [`app`]: wires the store, realtime hub, workers and HTTP server together.
//! - [`domain`]: pure business rules (no database, HTTP or wasm types).
//! - [`service`]: the application layer: every action (send, close, assign, new chat, inbound …)
//!   with its rules, called by the HTTP handlers, the jobs and the flows alike.
//! - [`flows`]: the flow engine: documents validated against their steps, runs, the worker.
//! - [`store`]: the domain operations over SQLite or PostgreSQL, each in one transaction.
//! - [`jobs`]: the worker that runs due scheduled jobs (closes, window tags, support codes).
//! - [`outbox`]: the worker that sends outbound messages through their channel.
//! - [`media`]: the worker that downloads inbound media files into the data directory.
//! - [`push`]: the worker that sends Web Push notifications (VAPID, encrypted payloads).
//! - [`secrets`]: channel credentials sealed at rest.
//! - [`hub`]: the per-account "newest event" signal commits raise.
//! - [`realtime`]: followers of an account's event log that feed WebSocket streams, across hosts.
//! - [`channels`]: wire formats of each channel (simulator, WhatsApp, Messenger, Instagram).
//! - [`plugins`]: the WebAssembly plugin host (wasmtime), its limits and the shipped plugins.
//! - [`http`]: the REST API, WebSockets, OpenAPI document and the embedded web UI.
//! - [`auth`]: passwords, session and API tokens, login rate limiting.
//! - [`demo`]: the demo account a new user logs into.

pub mod api_quota;
pub mod app;
pub mod auth;
pub mod backup;
pub mod broadcasts;
pub mod channels;
pub mod cli;
pub mod clock;
pub mod config;
pub mod contact_imports;
pub mod demo;
pub mod domain;
pub mod flows;
pub mod http;
pub mod hub;
pub mod jobs;
pub mod media;
pub mod media_store;
pub mod metrics;
pub mod migrate;
pub mod notifier;
pub mod outbox;
pub mod plugins;
pub mod push;
pub mod realtime;
pub mod rollup;
pub mod secrets;
pub mod service;
pub mod side_by_side;
pub mod store;
