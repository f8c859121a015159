//! The live event stream (L6): events arrive in order as they happen, a client that reconnects
//! with `since` gets exactly what it missed, one too far behind is told to reload, and each
//! user receives only the events of chats they may see (A3).

use atende_e2e::{Seed, TestDb, TestServer, on_both_backends};
use serde_json::{Value, json};
use std::time::Duration;

async fn contact_writes(server: &TestServer, seed: &Seed, phone: &str, text: &str) {
    let body = json!({"phone": phone, "name": "Maria", "text": text});
    server.client().post_expect(&format!("/api/v1/simulator/{}/messages", seed.simulator_key), body, 202).await;
}

fn seq(frame: &Value) -> i64 {
    frame["seq"].as_i64().expect("seq")
}

on_both_backends! {
    async fn a_client_receives_events_live_and_in_order(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let mut stream = admin.events(None).await;
        let hello = stream.next().await;
        assert_eq!(hello["type"], "hello");
        for i in 0..5 {
            contact_writes(&server, &seed, "5511999990000", &format!("msg {i}")).await;
        }
        let mut last = seq(&hello);
        for i in 0..5 {
            let event = stream.next().await;
            assert_eq!(event["type"], "event");
            assert_eq!(seq(&event), last + 1, "no gap, no repeat");
            assert_eq!(event["message"]["text"], format!("msg {i}"));
            last = seq(&event);
        }
    }

    async fn a_reconnecting_client_gets_every_missed_event_once(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let mut stream = admin.events(None).await;
        let mut last = seq(&stream.next().await);
        contact_writes(&server, &seed, "5511999990000", "antes").await;
        last = seq(&stream.until(|f| f["type"] == "event").await).max(last);
        stream.close().await;

        // While disconnected: messages from two contacts and a reply.
        contact_writes(&server, &seed, "5511999990000", "perdida 1").await;
        contact_writes(&server, &seed, "5511999990001", "perdida 2").await;
        let chats = admin.get_ok("/api/v1/conversations?view=open").await;
        let chat = chats["items"][0]["id"].as_i64().unwrap();
        admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "resposta"}), 201).await;
        // Let the outbox send the reply, so the log stops growing before we read it back.
        loop {
            let (pending,): (i64,) = db.store.read().await.unwrap().fetch_one("SELECT COUNT(*) FROM outbox WHERE state = 'pending'", vec![]).await.unwrap();
            if pending == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let head = db.store.event_head(seed.account_id).await.unwrap();

        let mut resumed = admin.events(Some(last)).await;
        assert_eq!(resumed.next().await["type"], "hello");
        let mut seqs = vec![];
        let mut texts = vec![];
        while seqs.last() != Some(&head) {
            let frame = resumed.next().await;
            assert_eq!(frame["type"], "event", "{frame}");
            seqs.push(seq(&frame));
            if frame["kind"] == "message.created" {
                texts.push(frame["message"]["text"].as_str().unwrap().to_string());
            }
        }
        let expected: Vec<i64> = (last + 1..=head).collect();
        assert_eq!(seqs, expected, "every missed event, in order, each once");
        assert_eq!(texts, ["perdida 1", "perdida 2", "resposta"]);
        assert!(resumed.next_within(Duration::from_millis(300)).await.is_none(), "nothing after the head");
    }

    async fn a_client_too_far_behind_is_told_to_reload(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start_with(&db.store, |a| a.event_replay_limit = 3).await;
        let admin = server.login(&seed.admin.email).await;
        for i in 0..6 {
            contact_writes(&server, &seed, "5511999990000", &format!("m{i}")).await;
        }
        let head = db.store.event_head(seed.account_id).await.unwrap();
        let mut stream = admin.events(Some(0)).await;
        assert_eq!(stream.next().await["type"], "hello");
        let reload = stream.next().await;
        assert_eq!(reload["type"], "reload_needed");
        assert_eq!(seq(&reload), head);
        contact_writes(&server, &seed, "5511999990000", "depois").await;
        let event = stream.next().await;
        assert_eq!((event["type"].as_str(), seq(&event)), (Some("event"), head + 1), "the stream continues from the head");

        let mut near = admin.events(Some(head - 2)).await;
        assert_eq!(near.next().await["type"], "hello");
        assert_eq!(near.next().await["type"], "event", "within the replay limit: replayed, not reloaded");
    }

    async fn users_receive_only_events_of_chats_they_may_see(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let (status, _) = admin.patch_json(&format!("/api/v1/users/{}", seed.agent.id), json!({"chat_visibility": "own"})).await;
        assert_eq!(status, 200);
        let agent = server.login(&seed.agent.email).await;
        let mut agent_stream = agent.events(None).await;
        agent_stream.next().await;
        let mut admin_stream = admin.events(None).await;
        admin_stream.next().await;

        contact_writes(&server, &seed, "5511999990000", "para a fila").await;
        let seen_by_admin = admin_stream.until(|f| f["type"] == "event").await;
        assert_eq!(seen_by_admin["message"]["text"], "para a fila");
        assert!(agent_stream.next_within(Duration::from_millis(600)).await.is_none(), "own-chats agent sees no queue chat");
        let chat = seen_by_admin["conversation"]["id"].as_i64().unwrap();
        assert_eq!(agent.get(&format!("/api/v1/conversations/{chat}")).await.0, 404);

        // Assign the chat to the agent: from then on the agent hears about it.
        let mut tx = db.store.begin().await.unwrap();
        tx.execute("UPDATE conversations SET agent_id = $1 WHERE id = $2", atende_host::args![seed.agent.id, chat]).await.unwrap();
        db.store.commit(tx).await.unwrap();
        contact_writes(&server, &seed, "5511999990000", "agora é seu").await;
        let seen_by_agent = agent_stream.until(|f| f["type"] == "event").await;
        assert_eq!(seen_by_agent["message"]["text"], "agora é seu");
        assert_eq!(agent.get(&format!("/api/v1/conversations/{chat}")).await.0, 200);
    }

    async fn another_accounts_events_never_arrive(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let acme_admin = server.login(&acme.admin.email).await;
        let mut stream = acme_admin.events(None).await;
        stream.next().await;
        contact_writes(&server, &beta, "5511999990000", "segredo da Beta").await;
        assert!(stream.next_within(Duration::from_millis(600)).await.is_none());
        contact_writes(&server, &acme, "5511999990000", "da Acme").await;
        assert_eq!(stream.next().await["message"]["text"], "da Acme");
    }
}

#[tokio::test]
async fn the_event_stream_needs_a_session() {
    let db = TestDb::new(atende_e2e::Backend::Sqlite).await;
    let server = TestServer::start(&db.store).await;
    let url = format!("{}/api/v1/events", server.url().replacen("http", "ws", 1));
    let refused = tokio_tungstenite::connect_async(url.as_str()).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 401),
        other => panic!("expected a 401 refusal, got {other:?}"),
    }
}
