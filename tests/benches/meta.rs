//! Meta webhook benchmark (issue 5, speed and safety), through the real server in-process and
//! its real webhook path (signature check, parse, ingest, commit, 200):
//!
//! 1. **Signed single-message webhooks persisted per second**: `BENCH_POSTERS` tasks post one
//!    WhatsApp text message per request (distinct wamids over `BENCH_CONTACTS` contacts), each
//!    signed with the channel's app secret, for `BENCH_SECONDS`; every 200 counts. Targets
//!    (issue 15): SQLite ≥ 5,000/s, PostgreSQL ≥ 3,000/s.
//! 2. **A batch of 1,000 messages in one POST**: one signed body with 1,000 `messages[]`, timed
//!    from send to the 200 (everything committed), `BENCH_BATCH_RUNS` times. Target: ≤ 0.5 s.
//!
//! Each backend runs twice: with group commit (the server's way) and with every message
//! committed alone, the ratio of the two being what grouping gains.
//!
//! Run it with
//!
//! ```sh
//! cargo bench -p atende-e2e --bench meta
//! ```
//!
//! It prints a table and writes the figures to `target/bench-meta.json`. PostgreSQL figures are
//! measured too unless `BENCH_SKIP_PG=1` (from `ATENDE_TEST_POSTGRES_URL`). Without `--bench`
//! (e.g. `cargo test --benches`) it makes a short smoke run and writes nothing. Nothing here
//! asserts on timings: it measures and reports.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Instant;

use atende_e2e::bench::post_for;
use atende_e2e::fake_graph::FakeGraph;
use atende_e2e::whatsapp::{PHONE_ID, connect_number, post_signed, text_message, webhook_body};
use atende_e2e::{Backend, Seed, TestDb, TestServer};
use serde_json::{Value, json};

const SQLITE_TARGET_PER_S: f64 = 5000.0;
const POSTGRES_TARGET_PER_S: f64 = 3000.0;
const BATCH_TARGET_S: f64 = 0.5;

fn env_or<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

struct Settings {
    full: bool,
    seconds: f64,
    posters: usize,
    contacts: usize,
    batch: usize,
    batch_runs: usize,
    postgres: bool,
    /// Committers when grouped (`BENCH_COMMITTERS`; the server's default otherwise).
    committers: Option<usize>,
}

/// A WhatsApp webhook body with one text message per `(contact, wamid)`.
fn body(messages: &[(usize, String)]) -> Vec<u8> {
    let items: Vec<Value> = messages
        .iter()
        .map(|(c, id)| text_message(&format!("55119{c:08}"), id, "Olá, preciso de ajuda com o meu pedido"))
        .collect();
    webhook_body(&items)
}

struct Figures {
    backend: &'static str,
    grouped: bool,
    single_per_s: f64,
    single_total: u64,
    single_errors: u64,
    batch_seconds: Vec<f64>,
}

