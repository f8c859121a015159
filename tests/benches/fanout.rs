//! Fan-out benchmark: many agents' live streams on one host (issue 15, part 3).
//!
//! The real `atende` binary (`ATENDE_BIN`, else `target/debug/atende`) serves a seeded account
//! with `BENCH_AGENTS` agents who each see only their own chats; every agent has
//! `BENCH_SOCKETS / BENCH_AGENTS` live event streams open (2,000 sockets in all by default), and
//! `BENCH_CONTACTS` simulator contacts each have a chat assigned to one agent. Simulator
//! messages are posted at `BENCH_RATE` per second; for each, the time from just before the POST
//! until each of its agent's sockets has the frame. It reports the delivery latency, frames that
//! reached a socket whose agent may not see them (must be 0), frames missing, and the server's
//! RSS (`VmRSS`, and its peak `VmHWM`) with every socket open.
//!
//! Targets: delivery p99 ≤ 50 ms at 200 msg/s with 2,000 sockets; RSS ≤ 250 MB.
//!
//! ```sh
//! cargo bench -p atende-e2e --bench fanout
//! ```
//!
//! Knobs: `BENCH_SOCKETS` (2000), `BENCH_AGENTS` (20), `BENCH_CONTACTS` (100), `BENCH_RATE`
//! (200), `BENCH_SECONDS` (10), `BENCH_SKIP_PG`. Writes `target/bench-fanout.json`. Without
//! `--bench` it makes a small smoke run. Nothing here asserts on timings.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use atende_e2e::bench::{Stats, backends, env_or, full_run, proc_status_mb, round2, target_dir};
use atende_e2e::process::HostProcess;
use atende_e2e::{Backend, Client, Seed, TestDb};
use atende_host::auth;
use atende_host::channels::simulator;
use atende_host::domain::access::{ChatVisibility, Role};
use atende_host::domain::message::MessageKind;
use atende_host::store::views::Permissions;
use atende_host::store::{Inbound, IngestOutcome, NewUser};
use futures::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const PASSWORD: &str = "senha-do-bench";

struct Settings {
    sockets: usize,
    agents: usize,
    contacts: usize,
    rate: f64,
    seconds: f64,
}

impl Settings {
    fn from_env() -> Settings {
        let full = full_run();
        let agents = env_or("BENCH_AGENTS", if full { 20 } else { 4 }).max(1);
        Settings {
            sockets: env_or("BENCH_SOCKETS", if full { 2000 } else { 40 }).max(agents),
            agents,
            contacts: env_or("BENCH_CONTACTS", agents * 5).max(agents),
            rate: env_or("BENCH_RATE", if full { 200.0 } else { 50.0 }),
            seconds: env_or("BENCH_SECONDS", if full { 10.0 } else { 1.0 }),
        }
    }
}

fn contact_phone(contact: usize) -> String {
    format!("55219{contact:08}")
}

/// Which agent a contact's chat belongs to.
fn agent_of(contact: usize, agents: usize) -> usize {
    contact % agents
}

struct Figures {
    backend: Backend,
    posted: usize,
    expected_frames: usize,
    delivered: usize,
    foreign: usize,
    send_rate: f64,
    latency: Stats,
    rss_mb: f64,
    hwm_mb: f64,
}

/// One socket's reading: the latency of each frame it got, and frames it should not have got.
struct Reading {
    latencies: Vec<f64>,
    foreign: usize,
}

