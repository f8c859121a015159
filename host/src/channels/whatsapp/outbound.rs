//! Request bodies of `POST /{phone_number_id}/messages` for every kind Atende sends (issue 5
//! part 6): text with `preview_url` and reply context, media by uploaded id (audio as a voice
//! note), location, contact card (C10), reaction and its removal (C6), reply buttons and lists,
//! templates (components rendered by the `templates` plugin), and mark-as-read.
//!
//! The message's stored payload is Atende's own shape (see `http::composer`); only this file
//! knows Meta's.

use serde_json::{Value, json};

use crate::domain::message::MessageKind;

/// What one send needs, with references already resolved to Meta's ids.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// The contact's WhatsApp id (phone digits) or business-scoped user id.
    pub to: &'a str,
    pub kind: MessageKind,
    pub text: Option<&'a str>,
    pub payload: &'a Value,
    /// Meta's media id of an uploaded file (media kinds).
    pub media_id: Option<&'a str>,
    /// Meta's id of the message being reacted to or quoted.
    pub target_id: Option<&'a str>,
}

/// `to` as Meta recommends: with `+` and the country code for a phone number.
fn recipient(to: &str) -> String {
    if !to.is_empty() && to.bytes().all(|b| b.is_ascii_digit()) { format!("+{to}") } else { to.to_string() }
}

/// The JSON body for `outgoing`, or why it cannot be sent (shown on the red x).
pub fn message(outgoing: &Outgoing<'_>) -> Result<Value, String> {
    let p = outgoing.payload;
    let (kind, part) = match outgoing.kind {
        MessageKind::Text => {
            let body = outgoing.text.filter(|t| !t.trim().is_empty()).ok_or("mensagem sem texto")?;
            let preview_url =
                p["preview_url"].as_bool().unwrap_or_else(|| body.contains("http://") || body.contains("https://"));
            ("text", json!({ "preview_url": preview_url, "body": body }))
        }
        MessageKind::Image | MessageKind::Video | MessageKind::Audio | MessageKind::Document | MessageKind::Sticker => {
            let id = outgoing.media_id.ok_or("mídia ainda não enviada à Meta")?;
            let word = match outgoing.kind {
                MessageKind::Image => "image",
                MessageKind::Video => "video",
                MessageKind::Audio => "audio",
                MessageKind::Sticker => "sticker",
                _ => "document",
            };
            let mut media = json!({ "id": id });
            // Audio and stickers take no caption; a voice note is an OGG/Opus audio (C15).
            if matches!(outgoing.kind, MessageKind::Image | MessageKind::Video | MessageKind::Document)
                && let Some(caption) = outgoing.text.filter(|t| !t.trim().is_empty())
            {
                media["caption"] = caption.into();
            }
            if outgoing.kind == MessageKind::Document
                && let Some(name) = p["media"]["file_name"].as_str()
            {
                media["filename"] = name.into();
            }
            (word, media)
        }
        MessageKind::Location => {
            let l = &p["location"];
            let (Some(lat), Some(lon)) = (l["latitude"].as_f64(), l["longitude"].as_f64()) else {
                return Err("localização sem latitude/longitude".into());
            };
            let mut location = json!({ "latitude": lat, "longitude": lon });
            for key in ["name", "address"] {
                if let Some(v) = l[key].as_str() {
                    location[key] = v.into();
                }
            }
            ("location", location)
        }
        MessageKind::Contact => {
            let card = &p["card"];
            let name = card["name"].as_str().ok_or("contato sem nome")?;
            let phones: Vec<Value> = card["phones"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).map(|ph| json!({ "phone": ph, "type": "CELL" })).collect())
                .unwrap_or_default();
            let emails: Vec<Value> = card["emails"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).map(|e| json!({ "email": e, "type": "WORK" })).collect())
                .unwrap_or_default();
            let first = name.split_whitespace().next().unwrap_or(name);
            let contact =
                json!({ "name": { "formatted_name": name, "first_name": first }, "phones": phones, "emails": emails });
            return Ok(json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": recipient(outgoing.to),
                "type": "contacts",
                "contacts": [contact],
            }));
        }
        MessageKind::Reaction => {
            let target = outgoing.target_id.ok_or("a mensagem reagida não tem id da Meta")?;
            // Removing the reaction is an empty emoji.
            let emoji = p["emoji"].as_str().unwrap_or("");
            return Ok(json!({
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": recipient(outgoing.to),
                "type": "reaction",
                "reaction": { "message_id": target, "emoji": emoji },
            }));
        }
        MessageKind::Interactive => ("interactive", interactive(p, outgoing.text)?),
        MessageKind::Template => {
            let t = &p["template"];
            let name = t["name"].as_str().ok_or("template sem nome")?;
            let language = t["language"].as_str().ok_or("template sem idioma")?;
            let components = t["components"].clone();
            let mut template = json!({ "name": name, "language": { "code": language } });
            if components.as_array().is_some_and(|c| !c.is_empty()) {
                template["components"] = components;
            }
            ("template", template)
        }
        other => return Err(format!("o WhatsApp não envia mensagens do tipo {other}")),
    };
    let mut body = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": recipient(outgoing.to),
        "type": kind,
    });
    body[kind] = part;
    if let Some(quoted) = outgoing.target_id.filter(|_| outgoing.kind != MessageKind::Reaction) {
        body["context"] = json!({ "message_id": quoted });
    }
    Ok(body)
}

