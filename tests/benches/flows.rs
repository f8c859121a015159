//! Flow engine benchmark (issue 11, speed), through the real server in-process: its flow worker,
//! the shipped steps as WebAssembly, and the store on SQLite and PostgreSQL.
//!
//! 1. **A burst into a flow, and steps per second**: `BENCH_CONTACTS` contacts write "Oi" at
//!    once (each message ingested as a channel would) into an initial flow of 5 nodes to its
//!    first wait (a greeting, three conditions, a question); timed until every contact's session
//!    waits at the question. Steps per second = 5 × contacts / that time, through the whole
//!    runtime (claim, plugin calls, effects, session write, outbox, events). Target on SQLite:
//!    10,000 contacts in ≤ 20 s, ≥ 3,000 steps/s.
//! 2. **The plugin-call floor**: the same 5 steps called straight on the runtime, the share of
//!    a step's time they take (target ≤ 20 %).
//! 3. **Validation of a 500-node flow**: the median of `BENCH_VALIDATIONS` runs of the whole
//!    validation (steps resolved, schemas, ports, dry runs, the document's rules). Target ≤ 50 ms.
//!
//! ```sh
//! cargo bench -p atende-e2e --bench flows
//! ```
//!
//! It prints a table and writes `target/bench-flows.json`. PostgreSQL is measured too unless
//! `BENCH_SKIP_PG=1`. Without `--bench` it makes a short smoke run and writes nothing. Nothing
//! here asserts on timings.

use std::str::FromStr;
use std::time::{Duration, Instant};

use atende_e2e::bench::{percentile, target_dir};
use atende_e2e::{Backend, Seed, TestDb, TestServer};
use atende_host::clock::Clock;
use atende_host::domain::flow::FlowDocument;
use atende_host::domain::message::MessageKind;
use atende_host::flows::runner::dry_run_input;
use atende_host::flows::validate::validate;
use atende_host::plugins::Plugins;
use atende_host::service::App;
use atende_host::store::Inbound;
use serde_json::{Value, json};

const BURST_TARGET_S: f64 = 20.0;
const STEPS_TARGET_PER_S: f64 = 3000.0;
const PLUGIN_SHARE_TARGET: f64 = 0.20;
const VALIDATION_TARGET_MS: f64 = 50.0;
/// Nodes a contact goes through before the first wait.
const STEPS_TO_WAIT: usize = 5;

fn env_or<T: FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// The burst's flow: a greeting, three conditions, a question.
fn burst_flow() -> Value {
    let condition = |id: &str| {
        json!({"id": id, "type": "condition", "typeVersion": 1, "config": {"rules": [
            {"id": "vip", "tests": [{"op": "has_tag", "right": "VIP"}]}]}})
    };
    json!({"formatVersion": "1.0.0", "name": "Rajada", "entry": "oi", "nodes": [
        {"id": "oi", "type": "content", "typeVersion": 1, "config": {"messages": ["Olá, {nome}!"]}},
        condition("c1"), condition("c2"), condition("c3"),
        {"id": "pergunta", "type": "content", "typeVersion": 1, "config": {"messages": ["Qual é o seu pedido?"],
            "input": {"kind": "text", "variable": "pedido"}}}
    ], "edges": [
        {"from": {"node": "oi", "port": "next"}, "to": "c1"},
        {"from": {"node": "c1", "port": "else"}, "to": "c2"},
        {"from": {"node": "c2", "port": "else"}, "to": "c3"},
        {"from": {"node": "c3", "port": "else"}, "to": "pergunta"}
    ]})
}

/// A flow of `n` nodes in a chain: questions with buttons and conditions in turn.
fn big_flow(n: usize) -> Value {
    let nodes: Vec<Value> = (0..n)
        .map(|i| {
            if i % 2 == 0 {
                json!({"id": format!("n{i}"), "type": "content", "typeVersion": 1, "config": {"messages": ["Olá, {nome}!"],
                    "input": {"kind": "choice", "text": "Escolha", "options": [{"id": "a", "title": "Sim"}, {"id": "b", "title": "Não"}]}}})
            } else {
                json!({"id": format!("n{i}"), "type": "condition", "typeVersion": 1, "config": {"rules": [
                    {"id": "sim", "tests": [{"left": "nome", "op": "is_set"}]}]}})
            }
        })
        .collect();
    let edges: Vec<Value> = (0..n - 1)
        .map(|i| {
            let port = if i % 2 == 0 { "a" } else { "sim" };
            json!({"from": {"node": format!("n{i}"), "port": port}, "to": format!("n{}", i + 1)})
        })
        .collect();
    json!({"formatVersion": "1.0.0", "name": "Grande", "entry": "n0", "nodes": nodes, "edges": edges})
}

struct Figures {
    backend: &'static str,
    contacts: usize,
    burst_s: f64,
    steps_per_s: f64,
    plugin_share: f64,
    plugin_call_us: f64,
    validation_ms: f64,
}