async fn run(backend: Backend, settings: &Settings) -> Result<Figures> {
    let db = TestDb::new(backend).await;
    let seed = Seed::create(&db.store, "Bench Fanout").await;
    let hash = auth::hash_password(PASSWORD)?;
    let mut agents = Vec::new();
    for a in 0..settings.agents {
        let user = db
            .store
            .create_user(NewUser {
                account_id: seed.account_id,
                name: format!("Agente {a}"),
                email: format!("agente{a}@fanout.test"),
                password_hash: hash.clone(),
                role: Role::Agent,
                chat_visibility: ChatVisibility::Own,
                permissions: Permissions::default(),
            })
            .await?;
        agents.push(user);
    }
    // Each contact's chat, assigned to its agent before any socket opens.
    for c in 0..settings.contacts {
        let phone = contact_phone(c);
        let inbound = Inbound {
            channel_id: seed.channel_id,
            provider_message_id: format!("seed-{c}"),
            platform: simulator::KIND.to_string(),
            contact_external_id: phone.clone(),
            contact_name: format!("Contato {c}"),
            contact_phone: Some(phone),
            kind: MessageKind::Text,
            text: Some(format!("seed {c}")),
            payload: None,
            sent_at: db.store.now(),
        };
        let IngestOutcome::Stored { conversation_id, .. } = db.store.ingest_inbound(&inbound).await? else {
            bail!("seed message {c} was not stored");
        };
        db.store.assign_agent(&seed.admin, conversation_id, agents[agent_of(c, settings.agents)].id, true).await?;
    }

    let data = tempfile::tempdir()?;
    let host = HostProcess::start(&db.url, data.path()).await;
    let pid = host.pid().context("the server's pid")?;

    // Open every socket: agent a gets sockets a, a + A, a + 2A …
    let per_agent: Vec<usize> =
        (0..settings.agents).map(|a| (settings.sockets + settings.agents - 1 - a) / settings.agents).collect();
    let mut clients = Vec::new();
    for a in 0..settings.agents {
        let mut client = Client::new(&host.url);
        let status = client.login(&format!("agente{a}@fanout.test"), PASSWORD).await;
        if !status.is_success() {
            bail!("agent {a} could not log in: {status}");
        }
        clients.push(client);
    }
    let mut streams = Vec::with_capacity(settings.sockets);
    for (a, count) in per_agent.iter().enumerate() {
        for _ in 0..*count {
            let mut stream = clients[a].events(None).await;
            let hello = stream.next().await;
            if hello["type"] != "hello" {
                bail!("expected hello, got {hello}");
            }
            streams.push((a, stream));
        }
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let total = (settings.rate * settings.seconds).round().max(1.0) as usize;
    let base = Instant::now();
    let sent_at: Arc<Vec<AtomicU64>> = Arc::new((0..total).map(|_| AtomicU64::new(0)).collect());
    let agents_count = settings.agents;
    let contacts = settings.contacts;
    let mut readers = Vec::new();
    for (agent, stream) in streams {
        let sent_at = sent_at.clone();
        let expected = (0..total).filter(|n| agent_of(n % contacts, agents_count) == agent).count();
        readers.push(tokio::spawn(async move {
            let mut stream = stream.into_inner();
            let mut reading = Reading { latencies: Vec::with_capacity(expected), foreign: 0 };
            let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
            while reading.latencies.len() < expected {
                let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, stream.next()).await else { break };
                let arrived = base.elapsed().as_nanos() as u64 + 1;
                let Message::Text(text) = frame else { continue };
                let Some(n) = counter_of(&text) else { continue };
                if agent_of(n % contacts, agents_count) != agent {
                    reading.foreign += 1;
                    continue;
                }
                let sent = sent_at[n].load(Ordering::Acquire);
                if sent != 0 {
                    reading.latencies.push((arrived.saturating_sub(sent)) as f64 / 1e6);
                }
            }
            reading
        }));
    }

    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/simulator/{}/messages", host.url, seed.simulator_key);
    let period = Duration::from_secs_f64(1.0 / settings.rate);
    let posters = 8usize;
    let start = tokio::time::Instant::now() + Duration::from_millis(20);
    let mut handles = Vec::new();
    for poster in 0..posters {
        let (http, url, sent_at) = (http.clone(), url.clone(), sent_at.clone());
        handles.push(tokio::spawn(async move {
            let mut ticker = tokio::time::interval_at(start + period * poster as u32, period * posters as u32);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut n = poster;
            while n < total {
                ticker.tick().await;
                let c = n % contacts;
                let request = http.post(&url).json(&json!({
                    "phone": contact_phone(c), "name": format!("Contato {c}"),
                    "text": format!("fan {n}"), "client_message_id": format!("fan-{n}"),
                }));
                sent_at[n].store(base.elapsed().as_nanos() as u64 + 1, Ordering::Release);
                match request.send().await {
                    Ok(response) if response.status() == 202 => {}
                    Ok(response) => eprintln!("POST fan {n}: {}", response.status()),
                    Err(err) => eprintln!("POST fan {n}: {err}"),
                }
                n += posters;
            }
        }));
    }
    for handle in handles {
        handle.await?;
    }
    // Every socket open and every message sent: the server's memory now.
    let rss_mb = proc_status_mb(pid, "VmRSS:")?;
    let hwm_mb = proc_status_mb(pid, "VmHWM:")?;
    let mut latencies = Vec::new();
    let mut foreign = 0;
    for reader in readers {
        let reading = reader.await?;
        latencies.extend(reading.latencies);
        foreign += reading.foreign;
    }
    let stamps: Vec<u64> = sent_at.iter().map(|s| s.load(Ordering::Acquire)).filter(|&s| s != 0).collect();
    let span = (stamps.iter().max().copied().unwrap_or(0) - stamps.iter().min().copied().unwrap_or(0)) as f64 / 1e9;
    let expected_frames = (0..total).map(|n| per_agent[agent_of(n % contacts, agents_count)]).sum();
    host.kill().await;
    Ok(Figures {
        backend,
        posted: stamps.len(),
        expected_frames,
        delivered: latencies.len(),
        foreign,
        send_rate: if span > 0.0 { (stamps.len() - 1) as f64 / span } else { 0.0 },
        latency: Stats::of(latencies),
        rss_mb,
        hwm_mb,
    })
}

