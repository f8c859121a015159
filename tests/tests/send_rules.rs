//! One set of rules for every way a message reaches a contact (issue 10): the composer's text
//! and every other kind, a template, a closing message, a scheduled message sent by the jobs
//! worker and a new chat all go through the same write path, so outside the contact's window
//! (S4) free-form content is refused with the same words everywhere, and nothing at all goes to
//! a blocked contact (S17) whichever way it was sent.

use std::time::Duration;

use atende_e2e::chat::{contact_writes, simulator_template};
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

const PHONE: &str = "5511999990001";

struct Setup {
    seed: Seed,
    _server: TestServer,
    admin: Client,
    chat: i64,
    contact: i64,
    template: i64,
}

async fn setup(db: &TestDb) -> Setup {
    let seed = Seed::create(&db.store, "Acme").await;
    let server = TestServer::start(&db.store).await;
    let admin = server.login(&seed.admin.email).await;
    let template = simulator_template(&admin, &seed, "lembrete", "utility", "Olá, {{1}}!").await;
    let chat = contact_writes(&server, &seed, PHONE, "Maria", "Oi").await;
    let contact = chat.contact.as_ref().expect("a contact chat").id;
    Setup { seed, _server: server, admin, chat: chat.id, contact, template }
}

impl Setup {
    fn path(&self, rest: &str) -> String {
        format!("/api/v1/conversations/{}/{rest}", self.chat)
    }

    /// Every free-form kind the composer sends, each answered (status, body).
    async fn free_form_sends(&self) -> Vec<(&'static str, StatusCode, Value)> {
        let mut answers = Vec::new();
        let json_sends = [
            ("text", "messages", json!({"text": "Ainda está aí?"})),
            ("location", "location", json!({"latitude": -23.55, "longitude": -46.63, "name": "Sede"})),
            ("contact card", "contact-card", json!({"name": "Suporte", "phone": "+55 11 3333-4444"})),
            ("buttons", "interactive", json!({"body": "Como prefere?", "buttons": [{"id": "a", "title": "Ligação"}]})),
        ];
        for (what, path, body) in json_sends {
            let (status, answer) = self.admin.post(&self.path(path), body).await;
            answers.push((what, status, answer));
        }
        let file = reqwest::multipart::Part::bytes(b"%PDF-1.4 boleto".to_vec())
            .file_name("boleto.pdf")
            .mime_str("application/pdf")
            .unwrap();
        let (status, answer) =
            self.admin.post_form(&self.path("media"), reqwest::multipart::Form::new().part("file", file)).await;
        answers.push(("file", status, answer));
        answers
    }

    fn template_body(&self) -> Value {
        json!({"template_id": self.template, "positional": ["Maria"]})
    }

    async fn history(&self) -> Vec<Value> {
        self.admin.get_ok(&self.path("messages")).await["items"].as_array().unwrap().clone()
    }

