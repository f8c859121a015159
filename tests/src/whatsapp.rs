//! A server with one WhatsApp number pointed at the fake Graph API, as the WhatsApp tests
//! start it: the seed account, the fake, the admin's session and the number's webhook; plus
//! playing signed webhooks at it and waiting for a message to reach a state.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::fake_graph::{ACCESS_TOKEN, APP_SECRET, FakeGraph, VERIFY_TOKEN};
use crate::{Client, Seed, TestDb, TestServer};

/// The running server, the fake Graph API and the connected number.
pub struct WhatsApp {
    pub server: TestServer,
    pub fake: FakeGraph,
    pub admin: Client,
    pub seed: Seed,
    pub channel_id: i64,
    /// The number's webhook path.
    pub webhook: String,
}

impl WhatsApp {
    /// Start the server with `adjust`ed settings and connect the number described by `channel`
    /// (kind, name, ids …; the fake's secrets are added).
    pub async fn start(
        db: &TestDb,
        channel: Value,
        adjust: impl FnOnce(&mut atende_host::config::ServeArgs),
    ) -> WhatsApp {
        let seed = Seed::create(&db.store, "Acme").await;
        let fake = FakeGraph::start().await;
        let url = fake.url.clone();
        let server = TestServer::start_with(&db.store, |a| {
            a.graph_api_url = url;
            adjust(a);
        })
        .await;
        let admin = server.login(&seed.admin.email).await;
        let channel = connect_number(&admin, channel).await;
        WhatsApp {
            webhook: channel["webhook_path"].as_str().expect("webhook path").to_string(),
            channel_id: channel["id"].as_i64().expect("channel id"),
            server,
            fake,
            admin,
            seed,
        }
    }

    /// Play `body` at the number's webhook, signed with the app secret.
    pub async fn play(&self, body: &str) -> (StatusCode, Value) {
        FakeGraph::play(&self.server.url(), &self.webhook, APP_SECRET, body.as_bytes()).await
    }

    /// Like [`WhatsApp::play`], and it must be taken (200).
    pub async fn play_ok(&self, body: &str) -> Value {
        let (status, receipt) = self.play(body).await;
        assert_eq!(status, 200, "{receipt}");
        receipt
    }

    /// Wait until message `id` of `conversation` satisfies `pred`.
    pub async fn wait_message(&self, conversation: i64, id: i64, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let (_, m) = self.admin.get(&format!("/api/v1/conversations/{conversation}/messages?limit=200")).await;
            if let Some(found) = m["items"].as_array().unwrap().iter().find(|m| m["id"] == id)
                && pred(found)
            {
                return found.clone();
            }
            assert!(tokio::time::Instant::now() < deadline, "message {id} never matched: {m}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// The phone number id of the fixtures' WhatsApp number.
pub const PHONE_ID: &str = "106540352242922";
/// The WhatsApp Business account of the fixtures' number.
pub const BUSINESS_ID: &str = "102290129340398";

/// A contact's text message, as a webhook's `messages[]` carries it.
pub fn text_message(from: &str, wamid: &str, text: &str) -> Value {
    serde_json::json!({"from": from, "id": wamid, "timestamp": now_s(), "type": "text", "text": {"body": text}})
}

/// A contact's tap on a reply button (`id`, `title`), as a webhook's `messages[]` carries it.
pub fn button_reply(from: &str, wamid: &str, id: &str, title: &str) -> Value {
    serde_json::json!({"from": from, "id": wamid, "timestamp": now_s(), "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": id, "title": title}}})
}

/// A webhook body for the fixtures' number carrying `messages`; each sender appears in
/// `contacts[]` with the name "Contato <number>".
pub fn webhook_body(messages: &[Value]) -> Vec<u8> {
    let contacts: Vec<Value> = messages
        .iter()
        .map(|m| serde_json::json!({"profile": {"name": format!("Contato {}", m["from"].as_str().unwrap_or(""))}, "wa_id": m["from"]}))
        .collect();
    serde_json::to_vec(&serde_json::json!({"object": "whatsapp_business_account", "entry": [{"id": BUSINESS_ID, "changes": [{"value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
        "contacts": contacts, "messages": messages}, "field": "messages"}]}]}))
    .expect("JSON")
}

/// Connect the WhatsApp number described by `channel` (name, ids …) through `admin`, with the
/// fake Graph API's secrets: the channel as the API answers it (id, webhook path …).
pub async fn connect_number(admin: &Client, mut channel: Value) -> Value {
    let fields = channel.as_object_mut().expect("channel object");
    fields.insert("kind".into(), "whatsapp".into());
    fields.insert("app_secret".into(), APP_SECRET.into());
    fields.insert("verify_token".into(), VERIFY_TOKEN.into());
    fields.insert("access_token".into(), ACCESS_TOKEN.into());
    admin.post_expect("/api/v1/channels/meta", channel, 201).await
}

/// POST a webhook `body` to `endpoint` (a full URL) signed with the fixtures' app secret, as
/// Meta sends it (benchmarks and load tests, which count the answers themselves).
pub async fn post_signed(http: &reqwest::Client, endpoint: &str, body: Vec<u8>) -> reqwest::Result<reqwest::Response> {
    let signature = atende_host::channels::meta::signature::sign(APP_SECRET, &body);
    http.post(endpoint)
        .header("content-type", "application/json")
        .header("x-hub-signature-256", signature)
        .body(body)
        .send()
        .await
}

/// Meta's timestamps: seconds of the system clock.
fn now_s() -> String {
    (atende_host::clock::Clock::system().now() / 1000).to_string()
}
