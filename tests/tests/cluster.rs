//! Several hosts behind a real load balancer (issue 15 part 4; DESIGN "Several hosts"): 3
//! `atende` processes on one PostgreSQL, behind HAProxy (round robin, no sticky sessions), media
//! in a SeaweedFS bucket, Meta faked by one `FakeGraph` that knows which host sent what
//! (`atende_e2e::cluster`). Clients only ever use HAProxy's URL, except where a test must ask
//! each host directly.
//!
//! - Agents connected to whichever host HAProxy gives them see every event, in order, without
//!   a gap, while contacts write through the other hosts; round robin stays fair.
//! - Outbox sends, scheduled messages (jobs), flow timers and broadcasts run exactly once
//!   across the 3 hosts: Meta receives each message once.
//! - A host killed with SIGKILL under a webhook load (a sender that retries until it gets a
//!   200, like Meta), flows with timers and agent replies loses nothing: each acknowledged
//!   message is stored once, each flow step and reply sent once; an agent whose stream was on
//!   the dead host reconnects through HAProxy and misses no event; a send the dead host had
//!   claimed is taken over by the others when its lease ends, and the host rejoins after a
//!   restart.
//! - Media one host downloaded or took as an upload (a message's, the media library's) is
//!   readable from every host.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use atende_e2e::chat::publish_initial_flow;
use atende_e2e::cluster::{Cluster, HOSTS, ServerStats};
use atende_e2e::fake_graph::{APP_SECRET, FakeGraph, fixture_now};
use atende_e2e::whatsapp::{BUSINESS_ID, PHONE_ID, connect_number, post_signed, text_message, webhook_body};
use atende_e2e::{Backend, Client, EventStream, Seed, TestDb};
use futures::StreamExt;
use serde_json::{Value, json};
use tokio::time::Instant;

/// Short leases, so a killed host's claims pass to the others within seconds. The lease must
/// exceed two Graph API timeouts (a media send makes two calls).
const LEASES: [(&str, &str); 2] = [("ATENDE_WORKER_LEASE_MS", "3000"), ("ATENDE_GRAPH_TIMEOUT_MS", "1000")];

