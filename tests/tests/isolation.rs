//! Tenant isolation (A1): a user of one account, walking every documented endpoint with another
//! account's ids, gets 404 every time and changes nothing; lists never show the other account.

use atende_e2e::components::{files, upload_form};
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::Method;
use serde_json::{Value, json};

/// A valid body for each write, so that nothing but the foreign id can fail the request.
fn body_for(method: &Method, path: &str, foreign_message: i64, foreign_template: i64, now: i64) -> Option<Value> {
    let body = match (method.as_str(), path) {
        ("PATCH", "/api/v1/users/{id}") => json!({"name": "Invasor"}),
        ("PUT", "/api/v1/users/{id}/password") => json!({"password": "tomada-de-conta"}),
        ("PATCH", "/api/v1/departments/{id}") => json!({"name": "Invadido"}),
        ("PUT", "/api/v1/departments/{id}/members") => json!({"user_ids": []}),
        ("PATCH", "/api/v1/contacts/{id}") => json!({"name": "Invasor"}),
        ("PATCH", "/api/v1/plugins/{id}") => json!({"enabled": false}),
        ("PUT", "/api/v1/contacts/{id}/default-agent") => json!({"agent_id": null}),
        ("PUT", "/api/v1/contacts/{id}/fields/{key}") => json!({"value": "invasão"}),
        ("POST", "/api/v1/contacts/{id}/notes") | ("PATCH", "/api/v1/contacts/{id}/notes/{note_id}") => {
            json!({"text": "invasão"})
        }
        ("POST", "/api/v1/contacts/{id}/tags") => json!({"name": "Invasora"}),
        ("PATCH", "/api/v1/tags/{id}") => json!({"name": "Invadida"}),
        ("PATCH", "/api/v1/quick-replies/{id}") => json!({"text": "invasão"}),
        ("PATCH", "/api/v1/custom-fields/{id}") => json!({"label": "Invadido"}),
        ("POST", "/api/v1/conversations/{id}/assign") => json!({"agent_id": 1, "replace": true}),
        ("POST", "/api/v1/conversations/{id}/forward") => json!({"department_id": 1}),
        ("POST", "/api/v1/conversations/{id}/close") => json!({"message": "invasão"}),
        ("POST", "/api/v1/conversations/{id}/messages") => json!({"text": "invasão"}),
        ("POST", "/api/v1/conversations/{id}/reactions") => json!({"message_id": foreign_message, "emoji": "👍"}),
        ("POST", "/api/v1/conversations/{id}/reactions/remove") => json!({"message_id": foreign_message}),
        ("POST", "/api/v1/conversations/{id}/templates") => json!({"template_id": foreign_template}),
        ("POST", "/api/v1/conversations/{id}/scheduled-messages") => {
            json!({"template_id": foreign_template, "send_at": now + 3_600_000})
        }
        ("POST", "/api/v1/conversations/{id}/location") => json!({"latitude": 0.0, "longitude": 0.0}),
        ("POST", "/api/v1/conversations/{id}/contact-card") => json!({"name": "Invasor", "phone": "1"}),
        ("POST", "/api/v1/conversations/{id}/interactive") => {
            json!({"body": "x", "buttons": [{"id": "a", "title": "b"}]})
        }
        ("POST", "/api/v1/channels/{id}/templates") => {
            json!({"name": "invasao", "language": "pt_BR", "category": "utility", "components": [{"type": "BODY", "text": "x"}]})
        }
        ("PATCH", "/api/v1/channels/{id}") => json!({"name": "Invadido"}),
        ("PUT", "/api/v1/flows/{id}") => json!({"formatVersion": "1.0.0", "name": "Invadido", "entry": "a",
            "nodes": [{"id": "a", "type": "end", "typeVersion": 1}]}),
        ("POST", "/api/v1/conversations/{id}/forward-to-flow") => json!({"flow_id": 1}),
        ("POST", "/api/v1/conversations/{id}/scheduled-flows") => json!({"flow_id": 1, "run_at": now + 3_600_000}),
        ("PATCH", "/api/v1/companies/{id}") => json!({"name": "Invadida"}),
        ("POST", "/api/v1/contact-imports/{id}/start") => {
            json!({"mapping": ["nome", "telefone"], "duplicates": "skip"})
        }
        ("POST", _) => json!({}),
        _ => return None,
    };
    Some(body)
}

