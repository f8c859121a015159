//! Assignment (S12–S15) and the closing pipeline (K1–K3, K5) through the API and the event
//! stream, and the assignment strategies flows will use, through the store.

use atende_e2e::chat::contact_writes;
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use atende_host::domain::assignment::AssignmentRule;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn history(client: &Client, chat: i64) -> Vec<Value> {
    client.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await["items"].as_array().unwrap().clone()
}

/// A second agent in the seed's department.
async fn second_agent(db: &TestDb, seed: &Seed) -> i64 {
    let user = db
        .store
        .create_user(atende_host::store::NewUser {
            account_id: seed.account_id,
            name: "Bruno".into(),
            email: format!("bruno.{}@acme.test", seed.account_id),
            password_hash: seed.admin.email.clone(),
            role: atende_host::domain::access::Role::Agent,
            chat_visibility: atende_host::domain::access::ChatVisibility::Department,
            permissions: Default::default(),
        })
        .await
        .unwrap();
    let mut members: Vec<i64> = vec![seed.admin.id, seed.agent.id, user.id];
    members.sort();
    db.store.set_department_members(seed.account_id, seed.department_id, &members).await.unwrap();
    user.id
}

on_both_backends! {
    async fn assigning_an_agent_removes_the_department_and_replacing_one_is_explicit(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let bruno = second_agent(&db, &acme).await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;
        let admin = server.login(&acme.admin.email).await;
        admin.post_expect(&format!("/api/v1/conversations/{chat}/forward"), json!({"department_id": acme.department_id}), 200).await;

        let assigned = admin.post_expect(&format!("/api/v1/conversations/{chat}/assign"), json!({"agent_id": acme.agent.id}), 200).await;
        assert_eq!(assigned["agent"]["id"], acme.agent.id);
        assert_eq!(assigned["department"], Value::Null, "S13: the agent replaces the department");

        let (status, answer) = admin.post(&format!("/api/v1/conversations/{chat}/assign"), json!({"agent_id": bruno})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("alterar o agente"));
        let replaced = admin.post_expect(&format!("/api/v1/conversations/{chat}/assign"), json!({"agent_id": bruno, "replace": true}), 200).await;
        assert_eq!(replaced["agent"]["name"], "Bruno", "L9: the agent's name shows");

        let beta = Seed::create(&db.store, "Beta").await;
        let (status, _) = admin.post(&format!("/api/v1/conversations/{chat}/assign"), json!({"agent_id": beta.agent.id, "replace": true})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "another account's user is no agent here");
    }

    async fn a_department_forward_is_recorded_in_the_history_and_never_reaches_the_contact(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;
        let admin = server.login(&acme.admin.email).await;
        admin.post_expect(&format!("/api/v1/conversations/{chat}/assign"), json!({"agent_id": acme.agent.id}), 200).await;
        let mut events = admin.events(None).await;
        assert_eq!(events.next().await["type"], "hello");
        let forwarded = admin.post_expect(&format!("/api/v1/conversations/{chat}/forward"), json!({"department_id": acme.department_id}), 200).await;
        assert_eq!(forwarded["department"]["name"], "Suporte", "L7: the department tag");
        assert_eq!(forwarded["agent"], Value::Null, "forwarding hands the chat to the department's queue");
        let line = history(&admin, chat).await.into_iter().find(|m| m["kind"] == "system").expect("a system line");
        assert_eq!(line["text"], format!("{} encaminhou a conversa para o departamento Suporte.", acme.admin.name));
        // The line arrives live, like any message, and the chat's new department with it.
        let (mut line_event, mut updated) = (None, None);
        while line_event.is_none() || updated.is_none() {
            let frame = events.next().await;
            match frame["kind"].as_str() {
                Some("message.created") => line_event = Some(frame),
                Some("conversation.updated") => updated = Some(frame),
                _ => {}
            }
        }
        assert_eq!(line_event.unwrap()["message"]["id"], line["id"]);
        assert_eq!(updated.unwrap()["conversation"]["department"]["id"], acme.department_id);
        let contact_side = server.client().get_ok(&format!("/api/v1/simulator/{}/messages?phone=5511999990001", acme.simulator_key)).await;
        assert!(contact_side["items"].as_array().unwrap().iter().all(|m| m["text"] != line["text"]), "not visible to the contact");
        assert_eq!(admin.post(&format!("/api/v1/conversations/{chat}/forward"), json!({"department_id": 999_999})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn an_agents_reply_assigns_them_only_when_nobody_is_assigned_and_keeps_the_department(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let bruno = second_agent(&db, &acme).await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;
        let admin = server.login(&acme.admin.email).await;
        admin.post_expect(&format!("/api/v1/conversations/{chat}/forward"), json!({"department_id": acme.department_id}), 200).await;
        let agent = server.login(&acme.agent.email).await;
        agent.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Olá, sou do suporte"}), 201).await;
        let after = agent.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        assert_eq!(after["agent"]["id"], acme.agent.id, "S15: the agent is assigned");
        assert_eq!(after["department"]["id"], acme.department_id, "S15: the department stays");
        let mut other = Client::new(&server.url());
        db.store.set_password_hash(acme.account_id, bruno, &atende_host::auth::hash_password(atende_e2e::seed::PASSWORD).unwrap(), None).await.unwrap();
        assert_eq!(other.login(&format!("bruno.{}@acme.test", acme.account_id), atende_e2e::seed::PASSWORD).await, 200);
        other.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Também estou aqui"}), 201).await;
        assert_eq!(agent.get_ok(&format!("/api/v1/conversations/{chat}")).await["agent"]["id"], acme.agent.id, "a second agent's reply replaces nobody");
        // A reaction is no reply: it assigns nobody (C6).
        let fresh = contact_writes(&server, &acme, "5511999990002", "Ana", "Oi").await.id;
        let target = history(&admin, fresh).await[0]["id"].as_i64().unwrap();
        agent.post_expect(&format!("/api/v1/conversations/{fresh}/reactions"), json!({"message_id": target, "emoji": "👍"}), 201).await;
        assert_eq!(agent.get_ok(&format!("/api/v1/conversations/{fresh}")).await["agent"], Value::Null);
    }

    async fn the_default_agent_takes_department_chats_except_in_the_four_cases(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let contact = chat.contact.as_ref().unwrap().id;
        db.store.set_default_agent(acme.account_id, contact, Some(acme.agent.id)).await.unwrap();
        let store = &db.store;
        let department = AssignmentRule::Department { department_id: acme.department_id };

        let opened = store.open_with_rule(acme.account_id, chat.id, department).await.unwrap();
        assert_eq!((opened.agent.map(|a| a.id), opened.department.map(|d| d.id)), (Some(acme.agent.id), None), "only the agent shows");
        // 1. A specific agent without a department.
        let specific = store.open_with_rule(acme.account_id, chat.id, AssignmentRule::Agent { agent_id: acme.admin.id }).await.unwrap();
        assert_eq!(specific.agent.map(|a| a.id), Some(acme.admin.id));
        // 2. A department the default agent is not in.
        let other = store.create_department(acme.account_id, "Financeiro").await.unwrap();
        store.set_department_members(acme.account_id, other.id, &[acme.admin.id]).await.unwrap();
        let elsewhere = store.open_with_rule(acme.account_id, chat.id, AssignmentRule::Department { department_id: other.id }).await.unwrap();
        assert_eq!((elsewhere.agent, elsewhere.department.map(|d| d.id)), (None, Some(other.id)));
        // 4. A forward from the chat screen.
        let admin = server.login(&acme.admin.email).await;
        let screen = admin.post_expect(&format!("/api/v1/conversations/{}/forward", chat.id), json!({"department_id": acme.department_id}), 200).await;
        assert_eq!((screen["agent"].clone(), screen["department"]["id"].as_i64()), (Value::Null, Some(acme.department_id)));
        // 3. The last agent, even with the default agent's department as fallback: nobody served yet.
        let fresh = contact_writes(&server, &acme, "5511999990002", "Ana", "Oi").await;
        store.set_default_agent(acme.account_id, fresh.contact.as_ref().unwrap().id, Some(acme.agent.id)).await.unwrap();
        let last = AssignmentRule::LastAgent { fallback_department_id: Some(acme.department_id) };
        let fallback = store.open_with_rule(acme.account_id, fresh.id, last).await.unwrap();
        assert_eq!((fallback.agent, fallback.department.map(|d| d.id)), (None, Some(acme.department_id)));
        // The default agent sees the contact's chat whatever their permission.
        db.store.read().await.unwrap().execute("UPDATE users SET chat_visibility = 'own' WHERE id = $1", atende_host::args![acme.agent.id]).await.unwrap();
        let agent = server.login(&acme.agent.email).await;
        assert_eq!(agent.get(&format!("/api/v1/conversations/{}", fresh.id)).await.0, StatusCode::OK);
        assert_eq!(agent.get(&format!("/api/v1/conversations/{}/messages", fresh.id)).await.0, StatusCode::OK);
    }

    async fn last_agent_random_agent_and_next_agent_strategies(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let bruno = second_agent(&db, &acme).await;
        let server = TestServer::start(&db.store).await;
        let store = &db.store;
        let mut members = vec![acme.admin.id, acme.agent.id, bruno];
        members.sort();
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;

        // Last agent who served: Bruno served the previous service.
        store.open_with_rule(acme.account_id, chat, AssignmentRule::Agent { agent_id: bruno }).await.unwrap();
        let admin = server.login(&acme.admin.email).await;
        admin.post_expect(&format!("/api/v1/conversations/{chat}/close"), json!({"message": null}), 200).await;
        let last = store.open_with_rule(acme.account_id, chat, AssignmentRule::LastAgent { fallback_department_id: Some(acme.department_id) }).await.unwrap();
        assert_eq!((last.agent.map(|a| a.id), last.department), (Some(bruno), None));

        for _ in 0..10 {
            let random = store.open_with_rule(acme.account_id, chat, AssignmentRule::RandomAgent { department_id: acme.department_id }).await.unwrap();
            assert!(members.contains(&random.agent.unwrap().id));
        }
        // Next agent: each member in turn, wrapping around.
        let mut turns = Vec::new();
        for _ in 0..6 {
            let next = store.open_with_rule(acme.account_id, chat, AssignmentRule::NextAgent { department_id: acme.department_id }).await.unwrap();
            turns.push(next.agent.unwrap().id);
        }
        assert_eq!(turns, [members.clone(), members.clone()].concat());
        // The turn survives a restart: a new store on the same database goes on from there.
        let again = atende_host::store::Store::connect(&db.url).await.unwrap();
        let next = again.open_with_rule(acme.account_id, chat, AssignmentRule::NextAgent { department_id: acme.department_id }).await.unwrap();
        assert_eq!(next.agent.unwrap().id, members[0]);
        let empty = store.create_department(acme.account_id, "Vazio").await.unwrap();
        let refused = store.open_with_rule(acme.account_id, chat, AssignmentRule::NextAgent { department_id: empty.id }).await;
        assert!(refused.unwrap_err().to_string().contains("não tem agentes"));
    }
}