fn interactive(p: &Value, text: Option<&str>) -> Result<Value, String> {
    let i = &p["interactive"];
    let body = text.or_else(|| i["body"].as_str()).ok_or("botões sem texto")?;
    let mut out = json!({ "body": { "text": body } });
    if let Some(header) = i["header"].as_str() {
        out["header"] = json!({ "type": "text", "text": header });
    }
    if let Some(footer) = i["footer"].as_str() {
        out["footer"] = json!({ "text": footer });
    }
    if let Some(buttons) = i["buttons"].as_array() {
        out["type"] = "button".into();
        let buttons: Vec<Value> = buttons
            .iter()
            .map(|b| json!({ "type": "reply", "reply": { "id": b["id"], "title": b["title"] } }))
            .collect();
        out["action"] = json!({ "buttons": buttons });
    } else if let Some(sections) = i["sections"].as_array() {
        out["type"] = "list".into();
        out["action"] = json!({ "button": i["button"].as_str().unwrap_or("Opções"), "sections": sections });
    } else {
        return Err("botões ou lista sem opções".into());
    }
    Ok(out)
}

/// The body that marks a contact's message (and the ones before it) read.
pub fn mark_read(provider_message_id: &str) -> Value {
    json!({ "messaging_product": "whatsapp", "status": "read", "message_id": provider_message_id })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/meta");

    fn fixture(name: &str) -> Value {
        serde_json::from_slice(&std::fs::read(format!("{FIXTURES}/{name}.json")).unwrap()).unwrap()
    }

    fn out<'a>(kind: MessageKind, text: Option<&'a str>, payload: &'a Value) -> Outgoing<'a> {
        Outgoing { to: "16505551234", kind, text, payload, media_id: None, target_id: None }
    }

    #[test]
    fn bodies_match_metas_examples() {
        let none = Value::Null;
        let text = "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/";
        assert_eq!(message(&out(MessageKind::Text, Some(text), &none)).unwrap(), fixture("wa_send_text_request"));

        let mut reply = out(MessageKind::Text, Some("You're welcome, Pablo!"), &none);
        reply.target_id = Some("wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTdCNTg5RjY1MEMyRjlGMjRGNgA=");
        let mut expected = fixture("wa_send_text_reply_context_request");
        expected["text"]["preview_url"] = false.into();
        assert_eq!(message(&reply).unwrap(), expected);

        let mut image = out(MessageKind::Image, Some("The best succulent ever?"), &none);
        image.media_id = Some("1479537139650973");
        assert_eq!(message(&image).unwrap(), fixture("wa_send_image_by_id_request"));

        let mut audio = out(MessageKind::Audio, None, &none);
        audio.media_id = Some("1013859600285441");
        assert_eq!(message(&audio).unwrap(), fixture("wa_send_audio_by_id_request"));

        let emoji = json!({ "emoji": "😀" });
        let mut reaction = out(MessageKind::Reaction, None, &emoji);
        reaction.target_id = Some("wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA=");
        assert_eq!(message(&reaction).unwrap(), fixture("wa_send_reaction_request"));
        let removed = json!({ "emoji": null });
        reaction.payload = &removed;
        assert_eq!(message(&reaction).unwrap(), fixture("wa_send_reaction_remove_request_UNVERIFIED"));

        let t = fixture("wa_send_template_named_request");
        let payload = json!({ "template": { "name": "reservation_confirmation", "language": "en_US",
            "components": t["template"]["components"] } });
        let mut expected = t.clone();
        expected["to"] = "+16505551234".into();
        assert_eq!(message(&out(MessageKind::Template, None, &payload)).unwrap(), expected);

        assert_eq!(
            mark_read("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"),
            fixture("wa_send_mark_read_request")
        );
    }

    #[test]
    fn interactive_buttons_and_lists_follow_metas_shape() {
        let buttons = json!({ "interactive": { "footer": "Lucky Shrub: Your gateway to succulents!™",
            "buttons": [{"id": "change-button", "title": "Change"}, {"id": "cancel-button", "title": "Cancel"}] } });
        let body = message(&out(MessageKind::Interactive, Some("Hi Pablo!"), &buttons)).unwrap();
        let expected = fixture("wa_send_interactive_buttons_request");
        assert_eq!(body["interactive"]["action"], expected["interactive"]["action"]);
        assert_eq!(body["interactive"]["type"], "button");
        let sections = fixture("wa_send_interactive_list_request")["interactive"]["action"]["sections"].clone();
        let list = json!({ "interactive": { "header": "Choose Shipping Option", "button": "Shipping Options", "sections": sections } });
        let body =
            message(&out(MessageKind::Interactive, Some("Which shipping option do you prefer?"), &list)).unwrap();
        let mut expected = fixture("wa_send_interactive_list_request");
        expected["interactive"].as_object_mut().unwrap().remove("footer");
        assert_eq!(body, expected);
    }

    #[test]
    fn location_and_contact_cards_are_sent() {
        let loc = json!({ "location": { "latitude": -23.55, "longitude": -46.63, "name": "Sede" } });
        let body = message(&out(MessageKind::Location, None, &loc)).unwrap();
        assert_eq!(body["location"], json!({ "latitude": -23.55, "longitude": -46.63, "name": "Sede" }));
        let card =
            json!({ "card": { "name": "Ana Souza", "phones": ["+55 11 99999-0000"], "emails": ["ana@x.com.br"] } });
        let body = message(&out(MessageKind::Contact, None, &card)).unwrap();
        assert_eq!(body["contacts"][0]["name"]["formatted_name"], "Ana Souza");
        assert_eq!(body["contacts"][0]["phones"][0]["phone"], "+55 11 99999-0000");
        assert_eq!(body["contacts"][0]["emails"][0]["email"], "ana@x.com.br");
    }

    #[test]
    fn what_cannot_be_sent_says_why() {
        let none = Value::Null;
        assert!(message(&out(MessageKind::Image, None, &none)).is_err());
        assert!(message(&out(MessageKind::Reaction, None, &none)).is_err());
        assert!(message(&out(MessageKind::Internal, Some("x"), &none)).is_err());
    }
}
