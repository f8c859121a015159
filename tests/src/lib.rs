//! Helpers for the end-to-end tests: fresh databases of either backend, the real server on
//! 127.0.0.1:0, an HTTP client that logs in like the web UI (cookie + CSRF header), WebSocket
//! clients, a seeded account (admin, agent, department, simulator channel), and a fake Meta
//! Graph API that records what the host sends and plays signed webhooks at it; a cluster of hosts
//! behind HAProxy with a shared object store (`cluster`).
//!
//! PostgreSQL tests connect to `ATENDE_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`) and fail when it is unreachable: CI must run
//! them, never skip them.

pub mod bench;
pub mod chat;
pub mod client;
pub mod cluster;
pub mod components;
pub mod db;
pub mod fake_graph;
pub mod fake_push;
pub mod process;
pub mod seed;
pub mod server;
pub mod whatsapp;

pub use client::{Client, EventStream};
pub use db::{Backend, TestDb};
pub use seed::Seed;
pub use server::TestServer;

/// Declare store/API tests that run once per backend: each `async fn name(db: TestDb) { … }`
/// becomes a module `name` with the tests `sqlite` and `postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($(async fn $name:ident($db:ident: TestDb) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;

                async fn run($db: $crate::TestDb) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run($crate::TestDb::new($crate::Backend::Sqlite).await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    run($crate::TestDb::new($crate::Backend::Postgres).await).await;
                }
            }
        )*
    };
}
