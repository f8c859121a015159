//! WhatsApp Business Cloud API end to end (CH1, issue 5): the real server pointed at the fake
//! Graph API; webhooks played from Meta's fixtures, signed with the app secret; what the host
//! sends checked in Meta's wire format.

use atende_e2e::fake_graph::{ACCESS_TOKEN, APP_SECRET, FakeGraph, Scripted, VERIFY_TOKEN, fixture, fixture_now};
use atende_e2e::whatsapp::WhatsApp;
use atende_e2e::{TestDb, on_both_backends};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The phone_number_id of the fixtures from Meta's own pages.
const PHONE_ID: &str = "106540352242922";
/// The phone_number_id of the pywa fixtures.
const PYWA_PHONE_ID: &str = "1122334455667";

/// The connected numbers, and the steps these tests repeat.
struct Setup(WhatsApp);

impl std::ops::Deref for Setup {
    type Target = WhatsApp;
    fn deref(&self) -> &WhatsApp {
        &self.0
    }
}

async fn setup_with(db: &TestDb, adjust: impl FnOnce(&mut atende_host::config::ServeArgs)) -> Setup {
    let channel = json!({"name": "WhatsApp Vendas", "external_id": PHONE_ID, "business_id": "102290129340398",
        "display_phone": "15550783881", "echo_keyword": "#fim"});
    let s = WhatsApp::start(db, channel, adjust).await;
    // The pywa fixtures come from a second number of the same Meta app.
    s.admin
        .post_expect(
            "/api/v1/channels/meta",
            json!({"kind": "whatsapp", "name": "WhatsApp Suporte", "external_id": PYWA_PHONE_ID, "app_secret": APP_SECRET,
                   "verify_token": VERIFY_TOKEN, "access_token": ACCESS_TOKEN}),
            201,
        )
        .await;
    Setup(s)
}

async fn setup(db: &TestDb) -> Setup {
    setup_with(db, |_| {}).await
}

impl Setup {
    /// The conversation of the contact with `wa_id` on the number `PHONE_ID`.
    async fn conversation(&self, name: &str) -> Value {
        let list = self.admin.get_ok("/api/v1/conversations?view=all").await;
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["contact"]["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no chat with {name}: {list}"))
    }

    async fn history(&self, conversation: i64) -> Vec<Value> {
        self.admin.get_ok(&format!("/api/v1/conversations/{conversation}/messages?limit=200")).await["items"]
            .as_array()
            .unwrap()
            .clone()
    }
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let (n,): (i64,) = db.store.read().await.unwrap().fetch_one(sql, vec![]).await.unwrap();
    n
}

