//! Variables of the composer (C8, P3) beyond the system fields: custom fields of each type
//! and image fields — `{foto}` sends the contact's stored picture after the text — through the
//! API, with the shipped `variables` plugin.

use atende_e2e::chat::contact_writes;
use atende_e2e::{Seed, TestServer, on_both_backends};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

/// The smallest PNG there is: one transparent pixel.
const PIXEL: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn picture(bytes: &[u8], mime: &str) -> Form {
    Form::new().part("file", Part::bytes(bytes.to_vec()).file_name("foto.png").mime_str(mime).unwrap())
}

on_both_backends! {
    async fn custom_fields_expand_and_foto_sends_the_stored_picture(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        for (key, kind) in [("plano", "list"), ("limite", "number"), ("foto", "image")] {
            let options = if kind == "list" { json!(["Ouro", "Prata"]) } else { json!([]) };
            admin.post_expect("/api/v1/custom-fields", json!({"key": key, "label": key, "kind": kind, "options": options}), 201).await;
        }
        let chat = contact_writes(&server, &seed, "5511999990001", "Maria", "Oi").await;
        let contact = chat.contact.as_ref().unwrap().id;
        admin.request(reqwest::Method::PUT, &format!("/api/v1/contacts/{contact}/fields/plano"), Some(json!({"value": "Ouro"}))).await;
        admin.request(reqwest::Method::PUT, &format!("/api/v1/contacts/{contact}/fields/limite"), Some(json!({"value": "1500"}))).await;

        // An image field takes a real picture only, and not as text.
        let image_path = format!("/api/v1/contacts/{contact}/fields/foto/image");
        let (status, answer) = admin.put_form(&image_path, picture(b"<svg/>", "image/png")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert!(answer["error"]["message"].as_str().unwrap().contains("JPEG ou PNG"));
        let (status, _) = admin.request(reqwest::Method::PUT, &format!("/api/v1/contacts/{contact}/fields/foto"), Some(json!({"value": "x"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, answer) = admin.put_form(&format!("/api/v1/contacts/{contact}/fields/plano/image"), picture(PIXEL, "image/png")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a list field is not an image field: {answer}");
        let (status, stored) = admin.put_form(&image_path, picture(PIXEL, "application/octet-stream")).await;
        assert_eq!(status, StatusCode::OK, "{stored}");
        assert_eq!(stored["custom_fields"]["foto"]["mime_type"], "image/png", "known by its bytes");

        let path = format!("/api/v1/conversations/{}/messages", chat.id);
        let sent = admin.post_expect(&path, json!({"text": "Plano {plano}, limite {limite} {foto}"}), 201).await;
        assert_eq!(sent["text"], "Plano Ouro, limite 1500", "custom fields expand; the image is not text");
        let history = admin.get_ok(&path).await["items"].as_array().unwrap().clone();
        let image = history.last().unwrap();
        assert_eq!(image["kind"], "image", "{{foto}} sends the picture after the text");
        assert_eq!(image["payload"]["media"]["mime_type"], "image/png");
        assert_eq!(admin.get(&format!("/api/v1/messages/{}/media", image["id"])).await.0, StatusCode::OK);

        let only = admin.post_expect(&path, json!({"text": "{foto}"}), 201).await;
        assert_eq!(only["kind"], "image", "a message of just {{foto}} is the picture");
        let count = admin.get_ok(&path).await["items"].as_array().unwrap().iter().filter(|m| m["kind"] == "image").count();
        assert_eq!(count, 2);
    }

    async fn a_field_the_contact_has_no_value_for_is_empty_and_an_unknown_name_stays(db: TestDb) {
        let seed = Seed::create(&db.store, "Acme").await;
        let server = TestServer::start(&db.store).await;
        let admin = server.login(&seed.admin.email).await;
        admin.post_expect("/api/v1/custom-fields", json!({"key": "plano", "label": "Plano", "kind": "text", "options": []}), 201).await;
        let chat = contact_writes(&server, &seed, "5511999990002", "Maria", "Oi").await;
        let path = format!("/api/v1/conversations/{}/messages", chat.id);
        let sent = admin.post_expect(&path, json!({"text": "Olá {nome}! Plano: <plano>. {apelido}"}), 201).await;
        assert_eq!(sent["text"], "Olá Maria! Plano: . {apelido}", "C8: a field without a value is empty, an unknown name stays");
    }
}
