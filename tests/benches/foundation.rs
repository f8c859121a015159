//! Foundation benchmark: how fast the core of Atende is, measured through its real code paths.
//!
//! 1. **Ingest throughput**: inbound messages persisted per second by `Store::ingest_inbound`
//!    (distinct provider ids, spread over `BENCH_CONTACTS` contacts of one simulator channel of a
//!    seeded account), on SQLite and on PostgreSQL, from one task and from `BENCH_CONCURRENCY`
//!    concurrent tasks. Next to it, a *ceiling* on the same database: a bare loop of single-row
//!    `INSERT`s of equivalent `messages` rows, once as one autocommit statement each over a raw
//!    connection of the store's driver, and once as `Store::begin` / `Tx::execute` / `Store::commit`.
//!    Target: ≥ 2,000 msg/s on SQLite.
//! 2. **Inbound → WebSocket latency**: the real server in-process, the seeded admin's live event
//!    stream open, simulator messages posted (`POST /api/v1/simulator/{key}/messages`) at a steady
//!    `BENCH_LATENCY_RATE` per second from `BENCH_POSTERS` posting tasks; per message, the time
//!    from just before the POST is sent until the WebSocket frame carrying it arrives.
//!    Target: p99 < 50 ms.
//! 3. **Idle RSS** of the `atende` binary (`ATENDE_BIN`, else `target/release/atende` when it
//!    exists, else `target/debug/atende`) started with `serve --demo --listen 127.0.0.1:0`,
//!    read from `/proc/<pid>/status` 3 s after it says it is running. Target: < 60 MB.
//!
//! Run it with
//!
//! ```sh
//! cargo bench -p atende-e2e --bench foundation
//! ```
//!
//! It prints a table and writes the same figures to `target/bench-foundation.json`. PostgreSQL
//! is taken from `ATENDE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! each run creates and drops its own database. Knobs (environment variables):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `BENCH_SECONDS` | 5 | length of each ingest / ceiling measurement |
//! | `BENCH_LATENCY_SECONDS` | 2 × `BENCH_SECONDS` | length of each latency measurement |
//! | `BENCH_LATENCY_RATE` | 500 | simulator messages posted per second |
//! | `BENCH_POSTERS` | 8 | concurrent posting tasks sharing that pace |
//! | `BENCH_CONTACTS` | 200 | contacts the messages are spread over |
//! | `BENCH_CONCURRENCY` | 8 | tasks of the concurrent ingest run |
//! | `BENCH_SKIP_PG` | unset | `1` skips every PostgreSQL measurement |
//! | `BENCH_SKIP_RSS` | unset | `1` skips the RSS measurement |
//! | `ATENDE_BIN` | see above | the server binary whose RSS is measured |
//!
//! Without `--bench` (e.g. `cargo test --benches`) it makes a short smoke run and writes no JSON.
//! Nothing here asserts on timings: it measures and reports.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use atende_e2e::bench::{Stats, ms, proc_status_mb, round2, target_dir};
use atende_e2e::{Backend, Seed, TestDb, TestServer};
use atende_host::args;
use atende_host::channels::simulator;
use atende_host::clock::Clock;
use atende_host::domain::message::MessageKind;
use atende_host::store::{Inbound, IngestOutcome, Store};
use futures::StreamExt;
use serde_json::{Value, json};
use sqlx::Connection;
use sqlx::sqlite::SqliteConnectOptions;

/// The time now (benchmarks run on the system clock).
fn now_ms() -> i64 {
    Clock::system().now()
}

const INGEST_TARGET_MSG_S: f64 = 2000.0;
const LATENCY_TARGET_P99_MS: f64 = 50.0;
const RSS_TARGET_MB: f64 = 60.0;

/// The `messages` row of the ceiling, with the same columns and parameters `insert_message` binds.
const CEILING_INSERT: &str = "INSERT INTO messages (account_id, conversation_id, channel_id, direction, author_kind, \
                              author_user_id, author_name, kind, body, payload, internal, status, provider_message_id, \
                              created_at, updated_at) \
                              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)";