/// The message number of a `message.created` frame of the run (`fan N`).
fn counter_of(text: &str) -> Option<usize> {
    let frame: Value = serde_json::from_str(text).ok()?;
    if frame["type"] != "event" || frame["kind"] != "message.created" {
        return None;
    }
    frame["message"]["text"].as_str()?.strip_prefix("fan ")?.parse().ok()
}

fn name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let settings = Settings::from_env();
    let mut figures = Vec::new();
    for backend in backends() {
        figures.push(run(backend, &settings).await?);
    }
    println!();
    println!(
        "Fan-out — {} sockets of {} agents (own chats only), {} contacts, {} msg/s for {} s, server {}",
        settings.sockets,
        settings.agents,
        settings.contacts,
        settings.rate,
        settings.seconds,
        atende_e2e::process::binary().display()
    );
    println!(
        "| database | posted | rate/s | frames expected | delivered | foreign | p50 ms | p90 ms | p99 ms | max ms | RSS MB | peak MB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for f in &figures {
        println!(
            "| {} | {} | {:.0} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1} | {:.1} |",
            name(f.backend),
            f.posted,
            f.send_rate,
            f.expected_frames,
            f.delivered,
            f.foreign,
            f.latency.p50,
            f.latency.p90,
            f.latency.p99,
            f.latency.max,
            f.rss_mb,
            f.hwm_mb
        );
    }
    println!("Targets: p99 ≤ 50 ms, RSS ≤ 250 MB, foreign frames 0, every expected frame delivered.");
    if full_run() {
        let json = json!({
            "bench": "fanout",
            "sockets": settings.sockets, "agents": settings.agents, "contacts": settings.contacts,
            "rate": settings.rate, "seconds": settings.seconds,
            "results": figures.iter().map(|f| json!({
                "database": name(f.backend), "posted": f.posted, "send_rate": round2(f.send_rate),
                "expected_frames": f.expected_frames, "delivered": f.delivered, "foreign": f.foreign,
                "latency": f.latency.json(), "rss_mb": round2(f.rss_mb), "hwm_mb": round2(f.hwm_mb),
            })).collect::<Vec<_>>(),
        });
        let path = target_dir().join("bench-fanout.json");
        std::fs::write(&path, serde_json::to_string_pretty(&json)?)?;
        println!("Figures written to {}", path.display());
    }
    Ok(())
}
