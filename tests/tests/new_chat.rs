//! "Novo chat" (L5) through the API: a template to a number that is not a contact yet, with
//! name, "Abrir conversa?" and "Número estrangeiro"; the contact's reply then lands in "Chats
//! abertos" for the agent, unless the service ended with the session the template opened (then
//! the late reply meets the initial flow); bad input is refused with a reason and leaves nothing
//! behind.

use atende_e2e::chat::{chat_of, contact_receives, contact_writes, simulator_template};
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Setup {
    seed: Seed,
    server: TestServer,
    admin: Client,
    template: i64,
}

async fn setup(db: &TestDb) -> Setup {
    let seed = Seed::create(&db.store, "Acme").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;
    let template = simulator_template(&admin, &seed, "contato", "utility", "Olá {{1}}, aqui é da Acme.").await;
    Setup { seed, server, admin, template }
}

impl Setup {
    fn body(&self, phone: &str, open: bool) -> Value {
        json!({"channel_id": self.seed.channel_id, "name": "Joana", "phone": phone, "open_conversation": open,
            "template_id": self.template, "positional": ["Joana"]})
    }

    async fn contacts(&self, db: &TestDb) -> i64 {
        let (n,): (i64,) = db
            .store
            .read()
            .await
            .unwrap()
            .fetch_one("SELECT COUNT(*) FROM contacts WHERE account_id = $1", atende_host::args![self.seed.account_id])
            .await
            .unwrap();
        n
    }
}

on_both_backends! {
    async fn a_new_chat_opened_for_the_agent_gets_the_reply_in_open_chats(db: TestDb) {
        let s = setup(&db).await;
        let agent = s.server.login(&s.seed.agent.email).await;
        let mut events = agent.events(None).await;
        assert_eq!(events.next().await["type"], "hello");
        let started = agent.post_expect("/api/v1/new-chat", s.body("21-99999-9999", true), 201).await;
        let chat = &started["conversation"];
        assert_eq!(chat["contact"]["name"], "Joana");
        assert_eq!(chat["contact"]["phone"], "5521999999999", "DDD and number get the country code");
        assert_eq!(chat["state"], "open", "Abrir conversa? yes");
        assert_eq!((chat["agent"].clone(), chat["department"].clone()), (Value::Null, Value::Null), "open for anyone");
        assert!(chat["protocol"].as_str().is_some(), "a service was opened");
        assert_eq!((started["message"]["kind"].as_str(), started["message"]["text"].as_str()), (Some("template"), Some("Olá Joana, aqui é da Acme.")));
        let created = events.until(|f| f["kind"] == "message.created").await;
        assert_eq!(created["conversation"]["id"], chat["id"]);
        contact_receives(&s.server, &s.seed, "5521999999999", "Olá Joana, aqui é da Acme.").await;

        let replied = contact_writes(&s.server, &s.seed, "5521999999999", "Joana S.", "Oi, pode falar").await;
        assert_eq!(replied.id, chat["id"].as_i64().unwrap(), "the reply lands in the same chat");
        assert_eq!(replied.state, atende_host::domain::conversation::ConversationState::Open);
        assert_eq!(replied.protocol.as_deref(), chat["protocol"].as_str(), "the same service");
        let open = agent.get_ok("/api/v1/conversations?view=open").await;
        assert!(open["items"].as_array().unwrap().iter().any(|c| c["id"] == chat["id"]), "the reply is in Chats abertos");
        assert_eq!(replied.contact.as_ref().unwrap().name, "Joana", "the contact keeps the name given");
    }

    async fn without_opening_the_chat_stays_closed_and_an_existing_contact_is_reused(db: TestDb) {
        let s = setup(&db).await;
        let started = s.admin.post_expect("/api/v1/new-chat", s.body("21999999999", false), 201).await;
        assert_eq!(started["conversation"]["state"], "closed", "Abrir conversa? no");
        assert_eq!(started["conversation"]["agent"], Value::Null);
        assert_eq!(started["conversation"]["protocol"], Value::Null, "no service");
        let before = s.contacts(&db).await;

        let existing = contact_writes(&s.server, &s.seed, "5511988887777", "Maria", "Oi").await;
        let mut body = s.body("11-98888-7777", false);
        body["name"] = json!("Outro nome");
        let again = s.admin.post_expect("/api/v1/new-chat", body, 201).await;
        assert_eq!(again["conversation"]["id"], existing.id, "the contact's own chat");
        assert_eq!(again["conversation"]["contact"]["name"], "Maria", "an existing contact keeps their name");
        assert_eq!(s.contacts(&db).await, before + 1, "only Maria's contact was added, by her own message");

        let foreign = s.admin.post_expect("/api/v1/new-chat", json!({"channel_id": s.seed.channel_id, "name": "John",
            "phone": "1-555-123-4567", "foreign": true, "template_id": s.template, "positional": ["John"]}), 201).await;
        assert_eq!(foreign["conversation"]["contact"]["phone"], "15551234567", "a foreign number is taken as typed");
    }

    async fn bad_new_chats_are_refused_with_a_reason_and_leave_nothing(db: TestDb) {
        let s = setup(&db).await;
        let before = s.contacts(&db).await;
        let refused = |body: Value, status: StatusCode| {
            let admin = &s.admin;
            async move {
                let (got, answer) = admin.post("/api/v1/new-chat", body).await;
                assert_eq!(got, status, "{answer}");
                answer["error"]["message"].as_str().unwrap().to_string()
            }
        };
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        assert!(refused(s.body("(21) 99999-9999", true), unprocessable).await.contains("parênteses"));
        assert!(refused(s.body("999", true), unprocessable).await.contains("DDD"));
        let mut nameless = s.body("21999999999", true);
        nameless["name"] = json!("  ");
        assert!(refused(nameless, unprocessable).await.contains("nome"));
        let mut missing = s.body("21999999999", true);
        missing["positional"] = json!([]);
        refused(missing, unprocessable).await;
        let mut unknown_template = s.body("21999999999", true);
        unknown_template["template_id"] = json!(999_999);
        refused(unknown_template, StatusCode::NOT_FOUND).await;
        let mut unknown_channel = s.body("21999999999", true);
        unknown_channel["channel_id"] = json!(999_999);
        refused(unknown_channel, StatusCode::NOT_FOUND).await;
        let page = db.store.create_channel(s.seed.account_id, "messenger", "Página", "page-1").await.unwrap();
        let mut messenger = s.body("21999999999", true);
        messenger["channel_id"] = json!(page.id);
        assert!(refused(messenger, unprocessable).await.contains("WhatsApp"), "Messenger has no templates");
        assert_eq!(s.contacts(&db).await, before, "no contact was created by a refused request");
    }

    async fn a_blocked_contact_or_a_chat_another_agent_serves_is_not_written_to(db: TestDb) {
        let s = setup(&db).await;
        let maria = contact_writes(&s.server, &s.seed, "5511988887777", "Maria", "Oi").await;
        s.admin.post_expect(&format!("/api/v1/conversations/{}/assign", maria.id), json!({"agent_id": s.seed.admin.id}), 200).await;
        db.store.read().await.unwrap().execute("UPDATE users SET chat_visibility = 'own' WHERE id = $1", atende_host::args![s.seed.agent.id]).await.unwrap();
        let agent = s.server.login(&s.seed.agent.email).await;
        let (status, answer) = agent.post("/api/v1/new-chat", s.body("11988887777", true)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("em atendimento"));
        assert_eq!(chat_of(&db.store, &s.seed, "5511988887777").await.agent.map(|a| a.id), Some(s.seed.admin.id), "untouched");

        s.admin.post_expect(&format!("/api/v1/contacts/{}/block", maria.contact.as_ref().unwrap().id), json!({}), 200).await;
        let (status, answer) = s.admin.post("/api/v1/new-chat", s.body("11988887777", true)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("bloqueado"));
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{}/messages", maria.id)).await;
        assert_eq!(history["items"].as_array().unwrap().len(), 1, "nothing was sent");
    }
}

