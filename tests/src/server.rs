//! The real server, in-process, on 127.0.0.1:0.

use std::sync::Arc;

use atende_host::app::{self, Running};
use atende_host::config::ServeArgs;
use atende_host::plugins::Plugins;
use atende_host::store::Store;

use crate::client::Client;

/// A running server for one test.
pub struct TestServer {
    pub running: Running,
    plugins: Arc<Plugins>,
}

impl TestServer {
    /// Serve `store` with default settings.
    pub async fn start(store: &Store) -> TestServer {
        Self::start_with(store, |_| {}).await
    }

    /// Serve `store` with settings adjusted by `adjust`.
    pub async fn start_with(store: &Store, adjust: impl FnOnce(&mut ServeArgs)) -> TestServer {
        let mut args = ServeArgs { listen: "127.0.0.1:0".parse().expect("address"), ..ServeArgs::default() };
        adjust(&mut args);
        let plugins = Plugins::shared(&std::env::temp_dir().join("atende-test-plugins")).await.expect("plugins start");
        let running = app::start(store.clone(), args, plugins.clone()).await.expect("server starts");
        TestServer { running, plugins }
    }

    /// The plugins this server calls.
    pub fn running_plugins(&self) -> &Plugins {
        &self.plugins
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        self.running.url()
    }

    /// A client without credentials.
    pub fn client(&self) -> Client {
        Client::new(&self.url())
    }

    /// A client logged in as `email`.
    pub async fn login(&self, email: &str) -> Client {
        let mut client = self.client();
        let status = client.login(email, crate::seed::PASSWORD).await;
        assert_eq!(status, 200, "login as {email}");
        client
    }

    pub async fn stop(self) {
        self.running.stop().await;
    }
}
