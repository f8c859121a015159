//! The bell (N1) and who is told (N1–N3) through the API and the event stream, on both
//! databases: a chat handed to a department tells its members who may see it, never the one
//! who handed it over nor a member who sees only their own chats (A3); a contact's message
//! tells the chat's people; the bell records only while the user has no page on the Chat
//! screen, while the stream still tells the page (so it may ring, N2); one user's bell is
//! theirs alone to page, delete and clear.

use std::time::Duration;

use atende_e2e::chat::contact_writes;
use atende_e2e::fake_push::FakePush;
use atende_e2e::{Client, EventStream, Seed, TestServer, on_both_backends, seed};
use atende_host::domain::access::{ChatVisibility, Role};
use atende_host::store::views::Permissions;
use atende_host::store::{NewUser, Store};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A user of the seed's account, with `visibility`, in `departments`.
async fn user(store: &Store, seed: &Seed, name: &str, visibility: ChatVisibility) -> i64 {
    let hash = atende_host::auth::hash_password(seed::PASSWORD).unwrap();
    store
        .create_user(NewUser {
            account_id: seed.account_id,
            name: name.into(),
            email: format!("{}@notif.test", name.to_lowercase()),
            password_hash: hash,
            role: Role::Agent,
            chat_visibility: visibility,
            permissions: Permissions::default(),
        })
        .await
        .unwrap()
        .id
}

/// The user's bell once it holds `total` entries (the notifier writes after the commit).
async fn bell(client: &Client, total: i64) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let page = client.get_ok("/api/v1/notifications").await;
        if page["total"] == total {
            return page;
        }
        assert!(tokio::time::Instant::now() < deadline, "the bell never held {total}: {page}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Report the page the stream's tab shows, and wait until the server kept it.
async fn show(stream: &mut EventStream, device: &str, page: &str, visible: bool) {
    stream
        .send(json!({"type": "presence", "device": device, "page": page, "visible": visible, "conversation": null}))
        .await;
    stream.until(|f| f["type"] == "presence_saved").await;
}

async fn told(stream: &mut EventStream, user_id: i64) -> Value {
    stream
        .until(|f| f["kind"] == "notifications.changed" && f["users"].as_array().unwrap().contains(&json!(user_id)))
        .await
}

fn texts(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap().to_string()).collect()
}

