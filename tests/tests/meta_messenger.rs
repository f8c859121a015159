//! Messenger (CH2) and Instagram (CH3) end to end: webhooks (messages, attachments, reactions,
//! read and delivery marks, echoes), the Send API with RESPONSE inside 24 h and HUMAN_AGENT up to
//! 7 days, and Instagram story mentions (L1: they update the chat, show only in All, open no
//! service, and open a session).

use std::time::Duration;

use atende_e2e::fake_graph::{ACCESS_TOKEN, APP_SECRET, FakeGraph, VERIFY_TOKEN, fixture};
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use atende_host::clock::Clock;
use serde_json::{Value, json};

const PAGE: &str = "682498302938465";
const IG: &str = "17841400000000000";
const PSID: &str = "6254321987654321";

struct Setup {
    server: TestServer,
    fake: FakeGraph,
    admin: Client,
    messenger: String,
    instagram: String,
}

async fn setup(db: &TestDb) -> Setup {
    let seed = Seed::create(&db.store, "Acme").await;
    let fake = FakeGraph::start().await;
    let url = fake.url.clone();
    let server = TestServer::start_with(&db.store, |a| a.graph_api_url = url).await;
    let admin = server.login(&seed.admin.email).await;
    let mut paths = vec![];
    for (kind, id) in [("messenger", PAGE), ("instagram", IG)] {
        let channel = admin
            .post_expect(
                "/api/v1/channels/meta",
                json!({"kind": kind, "name": kind, "external_id": id, "app_secret": APP_SECRET,
                       "verify_token": VERIFY_TOKEN, "access_token": ACCESS_TOKEN}),
                201,
            )
            .await;
        paths.push(channel["webhook_path"].as_str().unwrap().to_string());
    }
    Setup { instagram: paths.pop().unwrap(), messenger: paths.pop().unwrap(), server, fake, admin }
}

/// When Meta stamps a webhook: the real time, whatever the server's clock says.
fn now_ms() -> i64 {
    Clock::system().now()
}

/// A webhook body of `object` with one `messaging[]` item.
fn envelope(object: &str, recipient: &str, item: Value) -> String {
    json!({"object": object, "entry": [{"id": recipient, "time": now_ms(), "messaging": [item]}]}).to_string()
}

/// A fixture's `messaging[]` item with the placeholders filled and the time moved to `at`.
fn item(name: &str, recipient: &str, at: i64) -> Value {
    let text = fixture(name).replace("<PSID>", PSID).replace("<PAGE_ID>", recipient);
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["timestamp"] = at.into();
    v
}

impl Setup {
    async fn play(&self, path: &str, body: &str) -> Value {
        let (status, receipt) = FakeGraph::play(&self.server.url(), path, APP_SECRET, body.as_bytes()).await;
        assert_eq!(status, 200, "{receipt}");
        receipt
    }

    async fn chat(&self, kind: &str) -> Value {
        let list = self.admin.get_ok("/api/v1/conversations?view=all").await;
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["channel"]["kind"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("{list}"))
    }
}

