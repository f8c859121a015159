//! Capacity benchmark (issue 15 part 4): what 1,000 inbound messages cost in CPU on each
//! `atende` host and in PostgreSQL, with 1 and with 3 hosts on one database, so that
//! `docs/capacity.md` can project throughput onto machines with more cores than this one.
//!
//! Each round starts `BENCH_HOSTS` (default `1,3`) real `atende serve` processes (the release
//! binary from `ATENDE_BIN`, else the debug build) on one fresh PostgreSQL database, and
//! `BENCH_POSTERS` tasks post signed single-message WhatsApp webhooks to the hosts in turn (as a
//! round-robin load balancer would) for `BENCH_SECONDS`. Before and after, it reads the CPU time
//! of every host and of every `postgres` process from `/proc`, and — when the server preloads
//! `pg_stat_statements` — the statements' calls and execution time. It prints, per 1,000
//! messages: CPU seconds per host and in PostgreSQL, statements and their time, and the
//! projection `min(hosts × cores / host CPU, database cores / database CPU)`.
//!
//! ```sh
//! cargo build --release --workspace --bins
//! ATENDE_BIN=$PWD/target/release/atende cargo bench -p atende-e2e --bench capacity
//! ```
//!
//! It writes `target/bench-capacity.json`. Without `--bench` it makes a short smoke run with the
//! debug binary. Nothing here asserts on the figures: it measures and reports.

use atende_e2e::bench::{env_or, full_run, pids_named, post_for, proc_cpu_seconds, target_dir};
use atende_e2e::fake_graph::FakeGraph;
use atende_e2e::process::HostProcess;
use atende_e2e::whatsapp::{PHONE_ID, connect_number, text_message, webhook_body};
use atende_e2e::{Backend, Client, Seed, TestDb};
use serde_json::{Value, json};

/// CPU seconds used so far by the hosts and by PostgreSQL.
struct CpuSample {
    hosts: Vec<f64>,
    postgres: f64,
    this_process: f64,
}

fn sample(hosts: &[u32]) -> CpuSample {
    CpuSample {
        hosts: hosts.iter().map(|pid| proc_cpu_seconds(*pid).unwrap_or(0.0)).collect(),
        postgres: pids_named("postgres").into_iter().filter_map(|pid| proc_cpu_seconds(pid).ok()).sum(),
        this_process: proc_cpu_seconds(std::process::id()).unwrap_or(0.0),
    }
}

/// One statement's share of the work, from `pg_stat_statements`.
struct Statement {
    query: String,
    calls: i64,
    total_ms: f64,
}

/// Whether `pg_stat_statements` can be read in `db` (preloaded by the server and created here).
async fn statements_available(db: &TestDb) -> bool {
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let created = sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").execute(&pool).await.is_ok();
    created && sqlx::query("SELECT pg_stat_statements_reset()").execute(&pool).await.is_ok()
}

async fn statements(db: &TestDb) -> Vec<Statement> {
    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let rows: Vec<(String, i64, f64)> = sqlx::query_as(
        "SELECT query, calls, total_exec_time FROM pg_stat_statements
         WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         ORDER BY total_exec_time DESC",
    )
    .fetch_all(&pool)
    .await
    .unwrap_or_default();
    rows.into_iter().map(|(query, calls, total_ms)| Statement { query, calls, total_ms }).collect()
}

struct Round {
    hosts: usize,
    messages: u64,
    errors: u64,
    seconds: f64,
    host_cpu: Vec<f64>,
    postgres_cpu: f64,
    client_cpu: f64,
    statements: Option<Vec<Statement>>,
}

