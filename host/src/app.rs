//! Wiring: the HTTP server on its listener, the outbox, jobs, flow and media download workers
//! and (on PostgreSQL) the LISTEN/NOTIFY bridge, started together and stopped together.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::channels::Channels;
use crate::channels::meta::Meta;
use crate::config::ServeArgs;
use crate::http::{self, AppState};
use crate::media_store::MediaStore;
use crate::plugins::Plugins;
use crate::secrets::SecretBox;
use crate::service::App;
use crate::store::Store;
use crate::{broadcasts, contact_imports, flows, jobs, media, notifier, outbox, push, realtime, rollup};

/// A server that is running.
pub struct Running {
    /// Where it listens (the real port when 0 was asked for).
    pub addr: SocketAddr,
    pub store: Store,
    shutdown: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    workers: Vec<JoinHandle<()>>,
}

impl Running {
    /// `http://addr`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Wait until the server stops by itself (it does not, short of an error).
    pub async fn wait(&mut self) -> anyhow::Result<()> {
        (&mut self.server).await??;
        Ok(())
    }

    /// Stop serving and stop the workers.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        for worker in &self.workers {
            worker.abort();
        }
        // Wait until each worker is gone: an aborted task stops at its next await, and one
        // still mid-claim could otherwise take rows the caller writes next.
        for worker in self.workers.drain(..) {
            let _ = worker.await;
        }
        let _ = (&mut self.server).await;
    }
}

/// Start serving `store` per `config`, with `plugins`.
pub async fn start(store: Store, config: ServeArgs, plugins: Arc<Plugins>) -> anyhow::Result<Running> {
    anyhow::ensure!(
        config.worker_lease_ms > 2 * config.graph_timeout_ms,
        "ATENDE_WORKER_LEASE_MS ({}) must be more than twice ATENDE_GRAPH_TIMEOUT_MS ({})",
        config.worker_lease_ms,
        config.graph_timeout_ms
    );
    // Installed before anything is counted: a measurement made before the recorder exists is lost.
    crate::metrics::handle();
    let listener = TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    // Live frames are small: without TCP_NODELAY each waits for Nagle's algorithm and the
    // peer's delayed ACK (tens of milliseconds at the tail of the inbound → WebSocket latency).
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "could not set TCP_NODELAY on an accepted socket");
        }
    });
    let secrets = SecretBox::from_config(&config.secret_key, &config.data_dir)?;
    let meta = Meta::new(
        &config.graph_api_url,
        std::time::Duration::from_millis(config.graph_timeout_ms),
        secrets,
        MediaStore::open(&config.media_store, &config.data_dir)?,
    );
    if let Some(committers) = config.ingest_committers {
        store.set_ingest_committers(committers);
    }
    let channels = Arc::new(Channels::new(meta.clone(), store.clone()));
    let operations = App::new(store.clone(), plugins, meta.media.clone());
    // A host whose secret key cannot open the stored VAPID key (hosts on one database started
    // with different ATENDE_SECRET_KEYs) serves everything else and sends no push, as its
    // channels could not open their credentials either: said loudly, not fatal.
    let vapid = match push::Vapid::load_or_create(&store, &meta.secrets).await {
        Ok(vapid) => Some(vapid),
        Err(err) => {
            tracing::error!(error = %err, "Web Push is off on this host: every host on one database needs the same ATENDE_SECRET_KEY");
            None
        }
    };
    let mut workers = vec![
        tokio::spawn(outbox::run(store.clone(), channels.clone(), config.worker_lease_ms as i64)),
        tokio::spawn(media::run(store.clone(), meta.clone())),
        tokio::spawn(jobs::run(store.clone())),
        tokio::spawn(notifier::run(store.clone(), config.notification_retention_days)),
        tokio::spawn(flows::worker::run(operations.clone(), config.worker_lease_ms as i64)),
        tokio::spawn(contact_imports::run(operations.clone(), config.worker_lease_ms as i64)),
        tokio::spawn(broadcasts::run(operations.clone(), config.worker_lease_ms as i64)),
        tokio::spawn(rollup::run(store.clone())),
    ];
    if let Some(vapid) = vapid {
        workers.push(tokio::spawn(push::run(store.clone(), vapid, push::Settings::of(&config))));
    }
    if let Some(pool) = store.postgres_pool() {
        workers.push(tokio::spawn(realtime::listen_postgres(pool.clone(), store.hub().clone())));
    }
    let app = http::router(AppState::new(operations, config, meta, channels));
    let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async {
                let _ = shutdown_rx.await;
            })
            .await
    });
    Ok(Running { addr, store, shutdown: Some(shutdown_tx), server, workers })
}
