//! The contact's data rights (issue 17 part 3, LGPD) through the HTTP API, on both databases:
//! the export holds every kind of thing stored about a contact (each kind seeded), with the
//! media files; after erasure no route, search, live-event replay or export returns their
//! content, their media file is deleted, their chats stay as skeletons, a blocked contact is
//! refused and the erasure is in the audit log; the retention job erases exactly the closed
//! chats' messages older than the limit.

use std::io::Read;
use std::time::Duration;

use atende_e2e::chat::{contact_writes, grant_notes, simulator_template};
use atende_e2e::{Client, Seed, TestServer, on_both_backends};
use atende_host::args;
use reqwest::StatusCode;
use serde_json::{Value, json};

const SECRET: &str = "Meu CPF é 529.982.247-25";
const PICTURE: &[u8] = b"\x89PNG\r\n\x1a\n the contact's own picture";

/// The archive's files: name → bytes.
async fn export(admin: &Client, contact: i64) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (status, content_type, bytes) = admin.get_bytes(&format!("/api/v1/contacts/{contact}/export")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    let mut files = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        files.insert(file.name().to_string(), bytes);
    }
    files
}

fn json_of(files: &std::collections::BTreeMap<String, Vec<u8>>) -> Value {
    serde_json::from_slice(&files["contato.json"]).expect("contato.json")
}

