//! Dashboard benchmark (issue 14 part 5): an account with `BENCH_MESSAGES` messages (default
//! 1,000,000) spread over the last 30 days, `BENCH_SERVICES` services (default 30,000) and
//! 1,000 chats, written straight into the database. Measured through the API:
//!
//! 1. the first dashboard after the messages arrived, which rolls all of them into the hourly
//!    counters (a host's roll-up worker does this every minute, so users never wait for it);
//! 2. `BENCH_REQUESTS` (default 50) dashboards of 30 days, then of today: p50 and p99.
//!    Target: ≤ 200 ms.
//!
//! ```sh
//! cargo bench -p atende-e2e --bench dashboard
//! ```
//!
//! Prints a table and writes `target/bench-dashboard.json`. `BENCH_SKIP_PG=1` skips PostgreSQL.
//! Without `--bench` it runs 20,000 messages and writes nothing. Nothing here asserts on timings.

use std::time::Instant;

use anyhow::{Result, ensure};
use atende_e2e::bench::{backends, env_or, full_run, percentile, target_dir};
use atende_e2e::{Backend, Seed, TestDb, TestServer};
use atende_host::domain::dashboard::{Period, period_start, zone};
use atende_host::store::Arg;
use serde_json::{Value, json};

struct Settings {
    full: bool,
    messages: usize,
    services: usize,
    requests: usize,
}

impl Settings {
    fn from_env() -> Settings {
        let full = full_run();
        Settings {
            full,
            messages: env_or("BENCH_MESSAGES", if full { 1_000_000 } else { 20_000 }),
            services: env_or("BENCH_SERVICES", if full { 30_000 } else { 1_000 }),
            requests: env_or("BENCH_REQUESTS", if full { 50 } else { 5 }),
        }
    }
}

const CHATS: usize = 1_000;

/// Insert `rows` (each a list of values) into `table (columns)`, many rows per statement.
async fn insert_many(db: &TestDb, table: &str, columns: &str, rows: impl Iterator<Item = Vec<Arg>>) -> Result<()> {
    let mut tx = db.store.begin().await?;
    let mut batch: Vec<Vec<Arg>> = Vec::new();
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        batch.clear();
        batch.extend(rows.by_ref().take(500));
        let mut args = Vec::new();
        let mut tuples = Vec::new();
        for row in batch.drain(..) {
            let first = args.len() + 1;
            tuples.push(format!(
                "({})",
                (0..row.len()).map(|i| format!("${}", first + i)).collect::<Vec<_>>().join(", ")
            ));
            args.extend(row);
        }
        tx.execute(&format!("INSERT INTO {table} ({columns}) VALUES {}", tuples.join(", ")), args).await?;
    }
    db.store.commit(tx).await?;
    Ok(())
}

