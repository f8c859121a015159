//! Notifications benchmark (issue 13): a burst of contact messages into chats of a department
//! of 50 agents, each agent with a subscribed phone.
//!
//! 1. **Set-up** through the API: `BENCH_AGENTS` agents (default 50) in one department, each
//!    logged in with a push subscription at a fake push service; `BENCH_CHATS` chats (default
//!    100) forwarded to the department. Then the server stops, so nothing runs but what is
//!    measured.
//! 2. **Notify**: `BENCH_MESSAGES` contact messages (default 1,000) are stored with
//!    `Store::ingest_inbound`, then one `notifier::catch_up` reads them: every agent is told of
//!    every message, so it writes messages × agents bell entries and queues as many pushes.
//!    Target: ≤ 2 s on SQLite.
//! 3. **Push**: the push worker alone sends the queue to the fake push service (which decrypts
//!    and checks each one in the same process) for `BENCH_PUSH_SECONDS` (default 10): pushes
//!    per second.
//!
//! ```sh
//! cargo bench -p atende-e2e --bench notifications
//! ```
//!
//! Prints a table and writes `target/bench-notifications.json`. `BENCH_SKIP_PG=1` skips
//! PostgreSQL. Without `--bench` it runs a small burst and writes nothing. Nothing here asserts
//! on timings.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use atende_e2e::bench::{backends, env_or, full_run, target_dir};
use atende_e2e::chat::contact_writes;
use atende_e2e::fake_push::FakePush;
use atende_e2e::server::TEST_SECRET_KEY;
use atende_e2e::{Backend, Seed, TestDb, TestServer, seed};
use atende_host::channels::simulator;
use atende_host::clock::Clock;
use atende_host::domain::access::{ChatVisibility, Role};
use atende_host::domain::message::MessageKind;
use atende_host::push::{self, Vapid};
use atende_host::secrets::SecretBox;
use atende_host::store::views::Permissions;
use atende_host::store::{Inbound, NewUser, Store};
use atende_host::{args, notifier};
use reqwest::Method;
use serde_json::{Value, json};

const NOTIFY_TARGET_S: f64 = 2.0;

struct Settings {
    full: bool,
    agents: usize,
    chats: usize,
    messages: usize,
    push_seconds: f64,
}

impl Settings {
    fn from_env() -> Settings {
        let full = full_run();
        Settings {
            full,
            agents: env_or("BENCH_AGENTS", if full { 50 } else { 5 }),
            chats: env_or("BENCH_CHATS", if full { 100 } else { 5 }),
            messages: env_or("BENCH_MESSAGES", if full { 1000 } else { 20 }),
            push_seconds: env_or("BENCH_PUSH_SECONDS", if full { 10.0 } else { 1.0 }),
        }
    }
}

fn phone(chat: usize) -> String {
    format!("55119{chat:08}")
}

async fn count(store: &Store, sql: &str) -> Result<i64> {
    let (n,): (i64,) = store.read().await?.fetch_one(sql, args![]).await?;
    Ok(n)
}