on_both_backends! {
    async fn the_bell_tells_the_chats_people_while_they_are_away_from_the_chat_screen(db: TestDb) {
        let seed = Seed::create(&db.store, "Sino").await;
        let own = user(&db.store, &seed, "Propria", ChatVisibility::Own).await;
        let sales_agent = user(&db.store, &seed, "Vendedor", ChatVisibility::Department).await;
        db.store.set_department_members(seed.account_id, seed.department_id, &[seed.admin.id, seed.agent.id, own]).await.unwrap();
        let sales = db.store.create_department(seed.account_id, "Vendas").await.unwrap();
        db.store.set_department_members(seed.account_id, sales.id, &[sales_agent]).await.unwrap();
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let agent = server.login(&seed.agent.email).await;
        let own_user = server.login("propria@notif.test").await;
        let seller = server.login("vendedor@notif.test").await;

        let mut tab = agent.events(None).await;
        tab.until(|f| f["type"] == "hello").await;
        show(&mut tab, "pc-agente", "other", true).await;

        // A newcomer's chat waits in the unassigned queue: nobody's, nobody is told.
        let chat = contact_writes(&server, &seed, "5511988887777", "Maria", "Oi").await;
        // The admin forwards it to Suporte: its members who may see it are told, not the admin
        // who did it, not the member who sees only own chats, not Vendas.
        admin.post_expect(&format!("/api/v1/conversations/{}/forward", chat.id), json!({"department_id": seed.department_id}), 200).await;
        let frame = told(&mut tab, seed.agent.id).await;
        assert_eq!(frame["users"], json!([seed.agent.id]), "{frame}");
        let page = bell(&agent, 1).await;
        assert_eq!(page["items"][0]["kind"], "assigned");
        assert_eq!(page["items"][0]["contact_name"], "Maria");
        assert_eq!(page["items"][0]["conversation_id"], chat.id);
        assert_eq!(texts(&page), ["Conversa atribuída ao departamento Suporte"]);

        // The contact writes: everyone of the chat's department who may see it is told.
        contact_writes(&server, &seed, "5511988887777", "Maria", "Preciso de ajuda com o pedido").await;
        let frame = told(&mut tab, seed.agent.id).await;
        assert_eq!(frame["users"], json!([seed.admin.id, seed.agent.id]), "{frame}");
        assert_eq!(texts(&bell(&agent, 2).await), ["Preciso de ajuda com o pedido", "Conversa atribuída ao departamento Suporte"]);
        assert_eq!(texts(&bell(&admin, 1).await), ["Preciso de ajuda com o pedido"]);
        assert_eq!(own_user.get_ok("/api/v1/notifications").await["total"], 0, "Permissões do Chat");
        assert_eq!(seller.get_ok("/api/v1/notifications").await["total"], 0, "another department");

        // On the Chat screen, even in a background tab, the bell records nothing; the tab is
        // still told, so that it may ring.
        show(&mut tab, "pc-agente", "chat", false).await;
        contact_writes(&server, &seed, "5511988887777", "Maria", "Alô?").await;
        told(&mut tab, seed.agent.id).await;
        assert_eq!(texts(&bell(&admin, 2).await)[0], "Alô?");
        assert_eq!(agent.get_ok("/api/v1/notifications").await["total"], 2, "nothing recorded on the Chat screen");
        // Back on another screen, it records again.
        show(&mut tab, "pc-agente", "other", true).await;
        contact_writes(&server, &seed, "5511988887777", "Maria", "Tem alguém aí?").await;
        let page = bell(&agent, 3).await;
        assert_eq!(texts(&page)[0], "Tem alguém aí?", "{page}");
        assert_eq!(texts(&bell(&admin, 3).await)[0], "Tem alguém aí?");

        // The admin takes the chat: handed to themselves, nobody is told; the agent's next
        // message notifications stop (the chat is no longer the department's).
        admin.post_expect(&format!("/api/v1/conversations/{}/assign", chat.id), json!({"agent_id": seed.admin.id}), 200).await;
        contact_writes(&server, &seed, "5511988887777", "Maria", "Obrigada").await;
        let page = bell(&admin, 4).await;
        assert_eq!(texts(&page)[0], "Obrigada", "{page}");
        // … then hands it to the agent, who is told it is theirs.
        admin
            .post_expect(&format!("/api/v1/conversations/{}/assign", chat.id), json!({"agent_id": seed.agent.id, "replace": true}), 200)
            .await;
        assert_eq!(texts(&bell(&agent, 4).await)[0], "Conversa atribuída a você");

        // Paged newest first.
        let first = agent.get_ok("/api/v1/notifications?limit=1").await;
        assert_eq!((first["total"].as_i64(), texts(&first).len()), (Some(4), 1));
        let next = agent.get_ok(&format!("/api/v1/notifications?limit=2&before={}", first["items"][0]["id"])).await;
        assert_eq!(texts(&next), ["Tem alguém aí?", "Preciso de ajuda com o pedido"]);

        // One deleted ("lixeira"): the user's pages hear of it. Another's entry is not found.
        let id = first["items"][0]["id"].as_i64().unwrap();
        assert_eq!(agent.delete(&format!("/api/v1/notifications/{id}")).await.0, StatusCode::NO_CONTENT);
        told(&mut tab, seed.agent.id).await;
        assert_eq!(agent.delete(&format!("/api/v1/notifications/{id}")).await.0, StatusCode::NOT_FOUND);
        let admins = admin.get_ok("/api/v1/notifications").await;
        let theirs = admins["items"][0]["id"].as_i64().unwrap();
        assert_eq!(agent.delete(&format!("/api/v1/notifications/{theirs}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(bell(&agent, 3).await["total"], 3);
        // All cleared ("x"): the admin's bell is untouched.
        assert_eq!(agent.delete("/api/v1/notifications").await.0, StatusCode::NO_CONTENT);
        assert_eq!(bell(&agent, 0).await["items"], json!([]));
        assert_eq!(admin.get_ok("/api/v1/notifications").await["total"], 4);
        assert_eq!(server.client().get("/api/v1/notifications").await.0, StatusCode::UNAUTHORIZED);
    }

    async fn a_bad_presence_frame_gets_an_error_frame_and_the_stream_goes_on(db: TestDb) {
        let seed = Seed::create(&db.store, "Quadro").await;
        let server = TestServer::start(&db.store).await;
        let agent = server.login(&seed.agent.email).await;
        let mut tab = agent.events(None).await;
        tab.until(|f| f["type"] == "hello").await;
        tab.send(json!({"type": "presence", "device": "tem espaço", "page": "chat", "visible": true, "conversation": null})).await;
        let error = tab.until(|f| f["type"] == "error").await;
        assert!(error["message"].as_str().unwrap().contains("device"), "{error}");
        tab.send(json!({"type": "presence", "device": "ok", "page": "contatos", "visible": true, "conversation": null})).await;
        let error = tab.until(|f| f["type"] == "error").await;
        assert!(error["message"].as_str().unwrap().contains("page"), "{error}");
        show(&mut tab, "ok", "chat", true).await;
    }

    async fn a_flow_handing_the_chat_to_a_department_tells_its_members_once(db: TestDb) {
        let seed = Seed::create(&db.store, "Fluxo").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let agent = server.login(&seed.agent.email).await;
        let document = json!({"formatVersion": "1.0.0", "name": "Boas-vindas", "entry": "ola",
            "nodes": [
                {"id": "ola", "type": "content", "typeVersion": 1, "config": {"messages": ["Olá! Já vamos atender.", "Um momento."]}},
                {"id": "suporte", "type": "open-service", "typeVersion": 1, "config": {"assign": "department", "department_id": seed.department_id}}],
            "edges": [{"from": {"node": "ola", "port": "next"}, "to": "suporte"}]});
        let saved = admin.post_expect("/api/v1/flows", document, 201).await;
        let id = saved["flow"]["id"].as_i64().unwrap();
        admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({"note": "v1"}), 201).await;
        let settings = json!({"chatbot_enabled": true, "initial_flow_id": id, "closing_flow_id": null});
        assert_eq!(admin.request(reqwest::Method::PUT, "/api/v1/flow-settings", Some(settings)).await.0, StatusCode::OK);

        // The flow greets with two messages, then opens the service for Suporte: one hand-over,
        // told once to each member (the messages on the way carry the same change).
        let chat = contact_writes(&server, &seed, "5511977776666", "João", "Oi").await;
        let page = bell(&agent, 1).await;
        assert_eq!(texts(&page), ["Conversa atribuída ao departamento Suporte"]);
        assert_eq!(page["items"][0]["conversation_id"], chat.id);
        assert_eq!(texts(&bell(&admin, 1).await), ["Conversa atribuída ao departamento Suporte"]);
        contact_writes(&server, &seed, "5511977776666", "João", "Meu pedido atrasou").await;
        assert_eq!(texts(&bell(&agent, 2).await)[0], "Meu pedido atrasou");
    }

    async fn pushes_go_to_each_subscribed_device_except_one_showing_the_chat_screen(db: TestDb) {
        let seed = Seed::create(&db.store, "Empurra").await;
        let fake = FakePush::start().await;
        let server = TestServer::start_with(&db.store, |args| args.push_allow_http = true).await;
        let agent = server.login(&seed.agent.email).await;
        let phone = server.login(&seed.agent.email).await;
        for (client, device) in [(&agent, "desktop"), (&phone, "phone")] {
            let (status, body) = client.request(Method::PUT, &format!("/api/v1/push/subscriptions/{device}"), Some(fake.subscription(device))).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let chat = contact_writes(&server, &seed, "5511966665555", "Ana", "Oi").await;
        let admin = server.login(&seed.admin.email).await;
        admin.post_expect(&format!("/api/v1/conversations/{}/assign", chat.id), json!({"agent_id": seed.agent.id}), 200).await;

        // The hand-over reaches both devices, encrypted and signed.
        let mut got = fake.wait_for(2).await;
        got.sort_by(|a, b| a.device.cmp(&b.device));
        assert!(got.iter().all(|r| r.verified()), "{got:?}");
        assert_eq!(got.iter().map(|r| r.device.as_deref().unwrap()).collect::<Vec<_>>(), ["desktop", "phone"]);
        assert_eq!(got[0].payload["title"], "Ana");
        assert_eq!(got[0].payload["body"], "Conversa atribuída a você");
        assert_eq!(got[0].payload["url"], format!("/chat/{}", chat.id));

        // The desktop shows the Chat screen: the phone alone gets the next message (N3: "mesmo
        // que na tela do Chat, a mensagem de notificação será disparada no celular").
        let mut desktop = agent.events(None).await;
        desktop.until(|f| f["type"] == "hello").await;
        show(&mut desktop, "desktop", "chat", true).await;
        contact_writes(&server, &seed, "5511966665555", "Ana", "Chegou o boleto?").await;
        let got = fake.wait_for(3).await;
        assert_eq!((got[2].device.as_deref().unwrap(), got[2].payload["body"].as_str()), ("phone", Some("Chegou o boleto?")));
        // The installed app on the phone shows the Chat screen too: no push at all; the bell
        // is not written either, and both pages are told (they decide on the sound).
        let mut app = phone.events(None).await;
        app.until(|f| f["type"] == "hello").await;
        show(&mut app, "phone", "chat", true).await;
        contact_writes(&server, &seed, "5511966665555", "Ana", "Alô?").await;
        told(&mut app, seed.agent.id).await;
        // A later message from the phone's other screen proves nothing was queued meanwhile.
        show(&mut app, "phone", "other", true).await;
        contact_writes(&server, &seed, "5511966665555", "Ana", "Última").await;
        let got = fake.wait_for(4).await;
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!((got[3].device.as_deref().unwrap(), got[3].payload["body"].as_str()), ("phone", Some("Última")));
    }
}