async fn run(backend: Backend, settings: &Settings) -> Result<Value> {
    let db = TestDb::new(backend).await;
    let seed = Seed::create(&db.store, "Bench").await;
    let now = db.clock.now();
    let account = seed.account_id;
    let channel = seed.channel_id;
    let a = |v: i64| Arg::I64(v);
    let t = |v: String| Arg::Text(v);
    // Contacts and their chats, ids 1.. in insertion order after the seed's own rows.
    insert_many(
        &db,
        "contacts",
        "account_id, platform, external_id, name, phone, campaign, created_at, updated_at",
        (0..CHATS).map(|i| {
            let phone = format!("55119{i:08}");
            let campaign = if i % 4 == 0 { Arg::OptText(Some("Black Friday".into())) } else { Arg::OptText(None) };
            vec![
                a(account),
                t("simulator".into()),
                t(phone.clone()),
                t(format!("Pessoa {i}")),
                t(phone),
                campaign,
                a(now),
                a(now),
            ]
        }),
    )
    .await?;
    let contacts: Vec<(i64,)> = db
        .store
        .read()
        .await?
        .fetch_all("SELECT id FROM contacts WHERE account_id = $1 ORDER BY id", atende_host::args![account])
        .await?;
    insert_many(
        &db,
        "conversations",
        "account_id, kind, contact_id, channel_id, state, unread, created_at, updated_at",
        contacts.iter().map(|(id,)| {
            vec![
                a(account),
                t("contact".into()),
                a(*id),
                a(channel),
                t("closed".into()),
                Arg::Bool(false),
                a(now),
                a(now),
            ]
        }),
    )
    .await?;
    let chats: Vec<(i64,)> = db
        .store
        .read()
        .await?
        .fetch_all(
            "SELECT id FROM conversations WHERE account_id = $1 AND kind = 'contact' ORDER BY id",
            atende_host::args![account],
        )
        .await?;
    // Everything inside the 30 days the dashboard shows (from local midnight 29 days ago).
    let from = period_start(Period::Month, &zone("America/Sao_Paulo"), now);
    let span = now - 60_000 - from;
    insert_many(
        &db,
        "services",
        "account_id, conversation_id, protocol, opened_at, first_response_at, closed_at, agent_id, department_id",
        (0..settings.services).map(|i| {
            let opened = now - span + (i as i64 * span / settings.services as i64);
            vec![
                a(account),
                a(chats[i % chats.len()].0),
                t(format!("B{i:08}")),
                a(opened),
                a(opened + 60_000 + (i as i64 % 600) * 1000),
                a(opened + 600_000 + (i as i64 % 3600) * 1000),
                a(seed.admin.id),
                a(seed.department_id),
            ]
        }),
    )
    .await?;
    let seeded = Instant::now();
    insert_many(
        &db,
        "messages",
        "account_id, conversation_id, channel_id, direction, author_kind, kind, body, internal, status, created_at, updated_at",
        (0..settings.messages).map(|i| {
            let at = now - span + (i as i64 * span / settings.messages as i64);
            let inbound = i % 2 == 0;
            vec![a(account), a(chats[i % chats.len()].0), a(channel), t(if inbound { "inbound" } else { "outbound" }.into()),
                t(if inbound { "contact" } else { "agent" }.into()), t("text".into()), t("Olá".into()), Arg::Bool(false),
                t(if inbound { "received" } else { "sent" }.into()), a(at), a(at)]
        }),
    )
    .await?;
    let seed_s = seeded.elapsed().as_secs_f64();

    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;
    let first = Instant::now();
    let cold = admin.get_ok("/api/v1/dashboard?period=30d").await;
    let first_ms = first.elapsed().as_secs_f64() * 1000.0;
    let counted: i64 = cold["messages_by_channel"].as_array().map_or(0, |c| {
        c.iter().map(|c| c["inbound"].as_i64().unwrap_or(0) + c["outbound"].as_i64().unwrap_or(0)).sum()
    });
    ensure!(counted == settings.messages as i64, "the dashboard counted {counted} of {} messages", settings.messages);
    let timings = |period: &'static str| {
        let admin = &admin;
        async move {
            let mut ms = Vec::with_capacity(settings.requests);
            for _ in 0..settings.requests {
                let t = Instant::now();
                let view = admin.get_ok(&format!("/api/v1/dashboard?period={period}")).await;
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                assert!(view["services_opened"].is_i64(), "{view}");
            }
            ms.sort_by(f64::total_cmp);
            ms
        }
    };
    let month = timings("30d").await;
    let today = timings("today").await;
    server.stop().await;
    Ok(json!({
        "backend": format!("{backend:?}"),
        "messages": settings.messages,
        "services": settings.services,
        "seed_messages_s": seed_s,
        "first_dashboard_ms": first_ms,
        "month_p50_ms": percentile(&month, 0.5),
        "month_p99_ms": percentile(&month, 0.99),
        "today_p50_ms": percentile(&today, 0.5),
        "today_p99_ms": percentile(&today, 0.99),
    }))
}

#[tokio::main]
async fn main() -> Result<()> {
    let settings = Settings::from_env();
    println!(
        "{:<10} {:>9} {:>9} {:>12} {:>10} {:>10} {:>10} {:>10}",
        "backend", "messages", "services", "first (ms)", "30d p50", "30d p99", "today p50", "today p99"
    );
    let mut results = Vec::new();
    for backend in backends() {
        let r = run(backend, &settings).await?;
        let f = |k: &str| r[k].as_f64().unwrap_or(0.0);
        println!(
            "{:<10} {:>9} {:>9} {:>12.0} {:>10.1} {:>10.1} {:>10.1} {:>10.1}",
            r["backend"].as_str().unwrap_or(""),
            r["messages"].as_i64().unwrap_or(0),
            r["services"].as_i64().unwrap_or(0),
            f("first_dashboard_ms"),
            f("month_p50_ms"),
            f("month_p99_ms"),
            f("today_p50_ms"),
            f("today_p99_ms"),
        );
        results.push(r);
    }
    if settings.full {
        let path = target_dir().join("bench-dashboard.json");
        std::fs::write(&path, serde_json::to_string_pretty(&results)?)?;
        println!("written {}", path.display());
    }
    Ok(())
}
