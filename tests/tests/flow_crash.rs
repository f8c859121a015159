//! A server killed with SIGKILL while 200 WhatsApp contacts are mid-flow (issue 11, F3: "a
//! killed server resumes every session where it was, and sends nothing twice"), on both
//! databases, with the real binary and the fake Graph API:
//!
//! 1. 200 contacts write "Oi" at once; the server is killed while the flow's greeting and menu
//!    go out, and started again. Meta redelivers every webhook (the killed server answered
//!    some, not all). Every contact ends up waiting on the menu.
//! 2. All 200 tap a reply button; the server is killed again mid-way and restarted. Every
//!    session continues from the menu it was waiting on and ends.
//!
//! 3. Like Meta under load (issue 15, part 5): a sender posts one signed webhook per contact,
//!    16 at a time, each retried until it gets a 200; the server is killed with SIGKILL
//!    `CRASH_KILLS` times (3) as the acknowledgements pass each share of the load, and started
//!    again at once. `CRASH_CONTACTS` (300) sets the load; `scripts/crash-test` runs the long
//!    version (10 kills, 40,000 messages).
//!
//! Throughout, Meta receives no message twice. A send that was in flight at the kill (claimed,
//! maybe taken by Meta, never recorded) is failed as `interrupted` for an agent to check rather
//! than sent again; every other message is sent exactly once, and every contact message is
//! stored exactly once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atende_e2e::bench::env_or;

use atende_e2e::chat::{contact_messages_stored_once, publish_initial_flow};
use atende_e2e::fake_graph::FakeGraph;
use atende_e2e::process::HostProcess;
use atende_e2e::whatsapp::{
    BUSINESS_ID, PHONE_ID, button_reply, connect_number, post_signed, text_message, webhook_body,
};
use atende_e2e::{Client, Seed, TestDb, on_both_backends};
use serde_json::{Value, json};

const CONTACTS: usize = 200;
const GREETING: &str = "Olá! Aqui é o atendimento da Acme.";
const MENU: &str = "Sobre o que você quer falar?";
const THANKS: &str = "Obrigado! Já registramos a sua escolha.";

/// Short leases, so work a killed host held is taken over within seconds.
const SETTINGS: [(&str, &str); 2] = [("ATENDE_WORKER_LEASE_MS", "3000"), ("ATENDE_GRAPH_TIMEOUT_MS", "1000")];

fn phone(contact: usize) -> String {
    format!("5511955{contact:06}")
}

fn flow() -> Value {
    let content = |id: &str, config: Value| json!({"id": id, "type": "content", "typeVersion": 1, "config": config});
    let edge = |from: &str, port: &str, to: &str| json!({"from": {"node": from, "port": port}, "to": to});
    json!({"formatVersion": "1.0.0", "name": "Triagem", "entry": "boas-vindas",
        "nodes": [
            content("boas-vindas", json!({"messages": [GREETING]})),
            content("menu", json!({"input": {"kind": "choice", "text": MENU, "options": [
                {"id": "pedido", "title": "Meu pedido"}, {"id": "entrega", "title": "Entrega"}]}})),
            content("fim", json!({"messages": [THANKS]})),
        ],
        "edges": [edge("boas-vindas", "next", "menu"), edge("menu", "pedido", "fim"), edge("menu", "entrega", "fim")]})
}

/// One webhook per contact, each with its own wamid.
fn webhooks(contacts: usize, message: impl Fn(usize) -> Value) -> Vec<Vec<u8>> {
    (0..contacts).map(|c| webhook_body(&[message(c)])).collect()
}

/// Post every webhook (16 at a time) at `url`; the ones the host did not take with a 200.
async fn deliver(url: &str, webhook: &str, bodies: &[Vec<u8>]) -> Vec<Vec<u8>> {
    use futures::StreamExt;
    let endpoint = Arc::new(format!("{url}{webhook}"));
    let http = reqwest::Client::new();
    futures::stream::iter(bodies.iter().cloned())
        .map(|body| {
            let (endpoint, http) = (endpoint.clone(), http.clone());
            async move {
                // A connection the kill cut is not an acknowledgement either: Meta sends again.
                let answered = post_signed(&http, &endpoint, body.clone()).await;
                (!answered.is_ok_and(|r| r.status() == 200)).then_some(body)
            }
        })
        .buffer_unordered(16)
        .filter_map(|refused| async move { refused })
        .collect()
        .await
}