on_both_backends! {
    async fn messenger_webhooks_and_the_send_api_follow_the_24h_and_7_day_rules(db: TestDb) {
        let s = setup(&db).await;
        let receipt = s.play(&s.messenger, &envelope("page", PAGE, item("fb_event_message_text", PAGE, now_ms()))).await;
        assert_eq!(receipt["stored"], 1);
        let reply = item("fb_event_message_reply_to", PAGE, now_ms());
        s.play(&s.messenger, &envelope("page", PAGE, reply.clone())).await;
        let attachment = fixture("fb_entry_message_attachment").replace("<image|video|audio|file|reel|ig_reel>", "image")
            .replace("<PSID>", PSID).replace("<PAGE_ID>", PAGE).replace("<ATTACHMENT_URL>", &format!("{}/cdn/fb-img", s.fake.url.trim_end_matches("/v23.0")));
        s.fake.add_media("fb-img", b"png-bytes", "image/png");
        s.play(&s.messenger, &format!(r#"{{"object":"page","entry":[{attachment}]}}"#)).await;
        let reaction = item("fb_event_reaction", PAGE, now_ms()).to_string().replace("react|unreact", "react");
        s.play(&s.messenger, &envelope("page", PAGE, serde_json::from_str(&reaction).unwrap())).await;
        // Redelivered: nothing changes.
        assert_eq!(s.play(&s.messenger, &envelope("page", PAGE, reply)).await["duplicates"], 1);
        let chat = s.chat("messenger").await;
        let id = chat["id"].as_i64().unwrap();
        assert_eq!(chat["window"]["status"], "open");
        assert!(chat["window"]["human_agent_until"].as_i64().is_some());
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{id}/messages")).await["items"].clone();
        let kinds: Vec<&str> = history.as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, vec!["text", "text", "image", "reaction"]);
        let image = history.as_array().unwrap().iter().find(|m| m["kind"] == "image").unwrap()["id"].as_i64().unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while s.admin.get(&format!("/api/v1/messages/{image}/media")).await.0 != 200 {
            assert!(tokio::time::Instant::now() < deadline, "the attachment was never downloaded");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        // Inside 24 h: RESPONSE.
        let sent = s.admin.post_expect(&format!("/api/v1/conversations/{id}/messages"), json!({"text": "Olá!"}), 201).await;
        let body = s.fake.wait_for(&format!("{PAGE}/messages"), 1).await[0].json();
        assert_eq!((body["messaging_type"].as_str(), body["recipient"]["id"].as_str()), (Some("RESPONSE"), Some(PSID)));
        assert!(body.get("tag").is_none());
        // Delivered and read by watermark.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let m = s.admin.get_ok(&format!("/api/v1/conversations/{id}/messages")).await;
            if m["items"].as_array().unwrap().iter().any(|m| m["id"] == sent["id"] && m["status"] == "sent") { break; }
            assert!(tokio::time::Instant::now() < deadline);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut read = item("fb_event_read", PAGE, now_ms());
        read["read"]["watermark"] = (now_ms() + 1000).into();
        assert_eq!(s.play(&s.messenger, &envelope("page", PAGE, read)).await["updated"], 1);
        let m = s.admin.get_ok(&format!("/api/v1/conversations/{id}/messages")).await;
        assert_eq!(m["items"].as_array().unwrap().iter().find(|m| m["id"] == sent["id"]).unwrap()["status"], "read");
        // An echo of our own send is recognised by its metadata; one from the Page inbox is stored.
        let mut ours = item("fb_event_echo_text", PAGE, now_ms());
        ours["message"]["metadata"] = format!("atende:{}", sent["id"]).into();
        ours["message"]["mid"] = "m_fake-000001".into();
        assert_eq!(s.play(&s.messenger, &envelope("page", PAGE, ours)).await["updated"], 0);
        let mut inbox = item("fb_event_echo_text", PAGE, now_ms());
        inbox["message"]["mid"] = "m_page-inbox-1".into();
        assert_eq!(s.play(&s.messenger, &envelope("page", PAGE, inbox)).await["updated"], 1);

        // Two days later: a human agent may answer with the HUMAN_AGENT tag.
        let mut tx = db.store.begin().await.unwrap();
        tx.execute("UPDATE windows SET last_contact_at = $1, free_form_until = $2", atende_host::args![db.clock.now() - 48 * 3_600_000, db.clock.now() - 24 * 3_600_000]).await.unwrap();
        db.store.commit(tx).await.unwrap();
        s.admin.post_expect(&format!("/api/v1/conversations/{id}/messages"), json!({"text": "Desculpe a demora"}), 201).await;
        let body = s.fake.wait_for(&format!("{PAGE}/messages"), 2).await[1].json();
        assert_eq!((body["messaging_type"].as_str(), body["tag"].as_str()), (Some("MESSAGE_TAG"), Some("HUMAN_AGENT")));
        // Eight days later: refused, naming the state.
        let mut tx = db.store.begin().await.unwrap();
        tx.execute("UPDATE windows SET last_contact_at = $1", atende_host::args![db.clock.now() - 8 * 24 * 3_600_000]).await.unwrap();
        db.store.commit(tx).await.unwrap();
        let (status, refused) = s.admin.post(&format!("/api/v1/conversations/{id}/messages"), json!({"text": "Oi"})).await;
        assert_eq!(status, 422);
        assert!(refused["error"]["message"].as_str().unwrap().contains("mais de 7 dias"), "{refused}");
    }

    async fn an_instagram_story_mention_shows_only_in_all_and_opens_a_session_but_no_service(db: TestDb) {
        let s = setup(&db).await;
        let body = fixture("ig_webhook_story_mention").replace("<IGSID>", PSID).replace("<IGID>", IG)
            .replace("1569262485349", &now_ms().to_string()).replace("<MESSAGE_ID>", "ig-mid-1");
        assert_eq!(s.play(&s.instagram, &body).await["stored"], 1);
        let chat = s.chat("instagram").await;
        assert_eq!(chat["state"], "closed", "no service was opened");
        assert!(chat["protocol"].is_null());
        assert_eq!(chat["window"]["status"], "open", "a session was opened");
        for view in ["open", "mine", "in_service"] {
            let list = s.admin.get_ok(&format!("/api/v1/conversations?view={view}")).await;
            assert!(!list["items"].as_array().unwrap().iter().any(|c| c["id"] == chat["id"]), "{view}: {list}");
        }
        let all = s.admin.get_ok("/api/v1/conversations?view=all").await;
        let listed = all["items"].as_array().unwrap().iter().find(|c| c["id"] == chat["id"]).cloned();
        assert!(listed.is_some_and(|c| c["last_message_at"].is_i64()), "L1: it shows in All, with its time: {all}");
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{}/messages", chat["id"])).await;
        assert_eq!(history["items"][0]["kind"], "story_mention");
        assert_eq!(history["items"][0]["payload"]["story"]["url"], "<CDN_URL>");
        let (n,): (i64,) = db.store.read().await.unwrap().fetch_one("SELECT COUNT(*) FROM media", vec![]).await.unwrap();
        assert_eq!(n, 0, "story media is never stored");
        // A later message does open the service; the agent's reply goes through the Send API.
        let text = envelope("instagram", IG, json!({"sender": {"id": PSID}, "recipient": {"id": IG}, "timestamp": now_ms(),
            "message": {"mid": "ig-mid-2", "text": "Oi!"}}));
        s.play(&s.instagram, &text).await;
        let chat = s.chat("instagram").await;
        assert_eq!(chat["state"], "open");
        s.admin.post_expect(&format!("/api/v1/conversations/{}/messages", chat["id"]), json!({"text": "Olá!"}), 201).await;
        let body = s.fake.wait_for(&format!("{IG}/messages"), 1).await[0].json();
        assert_eq!(body["message"]["text"], "Olá!");
        let reaction = fixture("ig_webhook_message_reaction").replace("<INSTAGRAM_SCOPED_ID>", PSID)
            .replace("<YOUR_APP_USERS_INSTAGRAM_USER_ID>", IG).replace("<MESSAGE_ID>", "ig-mid-2");
        assert_eq!(s.play(&s.instagram, &reaction).await["stored"], 1);
    }
}
