//! Sending through WhatsApp end to end (CH1, issue 5 parts 3, 5, 6, 7): every send kind in
//! Meta's wire format, templates synced with paging and sent through the `templates` plugin,
//! the S4 sessions they open, media downloaded and served to the account only, echoes and echo
//! mode (C19), mark-as-read, and the simulator behaving like WhatsApp for windows.

use std::time::Duration;

use atende_e2e::fake_graph::{ACCESS_TOKEN, Scripted, fixture, fixture_now};
use atende_e2e::whatsapp::WhatsApp;
use atende_e2e::{Seed, TestDb, on_both_backends};
use serde_json::{Value, json};

const PHONE_ID: &str = "106540352242922";
const WABA: &str = "102290129340398";

/// The connected number, and the steps these tests repeat.
struct Setup(WhatsApp);

impl std::ops::Deref for Setup {
    type Target = WhatsApp;
    fn deref(&self) -> &WhatsApp {
        &self.0
    }
}

async fn setup_with(db: &TestDb, adjust: impl FnOnce(&mut atende_host::config::ServeArgs)) -> Setup {
    let channel = json!({"name": "WhatsApp", "external_id": PHONE_ID, "business_id": WABA, "echo_keyword": "#fim"});
    Setup(WhatsApp::start(db, channel, adjust).await)
}

impl Setup {
    async fn sheena(&self) -> i64 {
        let list = self.admin.get_ok("/api/v1/conversations?view=all").await;
        list["items"].as_array().unwrap().iter().find(|c| c["contact"]["name"] == "Sheena Nelson").unwrap()["id"]
            .as_i64()
            .unwrap()
    }

    async fn contact_writes(&self) -> i64 {
        self.play_ok(&fixture_now("wa_inbound_text")).await;
        self.sheena().await
    }

    async fn sent_bodies(&self, count: usize) -> Vec<Value> {
        self.fake.wait_for(&format!("{PHONE_ID}/messages"), count).await.iter().map(|r| r.json()).collect()
    }

    async fn sync_templates(&self) -> Value {
        let page = |name: &str| -> Vec<Value> {
            serde_json::from_str::<Value>(&fixture(name)).unwrap()["data"].as_array().unwrap().clone()
        };
        let all = page("wa_templates_list_response");
        self.fake.set_template_pages(vec![vec![all[0].clone()], vec![all[1].clone()]]);
        self.admin.post_expect(&format!("/api/v1/channels/{}/templates/sync", self.channel_id), json!({}), 200).await
    }
}

