//! Quick replies ("Respostas Rápidas", C12) through the API on both databases: admins save,
//! edit and delete them with clear refusals (a bad or taken shortcut, an empty text, an agent
//! trying); every user lists and searches them as the composer's `/` does; a reply sent from one
//! goes out with its variables expanded like any message (C8).

use atende_e2e::chat::contact_writes;
use atende_e2e::{Seed, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn shortcuts(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|r| r["shortcut"].as_str().unwrap()).collect()
}

on_both_backends! {
    async fn admins_keep_quick_replies_and_every_user_finds_them_by_shortcut_or_text(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let agent = server.login(&seed.agent.email).await;

        let hello = admin
            .post_expect("/api/v1/quick-replies", json!({"shortcut": "/Boas-Vindas", "text": " Olá {nome}, em que posso ajudar? "}), 201)
            .await;
        assert_eq!((hello["shortcut"].as_str(), hello["text"].as_str()), (Some("boas-vindas"), Some("Olá {nome}, em que posso ajudar?")));
        admin.post_expect("/api/v1/quick-replies", json!({"shortcut": "boleto", "text": "Segue a segunda via do boleto."}), 201).await;
        admin.post_expect("/api/v1/quick-replies", json!({"shortcut": "prazo", "text": "O prazo de entrega é de 5 dias úteis."}), 201).await;

        // Refusals say what is wrong and save nothing.
        let (status, body) = admin.post("/api/v1/quick-replies", json!({"shortcut": "boleto", "text": "outro"})).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body["error"]["message"].as_str().unwrap().contains("/boleto"), "{body}");
        let (status, body) = admin.post("/api/v1/quick-replies", json!({"shortcut": "bom dia", "text": "Bom dia!"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("sem espaços"), "{body}");
        let (status, body) = admin.post("/api/v1/quick-replies", json!({"shortcut": "interna", "text": "x"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(admin.post("/api/v1/quick-replies", json!({"shortcut": "vazio", "text": "  "})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(admin.post("/api/v1/quick-replies", json!({"shortcut": "x"})).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(agent.post("/api/v1/quick-replies", json!({"shortcut": "meu", "text": "x"})).await.0, StatusCode::FORBIDDEN);

        // Everyone lists them by shortcut and finds them as the composer's `/` does.
        assert_eq!(shortcuts(&agent.get_ok("/api/v1/quick-replies").await), ["boas-vindas", "boleto", "prazo"]);
        assert_eq!(shortcuts(&agent.get_ok("/api/v1/quick-replies?q=/bo").await), ["boas-vindas", "boleto"]);
        assert_eq!(shortcuts(&agent.get_ok("/api/v1/quick-replies?q=ENTREGA").await), ["prazo"], "by text, any case");
        assert_eq!(shortcuts(&agent.get_ok("/api/v1/quick-replies?q=_").await), Vec::<&str>::new(), "a _ is itself");

        // Edited and deleted by admins only.
        let id = hello["id"].as_i64().unwrap();
        let path = format!("/api/v1/quick-replies/{id}");
        assert_eq!(agent.patch_json(&path, json!({"text": "x"})).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.patch_json(&path, json!({"shortcut": "prazo"})).await.0, StatusCode::CONFLICT);
        let (status, edited) = admin.patch_json(&path, json!({"text": "Oi {nome}! Como posso ajudar?"})).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!((edited["shortcut"].as_str(), edited["text"].as_str()), (Some("boas-vindas"), Some("Oi {nome}! Como posso ajudar?")));
        assert_eq!(agent.delete(&path).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.delete(&path).await.0, StatusCode::NO_CONTENT);
        assert_eq!(admin.delete(&path).await.0, StatusCode::NOT_FOUND);
        assert_eq!(admin.patch_json(&path, json!({"text": "x"})).await.0, StatusCode::NOT_FOUND);
        assert_eq!(shortcuts(&agent.get_ok("/api/v1/quick-replies").await), ["boleto", "prazo"]);

        // Another account has its own.
        let other = Seed::create(&db.store, "Outra").await;
        let other_admin = server.login(&other.admin.email).await;
        assert_eq!(shortcuts(&other_admin.get_ok("/api/v1/quick-replies").await), Vec::<&str>::new());
        other_admin.post_expect("/api/v1/quick-replies", json!({"shortcut": "boleto", "text": "Nosso boleto."}), 201).await;
        let theirs = other_admin.get_ok("/api/v1/quick-replies").await["items"][0]["id"].as_i64().unwrap();
        assert_eq!(admin.delete(&format!("/api/v1/quick-replies/{theirs}")).await.0, StatusCode::NOT_FOUND);
        server.stop().await;
    }

    async fn a_quick_reply_sent_expands_its_variables_like_any_message(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let saved = admin
            .post_expect("/api/v1/quick-replies", json!({"shortcut": "oi", "text": "Olá {nome}, em que posso ajudar?"}), 201)
            .await;
        let chat = contact_writes(&server, &seed, "5511999990001", "Maria", "Oi").await.id;
        // The composer puts the reply's text in the box; the agent sends it as it is.
        let sent = admin
            .post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": saved["text"]}), 201)
            .await;
        assert_eq!(sent["text"], "Olá Maria, em que posso ajudar?");
        server.stop().await;
    }
}
