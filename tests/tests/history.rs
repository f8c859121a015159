//! The conversation's history beyond its newest page: search inside a conversation with each hit
//! read in place (C2: the page ending at the hit, then newer pages with `after`), and reactions
//! that replace the side's earlier reaction to the same message (C6), the company's and the
//! contact's, whose reaction names our message by the channel's id.

use atende_e2e::chat::contact_writes;
use atende_e2e::whatsapp::{PHONE_ID, WhatsApp, text_message, webhook_body};
use atende_e2e::{Seed, TestServer, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn texts(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap_or("").to_string()).collect()
}

/// The reaction rows the history lists.
fn reactions(page: &Value) -> Vec<Value> {
    page["items"].as_array().unwrap().iter().filter(|m| m["kind"] == "reaction").cloned().collect()
}

/// A contact's WhatsApp reaction to the message Meta knows as `target`.
fn wa_reaction(from: &str, wamid: &str, target: &str, emoji: &str) -> String {
    let mut message = text_message(from, wamid, "");
    message["type"] = "reaction".into();
    message.as_object_mut().unwrap().remove("text");
    message["reaction"] = json!({"message_id": target, "emoji": emoji});
    String::from_utf8(webhook_body(&[message])).unwrap()
}

on_both_backends! {
    async fn search_finds_messages_in_any_case_and_a_hit_is_read_in_place(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let chat = contact_writes(&server, &seed, "5511999990001", "Maria", "Quero saber do meu Pedido").await.id;
        for text in ["oi", "o pedido 50% pago", "obrigada"] {
            contact_writes(&server, &seed, "5511999990001", "Maria", text).await;
        }
        let path = format!("/api/v1/conversations/{chat}/messages");
        admin.post_expect(&path, json!({"text": "Seu PEDIDO saiu para entrega"}), 201).await;

        let hits = admin.get_ok(&format!("{path}/search?q=pedido")).await;
        assert_eq!(texts(&hits), ["Seu PEDIDO saiu para entrega", "o pedido 50% pago", "Quero saber do meu Pedido"], "newest first, any case");
        assert_eq!(texts(&admin.get_ok(&format!("{path}/search?q=50%25")).await), ["o pedido 50% pago"], "a % is itself");
        assert!(texts(&admin.get_ok(&format!("{path}/search?q=%25")).await).len() == 1);
        assert_eq!(admin.get(&format!("{path}/search?q=%20")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(admin.get("/api/v1/conversations/999999/messages/search?q=pedido").await.0, StatusCode::NOT_FOUND);

        // The hit in place: the page ending at it, then what came after.
        let hit = hits["items"][1]["id"].as_i64().unwrap();
        let around = admin.get_ok(&format!("{path}?before={}&limit=2", hit + 1)).await;
        assert_eq!(texts(&around), ["oi", "o pedido 50% pago"]);
        assert_eq!(around["has_more"], true, "older ones remain");
        let newer = admin.get_ok(&format!("{path}?after={hit}&limit=1")).await;
        assert_eq!((texts(&newer), newer["has_more"].clone()), (vec!["obrigada".to_string()], json!(true)));
        let last = newer["items"][0]["id"].as_i64().unwrap();
        let newest = admin.get_ok(&format!("{path}?after={last}")).await;
        assert_eq!((texts(&newest), newest["has_more"].clone()), (vec!["Seu PEDIDO saiu para entrega".to_string()], json!(false)));
        assert_eq!(admin.get(&format!("{path}?before=5&after=1")).await.0, StatusCode::BAD_REQUEST);
    }

    async fn a_second_reaction_of_the_agent_replaces_the_first(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let chat = contact_writes(&server, &seed, "5511999990001", "Maria", "Chegou!").await.id;
        let path = format!("/api/v1/conversations/{chat}/messages");
        let theirs = admin.get_ok(&path).await["items"][0]["id"].as_i64().unwrap();
        let react = format!("/api/v1/conversations/{chat}/reactions");
        admin.post_expect(&react, json!({"message_id": theirs, "emoji": "👍"}), 201).await;
        let second = admin.post_expect(&react, json!({"message_id": theirs, "emoji": "❤️"}), 201).await;
        let listed = reactions(&admin.get_ok(&path).await);
        assert_eq!(listed.len(), 1, "one reaction per side and message: {listed:?}");
        assert_eq!((listed[0]["id"].clone(), listed[0]["payload"]["emoji"].clone()), (second["id"].clone(), json!("❤️")));
        admin.post_expect(&format!("{react}/remove"), json!({"message_id": theirs}), 201).await;
        let listed = reactions(&admin.get_ok(&path).await);
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0]["payload"]["emoji"], Value::Null, "removed");
    }

    async fn a_contacts_reaction_names_our_message_and_a_second_one_replaces_it(db: TestDb) {
        let channel = json!({"name": "WhatsApp", "external_id": PHONE_ID, "business_id": "102290129340398"});
        let wa = WhatsApp::start(&db, channel, |_| {}).await;
        let contact = "5511977770001";
        wa.play_ok(&String::from_utf8(webhook_body(&[text_message(contact, "wamid.oi", "Oi")])).unwrap()).await;
        let chat = wa.admin.get_ok("/api/v1/conversations?view=open").await["items"][0]["id"].as_i64().unwrap();
        let path = format!("/api/v1/conversations/{chat}/messages");
        let ours = wa.admin.post_expect(&path, json!({"text": "Seu pedido saiu"}), 201).await["id"].as_i64().unwrap();
        wa.wait_message(chat, ours, |m| m["status"] == "sent").await;
        let (provider_id,): (String,) = db
            .store
            .read()
            .await
            .unwrap()
            .fetch_one("SELECT provider_message_id FROM messages WHERE id = $1", atende_host::args![ours])
            .await
            .unwrap();

        let first = wa_reaction(contact, "wamid.r1", &provider_id, "👍");
        wa.play_ok(&first).await;
        wa.play_ok(&wa_reaction(contact, "wamid.r2", &provider_id, "😂")).await;
        // Meta redelivers the first: a duplicate, not a new reaction.
        wa.play_ok(&first).await;
        let listed = reactions(&wa.admin.get_ok(&path).await);
        assert_eq!(listed.len(), 1, "{listed:?}");
        assert_eq!(listed[0]["payload"]["emoji"], "😂");
        assert_eq!(listed[0]["payload"]["target_message_id"], ours, "named by our id");
    }
}
