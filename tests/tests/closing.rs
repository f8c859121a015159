//! The closing pipeline through the API and the event stream (K1–K3, K5), scheduled closes as
//! durable jobs (K2) — kept across a restart and run exactly once — and the support code (A2).

use std::time::Duration;

use atende_e2e::chat::{contact_posts, contact_writes};
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn one(db: &TestDb, sql: &str, args: Vec<atende_host::store::Arg>) -> i64 {
    let (n,): (i64,) = db.store.read().await.unwrap().fetch_one(sql, args).await.unwrap();
    n
}

async fn history(client: &Client, chat: i64) -> Vec<Value> {
    client.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await["items"].as_array().unwrap().clone()
}

/// Move the clock past the chat's scheduled close (`minutes` from when it was asked for) and
/// wait for the server's jobs worker to run it.
async fn close_job_runs(db: &TestDb, client: &Client, chat: i64, minutes: u64) -> Value {
    db.clock.advance(Duration::from_secs(minutes * 60 + 1));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let view = client.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        if view["state"] == "closed" {
            return view;
        }
        assert!(tokio::time::Instant::now() < deadline, "the scheduled close did not run: {view}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

on_both_backends! {
    async fn closing_removes_agent_and_department_ends_the_protocol_and_sends_the_message(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let protocol = chat.protocol.clone().expect("open service");
        let admin = server.login(&acme.admin.email).await;
        admin.post_expect(&format!("/api/v1/conversations/{}/forward", chat.id), json!({"department_id": acme.department_id}), 200).await;
        // S15: the agent's reply to the department's chat assigns them and keeps the department.
        let agent = server.login(&acme.agent.email).await;
        agent.post_expect(&format!("/api/v1/conversations/{}/messages", chat.id), json!({"text": "Olá, sou do suporte"}), 201).await;
        let served = admin.get_ok(&format!("/api/v1/conversations/{}", chat.id)).await;
        assert_eq!((served["agent"]["id"].as_i64(), served["department"]["id"].as_i64()), (Some(acme.agent.id), Some(acme.department_id)));
        let mut events = admin.events(None).await;
        assert_eq!(events.next().await["type"], "hello");

        let closed = admin.post_expect(&format!("/api/v1/conversations/{}/close", chat.id), json!({"message": "Obrigado pelo contato, {nome}!"}), 200).await;
        assert_eq!(closed["state"], "closed");
        assert_eq!((closed["agent"].clone(), closed["department"].clone()), (Value::Null, Value::Null));
        assert_eq!(closed["protocol"], Value::Null, "the protocol ended");
        assert_eq!(closed["unanswered_since"], Value::Null, "L13: removed on close");
        let last = history(&admin, chat.id).await.pop().unwrap();
        assert_eq!((last["text"].as_str(), last["author"]["name"].as_str()), (Some("Obrigado pelo contato, Maria!"), Some(acme.admin.name.as_str())), "K3: variables are filled as in any message");
        assert_eq!(one(&db, "SELECT COUNT(*) FROM outbox WHERE message_id = $1", atende_host::args![last["id"].as_i64().unwrap()]).await, 1, "it is sent");
        assert_eq!(one(&db, "SELECT COUNT(*) FROM services WHERE protocol = $1 AND closed_at IS NOT NULL", atende_host::args![protocol.clone()]).await, 1);
        let event = events.until(|f| f["kind"] == "conversation.closed").await;
        assert_eq!(event["conversation"]["id"], chat.id);
        for view in ["open", "mine", "in_service"] {
            let listed = admin.get_ok(&format!("/api/v1/conversations?view={view}")).await;
            assert!(listed["items"].as_array().unwrap().iter().all(|c| c["id"] != chat.id), "closed chats only in All ({view})");
        }
        let (status, answer) = admin.post(&format!("/api/v1/conversations/{}/close", chat.id), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("já está encerrado"));
        // The contact writes again: a new protocol.
        let again = contact_writes(&server, &acme, "5511999990001", "Maria", "Mais uma dúvida").await;
        assert!(again.protocol.is_some_and(|p| p != protocol));
    }

    async fn the_profile_default_prefills_the_closing_message_and_a_close_can_clear_it(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let me = admin.patch_json("/api/v1/me", json!({"default_closing_message": "Até a próxima!"})).await.1;
        assert_eq!(me["default_closing_message"], "Até a próxima!");
        let admin = server.login(&acme.admin.email).await;
        let texts = |h: Vec<Value>| h.into_iter().filter_map(|m| m["text"].as_str().map(String::from)).collect::<Vec<_>>();

        let first = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;
        admin.post_expect(&format!("/api/v1/conversations/{first}/close"), json!({}), 200).await;
        assert_eq!(texts(history(&admin, first).await), ["Oi", "Até a próxima!"], "absent: the default");
        let second = contact_writes(&server, &acme, "5511999990002", "Ana", "Oi").await.id;
        admin.post_expect(&format!("/api/v1/conversations/{second}/close"), json!({"message": null}), 200).await;
        assert_eq!(texts(history(&admin, second).await), ["Oi"], "cleared: nothing sent");
        let third = contact_writes(&server, &acme, "5511999990003", "Rui", "Oi").await.id;
        admin.post_expect(&format!("/api/v1/conversations/{third}/close"), json!({"message": "Resolvido, obrigado."}), 200).await;
        assert_eq!(texts(history(&admin, third).await), ["Oi", "Resolvido, obrigado."], "replaced");
        admin.patch_json("/api/v1/me", json!({"default_closing_message": ""})).await;
        let admin = server.login(&acme.admin.email).await;
        let fourth = contact_writes(&server, &acme, "5511999990004", "Lia", "Oi").await.id;
        admin.post_expect(&format!("/api/v1/conversations/{fourth}/close"), json!({}), 200).await;
        assert_eq!(texts(history(&admin, fourth).await), ["Oi"], "a blank profile message sends nothing");
    }

    async fn closing_fields_are_required_or_optional_validated_and_may_clear_the_stored_value(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let motivo = admin.post_expect("/api/v1/custom-fields", json!({"key": "motivo", "label": "Motivo", "kind": "list", "options": ["Resolvido", "Desistiu"]}), 201).await;
        let nota = admin.post_expect("/api/v1/custom-fields", json!({"key": "nota", "label": "Nota", "kind": "number"}), 201).await;
        let obs = admin.post_expect("/api/v1/custom-fields", json!({"key": "obs", "label": "Observação", "kind": "text"}), 201).await;
        let (status, _) = admin
            .request(Method::PUT, "/api/v1/closing-fields", Some(json!({"items": [
                {"field_id": motivo["id"], "required": true},
                {"field_id": nota["id"], "required": false},
                {"field_id": obs["id"], "required": false}]})))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(admin.get_ok("/api/v1/closing-fields").await["items"][0]["required"], true);
        let agent = server.login(&acme.agent.email).await;
        let (status, _) = agent
            .request(Method::PUT, "/api/v1/closing-fields", Some(json!({"items": [{"field_id": obs["id"], "required": true}]})))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "admins choose the closing fields");
        assert_eq!(agent.get_ok("/api/v1/closing-fields").await["items"].as_array().unwrap().len(), 3, "unchanged; agents see them to close");
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let contact = chat.contact.as_ref().unwrap().id;
        for (key, value) in [("nota", "7"), ("obs", "cliente antigo")] {
            admin.request(Method::PUT, &format!("/api/v1/contacts/{contact}/fields/{key}"), Some(json!({"value": value}))).await;
        }
        let close = format!("/api/v1/conversations/{}/close", chat.id);

        let (status, answer) = admin.post(&close, json!({"message": null, "fields": [{"key": "nota", "value": "9"}]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("Motivo é obrigatório"), "{answer}");
        let (status, answer) = admin.post(&close, json!({"message": null, "fields": [{"key": "motivo", "value": "Sumiu"}]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer["error"]["message"].as_str().unwrap().contains("Resolvido, Desistiu"), "{answer}");
        let (status, answer) = admin.post(&close, json!({"fields": [{"key": "senha", "value": "x"}]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer["error"]["message"].as_str().unwrap().contains("senha"));
        assert_eq!(admin.get_ok(&format!("/api/v1/conversations/{}", chat.id)).await["state"], "open", "a refused close closes nothing");

        admin.post_expect(&close, json!({"message": null, "fields": [
            {"key": "motivo", "value": "resolvido"},
            {"key": "nota", "value": "", "clear_current": true},
            {"key": "obs", "value": "", "clear_current": false}]}), 200).await;
        let fields = admin.get_ok(&format!("/api/v1/contacts/{contact}")).await["custom_fields"].clone();
        assert_eq!(fields["motivo"], "Resolvido", "normalised to the option");
        assert!(fields.get("nota").is_none(), "\"Excluir valor atual\" removed it");
        assert_eq!(fields["obs"], "cliente antigo", "unchecked: kept");
    }

    async fn a_scheduled_close_shows_on_the_chat_and_can_be_cancelled_by_the_agent_or_the_contact(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;
        let close = format!("/api/v1/conversations/{chat}/close");
        for bad in [json!({"in_minutes": 10}), json!({"in_minutes": 0, "if_contact_writes": "keep"}), json!({"in_minutes": 5, "if_contact_writes": "talvez"})] {
            assert_eq!(admin.post(&close, bad.clone()).await.0.as_u16() / 100, 4, "{bad}");
        }

        let before = admin.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        let scheduled = admin.post_expect(&close, json!({"in_minutes": 30, "if_contact_writes": "cancel", "message": "Encerrando por inatividade."}), 200).await;
        assert_eq!(scheduled["state"], "open", "closing happens later");
        let at = scheduled["scheduled_close"]["at"].as_i64().unwrap();
        assert!((at - db.clock.now() - 30 * 60_000).abs() < 60_000, "in 30 minutes");
        assert_eq!(scheduled["scheduled_close"]["if_contact_writes"], "cancel");
        assert_eq!(history(&admin, chat).await.len(), 1, "the closing message waits for the close");
        assert_eq!(before["protocol"], scheduled["protocol"]);

        contact_writes(&server, &acme, "5511999990001", "Maria", "Ainda estou aqui").await;
        let after = admin.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        assert_eq!(after["scheduled_close"], Value::Null, "the contact wrote first: cancelled");
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'close_service' AND conversation_id = $1 AND state = 'cancelled'", atende_host::args![chat]).await, 1);

        admin.post_expect(&close, json!({"in_minutes": 30, "if_contact_writes": "keep"}), 200).await;
        contact_writes(&server, &acme, "5511999990001", "Maria", "Mais uma coisa").await;
        assert_eq!(admin.get_ok(&format!("/api/v1/conversations/{chat}")).await["scheduled_close"]["if_contact_writes"], "keep", "kept");
        let cancelled = admin.delete(&format!("/api/v1/conversations/{chat}/scheduled-close")).await;
        assert_eq!(cancelled.0, StatusCode::OK);
        assert_eq!(cancelled.1["scheduled_close"], Value::Null);
        assert_eq!(admin.delete(&format!("/api/v1/conversations/{chat}/scheduled-close")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'close_service' AND conversation_id = $1 AND state = 'pending'", atende_host::args![chat]).await, 0);
    }

    async fn a_scheduled_close_runs_at_its_time_once_even_after_a_restart(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;
        admin.post_expect(&format!("/api/v1/conversations/{chat}/close"), json!({"in_minutes": 5, "if_contact_writes": "keep", "message": "Até logo!"}), 200).await;
        server.stop().await;

        // Another server on the same database (a restart) finds the job and runs it.
        let restarted = TestServer::start(&db.store).await;
        let admin = restarted.login(&acme.admin.email).await;
        let mut events = admin.events(None).await;
        assert_eq!(events.next().await["type"], "hello");
        let closed = close_job_runs(&db, &admin, chat, 5).await;
        assert_eq!(closed["scheduled_close"], Value::Null);
        let last = history(&admin, chat).await.pop().unwrap();
        assert_eq!(last["text"], "Até logo!", "K3: sent at that time, then closed");
        events.until(|f| f["kind"] == "conversation.closed").await;
        // However many times the worker looks again, it ran once.
        for _ in 0..3 {
            db.store.run_due_jobs(100).await.unwrap();
        }
        assert_eq!(one(&db, "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND body = 'Até logo!'", atende_host::args![chat]).await, 1);
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'close_service' AND conversation_id = $1 AND state = 'done'", atende_host::args![chat]).await, 1);
    }

    async fn a_blocked_contact_gets_no_closing_message(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        admin.post_expect(&format!("/api/v1/contacts/{}/block", chat.contact.as_ref().unwrap().id), json!({}), 200).await;
        let (status, _) = contact_posts(&server, &acme, "5511999990001", "Maria", "Oi de novo").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        admin.post_expect(&format!("/api/v1/conversations/{}/close", chat.id), json!({"message": "Tchau"}), 200).await;
        assert_eq!(history(&admin, chat.id).await.len(), 1, "S17: nothing is sent, the close still happens");
    }

    async fn outside_the_window_the_close_happens_and_the_history_says_why_the_message_did_not_go(db: TestDb) {
        // K3 + S4: a closing message is free-form; after the window the channel would refuse it.
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let ended = db.clock.now() - 60_000;
        db.store.read().await.unwrap().execute("UPDATE windows SET free_form_until = $1, service_until = $1", atende_host::args![ended]).await.unwrap();

        let closed = admin.post_expect(&format!("/api/v1/conversations/{}/close", chat.id), json!({"message": "Obrigado!"}), 200).await;
        assert_eq!(closed["state"], "closed");
        let last = history(&admin, chat.id).await.pop().unwrap();
        assert_eq!((last["kind"].as_str(), last["author"]["kind"].as_str()), (Some("system"), Some("system")), "{last}");
        let line = last["text"].as_str().unwrap();
        assert!(line.starts_with("Mensagem de encerramento não enviada. Sessão expirada em"), "{line}");
        assert_eq!(one(&db, "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND body = 'Obrigado!'", atende_host::args![chat.id]).await, 0);
        assert_eq!(one(&db, "SELECT COUNT(*) FROM outbox", vec![]).await, 0, "nothing queued for the channel");
    }

    async fn the_window_tag_job_follows_the_window_to_expiring_and_then_expired(db: TestDb) {
        // L8: the chat's tag changes with the clock, so a job tells the inbox when it does.
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let until = chat.window.as_ref().unwrap().free_form_until.unwrap();
        let pending = "SELECT run_at FROM jobs WHERE kind = 'window_tag' AND state = 'pending' AND conversation_id = $1";
        assert_eq!(one(&db, pending, atende_host::args![chat.id]).await, until - 30 * 60_000, "due when it starts expiring");
        contact_writes(&server, &acme, "5511999990001", "Maria", "Ainda aqui").await;
        let renewed = admin.get_ok(&format!("/api/v1/conversations/{}", chat.id)).await["window"]["free_form_until"].as_i64().unwrap();
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'window_tag' AND conversation_id = $1", atende_host::args![chat.id]).await, 1, "moved, not added");
        assert_eq!(one(&db, pending, atende_host::args![chat.id]).await, renewed - 30 * 60_000);

        // The clock reaches ten minutes before the end: the job runs, the inbox hears
        // "Expirando", the next change is the end.
        let mut events = admin.events(None).await;
        assert_eq!(events.next().await["type"], "hello");
        let ahead = renewed - 10 * 60_000 - db.clock.now();
        db.clock.advance(Duration::from_millis(ahead as u64));
        let updated = events.until(|f| f["kind"] == "conversation.updated" && f["conversation"]["id"] == chat.id).await;
        assert_eq!(updated["conversation"]["window"]["tag"], "Expirando", "{updated}");
        assert_eq!(one(&db, pending, atende_host::args![chat.id]).await, renewed, "then when it expires");
        // And at the end, "Expirado".
        db.clock.advance(Duration::from_secs(11 * 60));
        let expired = events.until(|f| f["kind"] == "conversation.updated" && f["conversation"]["window"]["tag"] == "Expirado").await;
        assert_eq!(expired["conversation"]["id"], chat.id);
    }

    async fn the_support_code_is_generated_for_users_with_the_permission(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        db.store.read().await.unwrap().execute("UPDATE users SET perm_support_code = TRUE WHERE id = $1", atende_host::args![acme.admin.id]).await.unwrap();
        let admin = server.login(&acme.admin.email).await;
        let agent = server.login(&acme.agent.email).await;
        let (status, answer) = agent.get("/api/v1/me/support-code").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("Código de Suporte"));
        db.store.ensure_support_code_jobs().await.unwrap();
        db.store.run_due_jobs(100).await.unwrap();
        let code = admin.get_ok("/api/v1/me/support-code").await;
        let text = code["code"].as_str().unwrap();
        assert_eq!(text.len(), 6);
        let expires = code["expires_at"].as_i64().unwrap();
        assert_eq!(expires % (4 * 3_600_000), 0, "rotates on the 4-hour mark");
        assert_eq!(db.store.verify_support_code(None, text).await.unwrap(), vec![acme.account_id], "the reseller can check it");
        assert!(db.store.verify_support_code(None, "ZZZZZZ").await.unwrap().is_empty());
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'support_code' AND state = 'pending' AND account_id = $1", atende_host::args![acme.account_id]).await, 1, "the next rotation is scheduled once");
        db.store.ensure_support_code_jobs().await.unwrap();
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'support_code' AND state = 'pending' AND account_id = $1", atende_host::args![acme.account_id]).await, 1);
    }

    async fn a_failing_job_is_retried_with_back_off_and_does_not_hold_up_the_others(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await.id;
        server.stop().await;
        let insert = |kind: &'static str, payload: &'static str| {
            let store = db.store.clone();
            async move {
                let mut tx = store.begin().await.unwrap();
                tx.execute(
                    "INSERT INTO jobs (account_id, kind, conversation_id, run_at, payload, state, created_at) VALUES ($1, $2, $3, 0, $4, 'pending', 0)",
                    atende_host::args![acme.account_id, kind, chat, payload],
                )
                .await
                .unwrap();
                store.commit(tx).await.unwrap();
            }
        };
        insert("window_tag", "{}").await;
        insert("close_service", "não é json").await;
        insert("window_tag", "{}").await;
        assert_eq!(db.store.run_due_jobs(100).await.unwrap(), 3);
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'window_tag' AND state = 'done'", vec![]).await, 2, "the others are done");
        let (state, attempts, run_at, error): (String, i64, i64, Option<String>) = db
            .store
            .read()
            .await
            .unwrap()
            .fetch_one("SELECT state, attempts, run_at, last_error FROM jobs WHERE kind = 'close_service'", vec![])
            .await
            .unwrap();
        assert_eq!((state.as_str(), attempts), ("pending", 1));
        assert!(run_at > db.clock.now(), "retried later");
        assert!(error.unwrap().contains("ilegível"));
        assert_eq!(db.store.conversation(acme.account_id, chat).await.unwrap().state, atende_host::domain::conversation::ConversationState::Open, "nothing of it was applied");
        db.store.read().await.unwrap().execute("UPDATE jobs SET run_at = 0, attempts = 4 WHERE kind = 'close_service'", vec![]).await.unwrap();
        db.store.run_due_jobs(100).await.unwrap();
        assert_eq!(one(&db, "SELECT COUNT(*) FROM jobs WHERE kind = 'close_service' AND state = 'failed' AND attempts = 5", vec![]).await, 1, "given up after its last attempt");
    }
}