/// A CSV file to import as contacts.
fn csv_form(body: &[u8]) -> reqwest::multipart::Form {
    let file = reqwest::multipart::Part::bytes(body.to_vec()).file_name("contatos.csv").mime_str("text/csv").unwrap();
    reqwest::multipart::Form::new().part("file", file)
}

/// A sticker in the media library (C11) of the account `admin` is in: its id.
async fn library_item(admin: &Client) -> i64 {
    let webp = b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0".to_vec();
    let file = reqwest::multipart::Part::bytes(webp).file_name("joinha.webp").mime_str("image/webp").unwrap();
    let form = reqwest::multipart::Form::new().text("name", "Joinha").part("file", file);
    let (status, item) = admin.post_form("/api/v1/media-library", form).await;
    assert_eq!(status, 201, "{item}");
    item["id"].as_i64().unwrap()
}

async fn snapshot(db: &TestDb, account_id: i64) -> Value {
    let mut read = db.store.read().await.unwrap();
    let mut out = serde_json::Map::new();
    for (name, sql) in [
        ("users", "SELECT COUNT(*) FROM users WHERE account_id = $1 AND name NOT LIKE 'Invasor%' AND active = TRUE"),
        ("departments", "SELECT COUNT(*) FROM departments WHERE account_id = $1 AND name = 'Suporte'"),
        (
            "members",
            "SELECT COUNT(*) FROM department_members m JOIN departments d ON d.id = m.department_id WHERE d.account_id = $1",
        ),
        ("messages", "SELECT COUNT(*) FROM messages WHERE account_id = $1"),
        ("tokens", "SELECT COUNT(*) FROM api_tokens WHERE account_id = $1"),
        ("unread", "SELECT COUNT(*) FROM conversations WHERE account_id = $1 AND unread = TRUE"),
        ("contacts", "SELECT COUNT(*) FROM contacts WHERE account_id = $1 AND name <> 'Invasor' AND blocked = FALSE"),
        ("tags", "SELECT COUNT(*) FROM tags WHERE account_id = $1 AND name = 'VIP'"),
        (
            "contact_tags",
            "SELECT COUNT(*) FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.account_id = $1",
        ),
        ("fields", "SELECT COUNT(*) FROM custom_fields WHERE account_id = $1"),
        ("notes", "SELECT COUNT(*) FROM contact_notes WHERE account_id = $1 AND text = 'Ligou ontem'"),
        ("custom_values", "SELECT COUNT(*) FROM contacts WHERE account_id = $1 AND custom_fields LIKE '%Ouro%'"),
        ("plugins", "SELECT COUNT(*) FROM plugins WHERE account_id = $1 AND enabled = TRUE"),
        ("templates", "SELECT COUNT(*) FROM templates WHERE account_id = $1"),
        ("flows", "SELECT COUNT(*) FROM flows WHERE account_id = $1 AND name = 'Beta' AND published_revision IS NULL"),
        ("appointments", "SELECT COUNT(*) FROM appointments WHERE account_id = $1 AND status = 'booked'"),
        ("imports", "SELECT COUNT(*) FROM contact_imports WHERE account_id = $1 AND state = 'uploaded'"),
        ("broadcasts", "SELECT COUNT(*) FROM broadcasts WHERE account_id = $1 AND state = 'scheduled'"),
        ("suspended", "SELECT COUNT(*) FROM accounts WHERE id = $1 AND suspended_at IS NULL"),
        ("companies", "SELECT COUNT(*) FROM companies WHERE account_id = $1 AND name = 'Beta Ltda'"),
        ("media_library", "SELECT COUNT(*) FROM media_library WHERE account_id = $1"),
        ("quick_replies", "SELECT COUNT(*) FROM quick_replies WHERE account_id = $1 AND body = 'Segue o boleto.'"),
        ("channels", "SELECT COUNT(*) FROM channels WHERE account_id = $1 AND name = 'Simulador'"),
        (
            "open_unassigned",
            "SELECT COUNT(*) FROM conversations WHERE account_id = $1 AND state = 'open' AND agent_id IS NULL AND department_id IS NULL",
        ),
        ("jobs", "SELECT COUNT(*) FROM jobs WHERE account_id = $1 AND kind <> 'support_code'"),
        (
            "plugin_versions",
            "SELECT COUNT(*) FROM plugin_versions v JOIN plugins p ON p.id = v.plugin_id WHERE p.account_id = $1",
        ),
    ] {
        let (n,): (i64,) = read.fetch_one(sql, atende_host::args![account_id]).await.unwrap();
        out.insert(name.into(), n.into());
    }
    Value::Object(out)
}

