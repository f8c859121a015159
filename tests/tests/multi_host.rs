//! Several `atende` processes on one PostgreSQL database (DESIGN "Several hosts"): a message
//! ingested by one host reaches a browser connected to another (LISTEN/NOTIFY carries the
//! sequence, each host reads the rows itself), and each outbound message is sent once.
//! The hosts' fallback polling of the event log is switched off (an hour), so only a
//! notification can carry the event across.

use std::time::Duration;

use atende_e2e::process::HostProcess;
use atende_e2e::{Backend, Client, Seed, TestDb};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_ingested_by_one_host_reaches_a_client_of_another() {
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Acme").await;
    let data = tempfile::tempdir().unwrap();
    let host_a = HostProcess::start(&db.url, data.path()).await;
    let host_b = HostProcess::start(&db.url, data.path()).await;

    let mut agent_on_b = Client::new(&host_b.url);
    assert_eq!(agent_on_b.login(&seed.admin.email, atende_e2e::seed::PASSWORD).await, 200);
    let mut stream = agent_on_b.events(None).await;
    assert_eq!(stream.next().await["type"], "hello");

    let contact_on_a = Client::new(&host_a.url);
    contact_on_a
        .post_expect(
            &format!("/api/v1/simulator/{}/messages", seed.simulator_key),
            json!({"phone": "5511999990000", "name": "Maria", "text": "Oi pelo host A"}),
            202,
        )
        .await;
    let event = stream.until(|f| f["type"] == "event").await;
    assert_eq!(event["message"]["text"], "Oi pelo host A");

    // Replies written on B are sent exactly once, whichever host's outbox worker claims them.
    let chat = event["conversation"]["id"].as_i64().unwrap();
    for i in 0..10 {
        agent_on_b
            .post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": format!("r{i}")}), 201)
            .await;
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let (pending,): (i64,) = db
            .store
            .read()
            .await
            .unwrap()
            .fetch_one("SELECT COUNT(*) FROM outbox WHERE state <> 'done'", vec![])
            .await
            .unwrap();
        if pending == 0 {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{pending} sends still pending");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (attempts,): (i64,) = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_one("SELECT CAST(COALESCE(SUM(attempts), 0) AS BIGINT) FROM outbox", vec![])
        .await
        .unwrap();
    assert_eq!(attempts, 10, "every send claimed exactly once across both hosts");

    // And the contact, following on host A, sees the replies sent by either host.
    let phone = Client::new(&host_a.url)
        .get_ok(&format!("/api/v1/simulator/{}/messages?phone=5511999990000", seed.simulator_key))
        .await;
    assert_eq!(phone["items"].as_array().unwrap().len(), 11);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hosts_run_each_due_job_exactly_once() {
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Acme").await;
    // 120 chats, each with a close that is already due (K2), as if the hosts had been down.
    let server = atende_e2e::TestServer::start(&db.store).await;
    let mut chats = Vec::new();
    for i in 0..120 {
        let phone = format!("55119{i:08}");
        chats.push(atende_e2e::chat::contact_writes(&server, &seed, &phone, "Contato", "Oi").await.id);
    }
    server.stop().await;
    let payload =
        json!({"plan": {"message": "Encerrado", "changes": []}, "if_contact_writes": "keep", "by_user_id": null});
    {
        let mut tx = db.store.begin().await.unwrap();
        for chat in &chats {
            tx.execute(
                "INSERT INTO jobs (account_id, kind, conversation_id, run_at, payload, state, created_at) \
                 VALUES ($1, 'close_service', $2, 0, $3, 'pending', 0)",
                atende_host::args![seed.account_id, *chat, payload.to_string()],
            )
            .await
            .unwrap();
        }
        db.store.commit(tx).await.unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let _host_a = HostProcess::start(&db.url, data.path()).await;
    let _host_b = HostProcess::start(&db.url, data.path()).await;
    let count = |sql: &'static str| {
        let store = db.store.clone();
        async move {
            let (n,): (i64,) = store.read().await.unwrap().fetch_one(sql, vec![]).await.unwrap();
            n
        }
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while count("SELECT COUNT(*) FROM jobs WHERE kind = 'close_service' AND state = 'pending'").await > 0 {
        assert!(tokio::time::Instant::now() < deadline, "jobs still pending");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        count("SELECT COUNT(*) FROM jobs WHERE kind = 'close_service' AND state = 'done' AND attempts = 1").await,
        120
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM messages WHERE body = 'Encerrado'").await,
        120,
        "one closing message per chat"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM events WHERE kind = 'conversation.closed'").await,
        120,
        "each chat closed once"
    );
    assert_eq!(count("SELECT COUNT(*) FROM conversations WHERE kind = 'contact' AND state = 'closed'").await, 120);
}

/// Every host's notifier wakes on each event; the one holding an account's cursor reads the
/// events, and the others skip that account at once instead of queuing behind its lock (the
/// lock waits measured by the capacity bench with 3 hosts), then read what is left once free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notifier_skips_an_account_another_host_is_notifying_and_catches_up_after() {
    let db = TestDb::new(Backend::Postgres).await;
    let seed = Seed::create(&db.store, "Acme").await;
    let server = atende_e2e::TestServer::start(&db.store).await;
    atende_e2e::chat::contact_writes(&server, &seed, "5511999990001", "Maria", "Oi").await;
    server.stop().await;
    let (newest,): (i64,) = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_one("SELECT seq FROM event_counters WHERE account_id = $1", atende_host::args![seed.account_id])
        .await
        .unwrap();
    assert!(newest > 0);
    let cursor = |store: atende_host::store::Store| async move {
        let row: Option<(i64,)> = store
            .read()
            .await
            .unwrap()
            .fetch_optional(
                "SELECT seq FROM notification_cursors WHERE account_id = $1",
                atende_host::args![seed.account_id],
            )
            .await
            .unwrap();
        row.map_or(0, |(seq,)| seq)
    };

    // "Another host" holds the account's cursor, mid-pass, with every event still to read (the
    // server's own notifier may have read them before it stopped).
    let other_host = sqlx::PgPool::connect(&db.url).await.unwrap();
    sqlx::query(
        "INSERT INTO notification_cursors (account_id, seq) VALUES ($1, 0) ON CONFLICT (account_id) DO UPDATE SET seq = 0",
    )
    .bind(seed.account_id)
    .execute(&other_host)
    .await
    .unwrap();
    let mut holding = other_host.begin().await.unwrap();
    sqlx::query("SELECT seq FROM notification_cursors WHERE account_id = $1 FOR UPDATE")
        .bind(seed.account_id)
        .fetch_one(&mut *holding)
        .await
        .unwrap();
    let pass = tokio::time::timeout(Duration::from_secs(5), db.store.notify_from_log(seed.account_id, 500, 75_000))
        .await
        .expect("the notifier does not wait for another host's lock")
        .unwrap();
    assert_eq!(pass.events, 0, "the account is left to the host holding it");
    assert_eq!(cursor(db.store.clone()).await, 0);

    // That host ends without moving the cursor (it crashed, say): the next pass reads it all.
    holding.rollback().await.unwrap();
    let pass = db.store.notify_from_log(seed.account_id, 500, 75_000).await.unwrap();
    assert!(pass.events > 0);
    assert_eq!(cursor(db.store.clone()).await, newest);
}