// ---------------------------------------------------------------------------------------------
// Settings and small helpers
// ---------------------------------------------------------------------------------------------

struct Settings {
    /// Started by `cargo bench` (`--bench`), not a smoke run.
    full: bool,
    seconds: f64,
    latency_seconds: f64,
    latency_rate: f64,
    posters: usize,
    contacts: usize,
    concurrency: usize,
    postgres: bool,
    rss: bool,
}

fn env_or<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

impl Settings {
    fn from_env() -> Settings {
        let full = std::env::args().any(|a| a == "--bench");
        let seconds: f64 = env_or("BENCH_SECONDS", if full { 5.0 } else { 0.5 });
        Settings {
            full,
            seconds,
            latency_seconds: env_or("BENCH_LATENCY_SECONDS", seconds * 2.0),
            latency_rate: env_or("BENCH_LATENCY_RATE", 500.0),
            posters: env_or("BENCH_POSTERS", 8usize).max(1),
            contacts: env_or("BENCH_CONTACTS", 200usize).max(1),
            concurrency: env_or("BENCH_CONCURRENCY", 8usize).max(1),
            postgres: !env_flag("BENCH_SKIP_PG"),
            rss: !env_flag("BENCH_SKIP_RSS"),
        }
    }

    fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.seconds)
    }
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