    /// Schedule the template for an hour from now, move the clock past it and wait until the
    /// jobs worker has run it.
    async fn scheduled_message_runs(&self, db: &TestDb) -> Value {
        let body =
            json!({"template_id": self.template, "positional": ["Maria"], "send_at": db.clock.now() + 3_600_000});
        self.admin.post_expect(&self.path("scheduled-messages"), body, 201).await;
        db.clock.advance(Duration::from_secs(2 * 3600));
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let listed = self.admin.get_ok(&self.path("scheduled-messages")).await;
            let message = listed["items"][0].clone();
            if message["state"] != "pending" {
                return message;
            }
            assert!(tokio::time::Instant::now() < deadline, "the scheduled message never ran");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn outbox_rows(&self, db: &TestDb) -> i64 {
        let (n,): (i64,) =
            db.store.read().await.unwrap().fetch_one("SELECT COUNT(*) FROM outbox", vec![]).await.unwrap();
        n
    }
}

on_both_backends! {
    async fn outside_the_window_every_free_form_path_gets_the_same_refusal_and_templates_still_go(db: TestDb) {
        let s = setup(&db).await;
        let sent_before = s.outbox_rows(&db).await;
        db.clock.advance(Duration::from_secs(25 * 3600));

        let answers = s.free_form_sends().await;
        let refusal = answers[0].2["error"]["message"].as_str().expect("a refusal").to_string();
        assert!(refusal.starts_with("Sessão expirada em "), "the refusal names the window's state: {refusal}");
        for (what, status, answer) in &answers {
            assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {answer}");
            assert_eq!(answer["error"]["code"], "outside_window", "{what}: {answer}");
            assert_eq!(answer["error"]["message"], refusal.as_str(), "{what}: the same words as a text");
        }
        assert_eq!(s.outbox_rows(&db).await, sent_before, "nothing refused was queued");
        let files: (i64,) = db.store.read().await.unwrap().fetch_one("SELECT COUNT(*) FROM media", vec![]).await.unwrap();
        assert_eq!(files.0, 0, "a refused file is not kept");

        // A template is not free-form: sent from the composer and by the jobs worker (S4, S7).
        s.admin.post_expect(&s.path("templates"), s.template_body(), 201).await;
        assert_eq!(s.scheduled_message_runs(&db).await["state"], "done");
        assert_eq!(s.outbox_rows(&db).await, sent_before + 2, "both templates were queued");

        // A closing message is refused by the same rule: the close happens, the history says why
        // (K3) in the words a text gets now (they mention the template session just opened).
        let (_, answer) = s.admin.post(&s.path("messages"), json!({"text": "Ainda está aí?"})).await;
        let refusal = answer["error"]["message"].as_str().unwrap().to_string();
        assert!(refusal.contains("Mensagem Template aberta"), "{refusal}");
        s.admin.post_expect(&s.path("close"), json!({"message": "Até logo!"}), 200).await;
        let history = s.history().await;
        let line = history.last().unwrap();
        assert_eq!(line["kind"], "system");
        assert_eq!(line["text"], format!("Mensagem de encerramento não enviada. {refusal}"));
        assert_eq!(s.outbox_rows(&db).await, sent_before + 2, "no closing message was queued");
    }

    async fn nothing_goes_to_a_blocked_contact_whichever_way_it_is_sent(db: TestDb) {
        let s = setup(&db).await;
        let sent_before = s.outbox_rows(&db).await;
        s.admin.post_expect(&format!("/api/v1/contacts/{}/block", s.contact), json!({}), 200).await;
        let blocked = "Contato bloqueado, não é possível enviar ou receber mensagem";

        let mut answers = s.free_form_sends().await;
        let (status, answer) = s.admin.post(&s.path("templates"), s.template_body()).await;
        answers.push(("template", status, answer));
        let new_chat = json!({"channel_id": s.seed.channel_id, "name": "Maria", "phone": "11999990001",
            "template_id": s.template, "positional": ["Maria"]});
        let (status, answer) = s.admin.post("/api/v1/new-chat", new_chat).await;
        answers.push(("new chat", status, answer));
        for (what, status, answer) in &answers {
            assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {answer}");
            assert_eq!(answer["error"]["code"], "blocked", "{what}: {answer}");
            assert_eq!(answer["error"]["message"], blocked, "{what}");
        }

        // The jobs worker's send is refused by the same rule; the history says why.
        let scheduled = s.scheduled_message_runs(&db).await;
        assert_eq!(scheduled["state"], "done", "the job ran: {scheduled}");
        let line = s.history().await.last().cloned().unwrap();
        assert_eq!(line["text"], "A mensagem agendada 'lembrete' não foi enviada: o contato está bloqueado.");

        // Closing still works; its message is not sent.
        s.admin.post_expect(&s.path("close"), json!({"message": "Até logo!"}), 200).await;
        assert_eq!(s.outbox_rows(&db).await, sent_before, "nothing was queued for the blocked contact");
        assert_eq!(
            s.history().await.iter().filter(|m| m["direction"] == "outbound" && m["kind"] != "system").count(),
            0,
            "no message to the contact in the history"
        );
    }
}