/// Poll `check` every 50 ms until it answers `Some`; panics with `what` after `limit`.
async fn eventually<T, F, Fut>(what: &str, limit: Duration, check: F) -> T
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(Instant::now() < deadline, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What `got` lacks of `want` and what it holds more than once (for a failure message).
fn diff(got: &[i64], want: &[i64]) -> (Vec<i64>, Vec<i64>) {
    let seen: BTreeSet<i64> = got.iter().copied().collect();
    let missing = want.iter().copied().filter(|s| !seen.contains(s)).collect();
    let mut counted: HashMap<i64, usize> = HashMap::new();
    got.iter().for_each(|s| *counted.entry(*s).or_default() += 1);
    (missing, counted.into_iter().filter(|(_, n)| *n > 1).map(|(s, _)| s).collect())
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let (n,): (i64,) = db.store.read().await.unwrap().fetch_one(sql, vec![]).await.unwrap();
    n
}

/// Wait until the outbox holds no pending send.
async fn outbox_settles(db: &TestDb) {
    eventually("the outbox empties", Duration::from_secs(60), || async move {
        (count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'").await == 0).then_some(())
    })
    .await
}

/// The admin of `seed`, logged in through `url`.
async fn admin(url: &str, seed: &Seed) -> Client {
    let mut admin = Client::new(url);
    assert_eq!(admin.login(&seed.admin.email, atende_e2e::seed::PASSWORD).await, 200);
    admin
}

/// Connect the fixtures' WhatsApp number (secrets of the fake): its id and webhook path.
async fn connect_whatsapp(admin: &Client) -> (i64, String) {
    let channel = json!({"name": "WhatsApp", "external_id": PHONE_ID, "business_id": BUSINESS_ID});
    let channel = connect_number(admin, channel).await;
    (channel["id"].as_i64().unwrap(), channel["webhook_path"].as_str().unwrap().to_string())
}

fn phone(contact: usize) -> String {
    format!("5511944{contact:06}")
}

/// What a WhatsApp message send carried, to tell sends apart: the text, the interactive body,
/// or the template's name and parameters.
fn label(body: &Value) -> String {
    match body["type"].as_str() {
        Some("text") => body["text"]["body"].as_str().unwrap_or("").to_string(),
        Some("interactive") => body["interactive"]["body"]["text"].as_str().unwrap_or("").to_string(),
        Some("template") => {
            let params: Vec<&str> = body["template"]["components"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|c| c["parameters"].as_array().into_iter().flatten())
                .filter_map(|p| p["text"].as_str())
                .collect();
            format!("{}({})", body["template"]["name"].as_str().unwrap_or(""), params.join(","))
        }
        other => format!("{other:?}"),
    }
}

/// Every message send Meta received: `(recipient, label, host that sent it)`.
fn sends(graph: &FakeGraph) -> Vec<(String, String, String)> {
    graph
        .requests_to(&format!("{PHONE_ID}/messages"))
        .into_iter()
        .filter(|r| r.json()["type"] != Value::Null)
        .map(|r| {
            let body = r.json();
            let to = body["to"].as_str().unwrap_or("").trim_start_matches('+').to_string();
            (to, label(&body), r.via.clone().unwrap_or_default())
        })
        .collect()
}

/// How many times Meta received each `(recipient, label)`.
fn sends_by_message(graph: &FakeGraph) -> HashMap<(String, String), usize> {
    let mut times = HashMap::new();
    for (to, label, _) in sends(graph) {
        *times.entry((to, label)).or_default() += 1;
    }
    times
}

/// Post every body to `url` + `path` signed, `parallel` at a time, each retried until it gets a
/// 200, as Meta does; `acknowledged` counts the 200s.
async fn deliver_until_acknowledged(
    url: String,
    path: String,
    bodies: Vec<Vec<u8>>,
    parallel: usize,
    acknowledged: Arc<AtomicUsize>,
) {
    let http = reqwest::Client::new();
    futures::stream::iter(bodies)
        .for_each_concurrent(parallel, |body| {
            let (http, url, path, acknowledged) = (http.clone(), url.clone(), path.clone(), acknowledged.clone());
            async move {
                let deadline = Instant::now() + Duration::from_secs(60);
                loop {
                    let answer = post_signed(&http, &format!("{url}{path}"), body.clone()).await;
                    if answer.is_ok_and(|a| a.status() == 200) {
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                        return;
                    }
                    assert!(Instant::now() < deadline, "a webhook was refused for a minute");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn agents_on_any_host_see_every_event_in_order_and_round_robin_stays_fair() {
    const STREAMS: usize = 6;
    const CONTACTS: usize = 5;
    const MESSAGES: usize = 20;
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Acme").await;
    let cluster = Cluster::start(&db, &[]).await;
    let admin = admin(&cluster.url, &seed).await;

    // The agents' sockets go where round robin sends them: 6 in a row land 2 on each host.
    let mut streams = Vec::new();
    for _ in 0..STREAMS {
        let mut stream = admin.events(None).await;
        let hello = stream.next().await;
        assert_eq!(hello["type"], "hello");
        streams.push((stream, hello["seq"].as_i64().unwrap()));
    }
    let servers = cluster.lb.servers().await;
    assert!(servers.iter().all(|s| s.current >= 1), "every host holds a socket: {servers:?}");

    // Contacts write through HAProxy, each its messages one after another, side by side: the
    // messages are taken by all 3 hosts, whichever host each socket is on.
    let writers = (0..CONTACTS).map(|c| {
        let (url, key) = (cluster.url.clone(), seed.simulator_key.clone());
        async move {
            let simulator = Client::new(&url);
            for m in 0..MESSAGES {
                let body = json!({"phone": phone(c), "name": format!("Contato {c}"), "text": format!("c{c} m{m}")});
                simulator.post_expect(&format!("/api/v1/simulator/{key}/messages"), body, 202).await;
            }
        }
    });
    futures::future::join_all(writers).await;

    // Each socket: every event from its hello on, numbered without a gap or repeat, each
    // contact's messages in the order written, and the same log as every other socket.
    let mut logs = Vec::new();
    for (stream, hello) in &mut streams {
        let mut log: Vec<(i64, String, Value)> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        while texts.len() < CONTACTS * MESSAGES {
            let frame = stream.next().await;
            assert_eq!(frame["type"], "event", "{frame}");
            let seq = frame["seq"].as_i64().unwrap();
            assert_eq!(seq, log.last().map_or(*hello, |(s, _, _)| *s) + 1, "no gap, no repeat: {frame}");
            if frame["kind"] == "message.created" {
                texts.push(frame["message"]["text"].as_str().unwrap().to_string());
            }
            log.push((seq, frame["kind"].as_str().unwrap().to_string(), frame["message"]["id"].clone()));
        }
        for c in 0..CONTACTS {
            let mine: Vec<&String> = texts.iter().filter(|t| t.starts_with(&format!("c{c} "))).collect();
            let written: Vec<String> = (0..MESSAGES).map(|m| format!("c{c} m{m}")).collect();
            assert_eq!(mine, written.iter().collect::<Vec<_>>(), "contact {c}'s messages, each once, in order");
        }
        logs.push(log);
    }
    let first: HashMap<i64, &(i64, String, Value)> = logs[0].iter().map(|e| (e.0, e)).collect();
    for log in &logs[1..] {
        for event in log {
            assert!(first.get(&event.0).is_none_or(|e| *e == event), "every socket sees the same log: {event:?}");
        }
    }

    // Fair: after logins, sockets and 100 writes, 300 reads on one keep-alive connection (no
    // stickiness: each request takes the next host, not the connection's) and 300 side by side.
    let requests = |servers: &[ServerStats]| servers.iter().map(|s| s.requests).collect::<Vec<u64>>();
    let start = requests(&cluster.lb.servers().await);
    let reader = reqwest::Client::builder().pool_max_idle_per_host(1).build().unwrap();
    for _ in 0..300 {
        let answer = reader.get(format!("{}/healthz", cluster.url)).send().await.unwrap();
        assert!(answer.status().is_success());
    }
    let before = requests(&cluster.lb.servers().await);
    for (i, (after, start)) in before.iter().zip(&start).enumerate() {
        assert!(
            (95..=105).contains(&(after - start)),
            "host{i} took {} of 300 requests on one connection",
            after - start
        );
    }
    futures::stream::iter(0..300)
        .for_each_concurrent(16, |_| {
            let admin = admin.clone();
            async move {
                admin.get_ok("/api/v1/conversations?view=all").await;
            }
        })
        .await;
    let servers = cluster.lb.servers().await;
    let requests = requests(&servers);
    let total: u64 = requests.iter().sum();
    let mean = total as f64 / HOSTS as f64;
    assert!(total >= 700, "{servers:?}");
    for (s, r) in servers.iter().zip(&requests) {
        // Round robin hands requests out in turn: each host within 5% of the mean.
        assert!((*r as f64 - mean).abs() <= mean * 0.05, "{} got {r} of {total} requests: {servers:?}", s.name);
    }
    for (i, (after, before)) in requests.iter().zip(&before).enumerate() {
        assert!((95..=105).contains(&(after - before)), "host{i} took {} of the last 300: {servers:?}", after - before);
    }
}

/// A flow with a timer: a greeting, a 1.5 s `delay` (a durable wake-up any host may run), a
/// second message, then a service opened for the queue.
fn flow_with_a_timer() -> Value {
    let node =
        |id: &str, kind: &str, config: Value| json!({"id": id, "type": kind, "typeVersion": 1, "config": config});
    let edge = |from: &str, to: &str| json!({"from": {"node": from, "port": "next"}, "to": to});
    json!({"formatVersion": "1.0.0", "name": "Espera", "entry": "ola",
        "nodes": [
            node("ola", "content", json!({"messages": ["Olá! Um momento."]})),
            node("espera", "delay", json!({"duration_ms": 1500})),
            node("depois", "content", json!({"messages": ["Obrigado por esperar."]})),
            node("fila", "open-service", json!({"assign": "none"})),
        ],
        "edges": [edge("ola", "espera"), edge("espera", "depois"), edge("depois", "fila")]})
}

/// Publish [`flow_with_a_timer`] and greet every contact with it.
async fn greet_with_the_flow(admin: &Client) {
    publish_initial_flow(admin, flow_with_a_timer()).await;
}

/// The messages [`flow_with_a_timer`] sends each contact.
const FLOW_TEXTS: [&str; 2] = ["Olá! Um momento.", "Obrigado por esperar."];

/// An approved WhatsApp template `aviso` with one body parameter, as Meta lists it.
fn template() -> Value {
    json!({"name": "aviso", "parameter_format": "POSITIONAL", "language": "pt_BR", "status": "APPROVED",
        "category": "UTILITY", "id": "990000000000001",
        "components": [{"type": "BODY", "text": "Aviso: {{1}}", "example": {"body_text": [["teste"]]}}]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_jobs_flow_timers_and_broadcasts_run_exactly_once_across_the_hosts() {
    const CONTACTS: usize = 30;
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Acme").await;
    let cluster = Cluster::start(&db, &[]).await;
    let admin = &admin(&cluster.url, &seed).await;
    let (channel, webhook) = connect_whatsapp(admin).await;
    cluster.graph.set_template_pages(vec![vec![template()]]);
    admin.post_expect(&format!("/api/v1/channels/{channel}/templates/sync"), json!({}), 200).await;
    let templates = admin.get_ok("/api/v1/templates?sendable=true").await;
    let template = templates["items"].as_array().unwrap().iter().find(|t| t["name"] == "aviso").expect("synced")["id"]
        .as_i64()
        .unwrap();
    greet_with_the_flow(admin).await;

    // Every contact writes (webhooks through HAProxy: all 3 hosts ingest), and runs the flow:
    // its timer fires on whichever host claims it.
    let bodies =
        (0..CONTACTS).map(|c| webhook_body(&[text_message(&phone(c), &format!("wamid.oi.{c}"), "Oi")])).collect();
    let acknowledged = Arc::new(AtomicUsize::new(0));
    deliver_until_acknowledged(cluster.url.clone(), webhook.clone(), bodies, 8, acknowledged.clone()).await;
    let db = &db;
    eventually("every flow reaches its service", Duration::from_secs(60), || async move {
        (count(db, "SELECT COUNT(*) FROM flow_sessions WHERE status = 'completed' OR status = 'handover'").await
            == CONTACTS as i64)
            .then_some(())
    })
    .await;

    // Then, on every chat: two agent replies (the outbox), a scheduled template in 2 s (a job)
    // and a broadcast to every contact.
    let chats: Vec<(i64, String)> = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_all(
            "SELECT c.id, ct.external_id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id WHERE c.kind = 'contact'",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(chats.len(), CONTACTS);
    let send_at = atende_host::clock::Clock::system().now() + 2_000;
    futures::stream::iter(chats.clone())
        .for_each_concurrent(8, |(chat, to)| {
            let admin = admin.clone();
            async move {
                for reply in ["Resposta 1", "Resposta 2"] {
                    let text = format!("{reply} para {to}");
                    admin
                        .post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": text}), 201)
                        .await;
                }
                let scheduled = json!({"template_id": template, "positional": ["agendado"], "send_at": send_at});
                admin.post_expect(&format!("/api/v1/conversations/{chat}/scheduled-messages"), scheduled, 201).await;
            }
        })
        .await;
    let broadcast = json!({"name": "Todos", "channel_id": channel, "template_id": template,
        "values": {"positional": ["difusão"]}, "rate_per_s": 50});
    let broadcast = admin.post_expect("/api/v1/broadcasts", broadcast, 201).await["id"].as_i64().unwrap();

    let expected: Vec<String> =
        vec![FLOW_TEXTS[0].into(), FLOW_TEXTS[1].into(), "aviso(agendado)".into(), "aviso(difusão)".into()];
    let graph = &cluster.graph;
    eventually("everything is sent", Duration::from_secs(90), || async move {
        let done = admin.get_ok(&format!("/api/v1/broadcasts/{broadcast}")).await["state"] == "done";
        let jobs = count(db, "SELECT COUNT(*) FROM jobs WHERE kind = 'scheduled_message' AND state = 'pending'").await;
        let pending = count(db, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'").await;
        (done && jobs == 0 && pending == 0 && sends(graph).len() >= CONTACTS * 6).then_some(())
    })
    .await;
    // A moment more: a second copy of anything would come now.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let times = sends_by_message(&cluster.graph);
    for (_, to) in &chats {
        let mut mine = expected.clone();
        mine.push(format!("Resposta 1 para {to}"));
        mine.push(format!("Resposta 2 para {to}"));
        for label in mine {
            assert_eq!(times.get(&(to.clone(), label.clone())), Some(&1), "{to} got {label:?} once");
        }
    }
    assert_eq!(times.len(), CONTACTS * 6, "nothing else reached Meta: {times:?}");
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM outbox WHERE state <> 'done' OR attempts <> 1").await,
        0,
        "each send claimed once"
    );
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM jobs WHERE kind = 'scheduled_message' AND (state <> 'done' OR attempts <> 1)")
            .await,
        0,
        "each scheduled message run once"
    );
    assert_eq!(
        count(
            db,
            &format!("SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = {broadcast} AND state = 'sent'")
        )
        .await,
        CONTACTS as i64
    );
    // The work was shared: more than one host talked to Meta.
    let hosts: BTreeSet<String> = sends(&cluster.graph).into_iter().map(|(_, _, via)| via).collect();
    assert!(hosts.len() >= 2, "sends came from {hosts:?} only");
}

/// An agent's live stream through HAProxy, read until `until` (set when the test knows the
/// log's head): when its host dies it reconnects, HAProxy picks a live host, and it resumes
/// after the last event it got, as the web UI does. The events' numbers it received, and how
/// often it reconnected.
async fn follow(admin: Client, stream: EventStream, hello: i64, until: Arc<AtomicI64>) -> (Vec<i64>, usize) {
    use tokio_tungstenite::tungstenite::Message;
    let mut seqs: Vec<i64> = Vec::new();
    let mut reconnects = 0;
    let mut socket = Some(stream.into_inner());
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        assert!(Instant::now() < deadline, "the stream never reached the head; at {:?}", seqs.last());
        let last = seqs.last().copied().unwrap_or(hello);
        let target = until.load(Ordering::SeqCst);
        if target > 0 && last >= target {
            return (seqs, reconnects);
        }
        let Some(open) = socket.as_mut() else {
            // Resume after the last event received (`since`).
            match admin.try_events(Some(last)).await {
                Ok(stream) => socket = Some(stream.into_inner()),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
            continue;
        };
        match tokio::time::timeout(Duration::from_millis(200), open.next()).await {
            Err(_) => {}
            Ok(Some(Ok(Message::Text(text)))) => {
                let frame: Value = serde_json::from_str(&text).unwrap();
                match frame["type"].as_str() {
                    Some("hello") => {}
                    Some("event") => seqs.push(frame["seq"].as_i64().unwrap()),
                    _ => panic!("unexpected frame {frame}"),
                }
            }
            Ok(Some(Ok(_))) => {}
            // The host died (the connection was closed or reset): reconnect.
            Ok(None | Some(Err(_))) => {
                socket = None;
                reconnects += 1;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_killed_mid_load_loses_nothing_and_its_claims_pass_to_the_others() {
    const CONTACTS: usize = 150;
    const VICTIM: usize = 1;
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Acme").await;
    let mut cluster = Cluster::start(&db, &LEASES).await;
    let admin = admin(&cluster.url, &seed).await;
    let (_, webhook) = connect_whatsapp(&admin).await;
    // Each contact runs the flow (its timer is a claimed wake-up like any other work).
    greet_with_the_flow(&admin).await;

    // 3 agents' live streams, one on each host (round robin); the one on the victim reconnects.
    let head = Arc::new(AtomicI64::new(0));
    let mut followers = Vec::new();
    for _ in 0..HOSTS {
        let mut stream = admin.events(None).await;
        let hello = stream.next().await;
        assert_eq!(hello["type"], "hello");
        let hello = hello["seq"].as_i64().unwrap();
        followers.push((hello, tokio::spawn(follow(admin.clone(), stream, hello, head.clone()))));
    }
    assert!(cluster.lb.servers().await.iter().all(|s| s.current >= 1), "a stream on every host");

    // Meta's side: every contact's webhook, retried until a 200.
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let bodies: Vec<Vec<u8>> =
        (0..CONTACTS).map(|c| webhook_body(&[text_message(&phone(c), &format!("wamid.carga.{c}"), "Oi")])).collect();
    let sender =
        tokio::spawn(deliver_until_acknowledged(cluster.url.clone(), webhook, bodies, 8, acknowledged.clone()));

    // The agents' side: a reply to every chat the flow opened for service, through HAProxy. A
    // reply answered 201 is acknowledged; one whose answer was lost (its host died) may or may
    // not be stored, and is written again under a new text.
    let acknowledged_replies = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let lost_replies = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
    let replier = {
        let (db_store, admin) = (db.store.clone(), admin.clone());
        let (acked, lost) = (acknowledged_replies.clone(), lost_replies.clone());
        tokio::spawn(async move {
            let mut replied = BTreeSet::new();
            let deadline = Instant::now() + Duration::from_secs(120);
            while replied.len() < CONTACTS {
                assert!(Instant::now() < deadline, "only {} chats replied to", replied.len());
                let chats: Vec<(i64, String)> = db_store
                    .read()
                    .await
                    .unwrap()
                    .fetch_all(
                        "SELECT c.id, ct.external_id FROM conversations c JOIN contacts ct ON ct.id = c.contact_id \
                         WHERE c.kind = 'contact' AND c.state = 'open' ORDER BY c.id",
                        vec![],
                    )
                    .await
                    .unwrap();
                let new: Vec<(i64, String)> = chats.into_iter().filter(|(chat, _)| !replied.contains(chat)).collect();
                for (chat, to) in new {
                    for attempt in 0.. {
                        assert!(Instant::now() < deadline, "a reply to chat {chat} refused for two minutes");
                        let text = format!("Resposta {attempt} para {to}");
                        let answer = admin
                            .try_post(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": text}))
                            .await;
                        if answer.is_ok_and(|(status, _)| status == 201) {
                            acked.lock().unwrap().push((to.clone(), text));
                            replied.insert(chat);
                            break;
                        }
                        lost.lock().unwrap().push((to.clone(), text));
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };

    // A third of the way in, the victim's next send hangs at Meta (claimed, in flight), and
    // the victim is killed while it waits.
    let load = &acknowledged;
    eventually("a third of the load acknowledged", Duration::from_secs(60), || async move {
        (load.load(Ordering::SeqCst) >= CONTACTS / 3).then_some(())
    })
    .await;
    cluster.graph.hang_next_send_from(&Cluster::name(VICTIM));
    let graph = &cluster.graph;
    let hung =
        eventually("the victim sends", Duration::from_secs(30), || async move { graph.hung().first().cloned() }).await;
    cluster.kill(VICTIM).await;
    let killed = Instant::now();
    let hung_text = label(&hung.json());
    let hung_to = hung.json()["to"].as_str().unwrap().trim_start_matches('+').to_string();

    tokio::time::timeout(Duration::from_secs(120), sender).await.expect("every webhook acknowledged").unwrap();
    assert_eq!(acknowledged.load(Ordering::SeqCst), CONTACTS);
    tokio::time::timeout(Duration::from_secs(120), replier).await.expect("every chat replied to").unwrap();

    // The send the victim held: nobody touches it while its lease runs, then another host
    // fails it as interrupted (Meta may have taken it) rather than sending it again.
    let (db, hung_to, hung_text) = (&db, &hung_to, &hung_text);
    let state_of_hung = || async move {
        let rows: Vec<(String, Option<String>)> = db
            .store
            .read()
            .await
            .unwrap()
            .fetch_all(
                "SELECT m.status, m.error_code FROM messages m JOIN conversations c ON c.id = m.conversation_id \
                 JOIN contacts ct ON ct.id = c.contact_id WHERE m.direction = 'outbound' AND ct.external_id = $1 AND m.body = $2",
                atende_host::args![hung_to, hung_text],
            )
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "{hung_text:?} stored once");
        rows.into_iter().next().unwrap()
    };
    let state_of_hung = &state_of_hung;
    let taken_over = eventually("the dead host's send is taken over", Duration::from_secs(30), || async move {
        let (status, code) = state_of_hung().await;
        (status == "failed").then_some((code, killed.elapsed()))
    })
    .await;
    assert_eq!(taken_over.0.as_deref(), Some(atende_host::store::INTERRUPTED_CODE));
    assert!(
        taken_over.1 >= Duration::from_millis(2000),
        "taken over {:?} after the kill, before the lease ended",
        taken_over.1
    );
    outbox_settles(db).await;

    // Every acknowledged webhook stored once.
    atende_e2e::chat::contact_messages_stored_once(db, CONTACTS, 1).await;

    // Every flow ran to its end, each step once: the greeting, the timer, the second message.
    assert_eq!(
        count(db, "SELECT COUNT(*) FROM flow_sessions WHERE status IN ('completed', 'handover')").await,
        CONTACTS as i64
    );

    // Every flow message and acknowledged reply stored once and sent once (the hung one: failed,
    // at Meta the once it hung); a reply whose answer was lost is stored at most once; nothing
    // reached Meta twice.
    let stored: Vec<(String, String, String)> = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_all(
            "SELECT ct.external_id, m.body, m.status FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             JOIN contacts ct ON ct.id = c.contact_id WHERE m.direction = 'outbound'",
            vec![],
        )
        .await
        .unwrap();
    let mut copies: HashMap<(String, String), Vec<String>> = HashMap::new();
    for (to, body, status) in stored {
        copies.entry((to, body)).or_default().push(status);
    }
    let times = sends_by_message(&cluster.graph);
    let acked = acknowledged_replies.lock().unwrap().clone();
    assert_eq!(acked.len(), CONTACTS);
    let flow_messages = (0..CONTACTS).flat_map(|c| FLOW_TEXTS.map(|text| (phone(c), text.to_string())));
    for key in acked.iter().cloned().chain(flow_messages) {
        let key = &key;
        let statuses = copies.get(key).cloned().unwrap_or_default();
        assert_eq!(statuses.len(), 1, "{key:?} stored {statuses:?}");
        let sent = times.get(key).copied().unwrap_or(0);
        if &key.0 == hung_to && &key.1 == hung_text {
            assert_eq!((statuses[0].as_str(), sent), ("failed", 1), "{key:?}");
        } else {
            assert!(statuses[0] == "sent" || statuses[0] == "delivered", "{key:?}: {statuses:?}");
            assert_eq!(sent, 1, "{key:?} reached Meta {sent} times");
        }
    }
    for key in lost_replies.lock().unwrap().iter() {
        assert!(copies.get(key).map_or(0, Vec::len) <= 1, "{key:?} stored twice");
    }
    assert!(times.values().all(|n| *n == 1), "nothing reached Meta twice: {times:?}");
    // Every agent got every event of the account, in order, each once, the one whose host died
    // included.
    head.store(db.store.event_head(seed.account_id).await.unwrap(), Ordering::SeqCst);
    let mut reconnects = 0;
    for (hello, follower) in followers {
        let (seqs, again) = follower.await.unwrap();
        let all: Vec<i64> = (hello + 1..=head.load(Ordering::SeqCst)).collect();
        assert!(seqs == all, "events {hello}..: {} received, gaps or repeats: {:?}", seqs.len(), diff(&seqs, &all));
        reconnects += again;
    }
    assert!(reconnects >= 1, "the stream on the killed host was cut and resumed elsewhere");

    let victim_sends = sends(&cluster.graph).iter().filter(|(_, _, via)| via == &Cluster::name(VICTIM)).count();
    assert!(victim_sends >= 1, "the victim had been sending");

    // Restarted, the host is back in the rotation.
    cluster.restart(VICTIM).await;
    let before = cluster.lb.servers().await[VICTIM].requests;
    for _ in 0..9 {
        admin.get_ok("/api/v1/conversations?view=all").await;
    }
    let after = cluster.lb.servers().await[VICTIM].requests;
    assert!(after - before >= 2, "the restarted host takes its turn: {before} → {after}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_one_host_stored_is_readable_from_every_host() {
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Acme").await;
    let cluster = Cluster::start(&db, &[]).await;
    let admin = &admin(&cluster.url, &seed).await;
    let (_, webhook) = connect_whatsapp(admin).await;

    // An inbound image: one host takes the webhook, some host downloads the file from Meta.
    let jpeg = b"\xFF\xD8\xFF\xE0 a picture of the Taj Mahal".to_vec();
    cluster.graph.add_media("1003383421387256", &jpeg, "image/jpeg");
    let body = fixture_now("wa_inbound_image");
    let (status, answer) = FakeGraph::play(&cluster.url, &webhook, APP_SECRET, body.as_bytes()).await;
    assert_eq!(status, 200, "{answer}");
    let (chat, image) = eventually("the image is stored", Duration::from_secs(30), || async move {
        let chats = admin.get_ok("/api/v1/conversations?view=all").await;
        let chat = chats["items"].as_array()?.iter().find(|c| c["kind"] == "contact")?["id"].as_i64()?;
        let messages = admin.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await;
        let message = messages["items"].as_array()?.iter().find(|m| m["kind"] == "image")?.clone();
        (message["payload"]["media"]["state"] == "stored").then(|| (chat, message["id"].as_i64().unwrap()))
    })
    .await;

    // An agent's upload, taken by one host.
    let picture = b"\x89PNG\r\n\x1a\n an agent's picture".to_vec();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(picture.clone()).file_name("foto.png").mime_str("image/png").unwrap(),
    );
    let (status, upload) = admin.post_form(&format!("/api/v1/conversations/{chat}/media"), form).await;
    assert_eq!(status, 201, "{upload}");
    let upload = upload["id"].as_i64().unwrap();
    // A media library item (C11), saved through one host.
    let catalogue = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0 catalogue".to_vec();
    let form = reqwest::multipart::Form::new().text("name", "Catálogo").part(
        "file",
        reqwest::multipart::Part::bytes(catalogue.clone()).file_name("catalogo.png").mime_str("image/png").unwrap(),
    );
    let (status, item) = admin.post_form("/api/v1/media-library", form).await;
    assert_eq!(status, 201, "{item}");
    let item = item["id"].as_i64().unwrap();

    // Every host serves both, asked directly (the session cookie is the same: cookies do not
    // tell ports apart), and so does HAProxy whichever host it picks.
    let mut readers: Vec<Client> = (0..HOSTS)
        .map(|i| {
            let mut direct = admin.clone();
            direct.base = cluster.host_url(i);
            direct
        })
        .collect();
    readers.extend((0..HOSTS).map(|_| admin.clone()));
    let files = [
        (format!("/api/v1/messages/{image}/media"), &jpeg),
        (format!("/api/v1/messages/{upload}/media"), &picture),
        (format!("/api/v1/media-library/{item}/file"), &catalogue),
    ];
    for reader in &readers {
        for (path, bytes) in &files {
            let (status, _, got) = reader.get_bytes(path).await;
            assert_eq!(status, 200, "{path} from {}", reader.base);
            assert_eq!(&got, *bytes, "{path} from {}", reader.base);
        }
    }
    // The files are in the shared bucket, not in one host's data folder.
    let keys = cluster.object_store.keys().await;
    assert!(keys.len() >= 3, "the bucket holds the files: {keys:?}");
}