/// The phone of contact number `contact` (13 digits, as the simulator normalises them).
fn contact_phone(contact: usize) -> String {
    format!("55119{contact:08}")
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

// ---------------------------------------------------------------------------------------------
// 1. Ingest throughput
// ---------------------------------------------------------------------------------------------

/// Messages written in a timed run.
#[derive(Debug, Clone, Copy)]
struct Throughput {
    messages: usize,
    seconds: f64,
    /// Duration of each operation (one ingest, one insert).
    op: Stats,
}

impl Throughput {
    fn rate(&self) -> f64 {
        self.messages as f64 / self.seconds
    }

    fn json(&self) -> Value {
        json!({
            "messages": self.messages,
            "seconds": round2(self.seconds),
            "msg_per_s": self.rate().round(),
            "per_message": self.op.json(),
        })
    }
}

struct IngestFigures {
    backend: Backend,
    warmup: Throughput,
    sequential: Throughput,
    concurrent: Throughput,
    ceiling_raw: Throughput,
    ceiling_tx: Throughput,
    rows: i64,
}

fn inbound(channel_id: i64, contact: usize, provider_message_id: String, text: String) -> Inbound {
    let phone = contact_phone(contact);
    Inbound {
        channel_id,
        provider_message_id,
        platform: simulator::KIND.to_string(),
        contact_external_id: phone.clone(),
        contact_name: format!("Contato {contact}"),
        contact_phone: Some(phone),
        kind: MessageKind::Text,
        text: Some(text),
        payload: None,
        sent_at: now_ms(),
    }
}

/// `tasks` tasks ingesting distinct messages until `duration` is over (or `limit` messages).
async fn run_ingest(
    store: &Store,
    channel_id: i64,
    contacts: usize,
    tasks: usize,
    duration: Duration,
    limit: usize,
    tag: &str,
) -> Result<Throughput> {
    let start = Instant::now();
    let deadline = start + duration;
    let mut handles = Vec::with_capacity(tasks);
    for task in 0..tasks {
        let store = store.clone();
        let tag = tag.to_string();
        handles.push(tokio::spawn(async move {
            let mut ops = Vec::new();
            let mut n = task;
            while n < limit && Instant::now() < deadline {
                let message =
                    inbound(channel_id, n % contacts, format!("bench-{tag}-{n}"), format!("{tag} message {n}"));
                let began = Instant::now();
                let outcome = store.ingest_inbound(&message).await?;
                ops.push(ms(began.elapsed()));
                if !matches!(outcome, IngestOutcome::Stored { .. }) {
                    bail!("ingest of {tag}-{n} was not stored: {outcome:?}");
                }
                n += tasks;
            }
            anyhow::Ok(ops)
        }));
    }
    let mut ops = Vec::new();
    for handle in handles {
        ops.extend(handle.await??);
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(Throughput { messages: ops.len(), seconds, op: Stats::of(ops) })
}

/// Ceiling: one autocommit `INSERT` per message over a raw connection to the same database
/// (rusqlite for SQLite, as the store uses; sqlx for PostgreSQL).
async fn ceiling_raw(
    db: &TestDb,
    account_id: i64,
    channel_id: i64,
    conversations: &[i64],
    duration: Duration,
) -> Result<Throughput> {
    macro_rules! timed_inserts {
        ($conn:expr) => {{
            let start = Instant::now();
            let deadline = start + duration;
            let mut ops = Vec::new();
            let mut n = 0usize;
            while Instant::now() < deadline {
                let began = Instant::now();
                sqlx::query(CEILING_INSERT)
                    .bind(account_id)
                    .bind(conversations[n % conversations.len()])
                    .bind(Some(channel_id))
                    .bind("inbound")
                    .bind("contact")
                    .bind(None::<i64>)
                    .bind(Some(format!("Contato {}", n % conversations.len())))
                    .bind("text")
                    .bind(Some(format!("raw message {n}")))
                    .bind(None::<String>)
                    .bind(false)
                    .bind("received")
                    .bind(Some(format!("bench-raw-{n}")))
                    .bind(now_ms())
                    .execute(&mut $conn)
                    .await?;
                ops.push(ms(began.elapsed()));
                n += 1;
            }
            let seconds = start.elapsed().as_secs_f64();
            Throughput { messages: ops.len(), seconds, op: Stats::of(ops) }
        }};
    }
    Ok(match db.backend {
        Backend::Sqlite => {
            // The store's driver (rusqlite) and writer settings (WAL, synchronous NORMAL,
            // foreign keys), one prepared INSERT in autocommit.
            let path = SqliteConnectOptions::from_str(&db.url)?.get_filename().to_path_buf();
            let conn = rusqlite::Connection::open(path)?;
            conn.busy_timeout(Duration::from_secs(10))?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            let start = Instant::now();
            let deadline = start + duration;
            let mut ops = Vec::new();
            let mut n = 0usize;
            let mut insert = conn.prepare_cached(CEILING_INSERT)?;
            while Instant::now() < deadline {
                let began = Instant::now();
                let contact = n % conversations.len();
                insert.execute(rusqlite::params![
                    account_id,
                    conversations[contact],
                    Some(channel_id),
                    "inbound",
                    "contact",
                    None::<i64>,
                    Some(format!("Contato {contact}")),
                    "text",
                    Some(format!("raw message {n}")),
                    None::<String>,
                    false,
                    "received",
                    Some(format!("bench-raw-{n}")),
                    now_ms()
                ])?;
                ops.push(ms(began.elapsed()));
                n += 1;
            }
            let seconds = start.elapsed().as_secs_f64();
            Throughput { messages: ops.len(), seconds, op: Stats::of(ops) }
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await?;
            let result = timed_inserts!(conn);
            conn.close().await?;
            result
        }
    })
}

/// Ceiling through the store: `begin`, one `Tx::execute` of the same `INSERT`, `commit`.
async fn ceiling_store_tx(
    store: &Store,
    account_id: i64,
    channel_id: i64,
    conversations: &[i64],
    duration: Duration,
) -> Result<Throughput> {
    let start = Instant::now();
    let deadline = start + duration;
    let mut ops = Vec::new();
    let mut n = 0usize;
    while Instant::now() < deadline {
        let began = Instant::now();
        let mut tx = store.begin().await?;
        tx.execute(
            CEILING_INSERT,
            args![
                account_id,
                conversations[n % conversations.len()],
                Some(channel_id),
                "inbound",
                "contact",
                None::<i64>,
                Some(format!("Contato {}", n % conversations.len())),
                "text",
                Some(format!("tx message {n}")),
                None::<String>,
                false,
                "received",
                Some(format!("bench-tx-{n}")),
                now_ms()
            ],
        )
        .await?;
        store.commit(tx).await?;
        ops.push(ms(began.elapsed()));
        n += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    Ok(Throughput { messages: ops.len(), seconds, op: Stats::of(ops) })
}

async fn ingest_bench(backend: Backend, settings: &Settings) -> Result<IngestFigures> {
    let db = TestDb::new(backend).await;
    let seed = Seed::create(&db.store, "Bench Ingest").await;
    let store = &db.store;
    let (channel, contacts) = (seed.channel_id, settings.contacts);
    // Warm-up (untimed in the figures): one message per contact creates the contacts and opens
    // their conversations, so the timed runs measure the steady state of known contacts.
    let warmup = run_ingest(store, channel, contacts, 1, Duration::from_secs(3600), contacts, "warm").await?;
    let forever = usize::MAX;
    let sequential = run_ingest(store, channel, contacts, 1, settings.duration(), forever, "seq").await?;
    let concurrent =
        run_ingest(store, channel, contacts, settings.concurrency, settings.duration(), forever, "conc").await?;
    let conversations: Vec<(i64,)> = store
        .read()
        .await?
        .fetch_all("SELECT id FROM conversations WHERE channel_id = $1 ORDER BY id", args![channel])
        .await?;
    let conversations: Vec<i64> = conversations.into_iter().map(|(id,)| id).collect();
    if conversations.is_empty() {
        bail!("ingest created no conversation");
    }
    let ceiling_raw = ceiling_raw(&db, seed.account_id, channel, &conversations, settings.duration()).await?;
    let ceiling_tx = ceiling_store_tx(store, seed.account_id, channel, &conversations, settings.duration()).await?;
    let (rows,): (i64,) =
        store.read().await?.fetch_one("SELECT COUNT(*) FROM messages WHERE channel_id = $1", args![channel]).await?;
    let expected =
        warmup.messages + sequential.messages + concurrent.messages + ceiling_raw.messages + ceiling_tx.messages;
    if rows != expected as i64 {
        bail!("{} messages rows, expected {expected}", rows);
    }
    Ok(IngestFigures { backend, warmup, sequential, concurrent, ceiling_raw, ceiling_tx, rows })
}

// ---------------------------------------------------------------------------------------------
// 2. Inbound → WebSocket latency
// ---------------------------------------------------------------------------------------------

struct LatencyFigures {
    backend: Backend,
    planned: usize,
    sent: usize,
    received: usize,
    failed_posts: usize,
    send_rate: f64,
    latency: Stats,
    post: Stats,
}

/// The counter in a benchmark message's text (`lat <n>`).
fn counter_of(frame: &Value) -> Option<usize> {
    if frame["type"] != "event" || frame["kind"] != "message.created" {
        return None;
    }
    frame["message"]["text"].as_str()?.strip_prefix("lat ")?.parse().ok()
}

async fn latency_bench(backend: Backend, settings: &Settings) -> Result<LatencyFigures> {
    let db = TestDb::new(backend).await;
    let seed = Seed::create(&db.store, "Bench Latencia").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;
    let mut events = admin.events(None).await;
    let hello = events.next().await;
    if hello["type"] != "hello" {
        bail!("expected the hello frame, got {hello}");
    }
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/simulator/{}/messages", server.url(), seed.simulator_key);
    let contacts = settings.contacts;

    // Warm-up: one message per contact (creates them, opens their conversations, fills the
    // connection pools); wait until the stream has delivered them all.
    let warm_posts = futures::stream::iter(0..contacts)
        .map(|c| {
            let (http, url) = (http.clone(), url.clone());
            async move {
                let body = json!({"phone": contact_phone(c), "name": format!("Contato {c}"), "text": format!("warm {c}"),
                                  "client_message_id": format!("warm-{c}")});
                let response = http.post(&url).json(&body).send().await?;
                anyhow::ensure!(response.status() == 202, "warm-up POST answered {}", response.status());
                anyhow::Ok(())
            }
        })
        .buffer_unordered(settings.posters)
        .collect::<Vec<_>>()
        .await;
    warm_posts.into_iter().collect::<Result<Vec<()>>>()?;
    let mut warm_seen = 0;
    while warm_seen < contacts {
        let frame = events.next_within(Duration::from_secs(10)).await.context("warm-up frames did not arrive")?;
        if frame["type"] == "event" && frame["message"]["text"].as_str().is_some_and(|t| t.starts_with("warm ")) {
            warm_seen += 1;
        }
    }

    // Timed run.
    let total = (settings.latency_rate * settings.latency_seconds).round().max(1.0) as usize;
    let base = Instant::now();
    // Nanoseconds since `base` (+1, so that 0 means "not sent") just before each POST.
    let sent_at: Arc<Vec<AtomicU64>> = Arc::new((0..total).map(|_| AtomicU64::new(0)).collect());
    // Set (nanoseconds since `base`, + 1) once every POST has been answered; frames still
    // missing 10 s later count as lost.
    let sending_done = Arc::new(AtomicU64::new(0));
    const GRACE: Duration = Duration::from_secs(10);

    let receiver = {
        let (sent_at, sending_done) = (sent_at.clone(), sending_done.clone());
        tokio::spawn(async move {
            let mut latencies: Vec<Option<f64>> = vec![None; total];
            let mut received = 0;
            let given_up = || match sending_done.load(Ordering::Acquire) {
                0 => false,
                done => base.elapsed() > Duration::from_nanos(done - 1) + GRACE,
            };
            while received < total && !given_up() {
                let Some(frame) = events.next_within(Duration::from_millis(250)).await else { continue };
                let arrived = base.elapsed().as_nanos() as u64 + 1;
                let Some(n) = counter_of(&frame) else { continue };
                let sent = sent_at.get(n).map_or(0, |s| s.load(Ordering::Acquire));
                if sent != 0 && latencies[n].is_none() {
                    latencies[n] = Some((arrived - sent) as f64 / 1e6);
                    received += 1;
                }
            }
            events.close().await;
            latencies.into_iter().flatten().collect::<Vec<f64>>()
        })
    };

    let period = Duration::from_secs_f64(1.0 / settings.latency_rate);
    let posters = settings.posters;
    let start = tokio::time::Instant::now() + Duration::from_millis(20);
    let mut handles = Vec::with_capacity(posters);
    for poster in 0..posters {
        let (http, url, sent_at) = (http.clone(), url.clone(), sent_at.clone());
        handles.push(tokio::spawn(async move {
            // Poster p sends messages p, p + P, p + 2P …, each on its own tick of one global pace;
            // a slow request makes it burst to catch up rather than lower the rate.
            let mut ticker = tokio::time::interval_at(start + period * poster as u32, period * posters as u32);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut post_ms = Vec::new();
            let mut failed = 0usize;
            let mut n = poster;
            while n < total {
                ticker.tick().await;
                let c = n % contacts;
                let request = http.post(&url).json(&json!({
                    "phone": contact_phone(c),
                    "name": format!("Contato {c}"),
                    "text": format!("lat {n}"),
                    "client_message_id": format!("lat-{n}"),
                }));
                sent_at[n].store(base.elapsed().as_nanos() as u64 + 1, Ordering::Release);
                let began = Instant::now();
                match request.send().await {
                    Ok(response) if response.status() == 202 => {
                        let _ = response.bytes().await;
                        post_ms.push(ms(began.elapsed()));
                    }
                    Ok(response) => {
                        failed += 1;
                        eprintln!("POST lat {n}: {} {}", response.status(), response.text().await.unwrap_or_default());
                    }
                    Err(err) => {
                        failed += 1;
                        eprintln!("POST lat {n}: {err}");
                    }
                }
                n += posters;
            }
            (post_ms, failed)
        }));
    }
    let mut post_ms = Vec::new();
    let mut failed_posts = 0;
    for handle in handles {
        let (times, failed) = handle.await?;
        post_ms.extend(times);
        failed_posts += failed;
    }
    sending_done.store(base.elapsed().as_nanos() as u64 + 1, Ordering::Release);
    let latencies = receiver.await?;
    let stamps: Vec<u64> = sent_at.iter().map(|s| s.load(Ordering::Acquire)).filter(|&s| s != 0).collect();
    let span = (stamps.iter().max().copied().unwrap_or(0) - stamps.iter().min().copied().unwrap_or(0)) as f64 / 1e9;
    let send_rate = if span > 0.0 { (stamps.len() - 1) as f64 / span } else { 0.0 };
    server.stop().await;
    Ok(LatencyFigures {
        backend,
        planned: total,
        sent: stamps.len(),
        received: latencies.len(),
        failed_posts,
        send_rate,
        latency: Stats::of(latencies),
        post: Stats::of(post_ms),
    })
}

// ---------------------------------------------------------------------------------------------
// 3. Idle RSS
// ---------------------------------------------------------------------------------------------

struct RssFigures {
    binary: PathBuf,
    release: bool,
    rss_mb: f64,
    hwm_mb: f64,
    startup_ms: f64,
}

fn server_binary() -> (PathBuf, bool) {
    if let Some(bin) = std::env::var_os("ATENDE_BIN") {
        let path = PathBuf::from(bin);
        let release = path.components().any(|c| c.as_os_str() == "release");
        return (path, release);
    }
    let release = target_dir().join("release").join("atende");
    if release.exists() { (release, true) } else { (target_dir().join("debug").join("atende"), false) }
}

async fn rss_bench() -> Result<RssFigures> {
    let (binary, release) = server_binary();
    if !binary.exists() {
        bail!("{} does not exist (build it, or set ATENDE_BIN)", binary.display());
    }
    let data = tempfile::tempdir()?;
    let began = Instant::now();
    let mut child = Command::new(&binary)
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .env_remove("DATABASE_URL")
        .env_remove("ATENDE_DATA_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("start {}", binary.display()))?;
    let pid = child.id();
    let stdout = child.stdout.take().context("child stdout")?;
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("Atende is running") {
                let _ = ready_tx.send(());
            }
        }
    });
    let ready = tokio::task::spawn_blocking(move || ready_rx.recv_timeout(Duration::from_secs(120))).await?;
    let startup_ms = ms(began.elapsed());
    let measured = match ready {
        Ok(()) => {
            tokio::time::sleep(Duration::from_secs(3)).await;
            let rss = proc_status_mb(pid, "VmRSS:");
            let hwm = proc_status_mb(pid, "VmHWM:");
            rss.and_then(|rss| Ok((rss, hwm?)))
        }
        Err(_) => Err(anyhow::anyhow!("{} did not print \"Atende is running\" in time", binary.display())),
    };
    let _ = child.kill();
    let _ = child.wait();
    let (rss_mb, hwm_mb) = measured?;
    Ok(RssFigures { binary, release, rss_mb, hwm_mb, startup_ms })
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

fn print_ingest(figures: &[IngestFigures], settings: &Settings) {
    println!();
    println!(
        "1. Ingest throughput — Store::ingest_inbound, {} contacts on one simulator channel, {:.1} s per run",
        settings.contacts, settings.seconds
    );
    println!(
        "   {:<11} {:<40} {:>8} {:>10} {:>8} {:>8} {:>9}  target ≥ 2,000 msg/s (SQLite)",
        "backend", "run", "msgs", "msg/s", "p50 ms", "p99 ms", "÷ceiling"
    );
    for f in figures {
        let name = backend_name(f.backend);
        let ceiling = f.ceiling_raw.rate();
        let row = |label: &str, t: &Throughput, with_ratio: bool, target: bool| {
            let ratio = if with_ratio { format!("{:.2}", t.rate() / ceiling) } else { "—".into() };
            let target = if target { verdict(t.rate() >= INGEST_TARGET_MSG_S) } else { "" };
            println!(
                "   {:<11} {:<40} {:>8} {:>10.0} {:>8.2} {:>8.2} {:>9}  {}",
                name,
                label,
                t.messages,
                t.rate(),
                t.op.p50,
                t.op.p99,
                ratio,
                target
            );
        };
        let on_sqlite = f.backend == Backend::Sqlite;
        row("ingest, sequential (1 task)", &f.sequential, true, on_sqlite);
        row(&format!("ingest, concurrent ({} tasks)", settings.concurrency), &f.concurrent, true, on_sqlite);
        row("ceiling: INSERT autocommit (raw driver)", &f.ceiling_raw, false, false);
        row("ceiling: BEGIN/INSERT/COMMIT (Store Tx)", &f.ceiling_tx, true, false);
        println!(
            "   {:<11} (warm-up: {} first messages at {:.0} msg/s; {} message rows written in all)",
            "",
            f.warmup.messages,
            f.warmup.rate(),
            f.rows
        );
    }
}

fn print_latency(figures: &[LatencyFigures], settings: &Settings) {
    println!();
    println!(
        "2. Inbound → WebSocket latency — POST /api/v1/simulator/{{key}}/messages at {:.0}/s for {:.1} s ({} posters), \
         until the admin's /api/v1/events frame",
        settings.latency_rate, settings.latency_seconds, settings.posters
    );
    println!(
        "   {:<11} {:>6} {:>6} {:>6} {:>7} {:>9} {:>8} {:>8} {:>8} {:>8} {:>12}  target p99 < 50 ms",
        "backend", "sent", "recv", "failed", "lost", "sent/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "POST p99 ms",
    );
    for f in figures {
        println!(
            "   {:<11} {:>6} {:>6} {:>6} {:>7} {:>9.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>12.2}  {}",
            backend_name(f.backend),
            f.sent,
            f.received,
            f.failed_posts,
            f.sent - f.received.min(f.sent),
            f.send_rate,
            f.latency.p50,
            f.latency.p90,
            f.latency.p99,
            f.latency.max,
            f.post.p99,
            verdict(f.latency.p99 < LATENCY_TARGET_P99_MS && f.received == f.planned)
        );
        if !pace_held(f, settings) {
            println!(
                "   {:<11} pace NOT held: {:.0}/s achieved of {:.0}/s asked ({} posters each waiting on its response)",
                "", f.send_rate, settings.latency_rate, settings.posters
            );
        }
    }
}

/// Whether the posters kept (95 % of) the asked rate.
fn pace_held(f: &LatencyFigures, settings: &Settings) -> bool {
    f.send_rate >= 0.95 * settings.latency_rate
}

fn print_rss(rss: &RssFigures) {
    println!();
    println!("3. Idle RSS — `atende serve --demo` on an empty SQLite data dir, 3 s after \"Atende is running\"");
    println!(
        "   {:<8} {:>10} {:>10} {:>11}  {:<18} binary",
        "build", "VmRSS MB", "VmHWM MB", "startup ms", "target < 60 MB"
    );
    println!(
        "   {:<8} {:>10.1} {:>10.1} {:>11.0}  {:<18} {}",
        if rss.release { "release" } else { "debug" },
        rss.rss_mb,
        rss.hwm_mb,
        rss.startup_ms,
        verdict(rss.rss_mb < RSS_TARGET_MB),
        rss.binary.display()
    );
}

fn ingest_json(f: &IngestFigures) -> Value {
    let ceiling = f.ceiling_raw.rate();
    json!({
        "backend": backend_name(f.backend),
        "warmup": f.warmup.json(),
        "sequential": f.sequential.json(),
        "concurrent": f.concurrent.json(),
        "ceiling_raw_autocommit": f.ceiling_raw.json(),
        "ceiling_store_tx": f.ceiling_tx.json(),
        "ratio_sequential_to_ceiling": round2(f.sequential.rate() / ceiling),
        "ratio_concurrent_to_ceiling": round2(f.concurrent.rate() / ceiling),
        "ratio_store_tx_to_ceiling": round2(f.ceiling_tx.rate() / ceiling),
        "message_rows": f.rows,
        "target_msg_per_s": if f.backend == Backend::Sqlite { json!(INGEST_TARGET_MSG_S) } else { Value::Null },
    })
}

fn latency_json(f: &LatencyFigures, settings: &Settings) -> Value {
    json!({
        "asked_rate_per_s": settings.latency_rate,
        "pace_held": pace_held(f, settings),
        "backend": backend_name(f.backend),
        "planned": f.planned,
        "sent": f.sent,
        "received": f.received,
        "failed_posts": f.failed_posts,
        "send_rate_per_s": round2(f.send_rate),
        "latency": f.latency.json(),
        "post_response": f.post.json(),
        "target_p99_ms": LATENCY_TARGET_P99_MS,
        "met": f.latency.p99 < LATENCY_TARGET_P99_MS && f.received == f.planned,
    })
}

async fn postgres_reachable() -> std::result::Result<(), String> {
    let url = atende_e2e::db::postgres_admin_url();
    match tokio::time::timeout(Duration::from_secs(5), sqlx::PgConnection::connect(&url)).await {
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
            Ok(())
        }
        Ok(Err(err)) => Err(format!("PostgreSQL not reachable at {url}: {err}")),
        Err(_) => Err(format!("PostgreSQL not reachable at {url}: timed out")),
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let settings = Settings::from_env();
    let started = Instant::now();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "Atende foundation benchmark ({}, {} CPU{}, bench binary {})",
        if settings.full { "full run" } else { "smoke run — use `cargo bench` for real figures" },
        workers,
        if workers == 1 { "" } else { "s" },
        if cfg!(debug_assertions) { "debug" } else { "optimised" }
    );
    let mut notes: Vec<String> = Vec::new();
    let mut backends = vec![Backend::Sqlite];
    if settings.postgres {
        match postgres_reachable().await {
            Ok(()) => backends.push(Backend::Postgres),
            Err(why) => notes.push(format!("PostgreSQL skipped: {why}")),
        }
    } else {
        notes.push("PostgreSQL skipped (BENCH_SKIP_PG)".into());
    }

    let mut ingest = Vec::new();
    for &backend in &backends {
        eprintln!("… ingest on {}", backend_name(backend));
        ingest.push(ingest_bench(backend, &settings).await?);
    }
    let mut latency = Vec::new();
    for &backend in &backends {
        eprintln!("… latency on {}", backend_name(backend));
        latency.push(latency_bench(backend, &settings).await?);
    }
    let rss = if settings.rss {
        eprintln!("… idle RSS");
        match rss_bench().await {
            Ok(rss) => Some(rss),
            Err(err) => {
                notes.push(format!("RSS not measured: {err:#}"));
                None
            }
        }
    } else {
        notes.push("RSS skipped (BENCH_SKIP_RSS)".into());
        None
    };

    print_ingest(&ingest, &settings);
    print_latency(&latency, &settings);
    if let Some(rss) = &rss {
        print_rss(rss);
    }
    println!();
    for note in &notes {
        println!("note: {note}");
    }
    println!("total time {:.1} s", started.elapsed().as_secs_f64());

    let report = json!({
        "settings": {
            "seconds": settings.seconds,
            "latency_seconds": settings.latency_seconds,
            "latency_rate": settings.latency_rate,
            "posters": settings.posters,
            "contacts": settings.contacts,
            "concurrency": settings.concurrency,
            "cpus": workers,
            "optimised": !cfg!(debug_assertions),
        },
        "ingest": ingest.iter().map(ingest_json).collect::<Vec<_>>(),
        "latency": latency.iter().map(|f| latency_json(f, &settings)).collect::<Vec<_>>(),
        "idle_rss": rss.as_ref().map(|r| json!({
            "binary": r.binary.display().to_string(),
            "release": r.release,
            "vm_rss_mb": round2(r.rss_mb),
            "vm_hwm_mb": round2(r.hwm_mb),
            "startup_ms": r.startup_ms.round(),
            "target_mb": RSS_TARGET_MB,
            "met": r.rss_mb < RSS_TARGET_MB,
        })),
        "notes": notes,
        "total_seconds": round2(started.elapsed().as_secs_f64()),
    });
    if settings.full {
        let path = target_dir().join("bench-foundation.json");
        std::fs::create_dir_all(target_dir())?;
        std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
        println!("figures written to {}", path.display());
    }
    Ok(())
}