/// Wait until Meta has received `count` sends.
async fn sends_reach(fake: &FakeGraph, count: usize) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while sends(fake).len() < count {
        assert!(tokio::time::Instant::now() < deadline, "only {} sends reached Meta", sends(fake).len());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// What Meta received: `(recipient, text)` of every message send.
fn sends(fake: &FakeGraph) -> Vec<(String, String)> {
    fake.requests_to(&format!("{PHONE_ID}/messages"))
        .iter()
        .map(|r| r.json())
        .filter(|b| b["type"] != Value::Null && b["status"] != "read")
        .map(|b| {
            let text =
                b["text"]["body"].as_str().or(b["interactive"]["body"]["text"].as_str()).unwrap_or("").to_string();
            (b["to"].as_str().unwrap_or("").trim_start_matches('+').to_string(), text)
        })
        .collect()
}

/// Wait until every contact's session is in `status` (on `node`, when given).
async fn sessions_reach(db: &TestDb, contacts: usize, status: &str, node: Option<&str>) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
    loop {
        let (count,): (i64,) = db
            .store
            .read()
            .await
            .unwrap()
            .fetch_one(
                "SELECT COUNT(*) FROM flow_sessions WHERE status = $1 AND ($2 = '' OR node = $2)",
                atende_host::args![status, node.unwrap_or("")],
            )
            .await
            .unwrap();
        if count as usize == contacts {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{count} of {contacts} sessions are {status} {node:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Wait until the outbox holds no pending send.
async fn outbox_settles(db: &TestDb) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (pending,): (i64,) = db
            .store
            .read()
            .await
            .unwrap()
            .fetch_one("SELECT COUNT(*) FROM outbox WHERE state = 'pending'", vec![])
            .await
            .unwrap();
        if pending == 0 {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{pending} sends still pending");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every contact's flow messages so far, checked against what Meta received: each text was
/// written once per contact; each was sent once, or — the send in flight at a kill — failed
/// as interrupted and sent at most once. Returns how many were interrupted.
async fn each_message_once(db: &TestDb, fake: &FakeGraph, contacts: usize, texts: &[&str]) -> usize {
    let rows: Vec<(String, String, String, Option<String>)> = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_all(
            "SELECT ct.external_id, m.body, m.status, m.error_code FROM messages m \
             JOIN conversations c ON c.id = m.conversation_id JOIN contacts ct ON ct.id = c.contact_id \
             WHERE m.direction = 'outbound' ORDER BY m.id",
            vec![],
        )
        .await
        .unwrap();
    // (contact, text) → the (status, error code) of each copy written.
    type Copies = Vec<(String, Option<String>)>;
    let mut written: HashMap<(String, String), Copies> = HashMap::new();
    for (to, body, status, code) in rows {
        written.entry((to, body)).or_default().push((status, code));
    }
    let mut received: HashMap<(String, String), usize> = HashMap::new();
    for send in sends(fake) {
        *received.entry(send).or_default() += 1;
    }
    let mut interrupted = 0;
    for contact in 0..contacts {
        for text in texts {
            let key = (phone(contact), text.to_string());
            let copies = written.get(&key).cloned().unwrap_or_default();
            assert_eq!(copies.len(), 1, "{key:?} written {copies:?}: the flow ran that step once");
            let times = received.get(&key).copied().unwrap_or(0);
            assert!(times <= 1, "{key:?} reached Meta {times} times");
            match &copies[0] {
                (status, _) if status == "sent" || status == "delivered" => assert_eq!(times, 1, "{key:?}"),
                (status, Some(code)) if status == "failed" && code == atende_host::store::INTERRUPTED_CODE => {
                    interrupted += 1
                }
                other => panic!("{key:?} ended {other:?}"),
            }
        }
    }
    assert_eq!(received.values().sum::<usize>(), received.len(), "nothing else reached Meta");
    interrupted
}

/// The host's settings: short leases, and Meta's Graph API at `fake`.
fn settings(fake: &FakeGraph) -> Vec<(&'static str, &str)> {
    let mut settings = SETTINGS.to_vec();
    settings.push(("ATENDE_GRAPH_API_URL", &fake.url));
    settings
}

/// A seeded account with a WhatsApp number whose contacts are greeted by [`flow`]; the
/// number's webhook path.
async fn whatsapp_with_the_flow(db: &TestDb, host: &HostProcess) -> String {
    let seed = Seed::create(&db.store, "Acme").await;
    let mut admin = Client::new(&host.url);
    assert_eq!(admin.login(&seed.admin.email, atende_e2e::seed::PASSWORD).await, 200);
    let channel = json!({"name": "WhatsApp", "external_id": PHONE_ID, "business_id": BUSINESS_ID});
    let webhook = connect_number(&admin, channel).await["webhook_path"].as_str().unwrap().to_string();
    publish_initial_flow(&admin, flow()).await;
    webhook
}

on_both_backends! {
    async fn a_server_killed_mid_flow_resumes_every_session_and_sends_nothing_twice(db: TestDb) {
        let fake = FakeGraph::start().await;
        let data = tempfile::tempdir().unwrap();
        let settings = settings(&fake);
        let host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        let webhook = whatsapp_with_the_flow(&db, &host).await;

        // 1. Everyone writes; the host dies while the greetings and menus go out.
        let hellos = webhooks(CONTACTS, |c| text_message(&phone(c), &format!("wamid.oi.{c}"), "Oi"));
        let url = host.url.clone();
        let first_wave = {
            let webhook = webhook.clone();
            let hellos = hellos.clone();
            tokio::spawn(async move { deliver(&url, &webhook, &hellos).await })
        };
        sends_reach(&fake, CONTACTS / 2).await;
        host.kill().await;
        let refused = first_wave.await.unwrap();
        assert!(sends(&fake).len() < 2 * CONTACTS, "the kill came mid-flow");
        let host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        // Meta redelivers what was not acknowledged; a redelivery of the rest changes nothing.
        assert!(deliver(&host.url, &webhook, &refused).await.is_empty());
        assert!(deliver(&host.url, &webhook, &hellos).await.is_empty());
        sessions_reach(&db, CONTACTS, "waiting", Some("menu")).await;
        outbox_settles(&db).await;
        let interrupted_first = each_message_once(&db, &fake, CONTACTS, &[GREETING, MENU]).await;
        contact_messages_stored_once(&db, CONTACTS, 1).await;

        // 2. Everyone taps a button; the host dies again while the answers are handled.
        let before = sends(&fake).len();
        let taps = webhooks(CONTACTS, |c| button_reply(&phone(c), &format!("wamid.tap.{c}"), "pedido", "Meu pedido"));
        let url = host.url.clone();
        let second_wave = {
            let webhook = webhook.clone();
            let taps = taps.clone();
            tokio::spawn(async move { deliver(&url, &webhook, &taps).await })
        };
        sends_reach(&fake, before + CONTACTS / 3).await;
        host.kill().await;
        let refused = second_wave.await.unwrap();
        let host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        assert!(deliver(&host.url, &webhook, &refused).await.is_empty());
        assert!(deliver(&host.url, &webhook, &taps).await.is_empty());
        sessions_reach(&db, CONTACTS, "completed", None).await;
        outbox_settles(&db).await;
        let interrupted = each_message_once(&db, &fake, CONTACTS, &[GREETING, MENU, THANKS]).await;
        contact_messages_stored_once(&db, CONTACTS, 2).await;
        // At most the one send each kill caught in flight.
        assert!(interrupted <= 2 && interrupted >= interrupted_first, "{interrupted} sends interrupted");
        drop(host);
    }

    async fn a_server_killed_again_and_again_under_a_retrying_webhook_load_loses_and_repeats_nothing(db: TestDb) {
        let contacts: usize = env_or("CRASH_CONTACTS", 300);
        let kills: usize = env_or("CRASH_KILLS", 3);
        let fake = FakeGraph::start().await;
        let data = tempfile::tempdir().unwrap();
        let settings = settings(&fake);
        let mut host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        let webhook = whatsapp_with_the_flow(&db, &host).await;

        // The sender: every webhook posted until a 200, against whichever host is up now.
        let current = Arc::new(Mutex::new(host.url.clone()));
        let acknowledged = Arc::new(AtomicUsize::new(0));
        let bodies = webhooks(contacts, |c| text_message(&phone(c), &format!("wamid.carga.{c}"), "Oi"));
        let sender = {
            let (current, acknowledged, webhook) = (current.clone(), acknowledged.clone(), webhook.clone());
            tokio::spawn(async move {
                use futures::StreamExt;
                let http = reqwest::Client::new();
                futures::stream::iter(bodies)
                    .for_each_concurrent(16, |body| {
                        let (http, current, acknowledged, webhook) = (http.clone(), current.clone(), acknowledged.clone(), webhook.clone());
                        async move {
                            loop {
                                let url = format!("{}{webhook}", current.lock().unwrap());
                                let answer = post_signed(&http, &url, body.clone()).await;
                                if answer.is_ok_and(|a| a.status() == 200) {
                                    acknowledged.fetch_add(1, Ordering::SeqCst);
                                    return;
                                }
                                tokio::time::sleep(Duration::from_millis(20)).await;
                            }
                        }
                    })
                    .await;
            })
        };
        for kill in 1..=kills {
            let share = contacts * kill / (kills + 1);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
            while acknowledged.load(Ordering::SeqCst) < share {
                assert!(tokio::time::Instant::now() < deadline, "the load stalled before kill {kill}");
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            host.kill().await;
            host = HostProcess::start_with(&db.url, data.path(), &settings).await;
            *current.lock().unwrap() = host.url.clone();
        }
        tokio::time::timeout(Duration::from_secs(600), sender).await.expect("every webhook acknowledged").unwrap();
        assert_eq!(acknowledged.load(Ordering::SeqCst), contacts);

        // Every acknowledged message stored once; every flow resumed to its menu; nothing sent twice.
        contact_messages_stored_once(&db, contacts, 1).await;
        sessions_reach(&db, contacts, "waiting", Some("menu")).await;
        outbox_settles(&db).await;
        let interrupted = each_message_once(&db, &fake, contacts, &[GREETING, MENU]).await;
        assert!(interrupted <= kills, "{interrupted} sends interrupted by {kills} kills");
        drop(host);
    }
}
