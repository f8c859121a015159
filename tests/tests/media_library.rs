//! The media library ("Biblioteca de Mídias", C11) through the API on both databases: admins
//! save stickers and files with clear refusals (a type no channel takes, a picture that is not
//! what it claims, a taken name, an oversized file, an agent trying) and delete them; every user
//! lists them and sees their files; an item sent to a chat goes out exactly as an upload of it
//! would — as a sticker or an image, served back with the message, refused outside the window
//! (S4) with the words a text gets; another account's items are not found.

use std::time::Duration;

use atende_e2e::chat::contact_writes;
use atende_e2e::{Client, Seed, TestDb, TestServer, on_both_backends};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

/// A 1×1 lossless WebP: a sticker.
const WEBP: &[u8] = &[
    0x52, 0x49, 0x46, 0x46, 0x1a, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c, 0x0d, 0x00, 0x00,
    0x00, 0x2f, 0x00, 0x00, 0x00, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00,
];
/// The start of a PNG: the server knows a picture by its first bytes.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

fn form(name: &str, bytes: &[u8], file_name: &str, mime: &str) -> Form {
    let file = Part::bytes(bytes.to_vec()).file_name(file_name.to_string()).mime_str(mime).unwrap();
    Form::new().text("name", name.to_string()).part("file", file)
}

async fn upload(client: &Client, name: &str, bytes: &[u8], file_name: &str, mime: &str) -> (StatusCode, Value) {
    client.post_form("/api/v1/media-library", form(name, bytes, file_name, mime)).await
}

fn names(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect()
}

async fn count(db: &TestDb, table: &str) -> i64 {
    let (n,): (i64,) =
        db.store.read().await.unwrap().fetch_one(&format!("SELECT COUNT(*) FROM {table}"), vec![]).await.unwrap();
    n
}

