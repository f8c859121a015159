//! Broadcasts (A7, issue 14 part 4) through the API on both databases, on the simulator's
//! number: the audience counted before sending never holds a blocked contact (S17) or one with
//! the broadcast switch off (S5), whatever the filter, and each send opens the template's session
//! (S4); a broadcast is checked like a template
//! send; it goes at its pace (moved with the test clock), each contact's `{nome}` filled in,
//! and a contact blocked after it started is failed, not sent to; pause, resume and cancel;
//! results per recipient. With the real binary: a broadcast killed mid-way (SIGKILL) resumes
//! after the restart and no contact gets it twice.

use std::time::Duration;

use atende_e2e::chat::{contact_writes, simulator_template};
use atende_e2e::process::HostProcess;
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Wait (on the wall clock: the worker runs on its own) until `check` holds for the broadcast.
async fn broadcast_reaches(admin: &Client, id: i64, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let broadcast = admin.get_ok(&format!("/api/v1/broadcasts/{id}")).await;
        if check(&broadcast) {
            return broadcast;
        }
        assert!(tokio::time::Instant::now() < deadline, "the broadcast never reached {what}: {broadcast}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Wait a moment and check the broadcast did not move past `sent` recipients.
async fn stays_at(admin: &Client, id: i64, sent: i64) {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let now = admin.get_ok(&format!("/api/v1/broadcasts/{id}")).await;
    assert_eq!(now["totals"]["sent"], sent, "{now}");
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let (n,): (i64,) = db.store.read().await.unwrap().fetch_one(sql, vec![]).await.unwrap();
    n
}

fn audience(channel: i64, filter: Value) -> Value {
    json!({"channel_id": channel, "filter": filter})
}

on_both_backends! {
    async fn the_audience_never_holds_blocked_or_switched_off_contacts(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let mut contacts = Vec::new();
        let mut chats = Vec::new();
        for (i, name) in ["Ana", "Bia", "Caio", "Duda", "Eva"].iter().enumerate() {
            let chat = contact_writes(&server, &acme, &format!("552195557000{i}"), name, "Oi").await;
            contacts.push(chat.contact.as_ref().unwrap().id);
            chats.push(chat.id);
        }
        let window = |chat: i64| {
            let admin = &admin;
            async move { admin.get_ok(&format!("/api/v1/conversations/{chat}")).await["window"].clone() }
        };
        assert!(window(chats[0]).await["marketing_until"].is_null(), "no marketing session before the broadcast");
        // A WhatsApp contact (an import's) is not reachable on the simulator's number.
        admin.post_expect("/api/v1/contacts", json!({"name": "Fábio", "phone": "5521955570009"}), 201).await;
        admin.post_expect(&format!("/api/v1/contacts/{}/block", contacts[1]), json!({}), 200).await;
        admin.patch_json(&format!("/api/v1/contacts/{}", contacts[2]), json!({"receives_broadcasts": false})).await;
        let tag = admin.post_expect("/api/v1/tags", json!({"name": "VIP"}), 201).await["id"].as_i64().unwrap();
        for contact in [contacts[0], contacts[1], contacts[2]] {
            admin.post_expect(&format!("/api/v1/contacts/{contact}/tags"), json!({"tag_id": tag}), 200).await;
        }

        let channel = acme.channel_id;
        for (filter, expected) in [
            (json!({}), 3),
            (json!({"blocked": true}), 0),
            (json!({"receives_broadcasts": false}), 0),
            (json!({"tag_id": tag}), 1),
            (json!({"search": "a"}), 3),
        ] {
            let answer = admin.post_expect("/api/v1/broadcasts/audience", audience(channel, filter.clone()), 200).await;
            assert_eq!(answer["count"], expected, "{filter}");
        }
        let (status, _) = server.login(&acme.agent.email).await.post("/api/v1/broadcasts/audience", audience(channel, json!({}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "broadcasts are an admin's");

        // Started with the widest filter, it reaches exactly those three.
        let template = simulator_template(&admin, &acme, "promo", "marketing", "Olá {{1}}, temos novidades!").await;
        let (status, created) = admin
            .post("/api/v1/broadcasts", json!({"name": "Novidades", "channel_id": channel, "template_id": template,
                "values": {"positional": ["{nome}"]}, "filter": {}}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let id = created["id"].as_i64().unwrap();
        let done = broadcast_reaches(&admin, id, "done", |b| b["state"] == "done").await;
        assert_eq!(done["totals"]["recipients"], 3, "{done}");
        assert_eq!(done["totals"]["sent"], 3, "{done}");
        let page = admin.get_ok(&format!("/api/v1/broadcasts/{id}/recipients")).await;
        let reached: Vec<&str> = page["items"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(reached, vec!["Ana", "Duda", "Eva"]);
        let texts = |contact: i64| {
            let db = &db;
            async move {
                let rows: Vec<(Option<String>,)> = db.store.read().await.unwrap()
                    .fetch_all("SELECT m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id \
                        WHERE c.contact_id = $1 AND m.direction = 'outbound' AND m.kind = 'template'", atende_host::args![contact])
                    .await.unwrap();
                rows.into_iter().filter_map(|(b,)| b).collect::<Vec<_>>()
            }
        };
        assert_eq!(texts(contacts[0]).await, vec!["Olá Ana, temos novidades!"], "the variable filled per contact");
        // S4: the template opens its session once the number has sent it (the outbox runs after
        // the broadcast wrote the message).
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while !window(chats[0]).await["marketing_until"].is_i64() {
            assert!(tokio::time::Instant::now() < deadline, "S4: the marketing template never opened its session");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(window(chats[1]).await["marketing_until"].is_null(), "the blocked contact's chat has none");
        assert_eq!(texts(contacts[3]).await, vec!["Olá Duda, temos novidades!"]);
        assert!(texts(contacts[1]).await.is_empty(), "the blocked contact got nothing");
        assert!(texts(contacts[2]).await.is_empty(), "the switched-off contact got nothing");
        let statuses = admin.get_ok(&format!("/api/v1/broadcasts/{id}/recipients?state=sent")).await;
        assert_eq!(statuses["items"].as_array().unwrap().len(), 3);
        assert!(statuses["items"].as_array().unwrap().iter().all(|r| r["message_status"].is_string()), "{statuses}");
    }

    async fn a_broadcast_is_checked_like_a_template_send(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let template = simulator_template(&admin, &acme, "promo", "marketing", "Olá {{1}}!").await;
        let beta_admin = server.login(&beta.admin.email).await;
        let beta_template = simulator_template(&beta_admin, &beta, "promo", "marketing", "Oi").await;
        let body = |patch: Value| {
            let mut body = json!({"name": "Novidades", "channel_id": acme.channel_id, "template_id": template,
                "values": {"positional": ["{nome}"]}});
            body.as_object_mut().unwrap().extend(patch.as_object().unwrap().clone());
            body
        };
        for (patch, status, says) in [
            (json!({"name": " "}), 422, "nome"),
            (json!({"rate_per_s": 0}), 422, "velocidade"),
            (json!({"values": {"positional": []}}), 422, ""),
            (json!({"template_id": beta_template}), 404, ""),
            (json!({"channel_id": beta.channel_id}), 404, ""),
        ] {
            let (got, answer) = admin.post("/api/v1/broadcasts", body(patch.clone())).await;
            assert_eq!(got.as_u16(), status, "{patch}: {answer}");
            assert!(answer["error"]["message"].as_str().unwrap().to_lowercase().contains(says), "{patch}: {answer}");
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM broadcasts").await, 0, "nothing kept from a refused request");
    }

    async fn a_broadcast_keeps_its_pace_and_can_be_paused_resumed_and_cancelled(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let mut contacts = Vec::new();
        for i in 0..6 {
            contacts.push(contact_writes(&server, &acme, &format!("552195558000{i}"), &format!("Pessoa {i}"), "Oi").await.contact.unwrap().id);
        }
        let template = simulator_template(&admin, &acme, "aviso", "utility", "Aviso importante").await;

        // Scheduled for later: pause and resume keep it scheduled; cancelled, it never starts.
        let later = admin
            .post_expect("/api/v1/broadcasts", json!({"name": "Depois", "channel_id": acme.channel_id, "template_id": template,
                "scheduled_at": db.clock.now() + 3_600_000}), 201)
            .await;
        let later_id = later["id"].as_i64().unwrap();
        assert_eq!(later["state"], "scheduled");
        assert_eq!(admin.post_expect(&format!("/api/v1/broadcasts/{later_id}/pause"), json!({}), 200).await["state"], "paused");
        assert_eq!(admin.post_expect(&format!("/api/v1/broadcasts/{later_id}/resume"), json!({}), 200).await["state"], "scheduled");
        assert_eq!(admin.post_expect(&format!("/api/v1/broadcasts/{later_id}/cancel"), json!({}), 200).await["state"], "cancelled");
        let (status, answer) = admin.post(&format!("/api/v1/broadcasts/{later_id}/resume"), json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");

        // One a second: the first goes at once, the rest at the pace (time flows in tests
        // too, so the bound is the time that passed).
        let started = std::time::Instant::now();
        let now = admin
            .post_expect("/api/v1/broadcasts", json!({"name": "Agora", "channel_id": acme.channel_id, "template_id": template,
                "rate_per_s": 1}), 201)
            .await;
        let id = now["id"].as_i64().unwrap();
        broadcast_reaches(&admin, id, "1 sent", |b| b["totals"]["sent"].as_i64() >= Some(1)).await;
        let paused = admin.post_expect(&format!("/api/v1/broadcasts/{id}/pause"), json!({}), 200).await;
        assert_eq!(paused["state"], "paused");
        let sent = paused["totals"]["sent"].as_i64().unwrap();
        assert!(sent <= 1 + started.elapsed().as_secs() as i64, "{sent} sent in {:?} at 1 a second", started.elapsed());
        assert!(sent < 6);
        // Paused, nothing goes however much time passes.
        db.clock.advance(Duration::from_secs(60));
        stays_at(&admin, id, sent).await;
        // A contact blocked while it runs is failed, not sent to (recipients go by contact).
        admin.post_expect(&format!("/api/v1/contacts/{}/block", contacts[5]), json!({}), 200).await;
        let resumed = admin.post_expect(&format!("/api/v1/broadcasts/{id}/resume"), json!({}), 200).await;
        assert_eq!(resumed["state"], "running");
        db.clock.advance(Duration::from_secs(10));
        let done = broadcast_reaches(&admin, id, "done", |b| b["state"] == "done").await;
        assert_eq!(done["totals"]["sent"], 5);
        assert_eq!(done["totals"]["failed"], 1);
        let failed = admin.get_ok(&format!("/api/v1/broadcasts/{id}/recipients?state=failed")).await;
        assert_eq!(failed["items"][0]["contact_id"], contacts[5]);
        assert!(failed["items"][0]["error"].as_str().unwrap().contains("bloqueado"), "{failed}");
        let (status, _) = admin.post(&format!("/api/v1/broadcasts/{id}/cancel"), json!({})).await;
        assert_eq!(status, StatusCode::CONFLICT, "a finished broadcast cannot be cancelled");

        let list = admin.get_ok("/api/v1/broadcasts").await;
        assert_eq!(list["items"].as_array().unwrap().len(), 2);
        assert_eq!(list["items"][0]["name"], "Agora");
    }

    async fn one_accounts_long_broadcast_does_not_hold_back_anothers(db: TestDb) {
        // Issue 15 part 8: a host sends broadcasts side by side, each at its own pace.
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let acme_admin = server.login(&acme.admin.email).await;
        let beta_admin = server.login(&beta.admin.email).await;
        for i in 0..6 {
            contact_writes(&server, &acme, &format!("552195559000{i}"), &format!("Pessoa {i}"), "Oi").await;
        }
        contact_writes(&server, &beta, "5521955591000", "Bia", "Oi").await;
        let acme_template = simulator_template(&acme_admin, &acme, "aviso", "utility", "Aviso importante").await;
        let beta_template = simulator_template(&beta_admin, &beta, "aviso", "utility", "Aviso importante").await;
        // Acme's at one a second takes five seconds at least.
        let long = acme_admin
            .post_expect("/api/v1/broadcasts", json!({"name": "Longa", "channel_id": acme.channel_id,
                "template_id": acme_template, "rate_per_s": 1}), 201)
            .await;
        let long_id = long["id"].as_i64().unwrap();
        broadcast_reaches(&acme_admin, long_id, "1 sent", |b| b["totals"]["sent"].as_i64() >= Some(1)).await;
        let short = beta_admin
            .post_expect("/api/v1/broadcasts", json!({"name": "Curta", "channel_id": beta.channel_id,
                "template_id": beta_template, "rate_per_s": 10}), 201)
            .await;
        let short_id = short["id"].as_i64().unwrap();
        let done = broadcast_reaches(&beta_admin, short_id, "done", |b| b["state"] == "done").await;
        assert_eq!(done["totals"]["sent"], 1);
        let long = acme_admin.get_ok(&format!("/api/v1/broadcasts/{long_id}")).await;
        assert_eq!(long["state"], "running", "Beta's broadcast waited for the end of Acme's: {long}");
        let done = broadcast_reaches(&acme_admin, long_id, "done", |b| b["state"] == "done").await;
        assert_eq!(done["totals"]["sent"], 6);
    }

    async fn a_broadcast_killed_mid_way_resumes_and_sends_no_contact_twice(db: TestDb) {
        const CONTACTS: i64 = 400;
        let acme = Seed::create(&db.store, "Acme").await;
        // The contacts, as the simulator makes them.
        let mut tx = db.store.begin().await.unwrap();
        for i in 0..CONTACTS {
            let phone = format!("5511966{i:06}");
            tx.execute(
                "INSERT INTO contacts (account_id, platform, external_id, name, phone, created_at, updated_at) \
                 VALUES ($1, 'simulator', $2, $3, $2, 0, 0)",
                atende_host::args![acme.account_id, phone, format!("Pessoa {i}")],
            )
            .await
            .unwrap();
        }
        db.store.commit(tx).await.unwrap();
        let data = tempfile::tempdir().unwrap();
        let settings = [("ATENDE_WORKER_LEASE_MS", "3000"), ("ATENDE_GRAPH_TIMEOUT_MS", "1000")];
        let host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        let mut admin = Client::new(&host.url);
        assert_eq!(admin.login(&acme.admin.email, atende_e2e::seed::PASSWORD).await, 200);
        let template = simulator_template(&admin, &acme, "aviso", "utility", "Olá {{1}}").await;
        let created = admin
            .post_expect("/api/v1/broadcasts", json!({"name": "Grande", "channel_id": acme.channel_id, "template_id": template,
                "values": {"positional": ["{nome}"]}, "rate_per_s": 100}), 201)
            .await;
        let id = created["id"].as_i64().unwrap();
        broadcast_reaches(&admin, id, "some sent", |b| b["totals"]["sent"].as_i64().unwrap_or(0) > 0).await;
        host.kill().await;
        let mid = count(&db, &format!("SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = {id} AND state = 'sent'")).await;
        assert!(mid < CONTACTS, "the broadcast ended before the kill");

        let host = HostProcess::start_with(&db.url, data.path(), &settings).await;
        let mut admin = Client::new(&host.url);
        assert_eq!(admin.login(&acme.admin.email, atende_e2e::seed::PASSWORD).await, 200);
        let done = broadcast_reaches(&admin, id, "done", |b| b["state"] == "done").await;
        // A send the outbox had in flight at the kill is failed as interrupted rather than sent
        // again (see flow_crash.rs): the broadcast itself wrote every contact's message once.
        assert_eq!(done["totals"]["pending"], 0, "{done}");
        assert_eq!(
            count(&db, &format!("SELECT COUNT(*) FROM broadcast_recipients WHERE broadcast_id = {id} AND state = 'sent'")).await,
            CONTACTS
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND kind = 'template'").await,
            CONTACTS,
            "one message per contact, none twice"
        );
        assert_eq!(
            count(&db, "SELECT COUNT(*) FROM (SELECT conversation_id FROM messages WHERE direction = 'outbound' \
                GROUP BY conversation_id HAVING COUNT(*) > 1) twice").await,
            0
        );
        host.kill().await;
    }
}
