//! The real server, in-process, on 127.0.0.1:0.

use std::sync::Arc;

use atende_host::app::{self, Running};
use atende_host::config::ServeArgs;
use atende_host::plugins::Plugins;
use atende_host::store::Store;

use crate::client::Client;

/// The key test servers seal credentials with (base64 of 32 bytes).
pub const TEST_SECRET_KEY: &str = "dGVzdC1rZXktb2YtYXRlbmRlLXRlc3RzLTMyLWJ5dGU=";

/// A running server for one test.
pub struct TestServer {
    pub running: Running,
    plugins: Arc<Plugins>,
    /// The server's data folder (media, key file), removed with the server.
    pub data_dir: std::path::PathBuf,
    _data: tempfile::TempDir,
}

impl TestServer {
    /// Serve `store` with default settings.
    pub async fn start(store: &Store) -> TestServer {
        Self::start_with(store, |_| {}).await
    }

    /// Serve `store` with settings adjusted by `adjust`.
    pub async fn start_with(store: &Store, adjust: impl FnOnce(&mut ServeArgs)) -> TestServer {
        let data = tempfile::tempdir().expect("data folder");
        let mut args = ServeArgs {
            listen: "127.0.0.1:0".parse().expect("address"),
            data_dir: data.path().to_path_buf(),
            // Several servers of one test share a database: they must share the key too.
            secret_key: TEST_SECRET_KEY.into(),
            ..ServeArgs::default()
        };
        adjust(&mut args);
        let data_dir = args.data_dir.clone();
        let plugins = Plugins::shared(&std::env::temp_dir().join("atende-test-plugins")).await.expect("plugins start");
        let running = app::start(store.clone(), args, plugins.clone()).await.expect("server starts");
        TestServer { running, plugins, data_dir, _data: data }
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
