//! Scheduled template messages (S7) through the API, the jobs worker and the event stream:
//! scheduled with a template, a time and "Abrir atendimento?" (agent and/or department, or
//! neither); listed with author, created time, template, send time and whom the chat is opened
//! for; cancellable; sent once at their time, never to a blocked contact (S17).

use std::time::Duration;

use atende_e2e::chat::{contact_receives, contact_writes, simulator_template};
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use atende_host::clock::Clock;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PHONE: &str = "5511999990001";

struct Setup {
    clock: Clock,
    seed: Seed,
    server: TestServer,
    admin: Client,
    chat: i64,
    template: i64,
}

async fn setup(db: &TestDb) -> Setup {
    let seed = Seed::create(&db.store, "Acme").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;
    let template = simulator_template(&admin, &seed, "parabens", "marketing", "Parabéns, {{1}}!").await;
    let chat = contact_writes(&server, &seed, PHONE, "Maria", "Oi").await.id;
    admin.post_expect(&format!("/api/v1/conversations/{chat}/close"), json!({"message": null}), 200).await;
    Setup { clock: db.clock.clone(), seed, server, admin, chat, template }
}

impl Setup {
    fn path(&self) -> String {
        format!("/api/v1/conversations/{}/scheduled-messages", self.chat)
    }

    async fn schedule(&self, extra: Value) -> Value {
        let mut body =
            json!({"template_id": self.template, "positional": ["Maria"], "send_at": self.clock.now() + 3_600_000});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        self.admin.post_expect(&self.path(), body, 201).await
    }

    async fn listed(&self) -> Vec<Value> {
        self.admin.get_ok(&self.path()).await["items"].as_array().unwrap().clone()
    }

