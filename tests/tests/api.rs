//! The HTTP API end to end, as the web UI and integrators use it: login and sessions, CSRF,
//! API tokens, bad input answered with clear 4xx errors, messaging through the simulator.

use atende_e2e::chat::contact_receives;
use atende_e2e::{Client, EventStream, Seed, TestDb, TestServer, on_both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn count(db: &TestDb, table: &str) -> i64 {
    let (n,): (i64,) =
        db.store.read().await.unwrap().fetch_one(&format!("SELECT COUNT(*) FROM {table}"), vec![]).await.unwrap();
    n
}

/// Write "text" as the contact `phone` through the simulator; the stored message id.
async fn contact_writes(server: &TestServer, seed: &Seed, phone: &str, text: &str) -> i64 {
    let body = json!({"phone": phone, "name": "Maria", "text": text});
    let answer =
        server.client().post_expect(&format!("/api/v1/simulator/{}/messages", seed.simulator_key), body, 202).await;
    answer["message"]["id"].as_i64().expect("message id")
}

/// A new API token of the user `client` is logged in as.
async fn admin_token(client: &Client) -> String {
    let token = client.post_expect("/api/v1/api-tokens", json!({"name": "diagnóstico"}), 201).await;
    token["token"].as_str().expect("the token, shown once").to_string()
}

async fn first_conversation(client: &Client, view: &str) -> Value {
    client.get_ok(&format!("/api/v1/conversations?view={view}")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "contact")
        .cloned()
        .expect("a contact conversation")
}

on_both_backends! {
    async fn login_sets_a_secure_session_cookie_and_returns_the_csrf_token(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/login", server.url()))
            .json(&json!({"email": seed.admin.email, "password": atende_e2e::seed::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("atende_session="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain HTTP without a trusted proxy: not Secure");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["user"]["email"], seed.admin.email.as_str());
        assert_eq!(body["user"]["role"], "admin");
        assert!(body["csrf_token"].as_str().is_some_and(|t| t.len() >= 32));
        assert!(body["user"].get("password_hash").is_none());

        let behind_tls = TestServer::start_with(&db.store, |a| a.secure_cookies = atende_host::config::SecureCookies::Always).await;
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/login", behind_tls.url()))
            .json(&json!({"email": seed.admin.email, "password": atende_e2e::seed::PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(response.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
    }

    async fn wrong_credentials_get_401_without_telling_which_part_was_wrong(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let mut client = server.client();
        let (status, body) = client.request(Method::POST, "/api/v1/auth/login", Some(json!({"email": seed.admin.email, "password": "errada"}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["error"]["message"], "E-mail ou senha inválidos.");
        let (_, unknown) = client.request(Method::POST, "/api/v1/auth/login", Some(json!({"email": "ninguem@acme.test", "password": "x"}))).await;
        // The same answer (only each request's own id differs).
        assert_eq!((&unknown["error"]["code"], &unknown["error"]["message"]), (&body["error"]["code"], &body["error"]["message"]));
        assert_ne!(unknown["error"]["request_id"], body["error"]["request_id"]);
        assert_eq!(client.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(client.login(&seed.admin.email, atende_e2e::seed::PASSWORD).await, StatusCode::OK);
        assert_eq!(client.get("/api/v1/me").await.0, StatusCode::OK);
    }

    async fn a_database_failure_is_a_500_with_a_request_id_and_no_database_text(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        admin.get_ok("/api/v1/tags").await;
        // A damaged database: the table the tags live in is gone.
        let store = &db.store;
        let rename = |from: &'static str, to: &'static str| async move {
            let mut tx = store.begin().await.unwrap();
            tx.execute(&format!("ALTER TABLE {from} RENAME TO {to}"), vec![]).await.unwrap();
            store.commit(tx).await.unwrap();
        };
        rename("tags", "tags_lost").await;
        let response = reqwest::Client::new()
            .get(format!("{}/api/v1/tags", server.url()))
            .bearer_auth(admin_token(&admin).await)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR, "never dressed up as a 4xx");
        let header = response.headers()["x-request-id"].to_str().unwrap().to_string();
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "internal");
        assert_eq!(body["error"]["request_id"], header.as_str(), "the id the log line carries");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(&header), "the user can quote it: {message}");
        assert!(!message.contains("tags") && !message.to_lowercase().contains("relation"), "no database text: {message}");
        rename("tags_lost", "tags").await;
        admin.get_ok("/api/v1/tags").await;
    }

    async fn login_is_rate_limited_per_user_and_per_ip(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start_with(&db.store, |a| {
            a.login_per_user_per_minute = 2;
            a.login_per_ip_per_minute = 4;
        })
        .await;
        let mut client = server.client();
        assert_eq!(client.login(&seed.admin.email, "errada").await, StatusCode::UNAUTHORIZED);
        assert_eq!(client.login(&seed.admin.email, "errada").await, StatusCode::UNAUTHORIZED);
        let (status, body) = client.request(Method::POST, "/api/v1/auth/login", Some(json!({"email": seed.admin.email, "password": atende_e2e::seed::PASSWORD}))).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits: {body}");
        assert_eq!(body["error"]["code"], "rate_limited");
        assert_eq!(client.login(&seed.agent.email, atende_e2e::seed::PASSWORD).await, StatusCode::OK, "another user may still log in");
        assert_eq!(client.login(&seed.agent.email, atende_e2e::seed::PASSWORD).await, StatusCode::TOO_MANY_REQUESTS, "the IP has used its 4 attempts");
    }

    async fn cookie_writes_need_the_csrf_header(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let mut client = server.login(&seed.admin.email).await;
        client.drop_csrf();
        let (status, body) = client.post("/api/v1/departments", json!({"name": "Vendas"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["error"]["code"], "csrf");
        assert_eq!(client.get("/api/v1/departments").await.0, StatusCode::OK, "reads need no CSRF token");
        let (status, body) = client.get_with_origin("/api/v1/me", "https://evil.example").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a valid session used from another site: {body}");
        assert_eq!(body["error"]["code"], "cross_origin");
        let same_site = server.url();
        assert_eq!(client.get_with_origin("/api/v1/me", &same_site).await.0, StatusCode::OK);
        assert_eq!(count(&db, "departments").await, 1, "nothing written");
    }

    async fn api_tokens_authenticate_integrators_without_csrf(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let created = admin.post_expect("/api/v1/api-tokens", json!({"name": "CRM"}), 201).await;
        let token = created["token"].as_str().unwrap().to_string();
        assert!(token.starts_with("atd_"));
        let listed = admin.get_ok("/api/v1/api-tokens").await;
        assert_eq!(listed["items"][0]["name"], "CRM");
        assert!(!listed.to_string().contains(&token), "the secret is shown only once");
        let integrator = Client::with_token(&server.url(), &token);
        assert_eq!(integrator.get_ok("/api/v1/me").await["user"]["id"], seed.admin.id);
        integrator.post_expect("/api/v1/departments", json!({"name": "Vendas"}), 201).await;
        let id = created["api_token"]["id"].as_i64().unwrap();
        assert_eq!(admin.request(Method::DELETE, &format!("/api/v1/api-tokens/{id}"), None).await.0, StatusCode::NO_CONTENT);
        assert_eq!(integrator.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
        let agent = server.login(&seed.agent.email).await;
        assert_eq!(agent.post("/api/v1/api-tokens", json!({"name": "x"})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(Client::with_token(&server.url(), "atd_forged").get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    }

    async fn logout_ends_the_session(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let client = server.login(&seed.agent.email).await;
        assert_eq!(client.request(Method::POST, "/api/v1/auth/logout", None).await.0, StatusCode::NO_CONTENT);
        assert_eq!(client.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED);
    }

    async fn bad_input_gets_a_clear_4xx_and_writes_nothing(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start_with(&db.store, |a| a.max_body_bytes = 2048).await;
        contact_writes(&server, &seed, "5511999990000", "Oi").await;
        let client = server.login(&seed.admin.email).await;
        let chat = first_conversation(&client, "all").await["id"].as_i64().unwrap();
        let path = format!("/api/v1/conversations/{chat}/messages");
        let messages_before = count(&db, "messages").await;
        let cases: Vec<(Vec<u8>, &str, u16, &str)> = vec![
            (b"{\"text\":".to_vec(), "application/json", 400, "malformed_json"),
            (b"{\"text\":5}".to_vec(), "application/json", 422, "invalid_body"),
            (b"{}".to_vec(), "application/json", 422, "invalid_body"),
            (b"{\"text\":\"oi\",\"extra\":1}".to_vec(), "application/json", 422, "invalid_body"),
            (b"{\"text\":\"oi\"}".to_vec(), "text/plain", 415, "unsupported_media_type"),
            (b"{\"text\":\"   \"}".to_vec(), "application/json", 422, "invalid"),
            (format!("{{\"text\":\"{}\"}}", "a".repeat(4000)).into_bytes(), "application/json", 413, "payload_too_large"),
        ];
        for (body, content_type, status, code) in cases {
            let (got, answer) = client.request_raw(Method::POST, &path, content_type, body.clone()).await;
            assert_eq!(got.as_u16(), status, "{}: {answer}", String::from_utf8_lossy(&body[..body.len().min(40)]));
            assert_eq!(answer["error"]["code"], code, "{answer}");
            assert!(answer["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        let (status, answer) = client.post("/api/v1/conversations/abc/messages", json!({"text": "oi"})).await;
        assert_eq!((status.as_u16(), answer["error"]["code"].as_str()), (400, Some("bad_request")));
        let (status, answer) = client.post("/api/v1/conversations/987654/messages", json!({"text": "oi"})).await;
        assert_eq!((status.as_u16(), answer["error"]["code"].as_str()), (404, Some("not_found")));
        let (status, answer) = client.get("/api/v1/conversations?view=todos").await;
        assert_eq!((status.as_u16(), answer["error"]["code"].as_str()), (400, Some("bad_request")));
        let (status, answer) = client.get("/api/v1/nada").await;
        assert_eq!((status.as_u16(), answer["error"]["code"].as_str()), (404, Some("unknown_route")));
        let (status, answer) = client.request(Method::DELETE, "/api/v1/me", None).await;
        assert_eq!((status.as_u16(), answer["error"]["code"].as_str()), (405, Some("method_not_allowed")));
        let (status, answer) = client.patch_json("/api/v1/contacts/1", json!({"cpf": "123.456.789-00"})).await;
        assert_eq!(status.as_u16(), 422, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("CPF válido"), "{answer}");
        assert_eq!(count(&db, "messages").await, messages_before, "no half-written rows");
    }

    async fn an_agent_answers_a_simulator_contact_and_the_contact_sees_it(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let agent = server.login(&seed.agent.email).await;
        let mut inbox = agent.events(None).await;
        assert_eq!(inbox.next().await["type"], "hello");
        let sim = format!("{}/api/v1/simulator/{}", server.url().replacen("http", "ws", 1), seed.simulator_key);
        let mut phone = EventStream::connect_url(&format!("{sim}/stream?phone=5511999990000")).await;

        contact_writes(&server, &seed, "5511999990000", "Oi").await;
        let event = inbox.until(|f| f["type"] == "event").await;
        assert_eq!(event["kind"], "message.created");
        assert_eq!(event["message"]["text"], "Oi");
        assert_eq!(event["conversation"]["state"], "open");
        let chat = event["conversation"]["id"].as_i64().unwrap();
        assert_eq!(phone.next().await["message"]["text"], "Oi", "the contact's own message shows on the phone");

        assert_eq!(first_conversation(&agent, "open").await["id"], chat, "a new chat is in Abertos (L1)");
        agent.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Olá! Como posso ajudar?"}), 201).await;
        let reply = phone.until(|f| f["message"]["direction"] == "outbound").await;
        assert_eq!(reply["message"]["text"], "Olá! Como posso ajudar?");
        assert_eq!(reply["message"]["status"], "sent", "the outbox worker sent it through the simulator channel");

        let history = server.client().get_ok(&format!("/api/v1/simulator/{}/messages?phone=5511999990000", seed.simulator_key)).await;
        let texts: Vec<&str> = history["items"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
        assert_eq!(texts, ["Oi", "Olá! Como posso ajudar?"]);
        let mine = first_conversation(&agent, "mine").await;
        assert_eq!(mine["agent"]["id"], seed.agent.id, "S13: the reply assigned the agent");
        assert!(mine["unanswered_since"].is_null(), "L13: the reply stopped the timer");
    }

    async fn internal_messages_are_red_notes_the_contact_never_sees(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        contact_writes(&server, &seed, "5511999990000", "Oi").await;
        let agent = server.login(&seed.agent.email).await;
        let chat = first_conversation(&agent, "all").await["id"].as_i64().unwrap();
        let path = format!("/api/v1/conversations/{chat}/messages");
        let by_command = agent.post_expect(&path, json!({"text": "/interna cliente VIP"}), 201).await;
        assert_eq!((by_command["internal"].as_bool(), by_command["text"].as_str()), (Some(true), Some("cliente VIP")));
        let by_checkbox = agent.post_expect(&path, json!({"text": "ligar às 15h", "internal": true}), 201).await;
        assert_eq!(by_checkbox["internal"], true);
        let capitalised = agent.post_expect(&path, json!({"text": "/Interna não é comando"}), 201).await;
        assert_eq!(capitalised["internal"], false, "C13: lowercase command only");
        // The contact's phone shows the capitalised text once it is sent; the notes, written
        // before it, would have been sent first had they been queued at all.
        contact_receives(&server, &seed, "5511999990000", "/Interna não é comando").await;
        let phone = server.client().get_ok(&format!("/api/v1/simulator/{}/messages?phone=5511999990000", seed.simulator_key)).await;
        let texts: Vec<&str> = phone["items"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
        assert!(!texts.iter().any(|t| t.contains("VIP") || t.contains("15h")), "{texts:?}");
        let (outbox,): (i64,) = db.store.read().await.unwrap().fetch_one("SELECT COUNT(*) FROM outbox", vec![]).await.unwrap();
        assert_eq!(outbox, 1, "only the capitalised text went out");
        let history = agent.get_ok(&path).await;
        assert_eq!(history["items"].as_array().unwrap().iter().filter(|m| m["internal"] == true).count(), 2);
    }

    async fn variables_in_the_composer_are_expanded_for_the_contact(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        contact_writes(&server, &seed, "5511999990000", "Oi").await;
        let agent = server.login(&seed.agent.email).await;
        let chat = first_conversation(&agent, "all").await["id"].as_i64().unwrap();
        let path = format!("/api/v1/conversations/{chat}/messages");
        let sent = agent.post_expect(&path, json!({"text": "Olá {nome}, <nome>! {desconhecida}"}), 201).await;
        assert_eq!(sent["text"], "Olá Maria, Maria! {desconhecida}", "C8: {{nome}} and <nome> expand, unknown names stay");
        let note = agent.post_expect(&path, json!({"text": "/interna ligar para {nome}"}), 201).await;
        assert_eq!(note["text"], "ligar para {nome}", "internal notes are not sent, so not expanded");
        let phone = server.client().get_ok(&format!("/api/v1/simulator/{}/messages?phone=5511999990000", seed.simulator_key)).await;
        let reply = phone["items"].as_array().unwrap().iter().find(|m| m["direction"] == "outbound").cloned();
        if let Some(reply) = reply {
            assert_eq!(reply["text"], "Olá Maria, Maria! {desconhecida}");
        }
    }

    async fn reactions_go_only_to_the_contacts_messages(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let contact_message = contact_writes(&server, &seed, "5511999990000", "Oi").await;
        let agent = server.login(&seed.agent.email).await;
        let chat = first_conversation(&agent, "all").await["id"].as_i64().unwrap();
        let path = format!("/api/v1/conversations/{chat}/reactions");
        let reaction = agent.post_expect(&path, json!({"message_id": contact_message, "emoji": "❤️"}), 201).await;
        assert_eq!(reaction["kind"], "reaction");
        assert_eq!(reaction["payload"]["emoji"], "❤️");
        let after = agent.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        assert!(after["agent"].is_null(), "C6: no assignment by reaction");
        let note = agent.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "x", "internal": true}), 201).await;
        let (status, _) = agent.post(&path, json!({"message_id": note["id"], "emoji": "👍"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _) = agent.post(&path, json!({"message_id": 999999, "emoji": "👍"})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn a_chat_is_unread_until_opened_and_can_be_marked_unread(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        contact_writes(&server, &seed, "5511999990000", "Oi").await;
        let agent = server.login(&seed.agent.email).await;
        let chat = first_conversation(&agent, "all").await;
        assert_eq!(chat["unread"], true);
        let id = chat["id"].as_i64().unwrap();
        agent.post_expect(&format!("/api/v1/conversations/{id}/read"), json!({}), 204).await;
        assert_eq!(agent.get_ok(&format!("/api/v1/conversations/{id}")).await["unread"], false);
        let admin = server.login(&seed.admin.email).await;
        assert_eq!(admin.get_ok(&format!("/api/v1/conversations/{id}")).await["unread"], false, "L12: read for every user");
        assert_eq!(admin.get_ok("/api/v1/conversations?unread=true").await["items"].as_array().unwrap().len(), 0);
        admin.post_expect(&format!("/api/v1/conversations/{id}/unread"), json!({}), 204).await;
        assert_eq!(admin.get_ok("/api/v1/conversations?unread=true").await["items"][0]["id"], id);
        // Read again, then the contact writes: unread until someone opens it again.
        agent.post_expect(&format!("/api/v1/conversations/{id}/read"), json!({}), 204).await;
        contact_writes(&server, &seed, "5511999990000", "Mais uma coisa").await;
        assert_eq!(admin.get_ok(&format!("/api/v1/conversations/{id}")).await["unread"], true, "a new message is unread");
    }

    async fn the_team_chat_is_listed_by_its_shortcut_and_never_sent(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        contact_writes(&server, &seed, "5511999990000", "Oi").await;
        let agent = server.login(&seed.agent.email).await;
        let only = agent.get_ok("/api/v1/conversations?internal=only").await;
        let items = only["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["kind"], "internal");
        let id = items[0]["id"].as_i64().unwrap();
        let message = agent.post_expect(&format!("/api/v1/conversations/{id}/messages"), json!({"text": "Bom dia, time"}), 201).await;
        assert_eq!(message["status"], "received");
        let admin = server.login(&seed.admin.email).await;
        let history = admin.get_ok(&format!("/api/v1/conversations/{id}/messages")).await;
        assert_eq!(history["items"][0]["text"], "Bom dia, time");
        assert_eq!(history["items"][0]["author"]["name"], "Agente");
    }

    async fn admins_manage_users_and_departments_and_agents_cannot(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let user = admin
            .post_expect("/api/v1/users", json!({"name": "Carla", "email": "carla@acme.test", "password": "uva-verde-na-feira", "role": "agent", "chat_visibility": "own"}), 201)
            .await;
        let (status, body) = admin.post("/api/v1/users", json!({"name": "Carla 2", "email": "CARLA@acme.test", "password": "uva-verde-na-feira", "role": "agent", "chat_visibility": "own"})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        let (status, _) = admin.post("/api/v1/users", json!({"name": "D", "email": "d@acme.test", "password": "curta", "role": "agent", "chat_visibility": "own"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut carla = server.client();
        assert_eq!(carla.login("carla@acme.test", "uva-verde-na-feira").await, StatusCode::OK);
        assert_eq!(carla.post("/api/v1/departments", json!({"name": "X"})).await.0, StatusCode::FORBIDDEN);
        let own = carla.patch_json(&format!("/api/v1/users/{}", user["id"]), json!({"default_closing_message": "Obrigado!"})).await;
        assert_eq!(own.0, StatusCode::OK, "anyone edits their own closing message (K3)");
        let promote = carla.patch_json(&format!("/api/v1/users/{}", user["id"]), json!({"role": "admin"})).await;
        assert_eq!(promote.0, StatusCode::FORBIDDEN);
        let department = admin.post_expect("/api/v1/departments", json!({"name": "Vendas"}), 201).await;
        let members = admin
            .request(Method::PUT, &format!("/api/v1/departments/{}/members", department["id"]), Some(json!({"user_ids": [user["id"]]})))
            .await;
        assert_eq!(members.0, StatusCode::OK);
        assert_eq!(carla.get_ok("/api/v1/me").await["user"]["department_ids"], json!([department["id"]]));
        let deactivate = admin.patch_json(&format!("/api/v1/users/{}", user["id"]), json!({"active": false})).await;
        assert_eq!(deactivate.0, StatusCode::OK);
        assert_eq!(carla.get("/api/v1/me").await.0, StatusCode::UNAUTHORIZED, "a deactivated user's sessions end");

        // The last active admin can be neither demoted nor deactivated (A4), not even by themselves.
        for change in [json!({"role": "agent"}), json!({"active": false})] {
            let (status, body) = admin.patch_json(&format!("/api/v1/users/{}", seed.admin.id), change).await;
            assert_eq!(status, StatusCode::CONFLICT, "{body}");
            assert!(body["error"]["message"].as_str().unwrap().contains("administrador ativo"), "{body}");
        }
        assert_eq!(admin.get_ok("/api/v1/me").await["user"]["role"], "admin", "nothing changed");
        // With a second admin, the first may step down.
        admin.patch_json(&format!("/api/v1/users/{}", user["id"]), json!({"role": "admin", "active": true})).await;
        let (status, body) = admin.patch_json(&format!("/api/v1/users/{}", seed.admin.id), json!({"role": "agent"})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }

    async fn admins_rename_the_account_and_choose_its_time_zone(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let (status, account) = admin.patch_json("/api/v1/account", json!({"name": " Acme Filial ", "timezone": "America/Manaus"})).await;
        assert_eq!(status, StatusCode::OK, "{account}");
        assert_eq!((account["name"].as_str(), account["timezone"].as_str()), (Some("Acme Filial"), Some("America/Manaus")));
        assert_eq!(admin.get_ok("/api/v1/me").await["account"]["timezone"], "America/Manaus");
        let (status, body) = admin.patch_json("/api/v1/account", json!({"timezone": "Marte/Base"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("Marte/Base"), "{body}");
        assert_eq!(admin.patch_json("/api/v1/account", json!({"name": ""})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let agent = server.login(&seed.agent.email).await;
        assert_eq!(agent.patch_json("/api/v1/account", json!({"name": "Minha"})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.get_ok("/api/v1/me").await["account"]["name"], "Acme Filial", "refusals changed nothing");
    }

    async fn an_admin_changes_a_users_login_email(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let path = format!("/api/v1/users/{}", seed.agent.id);
        let (status, user) = admin.patch_json(&path, json!({"email": " Bruno.Novo@Acme.test "})).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        assert_eq!(user["email"], "bruno.novo@acme.test");
        let mut agent = server.client();
        assert_eq!(agent.login("bruno.novo@acme.test", atende_e2e::seed::PASSWORD).await, 200, "the new e-mail logs in");
        assert_eq!(server.client().login(&seed.agent.email, atende_e2e::seed::PASSWORD).await, 401, "the old one does not");
        let (status, answer) = admin.patch_json(&path, json!({"email": seed.admin.email})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("Já existe"), "{answer}");
        let (status, _) = admin.patch_json(&path, json!({"email": "sem-arroba"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(admin.get_ok(&path).await["email"], "bruno.novo@acme.test", "refusals changed nothing");
    }

    async fn new_users_start_with_the_accounts_audio_confirmation(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let user = |email: &str| json!({"name": "Nova", "email": email, "password": "uva-verde-na-feira", "role": "agent", "chat_visibility": "own"});
        let before = admin.post_expect("/api/v1/users", user("antes@acme.test"), 201).await;
        assert_eq!(before["audio_confirmation"], true, "C15: asked before sending, by default");
        let (status, account) = admin.patch_json("/api/v1/account", json!({"audio_confirmation_default": false})).await;
        assert_eq!(status, StatusCode::OK, "{account}");
        assert_eq!(account["audio_confirmation_default"], false);
        assert_eq!(account["name"], "Acme", "the other settings stay");
        let after = admin.post_expect("/api/v1/users", user("depois@acme.test"), 201).await;
        assert_eq!(after["audio_confirmation"], false, "a new user starts with the account's default");
        let kept = admin.get_ok(&format!("/api/v1/users/{}", before["id"])).await;
        assert_eq!(kept["audio_confirmation"], true, "existing users keep their own choice");
    }

    async fn the_audio_confirmation_is_each_users_own_on_every_device(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let agent = server.login(&seed.agent.email).await;
        assert_eq!(admin.get_ok("/api/v1/me").await["user"]["audio_confirmation"], true, "C15: asked by default");
        let (status, me) = admin.patch_json("/api/v1/me", json!({"audio_confirmation": false})).await;
        assert_eq!((status, me["audio_confirmation"].clone()), (StatusCode::OK, json!(false)));
        let other_device = server.login(&seed.admin.email).await;
        assert_eq!(other_device.get_ok("/api/v1/me").await["user"]["audio_confirmation"], false, "kept on the server");
        assert_eq!(agent.get_ok("/api/v1/me").await["user"]["audio_confirmation"], true, "another user's stays");
        let (status, body) = admin.patch_json("/api/v1/me", json!({"audio_confirmation": "sim"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(admin.get_ok("/api/v1/me").await["user"]["audio_confirmation"], false, "a bad value changes nothing");
    }

    async fn the_openapi_document_describes_every_endpoint_the_router_serves(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let doc = server.client().get_ok("/api/openapi.json").await;
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        let admin = server.login(&seed.admin.email).await;
        let paths = doc["paths"].as_object().unwrap();
        assert!(paths.len() >= 20);
        let mut ids = std::collections::HashSet::new();
        for (path, operations) in paths {
            for (method, operation) in operations.as_object().unwrap() {
                let id = operation["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path} has no operationId"));
                assert!(ids.insert(id.to_string()), "{method} {path}: operationId {id} is taken (generated clients would mix them up)");
                let concrete = path.replace("{id}", "999999").replace("{key}", "nao-existe");
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let (status, body) = admin.request(method.clone(), &concrete, None).await;
                assert_ne!(body["error"]["code"], "unknown_route", "{method} {path} is documented but not served");
                assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
                assert!(status.as_u16() < 500, "{method} {path}: {status} {body}");
            }
        }
        assert_eq!(server.client().get("/healthz").await.0, StatusCode::OK);
        for page in ["/", "/login", "/simulator/qualquer"] {
            let html = reqwest::get(format!("{}{page}", server.url())).await.unwrap().text().await.unwrap();
            assert!(html.contains("id=\"root\""), "{page} serves the built web UI (scripts/test builds it first): {html:.200}");
        }
    }
}