/// A contact with one of each kind of thing: messages both ways, a media file, a custom field,
/// a tag, a note, an appointment and a broadcast receipt. (contact id, chat id)
async fn seed_contact(db: &atende_e2e::TestDb, server: &TestServer, acme: &Seed, admin: &Client) -> (i64, i64) {
    let chat = contact_writes(server, acme, "5511987650101", "Maria Lima", SECRET).await;
    let contact = chat.contact.as_ref().unwrap().id;
    admin.patch_json(&format!("/api/v1/contacts/{contact}"), json!({"email": "maria@exemplo.com.br"})).await;
    admin.post_expect("/api/v1/custom-fields", json!({"key": "plano", "label": "Plano", "kind": "text"}), 201).await;
    let (status, body) = admin
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/contacts/{contact}/fields/plano"),
            Some(json!({"value": "Ouro"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    admin.post_expect(&format!("/api/v1/contacts/{contact}/tags"), json!({"name": "VIP"}), 200).await;
    grant_notes(db, acme.admin.id).await;
    admin
        .post_expect(
            &format!("/api/v1/contacts/{contact}/notes"),
            json!({"text": "Prefere ser atendida de manhã"}),
            201,
        )
        .await;
    admin
        .post_expect(
            &format!("/api/v1/conversations/{}/messages", chat.id),
            json!({"text": "Olá Maria, recebemos seu CPF"}),
            201,
        )
        .await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(PICTURE.to_vec()).file_name("foto.png").mime_str("image/png").unwrap(),
    );
    let (status, upload) = admin.post_form(&format!("/api/v1/conversations/{}/media", chat.id), form).await;
    assert_eq!(status, StatusCode::CREATED, "{upload}");
    let now = db.store.now();
    db.store
        .read()
        .await
        .unwrap()
        .execute(
            "INSERT INTO appointments (account_id, contact_id, conversation_id, flow_name, starts_at, ends_at, status, created_at) \
             VALUES ($1, $2, $3, 'Agendamento', $4, $5, 'booked', $6)",
            args![acme.account_id, contact, chat.id, now + 86_400_000, now + 90_000_000, now],
        )
        .await
        .unwrap();
    let template = simulator_template(admin, acme, "promo", "marketing", "Temos novidades!").await;
    let broadcast = admin
        .post_expect("/api/v1/broadcasts", json!({"name": "Novidades de dezembro", "channel_id": acme.channel_id, "template_id": template, "filter": {}}), 201)
        .await["id"]
        .as_i64()
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    while admin.get_ok(&format!("/api/v1/broadcasts/{broadcast}")).await["state"] != "done" {
        assert!(tokio::time::Instant::now() < deadline, "the broadcast did not finish");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (contact, chat.id)
}

/// Every frame the live log replays from its start, as text.
async fn replay(admin: &Client) -> String {
    let mut events = admin.events(Some(0)).await;
    let mut frames = Vec::new();
    while let Some(frame) = events.next_within(Duration::from_millis(700)).await {
        frames.push(frame.to_string());
    }
    frames.join("\n")
}

on_both_backends! {
    async fn the_export_holds_everything_stored_about_the_contact(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let (contact, chat) = seed_contact(&db, &server, &acme, &admin).await;
        let other = contact_writes(&server, &acme, "5511987650102", "Outro Contato", "Não sou a Maria").await;

        let files = export(&admin, contact).await;
        let data = json_of(&files);
        assert_eq!(data["contact"]["name"], "Maria Lima");
        assert_eq!(data["contact"]["email"], "maria@exemplo.com.br");
        assert_eq!(data["contact"]["custom_fields"]["plano"], "Ouro");
        assert_eq!(data["contact"]["tags"][0]["name"], "VIP");
        assert_eq!(data["notes"][0]["text"], "Prefere ser atendida de manhã");
        let chats = data["conversations"].as_array().unwrap();
        assert_eq!(chats.len(), 1);
        assert_eq!(chats[0]["id"], chat);
        let texts: Vec<&str> = chats[0]["messages"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
        assert!(texts.contains(&SECRET) && texts.contains(&"Olá Maria, recebemos seu CPF"), "{texts:?}");
        assert!(!chats[0]["services"].as_array().unwrap().is_empty(), "the services with their protocols");
        assert_eq!(data["appointments"][0]["flow_name"], "Agendamento");
        assert_eq!(data["broadcast_receipts"][0]["broadcast_name"], "Novidades de dezembro");
        let media = data["media"].as_array().unwrap();
        assert_eq!(media.len(), 1, "{media:?}");
        let file = media[0]["file"].as_str().unwrap();
        assert!(file.starts_with("midia/") && file.ends_with("foto.png"), "{file}");
        assert_eq!(files[file], PICTURE, "the media file itself is in the archive");
        assert!(!files["contato.json"].windows(b"Outro Contato".len()).any(|w| w == b"Outro Contato"), "nothing of another contact");

        // Agents may not export, nor another account's admin.
        let agent = server.login(&acme.agent.email).await;
        assert_eq!(agent.get(&format!("/api/v1/contacts/{contact}/export")).await.0, StatusCode::FORBIDDEN);
        let beta = Seed::create(&db.store, "Beta").await;
        let stranger = server.login(&beta.admin.email).await;
        assert_eq!(stranger.get(&format!("/api/v1/contacts/{contact}/export")).await.0, StatusCode::NOT_FOUND);
        let audit = admin.get_ok("/api/v1/audit?action=contact.export").await;
        assert_eq!(audit["items"][0]["target"], json!({"id": contact.to_string()}), "{audit}");
        drop(other);
    }

    async fn an_erased_contact_leaves_no_content_anywhere(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let (contact, chat) = seed_contact(&db, &server, &acme, &admin).await;
        let (path,): (String,) = db.store.read().await.unwrap()
            .fetch_one("SELECT path FROM media WHERE path IS NOT NULL ORDER BY id DESC LIMIT 1", vec![]).await.unwrap();
        let file = server.data_dir.join("media").join(&path);
        assert!(file.exists(), "{}", file.display());
        let protocols_before = admin.get_ok(&format!("/api/v1/conversations/{chat}")).await;

        // A blocked contact is refused, and keeps everything.
        let blocked = contact_writes(&server, &acme, "5511987650103", "João Bloqueado", "Oi").await;
        let blocked_id = blocked.contact.as_ref().unwrap().id;
        admin.post_expect(&format!("/api/v1/contacts/{blocked_id}/block"), json!({}), 200).await;
        let (status, body) = admin.post(&format!("/api/v1/contacts/{blocked_id}/erase"), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["message"], "Contato bloqueado não pode ter os dados apagados; desbloqueie-o primeiro.");
        assert_eq!(admin.get_ok(&format!("/api/v1/contacts/{blocked_id}")).await["name"], "João Bloqueado");
        assert_eq!(server.login(&acme.agent.email).await.post(&format!("/api/v1/contacts/{contact}/erase"), json!({})).await.0, StatusCode::FORBIDDEN);

        let erased = admin.post_expect(&format!("/api/v1/contacts/{contact}/erase"), json!({}), 200).await;
        assert_eq!(erased["name"], "Contato apagado");
        assert!(erased["erased_at"].as_i64().is_some());
        for field in ["phone", "email", "cpf", "campaign"] {
            assert_eq!(erased[field], Value::Null, "{field}: {erased}");
        }
        assert_eq!((erased["tags"].clone(), erased["custom_fields"].clone()), (json!([]), json!({})));
        let (status, body) = admin.post(&format!("/api/v1/contacts/{contact}/erase"), json!({})).await;
        assert_eq!((status, body["error"]["message"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("Os dados deste contato já foram apagados.")));

        // No route returns the content: history, search, the chat list, contacts, notes, the
        // live log's replay, the export.
        let history = admin.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await;
        let messages = history["items"].as_array().unwrap();
        assert!(messages.len() >= 3, "the skeleton stays: {history}");
        for message in messages.iter().filter(|m| m["kind"] != "system") {
            assert!(message["erased_at"].as_i64().is_some() && message["text"].is_null() && message["payload"].is_null(), "{message}");
        }
        assert!(admin.get_ok(&format!("/api/v1/conversations/{chat}/messages/search?q=CPF")).await["items"].as_array().unwrap().is_empty());
        let listed = admin.get_ok("/api/v1/conversations?view=all&search=Maria").await;
        assert!(listed["items"].as_array().unwrap().is_empty(), "{listed}");
        let contacts = admin.get_ok("/api/v1/contacts?search=Maria").await;
        assert!(!contacts.to_string().contains("Maria Lima"), "{contacts}");
        let chat_view = admin.get_ok(&format!("/api/v1/conversations/{chat}")).await;
        assert_eq!(chat_view["id"], protocols_before["id"], "the chat stays");
        assert!(chat_view["last_message_preview"].is_null(), "{chat_view}");
        let notes = admin.get_ok(&format!("/api/v1/contacts/{contact}/notes")).await;
        assert!(notes["items"].as_array().or(notes.as_array()).expect("notes").is_empty(), "{notes}");
        let replayed = replay(&admin).await;
        for secret in ["529.982.247-25", "Maria Lima", "recebemos seu CPF", "maria@exemplo"] {
            assert!(!replayed.contains(secret), "the live log still replays {secret:?}");
        }
        let files = export(&admin, contact).await;
        assert_eq!(files.keys().collect::<Vec<_>>(), vec!["contato.json"], "no media left");
        let text = String::from_utf8(files["contato.json"].clone()).unwrap();
        for secret in ["529.982.247-25", "Maria Lima", "recebemos seu CPF", "Ouro", "manhã", "maria@exemplo"] {
            assert!(!text.contains(secret), "the export still holds {secret:?}");
        }
        let (count,): (i64,) = db.store.read().await.unwrap()
            .fetch_one("SELECT COUNT(*) FROM services WHERE conversation_id = $1", args![chat]).await.unwrap();
        assert!(count >= 1, "services and their protocols stay");

        // The media file is deleted by the media worker.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while file.exists() {
            assert!(tokio::time::Instant::now() < deadline, "{} was not deleted", file.display());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // The erasure is recorded, and what the log kept of changes to them is gone.
        let audit = admin.get_ok("/api/v1/audit?limit=200").await;
        let target = json!({"id": contact.to_string()});
        assert!(audit["items"].as_array().unwrap().iter().any(|e| e["action"] == "contact.erase" && e["target"] == target));
        assert!(!audit.to_string().contains("maria@exemplo"), "{audit}");

        // The same number writing again is a new contact, with none of the old history.
        let again = contact_writes(&server, &acme, "5511987650101", "Maria Lima", "Voltei").await;
        assert_ne!(again.contact.as_ref().unwrap().id, contact);
        assert_ne!(again.id, chat);
    }

    async fn the_retention_job_erases_exactly_what_is_older_than_the_limit(db: TestDb) {
        let acme = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&acme.admin.email).await;
        let (status, body) = admin.request(reqwest::Method::PUT, "/api/v1/account/retention", Some(json!({"months": 0}))).await;
        assert_eq!((status, body["error"]["message"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("O prazo de retenção precisa ser de 1 a 120 meses.")));

        // Old: a closed chat and a chat still in service; then, 40 days later, new messages.
        let closed = contact_writes(&server, &acme, "5511987650201", "Ana Antiga", "mensagem antiga fechada").await;
        admin.post_expect(&format!("/api/v1/conversations/{}/close", closed.id), json!({}), 200).await;
        let open = contact_writes(&server, &acme, "5511987650202", "Bia Aberta", "mensagem antiga aberta").await;
        db.clock.advance(Duration::from_secs(40 * 86_400));
        // 40 days on, the 30-day session has ended.
        let admin = server.login(&acme.admin.email).await;
        let recent = contact_writes(&server, &acme, "5511987650203", "Caio Recente", "mensagem recente").await;
        admin.post_expect(&format!("/api/v1/conversations/{}/close", recent.id), json!({}), 200).await;

        let account = admin.request(reqwest::Method::PUT, "/api/v1/account/retention", Some(json!({"months": 1}))).await;
        assert_eq!((account.0, account.1["retention_months"].as_i64()), (StatusCode::OK, Some(1)));
        assert_eq!(admin.get_ok("/api/v1/me").await["account"]["retention_months"], 1);
        let texts = |chat: i64| {
            let admin = &admin;
            async move {
                admin.get_ok(&format!("/api/v1/conversations/{chat}/messages")).await["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| (m["text"].as_str().map(str::to_string), m["erased_at"].is_i64()))
                    .collect::<Vec<_>>()
            }
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let old = texts(closed.id).await;
            if old.iter().any(|(text, erased)| *erased && text.is_none()) {
                assert!(old.iter().all(|(text, _)| text.as_deref() != Some("mensagem antiga fechada")), "{old:?}");
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "the retention job did not run: {old:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let kept_open = texts(open.id).await;
        assert!(kept_open.iter().any(|(text, erased)| text.as_deref() == Some("mensagem antiga aberta") && !erased), "a chat in service keeps its messages: {kept_open:?}");
        let kept_recent = texts(recent.id).await;
        assert!(kept_recent.iter().any(|(text, erased)| text.as_deref() == Some("mensagem recente") && !erased), "newer than the limit: {kept_recent:?}");
        assert_eq!(admin.get_ok(&format!("/api/v1/contacts/{}", closed.contact.as_ref().unwrap().id)).await["name"], "Ana Antiga", "retention keeps the contact");
        let (pending,): (i64,) = db.store.read().await.unwrap()
            .fetch_one("SELECT COUNT(*) FROM jobs WHERE account_id = $1 AND kind = 'retention' AND state = 'pending' AND run_at > $2", args![acme.account_id, db.store.now()]).await.unwrap();
        assert_eq!(pending, 1, "the next sweep is scheduled");

        // Switched off, the sweep stops.
        let off = admin.request(reqwest::Method::PUT, "/api/v1/account/retention", Some(json!({"months": null}))).await;
        assert_eq!(off.1["retention_months"], Value::Null);
        let (pending,): (i64,) = db.store.read().await.unwrap()
            .fetch_one("SELECT COUNT(*) FROM jobs WHERE account_id = $1 AND kind = 'retention' AND state = 'pending'", args![acme.account_id]).await.unwrap();
        assert_eq!(pending, 0);
    }
}