    /// Move the clock past the chat's scheduled messages (at most two hours ahead) and wait
    /// until the worker has run them all.
    async fn send_now(&self) {
        self.clock.advance(Duration::from_secs(3 * 3600));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.listed().await.iter().any(|m| m["state"] == "pending") {
            assert!(tokio::time::Instant::now() < deadline, "the scheduled message did not go out");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn chat(&self) -> Value {
        self.admin.get_ok(&format!("/api/v1/conversations/{}", self.chat)).await
    }

    async fn history(&self) -> Vec<Value> {
        self.admin.get_ok(&format!("/api/v1/conversations/{}/messages", self.chat)).await["items"]
            .as_array()
            .unwrap()
            .clone()
    }
}

on_both_backends! {
    async fn a_scheduled_message_is_listed_then_sent_at_its_time_and_opens_the_chat_for_the_agent(db: TestDb) {
        let s = setup(&db).await;
        let send_at = db.clock.now() + 2 * 3_600_000;
        let scheduled = s.schedule(json!({"send_at": send_at, "open_service": true, "agent_id": s.seed.agent.id})).await;
        assert_eq!(scheduled["author"]["name"], s.seed.admin.name, "who scheduled it");
        assert!(scheduled["created_at"].as_i64().unwrap() <= db.clock.now());
        assert_eq!(scheduled["template"]["name"], "parabens");
        assert_eq!(scheduled["send_at"], send_at);
        assert_eq!(scheduled["opened_for"]["agent"]["name"], s.seed.agent.name, "opened for");
        assert_eq!(scheduled["opened_for"]["department"], Value::Null);
        assert_eq!(scheduled["state"], "pending");
        assert_eq!(s.listed().await, vec![scheduled.clone()]);
        assert_eq!(s.history().await.len(), 1, "nothing is sent before its time");

        let mut events = s.admin.events(None).await;
        assert_eq!(events.next().await["type"], "hello");
        s.send_now().await;
        let created = events.until(|f| f["kind"] == "message.created").await;
        assert_eq!(created["message"]["text"], "Parabéns, Maria!", "{created}");
        assert_eq!(created["conversation"]["state"], "open", "the event carries the opened chat");
        let sent = s.history().await.pop().unwrap();
        assert_eq!((sent["kind"].as_str(), sent["text"].as_str()), (Some("template"), Some("Parabéns, Maria!")));
        assert_eq!(sent["author"]["name"], s.seed.admin.name);
        let chat = s.chat().await;
        assert_eq!(chat["state"], "open");
        assert_eq!(chat["agent"]["id"], s.seed.agent.id);
        assert_eq!(chat["department"], Value::Null);
        assert!(chat["protocol"].as_str().is_some(), "a service was opened");
        // L13: the contact's "Oi" from before the close was unanswered; the system's message answers it.
        assert_eq!(chat["unanswered_since"], Value::Null, "a message sent by the system stops the timer");
        assert_eq!(s.listed().await[0]["state"], "done");
        contact_receives(&s.server, &s.seed, PHONE, "Parabéns, Maria!").await;
        // The worker looking again sends nothing more.
        for _ in 0..3 {
            db.store.run_due_jobs(100).await.unwrap();
        }
        assert_eq!(s.history().await.iter().filter(|m| m["kind"] == "template").count(), 1, "sent once");
    }

    async fn the_chat_opens_for_the_department_for_both_or_for_neither_and_stays_closed_when_not_asked(db: TestDb) {
        let s = setup(&db).await;
        s.schedule(json!({"open_service": false})).await;
        s.send_now().await;
        let chat = s.chat().await;
        assert_eq!(chat["state"], "closed", "\"Abrir atendimento?\" no: the template goes, the chat is not opened");
        assert_eq!(s.history().await.last().unwrap()["kind"], "template");

        s.schedule(json!({"open_service": true, "department_id": s.seed.department_id})).await;
        s.send_now().await;
        let chat = s.chat().await;
        assert_eq!((chat["state"].as_str(), chat["agent"].clone()), (Some("open"), Value::Null));
        assert_eq!(chat["department"]["id"], s.seed.department_id);

        s.admin.post_expect(&format!("/api/v1/conversations/{}/close", s.chat), json!({"message": null}), 200).await;
        let both = s.schedule(json!({"open_service": true, "agent_id": s.seed.agent.id, "department_id": s.seed.department_id})).await;
        assert_eq!(both["opened_for"]["department"]["id"], s.seed.department_id);
        s.send_now().await;
        let chat = s.chat().await;
        assert_eq!(chat["agent"]["id"], s.seed.agent.id);
        assert_eq!(chat["department"]["id"], s.seed.department_id);

        s.admin.post_expect(&format!("/api/v1/conversations/{}/close", s.chat), json!({"message": null}), 200).await;
        let neither = s.schedule(json!({"open_service": true})).await;
        assert_eq!(neither["opened_for"], json!({"agent": null, "department": null}));
        s.send_now().await;
        let chat = s.chat().await;
        assert_eq!(chat["state"], "open", "opened without agent and without department");
        assert_eq!((chat["agent"].clone(), chat["department"].clone()), (Value::Null, Value::Null));
    }

    async fn a_cancelled_message_never_goes_and_a_blocked_contact_gets_none(db: TestDb) {
        let s = setup(&db).await;
        let first = s.schedule(json!({})).await;
        let id = first["id"].as_i64().unwrap();
        let (status, cancelled) = s.admin.delete(&format!("{}/{id}", s.path())).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(cancelled["state"], "cancelled");
        assert_eq!(s.admin.delete(&format!("{}/{id}", s.path())).await.0, StatusCode::NOT_FOUND, "already cancelled");
        s.send_now().await;
        assert_eq!(s.history().await.len(), 1, "a cancelled message is not sent");

        let contact = s.chat().await["contact"]["id"].as_i64().unwrap();
        let second = s.schedule(json!({})).await;
        s.admin.post_expect(&format!("/api/v1/contacts/{contact}/block"), json!({}), 200).await;
        s.send_now().await;
        let history = s.history().await;
        assert!(history.iter().all(|m| m["kind"] != "template"), "S17: no scheduled send to a blocked contact");
        let line = history.last().unwrap();
        assert_eq!(line["kind"], "system");
        assert_eq!(line["text"], "A mensagem agendada 'parabens' não foi enviada: o contato está bloqueado.");
        let listed = s.listed().await;
        assert_eq!(listed.iter().find(|m| m["id"] == second["id"]).unwrap()["state"], "done", "ran once, sent nothing");
    }

    async fn bad_schedules_are_refused_with_a_reason_and_store_nothing(db: TestDb) {
        let s = setup(&db).await;
        let refused = |body: Value| {
            let (admin, path) = (&s.admin, s.path());
            async move {
                let (status, answer) = admin.post(&path, body).await;
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
                answer["error"]["message"].as_str().unwrap().to_string()
            }
        };
        let later = db.clock.now() + 3_600_000;
        let t = s.template;
        assert!(refused(json!({"template_id": t, "positional": ["Maria"], "send_at": db.clock.now() - 1000})).await.contains("já passou"));
        assert!(refused(json!({"template_id": t, "positional": ["Maria"], "send_at": later, "agent_id": s.seed.agent.id})).await.contains("Abrir atendimento?"));
        assert!(refused(json!({"template_id": t, "positional": ["Maria"], "send_at": later, "open_service": true, "agent_id": 999_999})).await.contains("agente"));
        assert!(refused(json!({"template_id": t, "positional": ["Maria"], "send_at": later, "open_service": true, "department_id": 999_999})).await.contains("departamento"));
        assert!(!refused(json!({"template_id": t, "positional": [], "send_at": later})).await.is_empty(), "a missing parameter is refused now");
        let (status, _) = s.admin.post(&s.path(), json!({"template_id": t, "send_at": "amanhã"})).await;
        assert!(status.is_client_error());
        assert_eq!(s.admin.post(&s.path(), json!({"template_id": 999_999, "send_at": later})).await.0, StatusCode::NOT_FOUND);
        assert_eq!(s.admin.post("/api/v1/conversations/999999/scheduled-messages", json!({"template_id": t, "send_at": later})).await.0, StatusCode::NOT_FOUND);
        assert!(s.listed().await.is_empty(), "nothing was scheduled");
    }
}