async fn run(backend: Backend, settings: &Settings) -> Result<Value> {
    let db = TestDb::new(backend).await;
    let store = db.store.clone();
    let seed = Seed::create(&store, "Bench").await;
    let hash = atende_host::auth::hash_password(seed::PASSWORD)?;
    let mut agents = Vec::new();
    for i in 0..settings.agents {
        let user = store
            .create_user(NewUser {
                account_id: seed.account_id,
                name: format!("Agente {i}"),
                email: format!("agente{i}@bench.test"),
                password_hash: hash.clone(),
                role: Role::Agent,
                chat_visibility: ChatVisibility::Department,
                permissions: Permissions::default(),
            })
            .await?;
        agents.push(user);
    }
    let ids: Vec<i64> = agents.iter().map(|a| a.id).collect();
    store.set_department_members(seed.account_id, seed.department_id, &ids).await?;

    // Set-up through the API: logins, subscriptions, chats in the department's queue.
    let fake = FakePush::start().await;
    let server = TestServer::start_with(&store, |a| {
        a.push_allow_http = true;
        a.login_per_ip_per_minute = 100_000;
        a.login_per_user_per_minute = 100_000;
    })
    .await;
    for (i, agent) in agents.iter().enumerate() {
        let client = server.login(&agent.email).await;
        let device = format!("phone-{i}");
        let (status, body) = client
            .request(Method::PUT, &format!("/api/v1/push/subscriptions/{device}"), Some(fake.subscription(&device)))
            .await;
        ensure!(status == 200, "subscription refused: {body}");
    }
    let admin = server.login(&seed.admin.email).await;
    for chat in 0..settings.chats {
        let conversation = contact_writes(&server, &seed, &phone(chat), &format!("Contato {chat}"), "Oi").await;
        admin
            .post_expect(
                &format!("/api/v1/conversations/{}/forward", conversation.id),
                json!({"department_id": seed.department_id}),
                200,
            )
            .await;
    }
    server.stop().await;
    // What the set-up told is no part of the measure.
    notifier::catch_up(&store).await?;
    let mut tx = store.begin().await?;
    tx.execute("DELETE FROM notifications", args![]).await?;
    tx.execute("DELETE FROM push_deliveries", args![]).await?;
    store.commit(tx).await?;
    let sent_before = fake.received().len();

    // The burst.
    let started = Instant::now();
    for m in 0..settings.messages {
        let chat = m % settings.chats;
        store
            .ingest_inbound(&Inbound {
                channel_id: seed.channel_id,
                provider_message_id: format!("bench-{m}"),
                platform: simulator::KIND.to_string(),
                contact_external_id: phone(chat),
                contact_name: format!("Contato {chat}"),
                contact_phone: Some(phone(chat)),
                kind: MessageKind::Text,
                text: Some(format!("Mensagem {m}")),
                payload: None,
                sent_at: Clock::system().now(),
            })
            .await?;
    }
    let ingest_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    notifier::catch_up(&store).await?;
    let notify_s = started.elapsed().as_secs_f64();
    let recorded = count(&store, "SELECT COUNT(*) FROM notifications").await?;
    let queued = count(&store, "SELECT COUNT(*) FROM push_deliveries").await?;
    let expected = (settings.messages * settings.agents) as i64;
    ensure!(recorded == expected && queued == expected, "told {recorded} and queued {queued}, not {expected}");

    // The push worker alone, against the fake.
    let secrets = SecretBox::from_config(TEST_SECRET_KEY, &std::env::temp_dir())?;
    let vapid = Vapid::load_or_create(&store, &secrets).await?;
    let worker_settings =
        push::Settings { subject: "mailto:bench@atende.local".into(), allow_http: true, lease_ms: 90_000 };
    let worker = tokio::spawn(push::run(store.clone(), vapid, worker_settings));
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs_f64(settings.push_seconds)).await;
    let sent = fake.received().len() - sent_before;
    let push_s = started.elapsed().as_secs_f64();
    worker.abort();
    let verified = fake.received().iter().skip(sent_before).filter(|r| r.verified()).count();

    Ok(json!({
        "backend": format!("{backend:?}"),
        "agents": settings.agents,
        "messages": settings.messages,
        "ingest_s": ingest_s,
        "notify_s": notify_s,
        "bell_entries": recorded,
        "pushes_queued": queued,
        "notify_target_s": NOTIFY_TARGET_S,
        "pushes_sent": sent,
        "pushes_verified": verified,
        "push_per_s": sent as f64 / push_s,
    }))
}

#[tokio::main]
async fn main() -> Result<()> {
    let settings = Settings::from_env();
    let mut results = Vec::new();
    println!(
        "{:<10} {:>8} {:>10} {:>10} {:>12} {:>10} {:>10}",
        "backend", "messages", "ingest s", "notify s", "bell+push", "pushes/s", "verified"
    );
    for backend in backends() {
        let r = run(backend, &settings).await?;
        println!(
            "{:<10} {:>8} {:>10.2} {:>10.3} {:>12} {:>10.0} {:>10}",
            r["backend"].as_str().unwrap_or(""),
            r["messages"],
            r["ingest_s"].as_f64().unwrap_or(0.0),
            r["notify_s"].as_f64().unwrap_or(0.0),
            format!("{}+{}", r["bell_entries"], r["pushes_queued"]),
            r["push_per_s"].as_f64().unwrap_or(0.0),
            r["pushes_verified"],
        );
        results.push(r);
    }
    if settings.full {
        let path = target_dir().join("bench-notifications.json");
        std::fs::write(&path, serde_json::to_string_pretty(&results)?)?;
        println!("written {}", path.display());
    }
    Ok(())
}