on_both_backends! {
    async fn the_verification_handshake_echoes_the_challenge_for_the_right_token_only(db: TestDb) {
        let s = setup(&db).await;
        let base = format!("{}{}", s.server.url(), s.webhook);
        let http = reqwest::Client::new();
        let ok = http.get(format!("{base}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}")).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        assert_eq!(ok.text().await.unwrap(), "1158201444");
        let bad = http.get(format!("{base}?hub.mode=subscribe&hub.challenge=1&hub.verify_token=errado")).send().await.unwrap();
        assert_eq!(bad.status(), 403);
        let unknown = http.get(format!("{}/api/v1/webhooks/meta/desconhecido?hub.mode=subscribe", s.server.url())).send().await.unwrap();
        assert_eq!(unknown.status(), 404);
    }

    async fn every_inbound_type_is_stored_and_a_redelivery_changes_nothing(db: TestDb) {
        let s = setup(&db).await;
        let fixtures = [
            "wa_inbound_text", "wa_inbound_text_message_business_button", "wa_inbound_text_ctwa_referral", "wa_inbound_image",
            "wa_inbound_audio_pywa", "wa_inbound_video_pywa", "wa_inbound_document_pywa", "wa_inbound_sticker_pywa",
            "wa_inbound_location_pywa", "wa_inbound_contacts_pywa", "wa_inbound_reaction", "wa_inbound_reaction_removed",
            "wa_inbound_interactive_button_reply", "wa_inbound_interactive_list_reply",
            "wa_inbound_button_template_quick_reply_pywa", "wa_inbound_text_reply_context_pywa", "wa_inbound_unsupported_pywa",
        ];
        // Meta's samples reuse message ids across pages; give each its own, as live traffic does.
        let bodies: Vec<String> = fixtures.iter().enumerate().map(|(i, name)| {
            let body = fixture_now(name);
            body.replace("\"id\": \"wamid.", &format!("\"id\": \"wamid.t{i}-"))
        }).collect();
        for body in &bodies {
            let receipt = s.play_ok(body).await;
            assert_eq!(receipt["stored"], 1, "{body}: {receipt}");
        }
        let stored = count(&db, "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'").await;
        assert_eq!(stored, fixtures.len() as i64);
        for body in &bodies {
            let receipt = s.play_ok(body).await;
            assert_eq!((receipt["stored"].as_i64(), receipt["duplicates"].as_i64()), (Some(0), Some(1)), "{receipt}");
        }
        assert_eq!(count(&db, "SELECT COUNT(*) FROM messages WHERE direction = 'inbound'").await, stored);

        let sheena = s.conversation("Sheena Nelson").await;
        assert_eq!(sheena["channel"]["kind"], "whatsapp");
        assert_eq!(sheena["window"]["status"], "open");
        let kinds: Vec<String> = s.history(sheena["id"].as_i64().unwrap()).await.iter().map(|m| m["kind"].as_str().unwrap().to_string()).collect();
        for kind in ["text", "image", "reaction"] {
            assert!(kinds.contains(&kind.to_string()), "{kinds:?}");
        }
        let pywa = s.conversation("Test Name").await;
        let history = s.history(pywa["id"].as_i64().unwrap()).await;
        let kinds: Vec<&str> = history.iter().map(|m| m["kind"].as_str().unwrap()).collect();
        for kind in ["audio", "video", "document", "sticker", "location", "contact", "text", "unsupported"] {
            assert!(kinds.contains(&kind), "{kind} missing in {kinds:?}");
        }
        let unsupported = history.iter().find(|m| m["kind"] == "unsupported").unwrap();
        assert_eq!(unsupported["payload"]["errors"][0]["code"], 131051);
        assert_eq!(pywa["channel"]["name"], "WhatsApp Suporte", "routed by phone_number_id to the second number");

        // The ad referral gave the contact its campaign (S10).
        let (campaign,): (Option<String>,) = db.store.read().await.unwrap()
            .fetch_one("SELECT campaign FROM contacts WHERE external_id = '16505551234'", vec![]).await.unwrap();
        assert_eq!(campaign.as_deref(), Some("Chat with us"));
    }

    async fn a_bad_or_missing_signature_is_401_and_stores_nothing(db: TestDb) {
        let s = setup(&db).await;
        let body = fixture_now("wa_inbound_text");
        let url = s.server.url();
        let (status, answer) = FakeGraph::play(&url, &s.webhook, "outro-segredo", body.as_bytes()).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("bad_signature")));
        let (status, _) = FakeGraph::post_raw(&url, &s.webhook, None, body.clone().into_bytes()).await;
        assert_eq!(status, 401);
        let (status, _) = FakeGraph::post_raw(&url, &s.webhook, Some("sha256=00"), body.clone().into_bytes()).await;
        assert_eq!(status, 401);
        // Signed, then changed on the way: the signature covers the raw bytes.
        let sig = atende_host::channels::meta::signature::sign(APP_SECRET, body.as_bytes());
        let tampered = body.replace("another color", "another colour");
        assert_eq!(FakeGraph::post_raw(&url, &s.webhook, Some(&sig), tampered.into_bytes()).await.0, 401);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM messages").await, 0);
        assert_eq!(count(&db, "SELECT COUNT(*) FROM contacts").await, 0);
    }

    async fn bodies_over_3_mb_get_413_and_malformed_ones_400(db: TestDb) {
        let s = setup(&db).await;
        let url = s.server.url();
        let mut big = fixture_now("wa_inbound_text");
        big.push_str(&" ".repeat(3 * 1024 * 1024));
        let (status, answer) = FakeGraph::play(&url, &s.webhook, APP_SECRET, big.as_bytes()).await;
        assert_eq!((status, answer["error"]["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")));
        // Just under the limit is read (1 MB above the API's own limit).
        let mut fits = fixture_now("wa_inbound_text");
        fits.push_str(&" ".repeat(2 * 1024 * 1024));
        assert_eq!(FakeGraph::play(&url, &s.webhook, APP_SECRET, fits.as_bytes()).await.0, 200);
        let (status, answer) = FakeGraph::play(&url, &s.webhook, APP_SECRET, b"{not json").await;
        assert_eq!((status, answer["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));
        let page = fixture("ig_webhook_story_mention");
        assert_eq!(FakeGraph::play(&url, &s.webhook, APP_SECRET, page.as_bytes()).await.0, 400);
    }

    async fn secrets_are_never_returned_nor_stored_in_clear(db: TestDb) {
        let s = setup(&db).await;
        let list = s.admin.get_ok("/api/v1/channels").await.to_string();
        for secret in [APP_SECRET, VERIFY_TOKEN, ACCESS_TOKEN] {
            assert!(!list.contains(secret), "{list}");
        }
        assert!(list.contains("/api/v1/webhooks/meta/"), "{list}");
        let rows: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = db.store.read().await.unwrap()
            .fetch_all("SELECT app_secret, verify_token, access_token FROM meta_channels", vec![]).await.unwrap();
        for (a, b, c) in rows {
            for (sealed, clear) in [(a, APP_SECRET), (b, VERIFY_TOKEN), (c, ACCESS_TOKEN)] {
                assert!(!sealed.windows(clear.len()).any(|w| w == clear.as_bytes()));
            }
        }
        // Rotating the app secret: the old one no longer signs.
        s.admin.patch_json(&format!("/api/v1/channels/{}", s.channel_id), json!({"app_secret": "segredo-novo"})).await;
        assert_eq!(s.play(&fixture_now("wa_inbound_text")).await.0, 401);
        let (status, _) = FakeGraph::play(&s.server.url(), &s.webhook, "segredo-novo", fixture_now("wa_inbound_text").as_bytes()).await;
        assert_eq!(status, 200);
        // Agents may not connect channels.
        let agent = s.server.login(&s.seed.agent.email).await;
        let (status, _) = agent.post("/api/v1/channels/meta", json!({"kind": "messenger", "name": "P", "external_id": "1",
            "app_secret": "a", "verify_token": "b", "access_token": "c"})).await;
        assert_eq!(status, 403);
    }

    async fn statuses_move_marks_forward_and_failures_keep_metas_code(db: TestDb) {
        let s = setup(&db).await;
        s.play_ok(&fixture_now("wa_inbound_text")).await;
        let chat = s.conversation("Sheena Nelson").await["id"].as_i64().unwrap();
        let sent = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Temos em azul!"}), 201).await;
        let id = sent["id"].as_i64().unwrap();
        let request = &s.fake.wait_for(&format!("{PHONE_ID}/messages"), 1).await[0];
        assert_eq!(request.authorization.as_deref(), Some(format!("Bearer {ACCESS_TOKEN}").as_str()));
        assert_eq!(request.json()["to"], "+16505551234");
        assert_eq!(request.json()["text"]["body"], "Temos em azul!");
        s.wait_message(chat, id, |m| m["status"] == "sent").await;
        let (wamid,): (String,) = db.store.read().await.unwrap()
            .fetch_one("SELECT provider_message_id FROM messages WHERE id = $1", atende_host::args![id]).await.unwrap();
        let status = |word: &str| fixture("wa_status_v24_no_conversation_no_pricing")
            .replace("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=", &wamid)
            .replace("\"status\": \"sent\"", &format!("\"status\": \"{word}\""));
        // Read arrives first; a late delivered changes nothing; a duplicate changes nothing.
        assert_eq!(s.play_ok(&status("read")).await["updated"], 1);
        assert_eq!(s.play_ok(&status("delivered")).await["updated"], 0);
        assert_eq!(s.play_ok(&status("read")).await["updated"], 0);
        s.wait_message(chat, id, |m| m["status"] == "read").await;

        // A failure (131047) keeps code and title and closes the free-form window.
        let second = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Ainda aí?"}), 201).await;
        let second_id = second["id"].as_i64().unwrap();
        s.fake.wait_for(&format!("{PHONE_ID}/messages"), 2).await;
        s.wait_message(chat, second_id, |m| m["status"] == "sent").await;
        let (wamid2,): (String,) = db.store.read().await.unwrap()
            .fetch_one("SELECT provider_message_id FROM messages WHERE id = $1", atende_host::args![second_id]).await.unwrap();
        let failed = fixture("wa_status_failed")
            .replace("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA", &wamid2)
            .replace("131049", "131047")
            .replace("This message was not delivered to maintain healthy ecosystem engagement.", "Re-engagement message");
        assert_eq!(s.play_ok(&failed).await["updated"], 1);
        let m = s.wait_message(chat, second_id, |m| m["status"] == "failed").await;
        assert_eq!(m["error"], json!({"code": "131047", "title": "Re-engagement message"}));
        let view = s.admin.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        assert_eq!(view["window"]["status"], "expired");
        let (status, refused) = s.admin.post(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Oi?"})).await;
        assert_eq!(status, 422);
        assert_eq!(refused["error"]["code"], "outside_window");
        assert!(refused["error"]["message"].as_str().unwrap().starts_with("Sessão expirada em"), "{refused}");
        // Internal notes are still fine (C13).
        s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "/interna ligar amanhã"}), 201).await;
    }

    async fn code_131049_is_retried_later_and_other_failures_are_final(db: TestDb) {
        let s = setup(&db).await;
        s.play_ok(&fixture_now("wa_inbound_text")).await;
        let chat = s.conversation("Sheena Nelson").await["id"].as_i64().unwrap();
        let sent = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Promoção"}), 201).await;
        let id = sent["id"].as_i64().unwrap();
        s.wait_message(chat, id, |m| m["status"] == "sent").await;
        let (wamid,): (String,) = db.store.read().await.unwrap()
            .fetch_one("SELECT provider_message_id FROM messages WHERE id = $1", atende_host::args![id]).await.unwrap();
        let failed = fixture("wa_status_failed").replace("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA", &wamid);
        s.play_ok(&failed).await;
        let m = s.wait_message(chat, id, |m| m["error"]["code"] == "131049").await;
        assert_eq!(m["status"], "pending", "re-armed for a later try");
        let (state, next_at): (String, i64) = db.store.read().await.unwrap()
            .fetch_one("SELECT state, next_attempt_at FROM outbox WHERE message_id = $1", atende_host::args![id]).await.unwrap();
        assert_eq!(state, "pending");
        assert!(next_at > db.clock.now() + 50 * 60_000, "at least an hour later");
    }

    async fn sync_errors_fail_the_message_and_throttling_is_retried(db: TestDb) {
        let s = setup(&db).await;
        s.play_ok(&fixture_now("wa_inbound_text")).await;
        let chat = s.conversation("Sheena Nelson").await["id"].as_i64().unwrap();
        let path = format!("{PHONE_ID}/messages");
        s.fake.script(&path, Scripted::Answer(400, json!({"error": {"message": "(#131026) Message Undeliverable.", "type": "OAuthException", "code": 131026, "error_data": {"messaging_product": "whatsapp", "details": "Unable to deliver"}}})));
        let m = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "a"}), 201).await;
        let failed = s.wait_message(chat, m["id"].as_i64().unwrap(), |m| m["status"] == "failed").await;
        assert_eq!(failed["error"], json!({"code": "131026", "title": "Message Undeliverable."}));
        assert_eq!(s.fake.requests_to(&path).len(), 1, "not retried");

        s.fake.fail_with_fixture(&path, 400, "wa_error_response_130429");
        let m = s.admin.post_expect(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "b"}), 201).await;
        s.wait_message(chat, m["id"].as_i64().unwrap(), |m| m["status"] == "sent").await;
        assert_eq!(s.fake.requests_to(&path).len(), 3, "130429 once, then the retry went through");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_timestamps_open_no_window() {
    let db = TestDb::new(atende_e2e::Backend::Sqlite).await;
    let s = setup(&db).await;
    // Meta's sample, with its 2025 timestamp: the window it opened is long over.
    s.play_ok(&fixture("wa_inbound_text")).await;
    let chat = s.conversation("Sheena Nelson").await;
    assert_eq!(chat["window"]["status"], "expired");
    let (status, body) =
        s.admin.post(&format!("/api/v1/conversations/{}/messages", chat["id"]), json!({"text": "Oi"})).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (422, Some("outside_window")));
}