on_both_backends! {
    async fn admins_keep_stickers_and_files_that_every_user_of_the_account_sees(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let agent = server.login(&seed.agent.email).await;

        let (status, image) = upload(&admin, " Catálogo ", PNG, "catalogo.png", "image/png").await;
        assert_eq!(status, StatusCode::CREATED, "{image}");
        assert_eq!((image["name"].as_str(), image["kind"].as_str()), (Some("Catálogo"), Some("image")));
        let (status, sticker) = upload(&admin, "Joinha", WEBP, "joinha.webp", "image/webp").await;
        assert_eq!(status, StatusCode::CREATED, "{sticker}");
        assert_eq!(sticker["kind"], "sticker", "a WebP is a sticker");
        assert_eq!(sticker["size_bytes"], WEBP.len());
        let sticker_id = sticker["id"].as_i64().unwrap();

        // Every user lists them by name and sees their files.
        assert_eq!(names(&agent.get_ok("/api/v1/media-library").await), ["Catálogo", "Joinha"]);
        let (status, content_type, bytes) = agent.get_bytes(&format!("/api/v1/media-library/{sticker_id}/file")).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, "image/webp"));
        assert_eq!(bytes, WEBP);

        // Refusals say what is wrong and save nothing.
        let (status, body) = upload(&admin, "Animação", b"GIF89a\x01\0", "anim.gif", "image/gif").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().contains("'image/gif' não suportado"), "{body}");
        let (status, body) = upload(&admin, "Falsa", b"<svg onload=alert(1)>", "falsa.png", "image/png").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["message"], "O arquivo não é uma imagem PNG válida.");
        let (status, body) = upload(&admin, "  ", PNG, "x.png", "image/png").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["message"], "Informe o nome da mídia.");
        let (status, body) = upload(&admin, "Joinha", PNG, "outra.png", "image/png").await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(body["error"]["message"].as_str().unwrap().contains("'Joinha'"), "{body}");
        let oversized = vec![0u8; 16 * 1024 * 1024 + 1];
        let (status, body) = upload(&admin, "Grande", &oversized, "grande.pdf", "application/pdf").await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("16 MB"), "{body}");
        let (status, _) = upload(&agent, "Do agente", PNG, "agente.png", "image/png").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(count(&db, "media_library").await, 2, "nothing refused was saved");

        // Another account sees none of it.
        let other = Seed::create(&db.store, "Outra").await;
        let other_admin = server.login(&other.admin.email).await;
        assert_eq!(names(&other_admin.get_ok("/api/v1/media-library").await), Vec::<&str>::new());
        let file = format!("/api/v1/media-library/{sticker_id}/file");
        assert_eq!(other_admin.get_bytes(&file).await.0, StatusCode::NOT_FOUND);
        let item = format!("/api/v1/media-library/{sticker_id}");
        assert_eq!(other_admin.delete(&item).await.0, StatusCode::NOT_FOUND);
        let (status, theirs) = upload(&other_admin, "Joinha", WEBP, "joinha.webp", "image/webp").await;
        assert_eq!(status, StatusCode::CREATED, "a name is per account: {theirs}");

        // Deleted by admins only; the file stays for messages that share it.
        assert_eq!(agent.delete(&item).await.0, StatusCode::FORBIDDEN);
        assert_eq!(admin.delete(&item).await.0, StatusCode::NO_CONTENT);
        assert_eq!(admin.delete(&item).await.0, StatusCode::NOT_FOUND);
        assert_eq!(agent.get_bytes(&file).await.0, StatusCode::NOT_FOUND);
        assert_eq!(names(&agent.get_ok("/api/v1/media-library").await), ["Catálogo"]);
        let theirs = format!("/api/v1/media-library/{}/file", theirs["id"]);
        assert_eq!(other_admin.get_bytes(&theirs).await.2, WEBP, "the other account's copy is untouched");
        server.stop().await;
    }

    async fn a_library_item_goes_to_the_contact_as_an_upload_of_it_would(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        let sticker = upload(&admin, "Joinha", WEBP, "joinha.webp", "image/webp").await.1["id"].as_i64().unwrap();
        let image = upload(&admin, "Catálogo", PNG, "catalogo.png", "image/png").await.1["id"].as_i64().unwrap();
        let chat = contact_writes(&server, &seed, "5511999990001", "Maria", "Oi").await.id;
        let send = |item: i64| format!("/api/v1/conversations/{chat}/media-library/{item}");

        let sent = admin.post_expect(&send(sticker), json!({}), 201).await;
        assert_eq!((sent["kind"].as_str(), sent["direction"].as_str()), (Some("sticker"), Some("outbound")), "{sent}");
        let (status, content_type, bytes) = admin.get_bytes(&format!("/api/v1/messages/{}/media", sent["id"])).await;
        assert_eq!((status, content_type.as_str(), bytes.as_slice()), (StatusCode::OK, "image/webp", WEBP));
        let sent = admin.post_expect(&send(image), json!({"caption": " Nosso catálogo "}), 201).await;
        assert_eq!((sent["kind"].as_str(), sent["text"].as_str()), (Some("image"), Some("Nosso catálogo")), "{sent}");
        assert_eq!(admin.get_bytes(&format!("/api/v1/messages/{}/media", sent["id"])).await.2, PNG);

        // A sticker takes no caption; an unknown item is not found.
        let (status, body) = admin.post(&send(sticker), json!({"caption": "Valeu!"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["error"]["message"].as_str().unwrap().starts_with("Figurinhas são enviados sem legenda"), "{body}");
        assert_eq!(admin.post(&send(999_999), json!({})).await.0, StatusCode::NOT_FOUND);

        // Outside the window it is refused with the words a text gets, and nothing is kept.
        let media_rows = count(&db, "media").await;
        let outbox_rows = count(&db, "outbox").await;
        db.clock.advance(Duration::from_secs(25 * 3600));
        let (status, text) = admin.post(&format!("/api/v1/conversations/{chat}/messages"), json!({"text": "Oi?"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, body) = admin.post(&send(image), json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["code"], "outside_window");
        assert_eq!(body["error"]["message"], text["error"]["message"], "the same refusal as a text");
        assert_eq!((count(&db, "media").await, count(&db, "outbox").await), (media_rows, outbox_rows));

        // Another account's item, or another account's chat, is not found.
        let other = Seed::create(&db.store, "Outra").await;
        let other_admin = server.login(&other.admin.email).await;
        let theirs = upload(&other_admin, "Deles", WEBP, "deles.webp", "image/webp").await.1["id"].as_i64().unwrap();
        let (status, body) = admin.post(&send(theirs), json!({})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
        let their_chat = contact_writes(&server, &other, "5511999990002", "Bia", "Oi").await.id;
        let (status, _) = admin.post(&format!("/api/v1/conversations/{their_chat}/media-library/{sticker}"), json!({})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        server.stop().await;
    }
}
