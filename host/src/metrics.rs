//! Prometheus metrics (`GET /metrics`, text format): counters and histograms are recorded where
//! things happen, through the `metrics` facade and one function per measurement below; the
//! queues' depth and lag and the database pool are read when the endpoint is scraped, so no
//! worker keeps a count that could drift.
//!
//! Labels stay few and bounded (a route template, a status, a step type, a plugin kind): never
//! an account, a contact or a raw path.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::store::{Store, StoreResult};

/// Bucket bounds (seconds) of every latency histogram: 1 ms to 10 s.
const SECONDS_BUCKETS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Bucket bounds of the group commit's size (messages per transaction).
const GROUP_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first use. Several servers in one process (the tests)
/// share it, as they would share a process's metrics.
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(SECONDS_BUCKETS)
            .expect("the bucket list is not empty")
            .set_buckets_for_metric(Matcher::Full("atende_ingest_group_messages".into()), GROUP_BUCKETS)
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was already installed; /metrics will be empty");
        }
        describe();
        handle
    })
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!("atende_http_requests_total", "HTTP requests answered, by route template, method and status");
    describe_histogram!("atende_http_request_duration_seconds", "Time to answer an HTTP request, by route template");
    describe_counter!(
        "atende_inbound_messages_total",
        "Inbound messages ingested, by outcome (stored, duplicate, blocked)"
    );
    describe_histogram!("atende_ingest_duration_seconds", "Time to ingest one inbound message (its transaction)");
    describe_histogram!(
        "atende_ingest_group_messages",
        "Inbound messages committed together in one transaction (group commit)"
    );
    describe_counter!(
        "atende_ingest_group_failures_total",
        "Groups of inbound messages that failed as a whole and were retried message by message"
    );
    describe_counter!("atende_outbox_sends_total", "Send attempts of the outbox, by channel kind and result");
    describe_gauge!("atende_outbox_pending", "Messages waiting in the outbox");
    describe_gauge!("atende_outbox_lag_seconds", "How long the oldest due send has waited");
    describe_gauge!("atende_jobs_due", "Jobs due and not yet run");
    describe_gauge!("atende_job_lag_seconds", "How long the oldest due job has waited");
    describe_gauge!("atende_broadcast_pending_recipients", "Recipients of running broadcasts still to be sent");
    describe_counter!("atende_broadcast_recipients_total", "Broadcast recipients handled, by result (sent, failed)");
    describe_counter!(
        "atende_flow_steps_total",
        "Flow steps run, by step type and exit (port, wait, end, flow, error)"
    );
    describe_counter!("atende_plugin_calls_total", "Plugin calls, by plugin kind and outcome (ok or the failure)");
    describe_counter!("atende_plugin_fuel_consumed_total", "Wasm fuel consumed by plugin calls, by plugin kind");
    describe_gauge!("atende_websocket_clients", "Open WebSocket streams (agents' live events and simulator contacts)");
    describe_gauge!("atende_db_pool_connections", "Database pool connections by state (PostgreSQL)");
}

/// Count and time each HTTP request by its route template (Axum's matched path).
pub async fn record_request(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("other", |p| p.as_str()).to_string();
    let method = request.method().as_str().to_string();
    let began = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    histogram!("atende_http_request_duration_seconds", "route" => route.clone()).record(began.elapsed());
    counter!("atende_http_requests_total", "route" => route, "method" => method, "status" => status).increment(1);
    response
}

/// One inbound message ingested in `took`.
pub fn inbound(outcome: &'static str, took: Duration) {
    counter!("atende_inbound_messages_total", "outcome" => outcome).increment(1);
    histogram!("atende_ingest_duration_seconds").record(took);
}

/// One group of inbound messages written in one transaction.
pub fn ingest_group(messages: usize) {
    histogram!("atende_ingest_group_messages").record(messages as f64);
}

/// A group failed as a whole; its messages were retried one by one.
pub fn ingest_group_failed() {
    counter!("atende_ingest_group_failures_total").increment(1);
}

/// One send attempt answered: `sent`, `retry` or `failed`.
pub fn outbox_send(channel_kind: &str, result: &'static str) {
    counter!("atende_outbox_sends_total", "channel" => channel_kind.to_string(), "result" => result).increment(1);
}

/// One broadcast recipient handled: `sent` or `failed`.
pub fn broadcast_recipient(result: &'static str) {
    counter!("atende_broadcast_recipients_total", "result" => result).increment(1);
}

/// One flow step run.
pub fn flow_step(step_type: &str, exit: &'static str) {
    counter!("atende_flow_steps_total", "step" => step_type.to_string(), "exit" => exit).increment(1);
}

/// One plugin call ended, having burned `fuel`.
pub fn plugin_call(kind: &str, outcome: &'static str, fuel: u64) {
    counter!("atende_plugin_calls_total", "kind" => kind.to_string(), "outcome" => outcome).increment(1);
    counter!("atende_plugin_fuel_consumed_total", "kind" => kind.to_string()).increment(fuel);
}

/// Held while a WebSocket stream is open.
pub struct OpenSocket(());

impl OpenSocket {
    pub fn opened() -> OpenSocket {
        gauge!("atende_websocket_clients").increment(1.0);
        OpenSocket(())
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        gauge!("atende_websocket_clients").decrement(1.0);
    }
}

/// The text a scrape gets: the recorded metrics, with the gauges read from `store` now.
pub async fn render(store: &Store) -> StoreResult<String> {
    let handle = handle();
    let now = store.now();
    let queues = store.queue_gauges().await?;
    let lag = |oldest: Option<i64>| oldest.map_or(0.0, |due| (now - due).max(0) as f64 / 1000.0);
    gauge!("atende_outbox_pending").set(queues.outbox_pending as f64);
    gauge!("atende_outbox_lag_seconds").set(lag(queues.outbox_oldest_due));
    gauge!("atende_jobs_due").set(queues.jobs_due as f64);
    gauge!("atende_job_lag_seconds").set(lag(queues.jobs_oldest_due));
    gauge!("atende_broadcast_pending_recipients").set(queues.broadcast_pending as f64);
    if let Some(pool) = store.postgres_pool() {
        let idle = pool.num_idle() as f64;
        gauge!("atende_db_pool_connections", "state" => "idle").set(idle);
        gauge!("atende_db_pool_connections", "state" => "busy").set((pool.size() as f64 - idle).max(0.0));
    }
    handle.run_upkeep();
    Ok(handle.render())
}