/// Publish a one-message initial flow and turn the chatbot on.
async fn greeting_flow(admin: &Client) {
    let saved = admin
        .post_expect(
            "/api/v1/flows",
            json!({"formatVersion": "1.0.0", "name": "Boas-vindas", "entry": "oi",
                "nodes": [{"id": "oi", "type": "content", "typeVersion": 1, "config": {"messages": ["Bem-vindo à Acme!"]}}],
                "edges": []}),
            201,
        )
        .await;
    let id = saved["flow"]["id"].as_i64().unwrap();
    admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({}), 201).await;
    let (status, body) = admin
        .request(
            reqwest::Method::PUT,
            "/api/v1/flow-settings",
            Some(json!({"chatbot_enabled": true, "initial_flow_id": id, "closing_flow_id": null})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

on_both_backends! {
    async fn a_new_chats_service_ends_with_its_session_and_a_late_reply_meets_the_initial_flow(db: TestDb) {
        let s = setup(&db).await;
        greeting_flow(&s.admin).await;
        let late = s.admin.post_expect("/api/v1/new-chat", s.body("21988880001", true), 201).await;
        let in_time = s.admin.post_expect("/api/v1/new-chat", s.body("21988880002", true), 201).await;

        // Answered within the session the template opened: the agent's service goes on, no bot.
        let answered = contact_writes(&s.server, &s.seed, "5521988880002", "Joana", "Oi, pode falar").await;
        assert_eq!(answered.state, atende_host::domain::conversation::ConversationState::Open);
        assert_eq!(answered.protocol.as_deref(), in_time["conversation"]["protocol"].as_str());

        // A day later the first contact answers: that service ended with the session.
        db.clock.advance(std::time::Duration::from_secs(24 * 3600 + 60));
        let replied = contact_writes(&s.server, &s.seed, "5521988880001", "Joana", "Oi, vi sua mensagem").await;
        assert_eq!(replied.id, late["conversation"]["id"].as_i64().unwrap());
        assert_eq!(replied.state, atende_host::domain::conversation::ConversationState::Bot, "the initial flow runs (L5's exception)");
        contact_receives(&s.server, &s.seed, "5521988880001", "Bem-vindo à Acme!").await;
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{}/messages", replied.id)).await;
        let texts: Vec<&str> = history["items"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
        let ended = texts.iter().position(|t| *t == "Atendimento encerrado pelo fim da sessão.").expect("the system line");
        let reply = texts.iter().position(|t| *t == "Oi, vi sua mensagem").unwrap();
        assert!(ended < reply, "the service ended before the reply was routed: {texts:?}");

        // The second contact answered in time: their service is an ordinary one, a day later too.
        let again = contact_writes(&s.server, &s.seed, "5521988880002", "Joana", "Ainda aí?").await;
        assert_eq!(again.state, atende_host::domain::conversation::ConversationState::Open);
        assert_eq!(again.protocol.as_deref(), in_time["conversation"]["protocol"].as_str());
        assert_eq!(chat_of(&db.store, &s.seed, "5521988880002").await.id, again.id);
    }
}
