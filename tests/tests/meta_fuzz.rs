//! Property tests over the Meta webhook parsers (issue 5, speed and safety): arbitrary bytes and
//! mutated fixtures never make a parser panic, and, played signed at the real server, never get
//! a 5xx: a bad body is a 4xx, an odd but valid one is stored or skipped.

use atende_e2e::fake_graph::{ACCESS_TOKEN, APP_SECRET, FakeGraph, VERIFY_TOKEN, fixture, fixtures_dir};
use atende_e2e::{Backend, Seed, TestDb, TestServer};
use atende_host::channels::messenger::inbound as messenger;
use atende_host::channels::whatsapp::inbound as whatsapp;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

/// Every webhook-shaped fixture (inbound, statuses, echoes, page and Instagram events).
fn webhook_fixtures() -> Vec<Value> {
    let mut out = vec![];
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(stem) = name.strip_suffix(".json") else { continue };
        if ["wa_inbound", "wa_status_", "wa_smb_", "fb_webhook", "ig_webhook"].iter().any(|p| stem.starts_with(p)) {
            out.push(serde_json::from_str(&fixture(stem)).unwrap());
        }
    }
    assert!(out.len() >= 25, "found {} fixtures", out.len());
    out
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        Just(json!("")),
        Just(json!("1749416383")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Replace the `index`-th node (depth first) of `value` with `with`.
fn mutate(value: &mut Value, index: &mut usize, with: &Value) -> bool {
    if *index == 0 {
        *value = with.clone();
        return true;
    }
    *index -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| mutate(v, index, with)),
        Value::Object(map) => map.values_mut().any(|v| mutate(v, index, with)),
        _ => false,
    }
}

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let fixtures = webhook_fixtures();
    (0..fixtures.len(), prop::collection::vec((0usize..200, any_json()), 1..4), any::<bool>()).prop_map(
        move |(which, edits, truncate)| {
            let mut value = fixtures[which].clone();
            for (at, with) in &edits {
                let mut index = *at;
                mutate(&mut value, &mut index, with);
            }
            let mut bytes = serde_json::to_vec(&value).unwrap();
            if truncate && bytes.len() > 10 {
                bytes.truncate(bytes.len() / 2);
            }
            bytes
        },
    )
}

fn parse_all(body: &[u8]) {
    const NOW: i64 = 1_700_000_000_000;
    let _ = whatsapp::parse(body, NOW);
    let _ = messenger::parse(body, "page", "messenger", NOW);
    let _ = messenger::parse(body, "instagram", "instagram", NOW);
}

#[test]
fn arbitrary_bytes_never_panic_a_parser() {
    let mut runner = TestRunner::new(Config { cases: 2000, ..Config::default() });
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..512), |bytes| {
            parse_all(&bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
fn mutated_fixtures_never_panic_a_parser() {
    let mut runner = TestRunner::new(Config { cases: 3000, ..Config::default() });
    runner
        .run(&mutated(), |bytes| {
            parse_all(&bytes);
            Ok(())
        })
        .unwrap();
}

#[test]
fn mutated_fixtures_played_signed_never_get_a_5xx() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (server, paths, _db) = runtime.block_on(async {
        let db = TestDb::new(Backend::Sqlite).await;
        let seed = Seed::create(&db.store, "Acme").await;
        let fake = FakeGraph::start().await;
        let url = fake.url.clone();
        let server = TestServer::start_with(&db.store, |a| a.graph_api_url = url).await;
        let admin = server.login(&seed.admin.email).await;
        let mut paths = vec![];
        for (kind, id) in [
            ("whatsapp", "106540352242922"),
            ("whatsapp", "1122334455667"),
            ("messenger", "PAGE_ID"),
            ("instagram", "<IGID>"),
        ] {
            let channel = admin
                .post_expect(
                    "/api/v1/channels/meta",
                    json!({"kind": kind, "name": kind, "external_id": id.trim_matches(|c| c == '<' || c == '>'),
                "app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "access_token": ACCESS_TOKEN}),
                    201,
                )
                .await;
            paths.push(channel["webhook_path"].as_str().unwrap().to_string());
        }
        (server, paths, db)
    });
    let url = server.url();
    let mut runner = TestRunner::new(Config { cases: 150, ..Config::default() });
    let accepted = std::sync::atomic::AtomicUsize::new(0);
    let refused = std::sync::atomic::AtomicUsize::new(0);
    runner
        .run(&(mutated(), 0..4usize), |(bytes, which)| {
            let (status, body) = runtime.block_on(FakeGraph::play(&url, &paths[which], APP_SECRET, &bytes));
            let counter = if status == 200 { &accepted } else { &refused };
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            prop_assert!(status.as_u16() < 500, "{status}: {body} for {}", String::from_utf8_lossy(&bytes));
            prop_assert!(status == 200 || body["error"]["code"].is_string(), "{status}: {body}");
            Ok(())
        })
        .unwrap();
    // Both paths were exercised: bodies read and applied, and bodies refused with a 4xx.
    assert!(accepted.into_inner() > 10 && refused.into_inner() > 10);
    runtime.block_on(server.stop());
}