async fn round(hosts: usize, posters: usize, seconds: f64, contacts: usize) -> Round {
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Capacidade").await;
    let fake = FakeGraph::start().await;
    let data = tempfile::tempdir().unwrap();
    let key = "YXRlbmRlLWNhcGFjaWRhZGUtY2hhdmUtMzItYnl0ZXM=";
    let mut running = vec![];
    for i in 0..hosts {
        let dir = data.path().join(format!("host{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        let env = [("ATENDE_GRAPH_API_URL", fake.url.as_str()), ("ATENDE_SECRET_KEY", key)];
        running.push(HostProcess::start_with(&db.url, &dir, &env).await);
    }
    let mut admin = Client::new(&running[0].url);
    assert_eq!(admin.login(&seed.admin.email, atende_e2e::seed::PASSWORD).await, 200);
    let channel = connect_number(&admin, json!({"name": "WhatsApp", "external_id": PHONE_ID})).await;
    let path = channel["webhook_path"].as_str().unwrap().to_string();
    let endpoints: Vec<String> = running.iter().map(|h| format!("{}{path}", h.url)).collect();
    let pids: Vec<u32> = running.iter().map(|h| h.pid().expect("host running")).collect();
    let with_statements = statements_available(&db).await;

    let http = reqwest::Client::builder().pool_max_idle_per_host(posters).build().unwrap();
    let before = sample(&pids);
    let posted = post_for(&http, endpoints, posters, seconds, move |poster, n| {
        let contact = format!("55119{:08}", (poster * 7919 + n) % contacts);
        webhook_body(&[text_message(&contact, &format!("wamid.cap-{poster}-{n}"), "Olá!")])
    })
    .await;
    let after = sample(&pids);
    let statements = if with_statements { Some(statements(&db).await) } else { None };
    for host in running {
        host.kill().await;
    }
    Round {
        hosts,
        messages: posted.ok,
        errors: posted.errors,
        seconds: posted.seconds,
        host_cpu: after.hosts.iter().zip(&before.hosts).map(|(a, b)| a - b).collect(),
        postgres_cpu: after.postgres - before.postgres,
        client_cpu: after.this_process - before.this_process,
        statements,
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let full = full_run();
    if full && std::env::var_os("ATENDE_BIN").is_none() {
        eprintln!("warning: ATENDE_BIN is unset: measuring the DEBUG build (scripts/bench sets the release one)");
    }
    measure(full).await;
}

async fn measure(full: bool) {
    let seconds: f64 = env_or("BENCH_SECONDS", if full { 10.0 } else { 0.5 });
    let posters: usize = env_or("BENCH_POSTERS", 32usize).max(1);
    let contacts: usize = env_or("BENCH_CONTACTS", 500usize).max(1);
    let host_counts: Vec<usize> = std::env::var("BENCH_HOSTS")
        .unwrap_or_else(|_| if full { "1,3".into() } else { "1".into() })
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    let mut rows = vec![];
    println!(
        "\nCapacity benchmark: PostgreSQL, {posters} posters, {contacts} contacts, {seconds:.0} s per round, {cores} cores"
    );
    for hosts in host_counts {
        let r = round(hosts, posters, seconds, contacts).await;
        let per_k = |cpu: f64| cpu / (r.messages.max(1) as f64) * 1000.0;
        let host_total: f64 = r.host_cpu.iter().sum();
        let calls: i64 = r.statements.iter().flatten().map(|s| s.calls).sum();
        let exec_ms: f64 = r.statements.iter().flatten().map(|s| s.total_ms).sum();
        println!(
            "{} host(s): {:.0} msgs/s ({} messages, {} errors); CPU per 1,000 messages: hosts {:.3} s ({}), PostgreSQL {:.3} s, load generator {:.3} s",
            r.hosts,
            r.messages as f64 / r.seconds,
            r.messages,
            r.errors,
            per_k(host_total),
            r.host_cpu.iter().map(|c| format!("{:.3}", per_k(*c))).collect::<Vec<_>>().join(" + "),
            per_k(r.postgres_cpu),
            per_k(r.client_cpu),
        );
        if let Some(statements) = &r.statements {
            println!(
                "  pg_stat_statements: {:.1} statements per message, {:.3} ms of execution per message; the heaviest:",
                calls as f64 / r.messages.max(1) as f64,
                exec_ms / r.messages.max(1) as f64
            );
            for s in statements.iter().take(8) {
                let text: String = s.query.split_whitespace().collect::<Vec<_>>().join(" ");
                println!(
                    "    {:>7.3} ms/msg {:>6.2} calls/msg  {}",
                    s.total_ms / r.messages.max(1) as f64,
                    s.calls as f64 / r.messages.max(1) as f64,
                    text.chars().take(110).collect::<String>()
                );
            }
        } else {
            println!("  (pg_stat_statements is not preloaded: statement figures skipped)");
        }
        rows.push(json!({
            "hosts": r.hosts, "messages": r.messages, "errors": r.errors, "seconds": r.seconds,
            "msgs_per_s": r.messages as f64 / r.seconds,
            "host_cpu_s_per_1000": per_k(host_total),
            "host_cpu_s_per_1000_each": r.host_cpu.iter().map(|c| per_k(*c)).collect::<Vec<_>>(),
            "postgres_cpu_s_per_1000": per_k(r.postgres_cpu),
            "load_generator_cpu_s_per_1000": per_k(r.client_cpu),
            "statements_per_message": r.statements.as_ref().map(|_| calls as f64 / r.messages.max(1) as f64),
            "statement_exec_ms_per_message": r.statements.as_ref().map(|_| exec_ms / r.messages.max(1) as f64),
            "top_statements": r.statements.iter().flatten().take(8).map(|s| json!({
                "query": s.query, "calls_per_message": s.calls as f64 / r.messages.max(1) as f64,
                "ms_per_message": s.total_ms / r.messages.max(1) as f64})).collect::<Vec<Value>>(),
        }));
    }
    // The projection of docs/capacity.md: a host core serves 1,000 / (host CPU per 1,000)
    // messages per second, a database core 1,000 / (PostgreSQL CPU per 1,000). From the round
    // with the most hosts: each host runs its own workers, and the hosts contend on shared
    // rows, so a message costs more there than with one host.
    if let Some(most) = rows.iter().max_by_key(|r| r["hosts"].as_u64()) {
        let host = most["host_cpu_s_per_1000"].as_f64().unwrap_or(f64::NAN);
        let pg = most["postgres_cpu_s_per_1000"].as_f64().unwrap_or(f64::NAN);
        println!(
            "Projection from the {}-host round (CPU-bound, 100% busy): per host core {:.0} msgs/s, per database core {:.0} msgs/s",
            most["hosts"],
            1000.0 / host,
            1000.0 / pg
        );
        for (hosts, host_cores, db_cores) in [(1, 2, 2), (3, 4, 8), (6, 8, 16), (12, 8, 32)] {
            let by_hosts = hosts as f64 * host_cores as f64 * 1000.0 / host;
            let by_db = db_cores as f64 * 1000.0 / pg;
            println!(
                "  {hosts} hosts × {host_cores} cores, database {db_cores} cores: {:.0} msgs/s ({} limits)",
                by_hosts.min(by_db),
                if by_hosts < by_db { "the hosts" } else { "the database" }
            );
        }
    }
    if full {
        let document =
            json!({"posters": posters, "contacts": contacts, "seconds": seconds, "cores": cores, "rounds": rows});
        let _ =
            std::fs::write(target_dir().join("bench-capacity.json"), serde_json::to_string_pretty(&document).unwrap());
    }
}