async fn run(backend: Backend, grouped: bool, settings: &Settings) -> Figures {
    let db = TestDb::new(backend).await;
    match (grouped, settings.committers) {
        (false, _) => db.store.set_ingest_committers(0),
        (true, Some(n)) => db.store.set_ingest_committers(n),
        (true, None) => {} // the server's default
    }
    let seed = Seed::create(&db.store, "Bench").await;
    let fake = FakeGraph::start().await;
    let url = fake.url.clone();
    let server = TestServer::start_with(&db.store, |a| a.graph_api_url = url).await;
    let admin = server.login(&seed.admin.email).await;
    let channel = connect_number(&admin, json!({"name": "WhatsApp", "external_id": PHONE_ID})).await;
    let endpoint = format!("{}{}", server.url(), channel["webhook_path"].as_str().unwrap());
    let http = reqwest::Client::builder().pool_max_idle_per_host(settings.posters).build().unwrap();

    // 1. Single-message webhooks.
    let contacts = settings.contacts;
    let posted = post_for(&http, vec![endpoint.clone()], settings.posters, settings.seconds, move |poster, n| {
        body(&[((poster * 7919 + n) % contacts, format!("wamid.bench-{poster}-{n}"))])
    })
    .await;

    // 2. Batches of `batch` messages in one POST.
    let mut batch_seconds = vec![];
    for run in 0..settings.batch_runs {
        let messages: Vec<(usize, String)> =
            (0..settings.batch).map(|i| (i % settings.contacts, format!("wamid.batch-{run}-{i}"))).collect();
        let bytes = body(&messages);
        let t = Instant::now();
        let response = post_signed(&http, &endpoint, bytes).await.unwrap();
        let status = response.status();
        let receipt: Value = response.json().await.unwrap_or(Value::Null);
        let seconds = t.elapsed().as_secs_f64();
        assert!(status == 200 && receipt["stored"] == settings.batch, "batch answered {status}: {receipt}");
        batch_seconds.push(seconds);
    }
    server.stop().await;
    Figures {
        backend: if backend == Backend::Sqlite { "SQLite" } else { "PostgreSQL" },
        grouped,
        single_per_s: posted.ok as f64 / posted.seconds,
        single_total: posted.ok,
        single_errors: posted.errors,
        batch_seconds,
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "meets target" } else { "BELOW TARGET" }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let settings = Settings {
        full,
        seconds: env_or("BENCH_SECONDS", if full { 5.0 } else { 0.3 }),
        posters: env_or("BENCH_POSTERS", 8usize).max(1),
        contacts: env_or("BENCH_CONTACTS", 200usize).max(1),
        batch: env_or("BENCH_BATCH", if full { 1000usize } else { 50 }),
        batch_runs: env_or("BENCH_BATCH_RUNS", if full { 3usize } else { 1 }),
        postgres: std::env::var("BENCH_SKIP_PG").map_or(true, |v| v.is_empty() || v == "0") && full,
        committers: std::env::var("BENCH_COMMITTERS").ok().and_then(|v| v.trim().parse().ok()),
    };
    let mut backends = vec![Backend::Sqlite];
    if settings.postgres {
        backends.push(Backend::Postgres);
    }
    let mut all = vec![];
    for backend in backends {
        for grouped in [true, false] {
            all.push(run(backend, grouped, &settings).await);
        }
    }
    println!(
        "\nMeta webhook benchmark ({} posters, {} contacts, {:.1} s per run)",
        settings.posters, settings.contacts, settings.seconds
    );
    println!(
        "{:<11} {:<16} {:>22} {:>10} {:>30}",
        "backend",
        "commits",
        "single msgs/s (total)",
        "errors",
        format!("batch of {} (s, each run)", settings.batch)
    );
    let mut json_rows = vec![];
    for f in &all {
        let runs: Vec<String> = f.batch_seconds.iter().map(|s| format!("{s:.3}")).collect();
        println!(
            "{:<11} {:<16} {:>14.0} ({:>6}) {:>10} {:>30}",
            f.backend,
            if f.grouped { "grouped" } else { "one per message" },
            f.single_per_s,
            f.single_total,
            f.single_errors,
            runs.join(" ")
        );
        json_rows.push(json!({"backend": f.backend, "grouped": f.grouped, "single_per_s": f.single_per_s,
            "single_total": f.single_total, "single_errors": f.single_errors, "batch_size": settings.batch,
            "batch_seconds": f.batch_seconds}));
    }
    for pair in all.chunks(2) {
        let (grouped, alone) = (&pair[0], &pair[1]);
        let target = if grouped.backend == "SQLite" { SQLITE_TARGET_PER_S } else { POSTGRES_TARGET_PER_S };
        let worst = grouped.batch_seconds.iter().cloned().fold(0.0, f64::max);
        println!(
            "{}: grouped / one per message = {:.2}; single target ≥ {target:.0}/s: {}; batch target ≤ {BATCH_TARGET_S:.1} s: {}",
            grouped.backend,
            grouped.single_per_s / alone.single_per_s.max(1.0),
            verdict(grouped.single_per_s >= target),
            verdict(worst <= BATCH_TARGET_S)
        );
    }
    if settings.full {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
        let _ = std::fs::write(
            target.join("bench-meta.json"),
            serde_json::to_string_pretty(&json!({"runs": json_rows})).unwrap(),
        );
    }
}
