//! Small steps many end-to-end tests take: a contact writing through the simulator, finding
//! that contact's chat, a template on the simulator's number, a user given a general
//! permission.

use atende_host::store::views::ConversationView;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{Client, Seed, TestDb, TestServer};

/// `name` at `phone` writes `text` through the seed's simulator channel: the status and the
/// simulator's answer.
pub async fn contact_posts(
    server: &TestServer,
    seed: &Seed,
    phone: &str,
    name: &str,
    text: &str,
) -> (StatusCode, Value) {
    let body = json!({"phone": phone, "name": name, "text": text});
    server.client().post(&format!("/api/v1/simulator/{}/messages", seed.simulator_key), body).await
}

/// Like [`contact_posts`], and it must be accepted; the chat it landed in.
pub async fn contact_writes(server: &TestServer, seed: &Seed, phone: &str, name: &str, text: &str) -> ConversationView {
    let (status, answer) = contact_posts(server, seed, phone, name, text).await;
    assert_eq!(status, StatusCode::ACCEPTED, "the simulator takes the message: {answer}");
    chat_of(&server.running.store, seed, phone).await
}

/// Wait until the simulator's phone page at `phone` shows `text` (the outbox worker sends it
/// after the commit).
pub async fn contact_receives(server: &TestServer, seed: &Seed, phone: &str, text: &str) {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let page =
            server.client().get_ok(&format!("/api/v1/simulator/{}/messages?phone={phone}", seed.simulator_key)).await;
        if page["items"].as_array().expect("items").iter().any(|m| m["text"] == text) {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "the contact never got {text:?}: {page}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The chat of the contact at `phone` on the seed's simulator channel.
pub async fn chat_of(store: &atende_host::store::Store, seed: &Seed, phone: &str) -> ConversationView {
    store
        .conversation_by_contact(seed.channel_id, "simulator", phone)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("no chat for {phone}"))
}

/// An approved template with body `body` on the seed's simulator number, created by `admin`:
/// its id.
pub async fn simulator_template(admin: &Client, seed: &Seed, name: &str, category: &str, body: &str) -> i64 {
    let template = json!({"name": name, "language": "pt_BR", "category": category,
        "components": [{"type": "BODY", "text": body}]});
    admin.post_expect(&format!("/api/v1/channels/{}/templates", seed.channel_id), template, 201).await["id"]
        .as_i64()
        .expect("template id")
}

/// Give `user_id` the "Observações do contato" permission (S6).
pub async fn grant_notes(db: &TestDb, user_id: i64) {
    let mut read = db.store.read().await.expect("connection");
    read.execute("UPDATE users SET perm_contact_notes = TRUE WHERE id = $1", atende_host::args![user_id])
        .await
        .expect("grant");
}

/// Every contact's messages were stored exactly `count` times in all, one chat each (crash and
/// multi-host tests: nothing acknowledged lost, nothing stored twice).
pub async fn contact_messages_stored_once(db: &TestDb, contacts: usize, count: i64) {
    let per_contact: Vec<(String, i64)> = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_all(
            "SELECT ct.external_id, COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             JOIN contacts ct ON ct.id = c.contact_id WHERE m.direction = 'inbound' GROUP BY ct.external_id",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(per_contact.len(), contacts, "every contact's chat exists");
    assert!(per_contact.iter().all(|(_, n)| *n == count), "{per_contact:?}");
}

/// Upload `document`, publish it and make it the account's initial flow with the chatbot on
/// (F1), through `admin`: its id.
pub async fn publish_initial_flow(admin: &Client, document: Value) -> i64 {
    let saved = admin.post_expect("/api/v1/flows", document, 201).await;
    let errors: Vec<&Value> = saved["issues"].as_array().unwrap().iter().filter(|i| i["severity"] == "error").collect();
    assert!(errors.is_empty(), "the flow has no errors: {saved}");
    let id = saved["flow"]["id"].as_i64().unwrap();
    admin.post_expect(&format!("/api/v1/flows/{id}/publish"), json!({}), 201).await;
    let settings = json!({"chatbot_enabled": true, "initial_flow_id": id, "closing_flow_id": null});
    let (status, answer) = admin.request(reqwest::Method::PUT, "/api/v1/flow-settings", Some(settings)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    id
}
