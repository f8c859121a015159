//! The chat's settings panel through the API (issue 4, part 5): contact data validated by the
//! field-validator plugin (S1, S2), company by CNPJ (S3), broadcast switch (S5), notes with
//! their permission (S6), tags and "apenas automação" (S11), default agent (S12), custom
//! fields, block and unblock with every consequence (S17), and deleting a contact (A6).

use atende_e2e::chat::{contact_posts, contact_writes, grant_notes};
use atende_e2e::{Seed, TestDb, TestServer, on_both_backends};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn count(db: &TestDb, sql: &str) -> i64 {
    let (n,): (i64,) = db.store.read().await.unwrap().fetch_one(sql, vec![]).await.unwrap();
    n
}

on_both_backends! {
    async fn contact_data_is_validated_by_the_plugin_and_stored_in_normal_form(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let admin = server.login(&acme.admin.email).await;
        let contact = chat.contact.as_ref().unwrap().id;
        let path = format!("/api/v1/contacts/{contact}");

        let (status, saved) = admin
            .patch_json(&path, json!({"name": "Maria Souza", "cpf": "529.982.247-25", "email": "Maria@Exemplo.COM.br",
                "birth_date": "07/09/1990", "rg": " 12.345.678-9 ", "client_code": "C-42",
                "cnpj": "11.222.333/0001-81", "company_name": "Padaria Pão Quente"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["name"], "Maria Souza", "S1: the name is editable");
        assert_eq!(saved["cpf"], "52998224725");
        assert_eq!(saved["email"], "Maria@exemplo.com.br");
        assert_eq!(saved["birth_date"], "1990-09-07");
        assert_eq!(saved["rg"], "12.345.678-9");
        assert_eq!(saved["cnpj"], "11222333000181");
        assert_eq!(saved["company_name"], "Padaria Pão Quente", "S3: the company shows with its CNPJ");
        assert_eq!(admin.get_ok(&format!("/api/v1/conversations/{}", chat.id)).await["contact"]["name"], "Maria Souza");

        for (field, value, says) in [
            ("cpf", "529.982.247-26", "CPF"),
            ("email", "maria@", "e-mail"),
            ("birth_date", "31/02/1990", "não existe"),
            ("cnpj", "11.222.333/0001-82", "CNPJ"),
        ] {
            let (status, answer) = admin.patch_json(&path, json!({ field: value, "name": "Outro Nome" })).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {answer}");
            assert!(answer["error"]["message"].as_str().unwrap().contains(says), "{field}: {answer}");
        }
        assert_eq!(admin.get_ok(&path).await["name"], "Maria Souza", "a refused patch changes nothing");

        // Blank clears a field.
        let cleared = admin.patch_json(&path, json!({"email": "  "})).await.1;
        assert_eq!(cleared["email"], serde_json::Value::Null);
        assert_eq!(cleared["cpf"], "52998224725");
    }

    async fn the_broadcast_switch_is_kept_per_contact(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let admin = server.login(&acme.admin.email).await;
        let contact = chat.contact.as_ref().unwrap().id;
        assert_eq!(admin.get_ok(&format!("/api/v1/contacts/{contact}")).await["receives_broadcasts"], true);
        let off = admin.patch_json(&format!("/api/v1/contacts/{contact}"), json!({"receives_broadcasts": false})).await.1;
        assert_eq!(off["receives_broadcasts"], false);
    }

    async fn notes_need_their_permission_and_keep_author_date_and_forward(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let admin = server.login(&acme.admin.email).await;
        let contact = chat.contact.as_ref().unwrap().id;
        let notes = format!("/api/v1/contacts/{contact}/notes");

        let (status, answer) = admin.post(&notes, json!({"text": "Ligou ontem"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("Observações do contato"));
        assert_eq!(admin.get(&notes).await.0, StatusCode::FORBIDDEN, "viewing needs it too");

        grant_notes(&db, acme.admin.id).await;
        let admin = server.login(&acme.admin.email).await;
        let note = admin.post_expect(&notes, json!({"text": "Ligou ontem pedindo 2ª via", "date": "10/12/2026", "forward_to": acme.agent.id}), 201).await;
        assert_eq!(note["author"]["name"], acme.admin.name.as_str());
        assert_eq!(note["due_date"], "2026-12-10");
        assert_eq!(note["forward_to"]["id"], acme.agent.id);
        assert!(note["created_at"].as_i64().unwrap() > 0);
        for bad in [json!({"text": "  "}), json!({"text": "x", "date": "32/12/2026"}), json!({"text": "x", "forward_to": beta.agent.id})] {
            assert_eq!(admin.post(&notes, bad.clone()).await.0, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        }
        let id = note["id"].as_i64().unwrap();
        let agent = server.login(&acme.agent.email).await;
        let (status, answer) = agent.patch_json(&format!("{notes}/{id}"), json!({"text": "Apagado"})).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "editing needs the permission: {answer}");
        assert_eq!(agent.delete(&format!("{notes}/{id}")).await.0, StatusCode::FORBIDDEN, "deleting needs it too");
        let edited = admin.patch_json(&format!("{notes}/{id}"), json!({"text": "Pediu 2ª via do boleto"})).await.1;
        assert_eq!((edited["text"].as_str(), edited["due_date"].as_str()), (Some("Pediu 2ª via do boleto"), None));
        assert_eq!(admin.get_ok(&notes).await["items"].as_array().unwrap().len(), 1);
        assert_eq!(admin.delete(&format!("{notes}/{id}")).await.0, StatusCode::NO_CONTENT);
        assert!(admin.get_ok(&notes).await["items"].as_array().unwrap().is_empty());
        assert_eq!(admin.delete(&format!("{notes}/{id}")).await.0, StatusCode::NOT_FOUND);
    }

    async fn automation_only_tags_are_hidden_from_the_picker_and_refused_by_hand(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let admin = server.login(&acme.admin.email).await;
        let agent = server.login(&acme.agent.email).await;
        let contact = chat.contact.as_ref().unwrap().id;
        let vip = admin.post_expect("/api/v1/tags", json!({"name": "VIP"}), 201).await;
        let bot = admin.post_expect("/api/v1/tags", json!({"name": "Lead do robô", "automation_only": true}), 201).await;
        assert_eq!(agent.post("/api/v1/tags", json!({"name": "Agente"})).await.0, StatusCode::FORBIDDEN, "admins manage tags");
        assert_eq!(admin.post("/api/v1/tags", json!({"name": "VIP"})).await.0, StatusCode::CONFLICT);

        let picker = agent.get_ok("/api/v1/tags?assignable=true").await;
        let names: Vec<&str> = picker["items"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["VIP"]);
        assert_eq!(agent.get_ok("/api/v1/tags").await["items"].as_array().unwrap().len(), 2);

        let tags = format!("/api/v1/contacts/{contact}/tags");
        let (status, answer) = agent.post(&tags, json!({"tag_id": bot["id"]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("automações"));
        let tagged = agent.post_expect(&tags, json!({"tag_id": vip["id"]}), 200).await;
        assert_eq!(tagged["tags"][0]["name"], "VIP");
        let created = agent.post_expect(&tags, json!({"name": "Atacado"}), 200).await;
        let names: Vec<&str> = created["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Atacado", "VIP"], "the + button creates and adds");
        let removed = agent.delete(&format!("{tags}/{}", vip["id"])).await;
        assert_eq!(removed.0, StatusCode::OK);
        assert_eq!(removed.1["tags"].as_array().unwrap().len(), 1);
        let again = agent.post_expect(&tags, json!({"name": " VIP "}), 200).await;
        let names: Vec<&str> = again["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Atacado", "VIP"], "the + with an existing tag's name puts that tag");
        assert_eq!(admin.get_ok("/api/v1/tags").await["items"].as_array().unwrap().len(), 3, "no second VIP");
        assert_eq!(agent.post(&tags, json!({"tag_id": 1, "name": "x"})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }

    async fn a_default_agent_must_be_an_active_user_of_the_account(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let beta = Seed::create(&db.store, "Beta").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let admin = server.login(&acme.admin.email).await;
        let contact = chat.contact.as_ref().unwrap().id;
        let path = format!("/api/v1/contacts/{contact}/default-agent");
        let set = admin.request(Method::PUT, &path, Some(json!({"agent_id": acme.agent.id}))).await.1;
        assert_eq!(set["default_agent"]["name"], acme.agent.name.as_str());
        assert_eq!(admin.request(Method::PUT, &path, Some(json!({"agent_id": beta.agent.id}))).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        let cleared = admin.request(Method::PUT, &path, Some(json!({"agent_id": null}))).await.1;
        assert_eq!(cleared["default_agent"], serde_json::Value::Null);
    }

    async fn custom_field_values_are_validated_for_their_type(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let admin = server.login(&acme.admin.email).await;
        let contact = chat.contact.as_ref().unwrap().id;
        admin.post_expect("/api/v1/custom-fields", json!({"key": "plano", "label": "Plano", "kind": "list", "options": ["Ouro", "Prata"]}), 201).await;
        admin.post_expect("/api/v1/custom-fields", json!({"key": "renda", "label": "Renda", "kind": "number"}), 201).await;
        admin.post_expect("/api/v1/custom-fields", json!({"key": "aniversario_empresa", "label": "Fundação", "kind": "date"}), 201).await;
        for bad in [
            json!({"key": "nome", "label": "Nome", "kind": "text"}),
            json!({"key": "Plano Ouro", "label": "x", "kind": "text"}),
            json!({"key": "opcoes", "label": "x", "kind": "list"}),
            json!({"key": "texto", "label": "x", "kind": "text", "options": ["a"]}),
        ] {
            assert_eq!(admin.post("/api/v1/custom-fields", bad.clone()).await.0, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        }
        assert_eq!(admin.post("/api/v1/custom-fields", json!({"key": "plano", "label": "Plano", "kind": "text"})).await.0, StatusCode::CONFLICT);

        let field = |key: &str| format!("/api/v1/contacts/{contact}/fields/{key}");
        let put = |key: &str, value: &str| {
            let (path, body) = (field(key), json!({"value": value}));
            let admin = &admin;
            async move { admin.request(Method::PUT, &path, Some(body)).await }
        };
        assert_eq!(put("plano", "ouro").await.1["custom_fields"]["plano"], "Ouro");
        assert_eq!(put("renda", "1.234,56").await.1["custom_fields"]["renda"], 1234.56);
        assert_eq!(put("aniversario_empresa", "01/02/2003").await.1["custom_fields"]["aniversario_empresa"], "2003-02-01");
        let (status, answer) = put("plano", "Bronze").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer["error"]["message"].as_str().unwrap().contains("Ouro, Prata"), "{answer}");
        assert_eq!(put("inexistente", "x").await.0, StatusCode::NOT_FOUND);
        let cleared = admin.delete(&field("plano")).await.1;
        assert!(cleared["custom_fields"].get("plano").is_none());
        assert_eq!(cleared["custom_fields"]["renda"], 1234.56);

        // A field is renamed and a list gains an option (A4); its key and type stay, and the
        // new option is a valid value at once.
        let plano = admin.get_ok("/api/v1/custom-fields").await["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["key"] == "plano")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let path = format!("/api/v1/custom-fields/{plano}");
        let (status, edited) = admin.patch_json(&path, json!({"label": " Plano contratado ", "options": ["Ouro", "Prata", "Bronze"]})).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!((edited["key"].as_str(), edited["label"].as_str(), edited["kind"].as_str()), (Some("plano"), Some("Plano contratado"), Some("list")));
        assert_eq!(put("plano", "bronze").await.1["custom_fields"]["plano"], "Bronze");
        for (bad, why) in [
            (json!({"options": []}), "precisa de opções"),
            (json!({"options": ["Ouro", "Ouro"]}), "repetir"),
            (json!({"label": " "}), "rótulo"),
            (json!({"key": "outro"}), "unknown field"),
        ] {
            let (status, body) = admin.patch_json(&path, bad.clone()).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
            assert!(body["error"]["message"].as_str().unwrap().contains(why), "{bad}: {body}");
        }
        let renda = admin.get_ok("/api/v1/custom-fields").await["items"].as_array().unwrap().iter().find(|f| f["key"] == "renda").unwrap()["id"].as_i64().unwrap();
        assert_eq!(admin.patch_json(&format!("/api/v1/custom-fields/{renda}"), json!({"options": ["a"]})).await.0, StatusCode::UNPROCESSABLE_ENTITY, "only lists have options");
        assert_eq!(admin.patch_json("/api/v1/custom-fields/999999", json!({"label": "x"})).await.0, StatusCode::NOT_FOUND);
        let agent = server.login(&acme.agent.email).await;
        assert_eq!(agent.patch_json(&path, json!({"label": "x"})).await.0, StatusCode::FORBIDDEN);
    }

    async fn a_blocked_contact_neither_sends_nor_receives_and_cannot_be_deleted(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let chat_id = chat.id;
        let admin = server.login(&acme.admin.email).await;
        let contact = chat.contact.as_ref().unwrap().id;

        let blocked = admin.post_expect(&format!("/api/v1/contacts/{contact}/block"), json!({}), 200).await;
        assert_eq!(blocked["blocked"], true);
        let chat = admin.get_ok(&format!("/api/v1/conversations/{chat_id}")).await;
        assert_eq!(chat["contact"]["blocked"], true, "the list shows the lock");
        let (status, answer) = admin.post(&format!("/api/v1/conversations/{chat_id}/messages"), json!({"text": "Olá"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer["error"]["message"], "Contato bloqueado, não é possível enviar ou receber mensagem");
        let messages_before = count(&db, "SELECT COUNT(*) FROM messages").await;
        let (status, answer) = contact_posts(&server, &acme, "5511999990001", "Maria", "Alguém aí?").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
        assert_eq!(count(&db, "SELECT COUNT(*) FROM messages").await, messages_before, "nothing is received");
        let only_blocked = admin.get_ok("/api/v1/contacts?blocked=true").await;
        assert_eq!(only_blocked["items"].as_array().unwrap().len(), 1);
        assert!(admin.get_ok("/api/v1/contacts?blocked=false").await["items"].as_array().unwrap().is_empty());
        let (status, answer) = admin.delete(&format!("/api/v1/contacts/{contact}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("desbloqueie"));

        admin.post_expect(&format!("/api/v1/contacts/{contact}/unblock"), json!({}), 200).await;
        admin.post_expect(&format!("/api/v1/conversations/{chat_id}/messages"), json!({"text": "Olá"}), 201).await;
        contact_writes(&server, &acme, "5511999990001", "Maria", "Voltei").await;
        assert_eq!(count(&db, "SELECT COUNT(*) FROM messages").await, messages_before + 2);
    }

    async fn deleting_a_contact_removes_its_chats_and_tells_the_inbox(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let chat = contact_writes(&server, &acme, "5511999990001", "Maria", "Oi").await;
        let chat_id = chat.id;
        let admin = server.login(&acme.admin.email).await;
        admin.post_expect(&format!("/api/v1/conversations/{chat_id}/messages"), json!({"text": "Olá"}), 201).await;
        let contact = chat.contact.as_ref().unwrap().id;
        let mut events = admin.events(None).await;
        assert_eq!(events.next().await["type"], "hello");
        assert_eq!(admin.delete(&format!("/api/v1/contacts/{contact}")).await.0, StatusCode::NO_CONTENT);
        let gone = events.until(|f| f["kind"] == "conversation.deleted").await;
        assert_eq!(gone["conversation"]["id"], chat_id);
        assert_eq!(admin.get(&format!("/api/v1/conversations/{chat_id}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(admin.get(&format!("/api/v1/contacts/{contact}")).await.0, StatusCode::NOT_FOUND);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM messages").await, 0);
    }
}