on_both_backends! {
    async fn testar_conexao_reports_what_meta_answered_for_the_number(db: TestDb) {
        let s = setup(&db).await;
        let path = format!("/api/v1/channels/{}/test", s.channel_id);
        s.fake.script(
            &format!("/{PHONE_ID}"),
            Scripted::Answer(200, json!({"display_phone_number": "+1 555-078-3881", "verified_name": "Acme Vendas",
                "quality_rating": "GREEN", "id": PHONE_ID})),
        );
        let found = s.admin.post_expect(&path, json!({}), 200).await;
        assert_eq!(found["ok"], true, "{found}");
        assert_eq!(found["message"], "Conexão funcionando: a Meta respondeu com o número +1 555-078-3881 (Acme Vendas), qualidade GREEN.");
        let asked = s.fake.requests_to(&format!("/{PHONE_ID}"));
        assert_eq!(asked.len(), 1);
        assert!(asked[0].query.contains("fields=display_phone_number"), "{:?}", asked[0]);
        assert_eq!(asked[0].authorization.as_deref(), Some(format!("Bearer {ACCESS_TOKEN}").as_str()), "with the number's token");

        // A token Meta refuses is a finding, said as Meta said it.
        s.fake.script(
            &format!("/{PHONE_ID}"),
            Scripted::Answer(401, json!({"error": {"message": "(#190) Invalid OAuth access token.", "type": "OAuthException", "code": 190}})),
        );
        let refused = s.admin.post_expect(&path, json!({}), 200).await;
        assert_eq!(refused["ok"], false, "{refused}");
        assert!(refused["message"].as_str().unwrap().starts_with("A Meta recusou (HTTP 401, código 190)"), "{refused}");

        // Only admins; the simulator has nothing to test.
        let agent = s.server.login(&s.seed.agent.email).await;
        assert_eq!(agent.post(&path, json!({})).await.0, StatusCode::FORBIDDEN);
        let (status, body) = s.admin.post(&format!("/api/v1/channels/{}/test", s.seed.channel_id), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
}
