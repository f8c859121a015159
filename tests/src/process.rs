//! The real `atende` binary as a separate process, for tests that need several hosts.

use std::path::PathBuf;
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Path of the `atende` binary: `ATENDE_BIN`, or the workspace's debug build
/// (`./scripts/test` builds it before the tests run).
pub fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("ATENDE_BIN") {
        return PathBuf::from(path);
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/debug/atende");
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p atende-host --bins` first (scripts/test does)",
        path.display()
    );
    path
}

/// A running `atende serve` process (live streams woken only by notifications, never by
/// polling); killed when dropped.
pub struct HostProcess {
    pub url: String,
    child: Child,
}

impl HostProcess {
    /// Start `atende serve` on a free port against `database_url`, with `data_dir`.
    pub async fn start(database_url: &str, data_dir: &std::path::Path) -> HostProcess {
        HostProcess::start_with(database_url, data_dir, &[]).await
    }

    /// Like [`HostProcess::start`], with more environment variables (settings).
    pub async fn start_with(database_url: &str, data_dir: &std::path::Path, env: &[(&str, &str)]) -> HostProcess {
        HostProcess::start_on(database_url, data_dir, "127.0.0.1:0", env).await
    }

    /// Like [`HostProcess::start_with`], listening on `listen` (a load balancer in front of
    /// several hosts needs each one's port before it starts, and the same port after a restart).
    pub async fn start_on(
        database_url: &str,
        data_dir: &std::path::Path,
        listen: &str,
        env: &[(&str, &str)],
    ) -> HostProcess {
        let mut child = Command::new(binary())
            .args(["serve", "--listen", listen])
            .env("DATABASE_URL", database_url)
            .env("ATENDE_DATA_DIR", data_dir)
            .env("RUST_LOG", "warn")
            .env("ATENDE_EVENT_POLL_MS", "3600000")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("atende starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let url = tokio::time::timeout(std::time::Duration::from_secs(30), async {
            while let Some(line) = lines.next_line().await.expect("stdout line") {
                if let Some(url) = line.strip_prefix("Atende is running at ") {
                    return url.trim().to_string();
                }
            }
            panic!("atende exited before it was running");
        })
        .await
        .expect("atende prints its URL within 30 s");
        HostProcess { url, child }
    }

    /// The process id (to read its memory from `/proc`).
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    /// Kill the process at once (SIGKILL: no shutdown, no flushing) and wait for it to be gone.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("atende is killed");
    }
}