on_both_backends! {
    async fn every_send_kind_reaches_meta_in_its_wire_format(db: TestDb) {
        let s = setup_with(&db, |_| {}).await;
        let chat = s.contact_writes().await;
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await;
        let inbound = history["items"][0]["id"].as_i64().unwrap();
        let wamid_in = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
        let path = |p: &str| format!("/api/v1/conversations/{chat}/{p}");

        s.admin.post_expect(&path("messages"), json!({"text": "Veja https://exemplo.com.br", "reply_to": inbound}), 201).await;
        s.admin.post_expect(&path("reactions"), json!({"message_id": inbound, "emoji": "👍"}), 201).await;
        s.admin.post_expect(&path("reactions/remove"), json!({"message_id": inbound}), 201).await;
        s.admin.post_expect(&path("location"), json!({"latitude": -23.5505, "longitude": -46.6333, "name": "Sede", "address": "Av. Paulista, 1000"}), 201).await;
        s.admin.post_expect(&path("contact-card"), json!({"name": "Ana Souza", "phone": "+55 11 99999-0000", "email": "ana@acme.com.br"}), 201).await;
        s.admin.post_expect(&path("interactive"), json!({"body": "Como prefere?", "buttons": [{"id": "sim", "title": "Sim"}, {"id": "nao", "title": "Não"}]}), 201).await;
        s.admin.post_expect(&path("interactive"), json!({"body": "Escolha", "button": "Opções", "sections": [{"title": "Frete", "rows": [{"id": "expresso", "title": "Expresso", "description": "1 dia"}]}]}), 201).await;
        let image = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]).file_name("foto.jpg").mime_str("image/jpeg").unwrap())
            .text("caption", "Nossa loja");
        let (status, sent_image) = s.admin.post_form(&path("media"), image).await;
        assert_eq!(status, 201, "{sent_image}");
        let voice = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(b"OggS-voice".to_vec()).file_name("voz.ogg").mime_str("audio/ogg; codecs=opus").unwrap());
        let (status, sent_voice) = s.admin.post_form(&path("media"), voice).await;
        assert_eq!(status, 201, "{sent_voice}");
        assert_eq!(sent_voice["payload"]["media"]["voice"], true, "OGG/Opus goes as a voice note (C15)");

        let bodies = s.sent_bodies(9).await;
        let by_type = |t: &str| bodies.iter().filter(|b| b["type"] == t).cloned().collect::<Vec<_>>();
        let text = &by_type("text")[0];
        assert_eq!(text["context"]["message_id"], wamid_in);
        assert_eq!(text["text"]["preview_url"], true);
        let reactions = by_type("reaction");
        assert_eq!(reactions[0]["reaction"], json!({"message_id": wamid_in, "emoji": "👍"}));
        assert_eq!(reactions[1]["reaction"], json!({"message_id": wamid_in, "emoji": ""}), "removal = empty emoji");
        assert_eq!(by_type("location")[0]["location"], json!({"latitude": -23.5505, "longitude": -46.6333, "name": "Sede", "address": "Av. Paulista, 1000"}));
        let card = &by_type("contacts")[0]["contacts"][0];
        assert_eq!((card["name"]["formatted_name"].as_str(), card["phones"][0]["phone"].as_str(), card["emails"][0]["email"].as_str()),
            (Some("Ana Souza"), Some("+55 11 99999-0000"), Some("ana@acme.com.br")));
        let interactive = by_type("interactive");
        assert_eq!(interactive[0]["interactive"]["type"], "button");
        assert_eq!(interactive[0]["interactive"]["action"]["buttons"][1], json!({"type": "reply", "reply": {"id": "nao", "title": "Não"}}));
        assert_eq!(interactive[1]["interactive"]["type"], "list");
        assert_eq!(interactive[1]["interactive"]["action"]["sections"][0]["rows"][0]["id"], "expresso");
        // Media: uploaded first, then sent by Meta's id.
        let uploads = s.fake.requests_to(&format!("{PHONE_ID}/media"));
        assert_eq!(uploads.len(), 2);
        assert!(uploads[0].content_type.as_deref().unwrap().starts_with("multipart/form-data"));
        let image_body = &by_type("image")[0];
        assert_eq!(image_body["image"]["caption"], "Nossa loja");
        assert!(image_body["image"]["id"].as_str().is_some_and(|id| !id.is_empty()));
        assert!(by_type("audio")[0]["audio"].get("caption").is_none());
        // A reaction is not a reply: the agent was assigned by the text, not by reacting (C6).
        for m in [sent_image["id"].as_i64().unwrap(), sent_voice["id"].as_i64().unwrap()] {
            s.wait_message(chat, m, |m| m["status"] == "sent").await;
        }
        // The agent downloads its own upload.
        let (status, _) = s.admin.get(&format!("/api/v1/messages/{}/media", sent_image["id"])).await;
        assert_eq!(status, 200);
    }

    async fn templates_sync_with_paging_and_send_through_the_plugin(db: TestDb) {
        let s = setup_with(&db, |_| {}).await;
        let report = s.sync_templates().await;
        assert_eq!(report, json!({"synced": 2, "deleted": 0}));
        let requests = s.fake.requests_to(&format!("{WABA}/message_templates"));
        assert_eq!(requests.len(), 2, "followed paging.next");
        let list = s.admin.get_ok("/api/v1/templates?search=Utilidade").await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
        assert_eq!(list["items"][0]["name"], "reservation_confirmation");
        assert_eq!(list["items"][0]["category_label"], "Utilidade");
        let coupon = s.admin.get_ok("/api/v1/templates?search=coupon").await["items"][0].clone();
        assert_eq!(coupon["category"], "marketing");
        let count = |list: Value| list["items"].as_array().unwrap().len();
        let spaced = s.admin.get_ok("/api/v1/templates?search=reservation%20confirmation").await;
        assert_eq!(count(spaced), 1, "a space matches the name's _");
        assert_eq!(count(s.admin.get_ok("/api/v1/templates?search=%25").await), 0, "a typed % is itself, not a wildcard");

        // Sent to a contact who never wrote: templates go whatever the window (S4).
        let reservation = list["items"][0]["id"].as_i64().unwrap();
        let preview = s.admin.post_expect(&format!("/api/v1/templates/{reservation}/preview"),
            json!({"named": {"number_of_guests": "4", "day": "sábado", "date": "30/08", "time": "19h30"}}), 200).await;
        assert!(preview["preview"].as_str().unwrap().contains("reservation for 4 at Lucky Shrub Eatery on sábado"), "{preview}");
        s.play_ok(&fixture("wa_inbound_text")).await; // 2025: its window is long closed
        let chat = s.sheena().await;
        let (status, refused) = s.admin.post(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Oi"})).await;
        assert_eq!((status.as_u16(), refused["error"]["code"].as_str()), (422, Some("outside_window")));
        let (status, missing) = s.admin.post(&format!("/api/v1/conversations/{chat}/templates"), json!({"template_id": reservation, "named": {"day": "sábado"}})).await;
        assert_eq!(status, 422);
        assert!(missing["error"]["message"].as_str().unwrap().contains("Faltam os parâmetros"), "{missing}");
        let sent = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/templates"),
            json!({"template_id": reservation, "named": {"number_of_guests": "4", "day": "sábado", "date": "30/08", "time": "19h30"}}), 201).await;
        assert_eq!(sent["kind"], "template");
        assert!(sent["text"].as_str().unwrap().starts_with("*You're all set!*"), "history keeps the text only (C14)");
        let body = &s.sent_bodies(1).await[0];
        assert_eq!(body["type"], "template");
        assert_eq!(body["template"]["name"], "reservation_confirmation");
        assert_eq!(body["template"]["language"]["code"], "en_US");
        let components = body["template"]["components"].as_array().unwrap();
        assert_eq!(components[0]["type"], "header");
        assert_eq!(components[0]["parameters"][0]["type"], "image", "the header image is sent");
        assert_eq!(components[1]["parameters"][0], json!({"type": "text", "parameter_name": "number_of_guests", "text": "4"}));
        s.wait_message(chat, sent["id"].as_i64().unwrap(), |m| m["status"] == "sent").await;
        // A Utility template opened the utility session, not free-form sending.
        let view = s.admin.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        assert!(view["window"]["utility_until"].as_i64().is_some(), "{view}");
        assert!(view["window"]["marketing_until"].is_null());
        assert_eq!(s.admin.post(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Oi"})).await.0, 422);
        // The contact answers: free-form is unlocked.
        s.play_ok(&fixture_now("wa_inbound_text").replace("RgA=", "RgB=")).await;
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Oi!"}), 201).await;

        // Positional template with a header parameter.
        let coupon_id = coupon["id"].as_i64().unwrap();
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/templates"), json!({"template_id": coupon_id, "positional": ["Pablo", "SUMMER20", "10"]}), 201).await;
        let bodies = s.sent_bodies(3).await;
        let coupon_body = bodies.iter().find(|b| b["template"]["name"] == "coupon_expiration_reminder_number_vars").unwrap();
        assert_eq!(coupon_body["template"]["components"][0], json!({"type": "header", "parameters": [{"type": "text", "text": "Pablo"}]}));

        // Meta deleted one: the next sync marks it deleted, and it can no longer be sent (C18 later).
        let all = serde_json::from_str::<Value>(&fixture("wa_templates_list_response")).unwrap()["data"].as_array().unwrap().clone();
        s.fake.set_template_pages(vec![vec![all[0].clone()]]);
        let report = s.admin.post_expect(&format!("/api/v1/channels/{}/templates/sync", s.channel_id), json!({}), 200).await;
        assert_eq!(report, json!({"synced": 1, "deleted": 1}));
        let gone = s.admin.get_ok(&format!("/api/v1/templates/{coupon_id}")).await;
        assert!(gone["deleted_at"].as_i64().is_some());
        assert_eq!(s.admin.post(&format!("/api/v1/conversations/{chat}/templates"), json!({"template_id": coupon_id, "positional": ["a", "b", "c"]})).await.0, 422);
        assert_eq!(s.admin.get_ok("/api/v1/templates?sendable=true").await["items"].as_array().unwrap().len(), 1);
    }

    async fn inbound_media_is_downloaded_and_served_to_the_account_only(db: TestDb) {
        let s = setup_with(&db, |_| {}).await;
        let jpeg = b"\xFF\xD8\xFF\xE0 a real-looking jpeg".to_vec();
        s.fake.add_media("1003383421387256", &jpeg, "image/jpeg");
        let mut events = s.admin.events(None).await;
        s.play_ok(&fixture_now("wa_inbound_image")).await;
        let chat = s.sheena().await;
        let message = s.admin.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await["items"][0].clone();
        assert_eq!(message["kind"], "image");
        assert_eq!(message["text"], "Taj Mahal");
        let id = message["id"].as_i64().unwrap();
        // Live clients hear when the file is stored (a picture drawn as pending is fetched again),
        // and from then on it is served.
        let updated = events.until(|f| f["kind"] == "message.updated" && f["message"]["id"] == id).await;
        assert_eq!(updated["message"]["payload"]["media"]["state"], "stored");
        let (status, _) = s.admin.get(&format!("/api/v1/messages/{id}/media")).await;
        assert_eq!(status, 200, "stored when announced");
        // The file went through GET /{media-id} and then the URL with the token.
        let urls = s.fake.requests_to("/1003383421387256");
        assert_eq!(urls[0].query, format!("phone_number_id={PHONE_ID}"));
        let files = s.fake.requests_to("/files/1003383421387256");
        assert_eq!(files[0].authorization.as_deref(), Some(format!("Bearer {ACCESS_TOKEN}").as_str()));
        let raw = reqwest::Client::new();
        let anonymous = raw.get(format!("{}/api/v1/messages/{id}/media", s.server.url())).send().await.unwrap();
        assert_eq!(anonymous.status(), 401);
        // The bytes are the file's; another account's admin gets 404.
        let (n,): (i64,) = db.store.read().await.unwrap().fetch_one("SELECT size_bytes FROM media WHERE message_id = $1", atende_host::args![id]).await.unwrap();
        assert_eq!(n, jpeg.len() as i64);
        let beta = Seed::create(&db.store, "Beta").await;
        let intruder = s.server.login(&beta.admin.email).await;
        assert_eq!(intruder.get(&format!("/api/v1/messages/{id}/media")).await.0, 404);
    }

    async fn echoes_are_recorded_and_echo_mode_ends_with_the_keyword(db: TestDb) {
        let s = setup_with(&db, |_| {}).await;
        let receipt = s.play_ok(&fixture_now("wa_smb_echo_text")).await;
        assert_eq!(receipt["updated"], 1);
        let chat = s.admin.get_ok("/api/v1/conversations?view=all").await["items"].as_array().unwrap().iter()
            .find(|c| c["kind"] == "contact").cloned().unwrap();
        assert_eq!(chat["echo_mode"], true);
        let id = chat["id"].as_i64().unwrap();
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{id}/messages")).await["items"].clone();
        assert_eq!(history[0]["author"]["kind"], "business_app");
        assert_eq!(history[0]["author"]["name"], "WhatsApp Business");
        assert_eq!(history[0]["direction"], "outbound");
        // A redelivery changes nothing.
        assert_eq!(s.play_ok(&fixture_now("wa_smb_echo_text")).await["updated"], 0);
        // Edit and revoke update the original.
        let original = "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=";
        let sent = fixture_now("wa_smb_echo_text").replace("wamid.HBgLMTY0NjcwNDM1OTUVAgARGBIyNDlBOEI5QUQ4NDc0N0FCNjMA", original);
        s.play_ok(&sent).await;
        assert_eq!(s.play_ok(&fixture_now("wa_smb_echo_edit")).await["updated"], 1);
        assert_eq!(s.play_ok(&fixture_now("wa_smb_echo_revoke")).await["updated"], 1);
        let history = s.admin.get_ok(&format!("/api/v1/conversations/{id}/messages")).await["items"].clone();
        let edited = history.as_array().unwrap().iter().find(|m| m["text"] == "Updated image caption").expect("edited");
        assert_eq!(edited["kind"], "image");
        assert!(edited["payload"]["revoked_at"].as_i64().is_some());
        // The keyword ends echo mode.
        let keyword = fixture_now("wa_smb_echo_text").replace("wamid.HBgLMTY0NjcwNDM1OTUVAgARGBIyNDlBOEI5QUQ4NDc0N0FCNjMA", "wamid.fim")
            .replace("Here's the info you requested! https://www.meta.com/quest/quest-3/", " #FIM ");
        s.play_ok(&keyword).await;
        assert_eq!(s.admin.get_ok(&format!("/api/v1/conversations/{id}")).await["echo_mode"], false);
    }

    async fn closing_the_service_ends_echo_mode(db: TestDb) {
        let s = setup_with(&db, |_| {}).await;
        let chat = s.contact_writes().await;
        s.play_ok(&fixture_now("wa_smb_echo_text")).await;
        assert_eq!(s.admin.get_ok(&format!("/api/v1/conversations/{chat}")).await["echo_mode"], true);
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/close"), json!({}), 200).await;
        assert_eq!(s.admin.get_ok(&format!("/api/v1/conversations/{chat}")).await["echo_mode"], false);
    }

    async fn opening_a_chat_marks_the_contacts_messages_read_at_meta(db: TestDb) {
        let s = setup_with(&db, |_| {}).await;
        let chat = s.contact_writes().await;
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/read"), json!({}), 204).await;
        let read = &s.sent_bodies(1).await[0];
        assert_eq!(read, &json!({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA="}));
    }

    async fn the_simulator_follows_whatsapps_windows_and_has_its_own_templates(db: TestDb) {
        let s = setup_with(&db, |_| {}).await;
        let sim = s.seed.channel_id;
        let template = s.admin.post_expect(&format!("/api/v1/channels/{sim}/templates"), json!({
            "name": "retomada", "language": "pt_BR", "category": "MARKETING",
            "components": [{"type": "BODY", "text": "Olá {{1}}, podemos ajudar?"}]}), 201).await;
        assert_eq!(template["category_label"], "Marketing");
        assert_eq!(s.admin.post(&format!("/api/v1/channels/{sim}/templates"), json!({
            "name": "retomada", "language": "pt_BR", "category": "marketing", "components": [{"type": "BODY", "text": "x"}]})).await.0, 409);
        assert_eq!(s.admin.post(&format!("/api/v1/channels/{}/templates", s.channel_id), json!({
            "name": "x", "language": "pt_BR", "category": "marketing", "components": [{"type": "BODY", "text": "x"}]})).await.0, 422);
        // A simulator contact writes; the window is open like WhatsApp's.
        s.server.client().post_expect(&format!("/api/v1/simulator/{}/messages", s.seed.simulator_key),
            json!({"phone": "5511999990000", "name": "Maria", "text": "Oi"}), 202).await;
        let chat = s.admin.get_ok("/api/v1/conversations?view=open").await["items"][0].clone();
        assert_eq!(chat["window"]["status"], "open");
        let id = chat["id"].as_i64().unwrap();
        // Close the window as if 24 h had passed.
        let mut tx = db.store.begin().await.unwrap();
        tx.execute("UPDATE windows SET free_form_until = $1, service_until = $1", atende_host::args![db.clock.now() - 1]).await.unwrap();
        db.store.commit(tx).await.unwrap();
        let view = s.admin.get_ok(&format!("/api/v1/conversations/{id}")).await;
        assert_eq!((view["window"]["status"].as_str(), view["window"]["tag"].as_str()), (Some("expired"), Some("Expirado")));
        assert_eq!(s.admin.post(&format!("/api/v1/conversations/{id}/messages"), json!({"text": "Oi"})).await.0, 422);
        let sent = s.admin.post_expect(&format!("/api/v1/conversations/{id}/templates"), json!({"template_id": template["id"], "positional": ["Maria"]}), 201).await;
        assert_eq!(sent["text"], "Olá Maria, podemos ajudar?");
        s.wait_message(id, sent["id"].as_i64().unwrap(), |m| m["status"] == "sent").await;
        let view = s.admin.get_ok(&format!("/api/v1/conversations/{id}")).await;
        assert!(view["window"]["marketing_until"].as_i64().is_some(), "{view}");
        // Expiring: 30 minutes or less left.
        let mut tx = db.store.begin().await.unwrap();
        tx.execute("UPDATE windows SET free_form_until = $1", atende_host::args![db.clock.now() + 20 * 60_000]).await.unwrap();
        db.store.commit(tx).await.unwrap();
        let view = s.admin.get_ok(&format!("/api/v1/conversations/{id}")).await;
        assert_eq!(view["window"]["tag"], "Expirando");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_whose_send_timed_out_is_failed_not_resent() {
    let db = TestDb::new(atende_e2e::Backend::Sqlite).await;
    let s = setup_with(&db, |a| a.graph_timeout_ms = 300).await;
    s.sync_templates().await;
    s.play_ok(&fixture_now("wa_inbound_text")).await;
    let chat = s.sheena().await;
    let template = s.admin.get_ok("/api/v1/templates?search=reservation").await["items"][0]["id"].as_i64().unwrap();
    s.fake.script(&format!("{PHONE_ID}/messages"), Scripted::Hang);
    let sent = s
        .admin
        .post_expect(
            &format!("/api/v1/conversations/{chat}/templates"),
            json!({"template_id": template, "named": {"number_of_guests": "2", "day": "d", "date": "d", "time": "t"}}),
            201,
        )
        .await;
    let failed = s.wait_message(chat, sent["id"].as_i64().unwrap(), |m| m["status"] == "failed").await;
    assert_eq!(failed["error"]["code"], "timeout");
    let (state,): (String,) = db
        .store
        .read()
        .await
        .unwrap()
        .fetch_one("SELECT state FROM outbox WHERE message_id = $1", atende_host::args![sent["id"].as_i64().unwrap()])
        .await
        .unwrap();
    assert_eq!(state, "failed", "its send is over: the worker claims only pending sends");
    // A text that timed out is retried once its back-off has passed (the clock moves past it);
    // the worker takes sends in order, so by the time the text is sent the template would
    // have been sent again had it still been pending.
    s.fake.script(&format!("{PHONE_ID}/messages"), Scripted::Hang);
    let text = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "oi"}), 201).await;
    let text_id = text["id"].as_i64().unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while s.fake.requests_to(&format!("{PHONE_ID}/messages")).len() < 2 {
        assert!(tokio::time::Instant::now() < deadline, "the text was never tried");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    db.clock.advance(Duration::from_secs(3600));
    s.wait_message(chat, text_id, |m| m["status"] == "sent").await;
    assert_eq!(s.fake.requests_to(&format!("{PHONE_ID}/messages")).len(), 3, "the template once, the text twice");
}
