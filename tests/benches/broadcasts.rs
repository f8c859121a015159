//! Broadcast benchmark (issue 14, A7): a broadcast to `BENCH_RECIPIENTS` WhatsApp contacts
//! (default 50,000) on a number connected to the fake Graph API, at `BENCH_RATE` messages per
//! second (default 250: Meta's default of 80 would take over ten minutes for the same figure).
//!
//! Measured: the pace the broadcast held — recipients sent over the time from its first send to
//! its last — against the configured rate (target: within 5%), and whether every recipient
//! ended in a final state (sent or failed) with every message taken by the fake Graph API.
//!
//! ```sh
//! cargo bench -p atende-e2e --bench broadcasts
//! ```
//!
//! Prints a table and writes `target/bench-broadcasts.json`. `BENCH_SKIP_PG=1` skips
//! PostgreSQL. Without `--bench` it runs 500 recipients and writes nothing. Nothing here
//! asserts on timings.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use atende_e2e::bench::{backends, env_or, full_run, target_dir};
use atende_e2e::whatsapp::{BUSINESS_ID, PHONE_ID, WhatsApp};
use atende_e2e::{Backend, TestDb};
use atende_host::args;
use serde_json::{Value, json};

struct Settings {
    full: bool,
    recipients: usize,
    rate: i64,
}

impl Settings {
    fn from_env() -> Settings {
        let full = full_run();
        Settings {
            full,
            recipients: env_or("BENCH_RECIPIENTS", if full { 50_000 } else { 500 }),
            rate: env_or("BENCH_RATE", 250),
        }
    }
}

/// The recipients as WhatsApp contacts of the account, and an approved template on the number.
async fn seed(db: &TestDb, account_id: i64, channel_id: i64, recipients: usize) -> Result<i64> {
    let mut tx = db.store.begin().await?;
    for i in 0..recipients {
        let phone = format!("55119{i:08}");
        tx.execute(
            "INSERT INTO contacts (account_id, platform, external_id, name, phone, created_at, updated_at) \
             VALUES ($1, 'whatsapp', $2, $3, $2, 0, 0)",
            args![account_id, phone, format!("Pessoa {i}")],
        )
        .await?;
    }
    let components = json!([{"type": "BODY", "text": "Olá {{1}}, temos novidades!"}]).to_string();
    let (template,): (i64,) = tx
        .fetch_one(
            "INSERT INTO templates (account_id, channel_id, external_id, name, language, category, status, \
             parameter_format, components, created_at, updated_at) \
             VALUES ($1, $2, 'tpl-1', 'novidades', 'pt_BR', 'marketing', 'APPROVED', 'positional', $3, 0, 0) RETURNING id",
            args![account_id, channel_id, components],
        )
        .await?;
    db.store.commit(tx).await?;
    Ok(template)
}

async fn run(backend: Backend, settings: &Settings) -> Result<Value> {
    let db = TestDb::new(backend).await;
    let s =
        WhatsApp::start(&db, json!({"name": "WhatsApp", "external_id": PHONE_ID, "business_id": BUSINESS_ID}), |_| {})
            .await;
    let template = seed(&db, s.seed.account_id, s.channel_id, settings.recipients).await?;
    let started = Instant::now();
    let created = s
        .admin
        .post_expect(
            "/api/v1/broadcasts",
            json!({"name": "Bench", "channel_id": s.channel_id, "template_id": template,
            "values": {"positional": ["{nome}"]}, "rate_per_s": settings.rate}),
            201,
        )
        .await;
    let id = created["id"].as_i64().unwrap_or_default();
    let done = loop {
        let now = s.admin.get_ok(&format!("/api/v1/broadcasts/{id}")).await;
        if now["state"] == "done" {
            break now;
        }
        ensure!(started.elapsed() < Duration::from_secs(3_600), "the broadcast did not finish: {now}");
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let (first, last, sent, pending): (Option<i64>, Option<i64>, i64, i64) = db
        .store
        .read()
        .await?
        .fetch_one(
            "SELECT MIN(sent_at), MAX(sent_at), SUM(CASE WHEN state = 'sent' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END) FROM broadcast_recipients WHERE broadcast_id = $1",
            args![id],
        )
        .await?;
    // The pace lets one second's worth go at once, then the rate: the rest over the span.
    let span_s = (last.unwrap_or_default() - first.unwrap_or_default()) as f64 / 1000.0;
    let held = (sent as f64 - settings.rate as f64) / span_s.max(0.001);
    // Every message reaches the fake Graph API (the outbox sends as fast as the number allows).
    let deadline = Instant::now() + Duration::from_secs(600);
    let delivered = loop {
        let taken = s.fake.requests_to(&format!("{PHONE_ID}/messages")).len();
        if taken >= sent as usize || Instant::now() > deadline {
            break taken;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    s.server.stop().await;
    Ok(json!({
        "backend": format!("{backend:?}"),
        "recipients": settings.recipients,
        "rate_per_s": settings.rate,
        "held_per_s": held,
        "deviation_pct": (held - settings.rate as f64) / settings.rate as f64 * 100.0,
        "span_s": span_s,
        "sent": sent,
        "failed": done["totals"]["failed"],
        "pending": pending,
        "taken_by_graph_api": delivered,
    }))
}

#[tokio::main]
async fn main() -> Result<()> {
    let settings = Settings::from_env();
    println!(
        "{:<10} {:>10} {:>8} {:>10} {:>8} {:>8} {:>8} {:>8} {:>10}",
        "backend", "recipients", "rate", "held/s", "dev %", "span s", "sent", "pending", "at Graph"
    );
    let mut results = Vec::new();
    for backend in backends() {
        let r = run(backend, &settings).await?;
        println!(
            "{:<10} {:>10} {:>8} {:>10.1} {:>8.2} {:>8.1} {:>8} {:>8} {:>10}",
            r["backend"].as_str().unwrap_or(""),
            r["recipients"].as_i64().unwrap_or(0),
            r["rate_per_s"].as_i64().unwrap_or(0),
            r["held_per_s"].as_f64().unwrap_or(0.0),
            r["deviation_pct"].as_f64().unwrap_or(0.0),
            r["span_s"].as_f64().unwrap_or(0.0),
            r["sent"].as_i64().unwrap_or(0),
            r["pending"].as_i64().unwrap_or(0),
            r["taken_by_graph_api"].as_i64().unwrap_or(0),
        );
        results.push(r);
    }
    if settings.full {
        let path = target_dir().join("bench-broadcasts.json");
        std::fs::write(&path, serde_json::to_string_pretty(&results)?)?;
        println!("written {}", path.display());
    }
    Ok(())
}
