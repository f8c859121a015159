//! Contacts benchmark (issue 14, A6), through the API of an in-process server:
//!
//! 1. **CSV import**: a file of `BENCH_IMPORT_ROWS` contacts (default 100,000) with name, phone,
//!    e-mail and a valid CPF — the last two checked by the field-validator plugin — uploaded,
//!    started and waited for. Target: ≤ 30 s on SQLite on a 2-core machine.
//! 2. **Contacts list**: with those contacts in the account, `BENCH_PAGES` (default 300) list
//!    requests of 50 — first pages, pages deep in the list by cursor, searches by name and by
//!    phone, the "Bloqueado?" and broadcast filters — timed one by one. Target: p99 ≤ 50 ms.
//!
//! ```sh
//! cargo bench -p atende-e2e --bench contacts
//! ```
//!
//! Prints a table and writes `target/bench-contacts.json`. `BENCH_SKIP_PG=1` skips PostgreSQL.
//! Without `--bench` it runs a small import and writes nothing. Nothing here asserts on timings.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use atende_e2e::bench::{backends, env_or, full_run, percentile, target_dir};
use atende_e2e::{Backend, Seed, TestDb, TestServer};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

struct Settings {
    full: bool,
    rows: usize,
    pages: usize,
}

impl Settings {
    fn from_env() -> Settings {
        let full = full_run();
        Settings {
            full,
            rows: env_or("BENCH_IMPORT_ROWS", if full { 100_000 } else { 1_000 }),
            pages: env_or("BENCH_PAGES", if full { 300 } else { 30 }),
        }
    }
}

/// A valid CPF made from `n`: nine digits and their two check digits.
fn cpf(n: usize) -> String {
    let mut digits: Vec<u32> =
        format!("{:09}", 100_000_000 + n % 800_000_000).chars().map(|c| c.to_digit(10).unwrap()).collect();
    for len in [9, 10] {
        let sum: u32 = digits.iter().take(len).enumerate().map(|(i, d)| d * (len as u32 + 1 - i as u32)).sum();
        let rest = (sum * 10) % 11;
        digits.push(if rest == 10 { 0 } else { rest });
    }
    digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect()
}

fn file(rows: usize) -> String {
    let mut out = String::from("nome;telefone;email;cpf\n");
    for i in 0..rows {
        out.push_str(&format!("Pessoa {i:06};55119{i:08};pessoa{i}@exemplo.com.br;{}\n", cpf(i)));
    }
    out
}

async fn run(backend: Backend, settings: &Settings) -> Result<Value> {
    let db = TestDb::new(backend).await;
    let seed = Seed::create(&db.store, "Bench").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;

    let body = file(settings.rows);
    let form = Form::new().part("file", Part::bytes(body.into_bytes()).file_name("contatos.csv").mime_str("text/csv")?);
    let (status, import) = admin.post_form("/api/v1/contact-imports", form).await;
    ensure!(status == 201, "upload: {status} {import}");
    let id = import["id"].as_i64().unwrap_or_default();
    let started = Instant::now();
    admin
        .post_expect(
            &format!("/api/v1/contact-imports/{id}/start"),
            json!({"mapping": import["suggested_mapping"], "duplicates": "skip"}),
            200,
        )
        .await;
    let done = loop {
        let now = admin.get_ok(&format!("/api/v1/contact-imports/{id}")).await;
        if now["state"] != "running" {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let import_s = started.elapsed().as_secs_f64();
    ensure!(done["created"] == settings.rows, "not every row was created: {done}");

    // Some contacts blocked and switched off, so those filters find a few among many.
    for n in [17, 4_711] {
        let page = admin.get_ok(&format!("/api/v1/contacts?search=Pessoa%20{:06}", n.min(settings.rows - 1))).await;
        let contact = page["items"][0]["id"].as_i64().unwrap_or_default();
        admin.post_expect(&format!("/api/v1/contacts/{contact}/block"), json!({}), 200).await;
        admin.patch_json(&format!("/api/v1/contacts/{contact}"), json!({"receives_broadcasts": false})).await;
    }
    let deep = admin.get_ok(&format!("/api/v1/contacts?limit=50&search=Pessoa%20{:06}", settings.rows / 2)).await;
    let deep_cursor = {
        // A cursor from the middle of the list.
        let mid = admin.get_ok("/api/v1/contacts?limit=500").await;
        mid["next_cursor"].as_str().unwrap_or_default().to_string()
    };
    ensure!(deep["total"] == 1, "search finds one: {}", deep["total"]);
    let queries = [
        "/api/v1/contacts?limit=50".to_string(),
        format!("/api/v1/contacts?limit=50&cursor={deep_cursor}"),
        "/api/v1/contacts?limit=50&search=pessoa%2004".to_string(),
        "/api/v1/contacts?limit=50&search=5511900012".to_string(),
        "/api/v1/contacts?limit=50&blocked=true".to_string(),
        "/api/v1/contacts?limit=50&receives_broadcasts=false".to_string(),
    ];
    let mut latencies = Vec::with_capacity(settings.pages);
    for i in 0..settings.pages {
        let query = &queries[i % queries.len()];
        let t = Instant::now();
        let page = admin.get_ok(query).await;
        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
        ensure!(page["items"].is_array(), "{query}: {page}");
    }
    latencies.sort_by(f64::total_cmp);
    server.stop().await;
    Ok(json!({
        "backend": format!("{backend:?}"),
        "rows": settings.rows,
        "import_s": import_s,
        "import_rows_per_s": settings.rows as f64 / import_s,
        "list_requests": settings.pages,
        "list_p50_ms": percentile(&latencies, 0.5),
        "list_p99_ms": percentile(&latencies, 0.99),
    }))
}

#[tokio::main]
async fn main() -> Result<()> {
    let settings = Settings::from_env();
    println!(
        "{:<10} {:>8} {:>10} {:>10} {:>10} {:>10}",
        "backend", "rows", "import s", "rows/s", "list p50", "list p99"
    );
    let mut results = Vec::new();
    for backend in backends() {
        let r = run(backend, &settings).await?;
        println!(
            "{:<10} {:>8} {:>10.1} {:>10.0} {:>8.1}ms {:>8.1}ms",
            r["backend"].as_str().unwrap_or(""),
            r["rows"],
            r["import_s"].as_f64().unwrap_or(0.0),
            r["import_rows_per_s"].as_f64().unwrap_or(0.0),
            r["list_p50_ms"].as_f64().unwrap_or(0.0),
            r["list_p99_ms"].as_f64().unwrap_or(0.0),
        );
        results.push(r);
    }
    if settings.full {
        let path = target_dir().join("bench-contacts.json");
        std::fs::write(&path, serde_json::to_string_pretty(&results)?)?;
        println!("written {}", path.display());
    }
    Ok(())
}