on_both_backends! {
    async fn every_endpoint_answers_404_for_another_accounts_ids(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let sent = server
            .client()
            .post_expect(&format!("/api/v1/simulator/{}/messages", beta.simulator_key), json!({"phone": "5511999990000", "name": "Bia", "text": "Oi"}), 202)
            .await;
        let beta_message = sent["message"]["id"].as_i64().unwrap();
        let beta_admin = server.login(&beta.admin.email).await;
        let beta_chat = beta_admin.get_ok("/api/v1/conversations?view=open").await["items"][0].clone();
        let beta_token = beta_admin.post_expect("/api/v1/api-tokens", json!({"name": "Beta CRM"}), 201).await;
        let (wasm, manifest) = files("testing", "noop");
        let (status, beta_plugin) = beta_admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await;
        assert_eq!(status, 201, "{beta_plugin}");
        let beta_contact = beta_chat["contact"]["id"].as_i64().unwrap();
        let beta_tag = beta_admin.post_expect("/api/v1/tags", json!({"name": "VIP"}), 201).await["id"].as_i64().unwrap();
        beta_admin.post_expect(&format!("/api/v1/contacts/{beta_contact}/tags"), json!({"tag_id": beta_tag}), 200).await;
        let beta_field = beta_admin
            .post_expect("/api/v1/custom-fields", json!({"key": "plano", "label": "Plano", "kind": "list", "options": ["Ouro", "Prata"]}), 201)
            .await["id"]
            .as_i64()
            .unwrap();
        let (status, _) = beta_admin.request(Method::PUT, &format!("/api/v1/contacts/{beta_contact}/fields/plano"), Some(json!({"value": "Ouro"}))).await;
        assert_eq!(status, 200);
        // Both admins may handle notes, so only the foreign id can fail a note request.
        for user in [beta.admin.id, acme.admin.id] {
            db.store.read().await.unwrap().execute("UPDATE users SET perm_contact_notes = TRUE WHERE id = $1", atende_host::args![user]).await.unwrap();
        }
        let beta_admin = server.login(&beta.admin.email).await;
        let beta_note = beta_admin.post_expect(&format!("/api/v1/contacts/{beta_contact}/notes"), json!({"text": "Ligou ontem"}), 201).await["id"].as_i64().unwrap();
        let beta_template = beta_admin
            .post_expect(&format!("/api/v1/channels/{}/templates", beta.channel_id), json!({"name": "boas_vindas", "language": "pt_BR",
                "category": "utility", "components": [{"type": "BODY", "text": "Olá {{1}}"}]}), 201)
            .await["id"].as_i64().unwrap();
        let beta_scheduled = beta_admin
            .post_expect(&format!("/api/v1/conversations/{}/scheduled-messages", beta_chat["id"]),
                json!({"template_id": beta_template, "positional": ["Bia"], "send_at": db.clock.now() + 3_600_000}), 201)
            .await["id"].as_i64().unwrap();
        let beta_flow = beta_admin
            .post_expect("/api/v1/flows", json!({"formatVersion": "1.0.0", "name": "Beta", "entry": "a",
                "nodes": [{"id": "a", "type": "end", "typeVersion": 1}]}), 201)
            .await["flow"]["id"].as_i64().unwrap();
        // An appointment of Beta's contact (S9), as a flow's scheduling step books it.
        let mut tx = db.store.begin().await.unwrap();
        let (beta_appointment,): (i64,) = tx
            .fetch_one(
                "INSERT INTO appointments (account_id, contact_id, conversation_id, flow_name, starts_at, ends_at, status, \
                 created_at) VALUES ($1, $2, $3, 'Beta', $4, $5, 'booked', $4) RETURNING id",
                atende_host::args![beta.account_id, beta_contact, beta_chat["id"].as_i64().unwrap(), db.clock.now(), db.clock.now() + 3_600_000],
            )
            .await
            .unwrap();
        // A notification in the bell of Beta's agent (N1), as the notifier writes it.
        let (beta_notification,): (i64,) = tx
            .fetch_one(
                "INSERT INTO notifications (account_id, user_id, kind, conversation_id, contact_name, line, created_at) \
                 VALUES ($1, $2, 'message', $3, 'Bia', 'Oi', $4) RETURNING id",
                atende_host::args![beta.account_id, beta.agent.id, beta_chat["id"].as_i64().unwrap(), db.clock.now()],
            )
            .await
            .unwrap();
        db.store.commit(tx).await.unwrap();
        let beta_media = library_item(&beta_admin).await;
        let beta_reply = beta_admin
            .post_expect("/api/v1/quick-replies", json!({"shortcut": "boleto", "text": "Segue o boleto."}), 201)
            .await["id"].as_i64().unwrap();
        let beta_import = beta_admin
            .post_form("/api/v1/contact-imports", csv_form(b"nome;telefone\nBia;5521955550001\n"))
            .await
            .1["id"]
            .as_i64()
            .unwrap();
        let beta_broadcast = beta_admin
            .post_expect("/api/v1/broadcasts", json!({"name": "Beta", "channel_id": beta.channel_id, "template_id": beta_template,
                "values": {"positional": ["x"]}, "scheduled_at": db.clock.now() + 3_600_000}), 201)
            .await["id"]
            .as_i64()
            .unwrap();
        let beta_company = beta_admin
            .post_expect("/api/v1/companies", json!({"cnpj": "11222333000181", "name": "Beta Ltda"}), 201)
            .await["id"]
            .as_i64()
            .unwrap();
        let before = snapshot(&db, beta.account_id).await;

        let ids = [
            ("/api/v1/users/", beta.agent.id),
            ("/api/v1/departments/", beta.department_id),
            ("/api/v1/api-tokens/", beta_token["api_token"]["id"].as_i64().unwrap()),
            ("/api/v1/contacts/", beta_chat["contact"]["id"].as_i64().unwrap()),
            ("/api/v1/conversations/", beta_chat["id"].as_i64().unwrap()),
            ("/api/v1/plugins/", beta_plugin["id"].as_i64().unwrap()),
            ("/api/v1/tags/", beta_tag),
            ("/api/v1/custom-fields/", beta_field),
            ("/api/v1/channels/", beta.channel_id),
            ("/api/v1/templates/", beta_template),
            ("/api/v1/messages/", beta_message),
            ("/api/v1/flows/", beta_flow),
            ("/api/v1/appointments/", beta_appointment),
            ("/api/v1/media-library/", beta_media),
            ("/api/v1/quick-replies/", beta_reply),
            ("/api/v1/notifications/", beta_notification),
            ("/api/v1/contact-imports/", beta_import),
            ("/api/v1/broadcasts/", beta_broadcast),
            ("/api/v1/companies/", beta_company),
            // The reseller console's routes, walked by Acme's reseller with Beta's account (A1).
            ("/api/v1/reseller/accounts/", beta.account_id),
        ];
        let beta_session = beta_admin.get_ok("/api/v1/me/sessions").await["items"][0]["id"].as_str().unwrap().to_string();
        let acme_admin = server.login(&acme.admin.email).await;
        let acme_reseller = {
            let reseller = db.store.reseller_of(acme.account_id).await.unwrap();
            let hash = atende_host::auth::hash_password("revenda-segura").unwrap();
            db.store.create_reseller_user(reseller, "Rita", "rita@revenda.test", &hash).await.unwrap();
            let mut client = server.client();
            assert_eq!(client.login_at("/api/v1/reseller/auth/login", "rita@revenda.test", "revenda-segura").await, 200);
            client
        };
        let doc = server.client().get_ok("/api/openapi.json").await;
        let mut walked = 0;
        for (path, operations) in doc["paths"].as_object().unwrap() {
            if !path.contains("{id}") {
                continue;
            }
            // A session is named by 16 hex digits, not a number: Beta's admin's own.
            let id = if path.starts_with("/api/v1/me/sessions/") {
                beta_session.clone()
            } else {
                ids.iter()
                    .find(|(prefix, _)| path.starts_with(prefix))
                    .unwrap_or_else(|| panic!("{path}: add the other account's id for this resource to the isolation suite"))
                    .1
                    .to_string()
            };
            // Other parameters get the other account's real values too (its plugin's version).
            let concrete = path
                .replace("{id}", &id)
                .replace("{version}", "0.1.0")
                .replace("{key}", "plano")
                .replace("{note_id}", &beta_note.to_string())
                .replace("{tag_id}", &beta_tag.to_string())
                .replace("{message_id}", &beta_scheduled.to_string())
                .replace("{schedule_id}", &beta_scheduled.to_string())
                .replace("{item_id}", &beta_media.to_string());
            // Routes with a required query parameter get a valid one.
            let concrete = if path.ends_with("/messages/search") { format!("{concrete}?q=oi") } else { concrete };
            for method in operations.as_object().unwrap().keys() {
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let body = body_for(&method, path, beta_message, beta_template, db.clock.now());
                let caller = if path.starts_with("/api/v1/reseller/") { &acme_reseller } else { &acme_admin };
                let (status, answer) = caller.request(method.clone(), &concrete, body).await;
                assert_eq!(status, 404, "{method} {concrete} answered {status}: {answer}");
                assert_eq!(answer["error"]["code"], "not_found");
                walked += 1;
            }
        }
        assert!(walked >= 14, "walked only {walked} operations");

        // A reaction in one's own chat to the other account's message is just as unknown.
        let mine = server
            .client()
            .post_expect(&format!("/api/v1/simulator/{}/messages", acme.simulator_key), json!({"phone": "5511999990000", "name": "Ana", "text": "Oi"}), 202)
            .await;
        assert!(mine["message"]["id"].as_i64().is_some());
        let acme_chat = acme_admin.get_ok("/api/v1/conversations?view=open").await["items"][0]["id"].as_i64().unwrap();
        let (status, _) = acme_admin.post(&format!("/api/v1/conversations/{acme_chat}/reactions"), json!({"message_id": beta_message, "emoji": "👍"})).await;
        assert_eq!(status, 404);
        // A new chat on the other account's number, or with its template, is just as unknown (L5).
        for (channel, template) in [(beta.channel_id, beta_template), (acme.channel_id, beta_template)] {
            let body = json!({"channel_id": channel, "name": "Invasor", "phone": "21999999999", "template_id": template, "positional": ["x"]});
            let (status, answer) = acme_admin.post("/api/v1/new-chat", body).await;
            assert_eq!(status, 404, "{answer}");
        }

        assert_eq!(snapshot(&db, beta.account_id).await, before, "the other account is untouched");
        assert_eq!(beta_admin.get("/api/v1/me").await.0, 200, "its sessions still work");
    }

    async fn lists_never_show_another_accounts_rows(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        server
            .client()
            .post_expect(&format!("/api/v1/simulator/{}/messages", beta.simulator_key), json!({"phone": "5511999990000", "name": "Bia", "text": "Oi"}), 202)
            .await;
        let (wasm, manifest) = files("testing", "noop");
        let beta_admin = server.login(&beta.admin.email).await;
        let beta_plugin = beta_admin.post_form("/api/v1/plugins", upload_form(&manifest, wasm)).await.1;
        let beta_template = beta_admin
            .post_expect(&format!("/api/v1/channels/{}/templates", beta.channel_id), json!({"name": "boas_vindas", "language": "pt_BR",
                "category": "utility", "components": [{"type": "BODY", "text": "Olá"}]}), 201)
            .await["id"].as_i64().unwrap();
        let beta_media = library_item(&beta_admin).await;
        let beta_reply = beta_admin
            .post_expect("/api/v1/quick-replies", json!({"shortcut": "boleto", "text": "Segue o boleto, Bia."}), 201)
            .await["id"].as_i64().unwrap();
        let acme_admin = server.login(&acme.admin.email).await;
        let foreign_ids = [
            ("/api/v1/users", vec![beta.admin.id, beta.agent.id]),
            ("/api/v1/departments", vec![beta.department_id]),
            ("/api/v1/channels", vec![beta.channel_id]),
            ("/api/v1/contacts", vec![]),
            ("/api/v1/conversations", vec![]),
            ("/api/v1/api-tokens", vec![]),
            ("/api/v1/plugins", vec![beta_plugin["id"].as_i64().unwrap()]),
            ("/api/v1/templates", vec![beta_template]),
            ("/api/v1/media-library", vec![beta_media]),
            ("/api/v1/quick-replies", vec![beta_reply]),
        ];
        for (path, foreign) in foreign_ids {
            let list = acme_admin.get_ok(path).await;
            for item in list["items"].as_array().unwrap() {
                let text = item.to_string();
                assert!(!text.contains("Bia") && !text.contains("beta.test") && !text.contains(&beta.simulator_key), "{path}: {text}");
                let id = item["id"].as_i64();
                assert!(id.is_some() || path == "/api/v1/plugins", "{path}: {text}");
                assert!(!id.is_some_and(|id| foreign.contains(&id)), "{path} lists another account's row: {text}");
            }
        }
    }
}