async fn run(backend: Backend, contacts: usize, validations: usize) -> Figures {
    let db = TestDb::new(backend).await;
    let seed = Seed::create(&db.store, "Bench").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;
    let saved = admin.post_expect("/api/v1/flows", burst_flow(), 201).await;
    let id = saved["flow"]["id"].as_i64().unwrap();
    admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({}), 201).await;
    admin
        .request(
            reqwest::Method::PUT,
            "/api/v1/flow-settings",
            Some(json!({"chatbot_enabled": true, "initial_flow_id": id, "closing_flow_id": null})),
        )
        .await;

    // 1. The burst: every contact's "Oi" ingested at once, as a channel would.
    let store = db.store.clone();
    let started = Instant::now();
    let mut tasks = vec![];
    for worker in 0..8usize {
        let store = store.clone();
        let channel_id = seed.channel_id;
        tasks.push(tokio::spawn(async move {
            for c in (worker..contacts).step_by(8) {
                let phone = format!("55119{c:08}");
                let inbound = Inbound {
                    channel_id,
                    provider_message_id: format!("burst-{c}"),
                    platform: "simulator".into(),
                    contact_external_id: phone.clone(),
                    contact_name: format!("Contato {c}"),
                    contact_phone: Some(phone),
                    kind: MessageKind::Text,
                    text: Some("Oi".into()),
                    payload: None,
                    sent_at: Clock::system().now(),
                };
                store.ingest_inbound(&inbound).await.expect("ingest");
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let (waiting,): (i64,) = store
            .read()
            .await
            .unwrap()
            .fetch_one("SELECT COUNT(*) FROM flow_sessions WHERE status = 'waiting' AND node = 'pergunta'", vec![])
            .await
            .unwrap();
        if waiting as usize >= contacts {
            break;
        }
        assert!(Instant::now() < deadline, "only {waiting} of {contacts} sessions reached the question");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let burst_s = started.elapsed().as_secs_f64();
    let steps_per_s = (STEPS_TO_WAIT * contacts) as f64 / burst_s;

    // 2. The plugin-call floor: the same five steps on the runtime alone.
    let plugins = server.running_plugins();
    let doc = FlowDocument::from_value(burst_flow()).unwrap();
    let mut loaded = vec![];
    for node in &doc.nodes {
        let plugin = plugins.resolve(&db.store, seed.account_id, &node.step).await.unwrap().unwrap();
        loaded.push((plugin, node.config.to_string()));
    }
    let rounds = (contacts / 10).max(20);
    let t = Instant::now();
    for _ in 0..rounds {
        for (plugin, config) in &loaded {
            plugins.runtime.run_step(plugin, dry_run_input(config)).await.unwrap();
        }
    }
    let plugin_call_s = t.elapsed().as_secs_f64() / (rounds * loaded.len()) as f64;
    let step_s = 1.0 / steps_per_s;

    // 3. Validation of a 500-node flow.
    let media = atende_host::media_store::MediaStore::local(&std::env::temp_dir().join("atende-bench-media")).unwrap();
    let app = App::new(db.store.clone(), std::sync::Arc::new(Plugins::start(None).await.unwrap()), media);
    let big = FlowDocument::from_value(big_flow(500)).unwrap();
    let mut times = vec![];
    for _ in 0..validations {
        let t = Instant::now();
        let issues = validate(&app, seed.account_id, &big).await.unwrap().issues;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(issues.iter().all(|i| i.severity != atende_host::domain::flow::check::Severity::Error), "{issues:?}");
    }
    times.sort_by(f64::total_cmp);
    server.stop().await;
    Figures {
        backend: if backend == Backend::Sqlite { "SQLite" } else { "PostgreSQL" },
        contacts,
        burst_s,
        steps_per_s,
        plugin_share: plugin_call_s / step_s,
        plugin_call_us: plugin_call_s * 1e6,
        validation_ms: percentile(&times, 0.5),
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "meets target" } else { "BELOW TARGET" }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let contacts = env_or("BENCH_CONTACTS", if full { 10_000usize } else { 50 });
    let validations = env_or("BENCH_VALIDATIONS", if full { 20usize } else { 2 });
    let postgres = std::env::var("BENCH_SKIP_PG").map_or(true, |v| v.is_empty() || v == "0") && full;
    let mut all = vec![run(Backend::Sqlite, contacts, validations).await];
    if postgres {
        all.push(run(Backend::Postgres, contacts, validations).await);
    }
    println!("\nFlow engine benchmark ({contacts} contacts, {STEPS_TO_WAIT} nodes to the first wait)");
    println!(
        "{:<11} {:>14} {:>12} {:>22} {:>18}",
        "backend", "burst (s)", "steps/s", "plugin call (µs, %)", "validate 500 (ms)"
    );
    let mut rows = vec![];
    for f in &all {
        println!(
            "{:<11} {:>14.2} {:>12.0} {:>15.1} {:>5.1}% {:>18.1}",
            f.backend,
            f.burst_s,
            f.steps_per_s,
            f.plugin_call_us,
            f.plugin_share * 100.0,
            f.validation_ms
        );
        rows.push(
            json!({"backend": f.backend, "contacts": f.contacts, "burst_s": f.burst_s, "steps_per_s": f.steps_per_s,
            "plugin_call_us": f.plugin_call_us, "plugin_share": f.plugin_share, "validation_500_ms": f.validation_ms}),
        );
    }
    if let Some(sqlite) = all.first() {
        println!(
            "SQLite: burst {} (≤ {BURST_TARGET_S} s for 10,000), steps {} (≥ {STEPS_TARGET_PER_S}/s), plugin share {} (≤ {:.0} %), validation {} (≤ {VALIDATION_TARGET_MS} ms)",
            verdict(sqlite.burst_s * 10_000.0 / sqlite.contacts as f64 <= BURST_TARGET_S),
            verdict(sqlite.steps_per_s >= STEPS_TARGET_PER_S),
            verdict(sqlite.plugin_share <= PLUGIN_SHARE_TARGET),
            PLUGIN_SHARE_TARGET * 100.0,
            verdict(sqlite.validation_ms <= VALIDATION_TARGET_MS),
        );
    }
    if full {
        let path = target_dir().join("bench-flows.json");
        std::fs::write(&path, serde_json::to_vec_pretty(&json!({"runs": rows})).unwrap()).unwrap();
        println!("figures written to {}", path.display());
    }
}
