//! Request bodies of `POST /{phone_number_id}/messages` for every kind Atende sends (issue 5
//! part 6): text with `preview_url` and reply context, media by uploaded id (audio as a voice
//! note), location, contact card (C10), reaction and its removal (C6), reply buttons and lists,
//! templates (components rendered by the `templates` plugin), and mark-as-read.
//!
//! The message's stored payload is Atende's own shape (see `http::composer`); only this file
//! knows Meta's.

use serde_json::{Value, json};

use crate::domain::content::{Choices, Content, Interactive, MediaKind};

/// What one send needs, with references already resolved to Meta's ids.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    /// The contact's WhatsApp id (phone digits) or business-scoped user id.
    pub to: &'a str,
    pub content: &'a Content,
    /// Meta's media id of an uploaded file (media content).
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
    let envelope = |kind: &str| {
        json!({
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": recipient(outgoing.to),
            "type": kind,
        })
    };
    let (kind, part) = match outgoing.content {
        Content::Text(text) => {
            let body = &text.body;
            let preview_url = text.preview_url.unwrap_or_else(|| body.contains("http://") || body.contains("https://"));
            ("text", json!({ "preview_url": preview_url, "body": body }))
        }
        Content::Media(media) => {
            let id = outgoing.media_id.ok_or("mídia ainda não enviada à Meta")?;
            let kind = media.kind.unwrap_or(MediaKind::Document);
            let word = match kind {
                MediaKind::Image => "image",
                MediaKind::Video => "video",
                MediaKind::Audio => "audio",
                MediaKind::Sticker => "sticker",
                MediaKind::Document => "document",
            };
            let mut part = json!({ "id": id });
            // Audio and stickers take no caption; a voice note is an OGG/Opus audio (C15).
            if kind.takes_caption()
                && let Some(caption) = media.caption.as_deref().filter(|c| !c.trim().is_empty())
            {
                part["caption"] = caption.into();
            }
            if kind == MediaKind::Document
                && let Some(name) = &media.file_name
            {
                part["filename"] = name.as_str().into();
            }
            (word, part)
        }
        Content::Location(l) => {
            let mut location = json!({ "latitude": l.latitude, "longitude": l.longitude });
            if let Some(name) = &l.name {
                location["name"] = name.as_str().into();
            }
            if let Some(address) = &l.address {
                location["address"] = address.as_str().into();
            }
            ("location", location)
        }
        Content::ContactCard(card) => {
            let phones: Vec<Value> = card.phones.iter().map(|ph| json!({ "phone": ph, "type": "CELL" })).collect();
            let emails: Vec<Value> = card.emails.iter().map(|e| json!({ "email": e, "type": "WORK" })).collect();
            let first = card.name.split_whitespace().next().unwrap_or(&card.name);
            let contact = json!({ "name": { "formatted_name": card.name, "first_name": first }, "phones": phones,
                "emails": emails });
            let mut body = envelope("contacts");
            body["contacts"] = json!([contact]);
            return Ok(body);
        }
        Content::Reaction(reaction) => {
            let target = outgoing.target_id.ok_or("a mensagem reagida não tem id da Meta")?;
            // Removing the reaction is an empty emoji.
            let emoji = reaction.emoji.as_deref().unwrap_or("");
            let mut body = envelope("reaction");
            body["reaction"] = json!({ "message_id": target, "emoji": emoji });
            return Ok(body);
        }
        Content::Interactive(i) => ("interactive", interactive(i)),
        Content::Template(t) => {
            let mut template = json!({ "name": t.name, "language": { "code": t.language } });
            if t.components.as_array().is_some_and(|c| !c.is_empty()) {
                template["components"] = t.components.clone();
            }
            ("template", template)
        }
    };
    let mut body = envelope(kind);
    body[kind] = part;
    if let Some(quoted) = outgoing.target_id {
        body["context"] = json!({ "message_id": quoted });
    }
    Ok(body)
}

fn interactive(i: &Interactive) -> Value {
    let mut out = json!({ "body": { "text": i.body } });
    if let Some(header) = &i.header {
        out["header"] = json!({ "type": "text", "text": header });
    }
    if let Some(footer) = &i.footer {
        out["footer"] = json!({ "text": footer });
    }
    match &i.choices {
        Choices::Buttons(buttons) => {
            out["type"] = "button".into();
            let buttons: Vec<Value> =
                buttons.iter().map(|b| json!({ "type": "reply", "reply": { "id": b.id, "title": b.title } })).collect();
            out["action"] = json!({ "buttons": buttons });
        }
        Choices::List { button, sections } => {
            out["type"] = "list".into();
            out["action"] = json!({ "button": button, "sections": sections });
        }
    }
    out
}

/// The body that marks a contact's message (and the ones before it) read.
pub fn mark_read(provider_message_id: &str) -> Value {
    json!({ "messaging_product": "whatsapp", "status": "read", "message_id": provider_message_id })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::message::MessageKind;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/meta");

    fn fixture(name: &str) -> Value {
        serde_json::from_slice(&std::fs::read(format!("{FIXTURES}/{name}.json")).unwrap()).unwrap()
    }

    /// The content a stored message of `kind` with `text` and `payload` reads back as.
    fn content(kind: MessageKind, text: Option<&str>, payload: &Value) -> Content {
        Content::from_stored(kind, text, Some(payload)).expect("readable content")
    }

    fn out(content: &Content) -> Outgoing<'_> {
        Outgoing { to: "16505551234", content, media_id: None, target_id: None }
    }

    fn media(kind: MessageKind, caption: Option<&str>) -> Content {
        content(kind, caption, &json!({ "media": { "media_id": 1, "mime_type": "x/y", "file_name": null } }))
    }

    #[test]
    fn bodies_match_metas_examples() {
        let text = "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/";
        let none = Value::Null;
        assert_eq!(
            message(&out(&content(MessageKind::Text, Some(text), &none))).unwrap(),
            fixture("wa_send_text_request")
        );

        let thanks = content(MessageKind::Text, Some("You're welcome, Pablo!"), &none);
        let mut reply = out(&thanks);
        reply.target_id = Some("wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTdCNTg5RjY1MEMyRjlGMjRGNgA=");
        let mut expected = fixture("wa_send_text_reply_context_request");
        expected["text"]["preview_url"] = false.into();
        assert_eq!(message(&reply).unwrap(), expected);

        let succulent = media(MessageKind::Image, Some("The best succulent ever?"));
        let mut image = out(&succulent);
        image.media_id = Some("1479537139650973");
        assert_eq!(message(&image).unwrap(), fixture("wa_send_image_by_id_request"));

        let voice = media(MessageKind::Audio, None);
        let mut audio = out(&voice);
        audio.media_id = Some("1013859600285441");
        assert_eq!(message(&audio).unwrap(), fixture("wa_send_audio_by_id_request"));

        let target = "wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA=";
        let smile = content(MessageKind::Reaction, None, &json!({ "message_id": 1, "emoji": "😀" }));
        let mut reaction = out(&smile);
        reaction.target_id = Some(target);
        assert_eq!(message(&reaction).unwrap(), fixture("wa_send_reaction_request"));
        let taken_back = content(MessageKind::Reaction, None, &json!({ "message_id": 1, "emoji": null }));
        let mut removed = out(&taken_back);
        removed.target_id = Some(target);
        assert_eq!(message(&removed).unwrap(), fixture("wa_send_reaction_remove_request_UNVERIFIED"));

        let t = fixture("wa_send_template_named_request");
        let payload = json!({ "template": { "id": 1, "name": "reservation_confirmation", "language": "en_US",
            "category": "utility", "components": t["template"]["components"] } });
        let mut expected = t.clone();
        expected["to"] = "+16505551234".into();
        assert_eq!(message(&out(&content(MessageKind::Template, None, &payload))).unwrap(), expected);

        assert_eq!(
            mark_read("wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA"),
            fixture("wa_send_mark_read_request")
        );
    }

    #[test]
    fn interactive_buttons_and_lists_follow_metas_shape() {
        let buttons = json!({ "interactive": { "footer": "Lucky Shrub: Your gateway to succulents!™",
            "buttons": [{"id": "change-button", "title": "Change"}, {"id": "cancel-button", "title": "Cancel"}] } });
        let body = message(&out(&content(MessageKind::Interactive, Some("Hi Pablo!"), &buttons))).unwrap();
        let expected = fixture("wa_send_interactive_buttons_request");
        assert_eq!(body["interactive"]["action"], expected["interactive"]["action"]);
        assert_eq!(body["interactive"]["type"], "button");
        let sections = fixture("wa_send_interactive_list_request")["interactive"]["action"]["sections"].clone();
        let list = json!({ "interactive": { "header": "Choose Shipping Option", "button": "Shipping Options", "sections": sections } });
        let shipping = content(MessageKind::Interactive, Some("Which shipping option do you prefer?"), &list);
        let body = message(&out(&shipping)).unwrap();
        let mut expected = fixture("wa_send_interactive_list_request");
        expected["interactive"].as_object_mut().unwrap().remove("footer");
        assert_eq!(body, expected);
    }

    #[test]
    fn location_and_contact_cards_are_sent() {
        let loc = json!({ "location": { "latitude": -23.55, "longitude": -46.63, "name": "Sede", "address": null } });
        let body = message(&out(&content(MessageKind::Location, None, &loc))).unwrap();
        assert_eq!(body["location"], json!({ "latitude": -23.55, "longitude": -46.63, "name": "Sede" }));
        let card =
            json!({ "card": { "name": "Ana Souza", "phones": ["+55 11 99999-0000"], "emails": ["ana@x.com.br"] } });
        let body = message(&out(&content(MessageKind::Contact, None, &card))).unwrap();
        assert_eq!(body["contacts"][0]["name"]["formatted_name"], "Ana Souza");
        assert_eq!(body["contacts"][0]["phones"][0]["phone"], "+55 11 99999-0000");
        assert_eq!(body["contacts"][0]["emails"][0]["email"], "ana@x.com.br");
    }

    #[test]
    fn what_cannot_be_sent_says_why() {
        let picture = media(MessageKind::Image, None);
        assert!(message(&out(&picture)).is_err(), "a file not yet uploaded to Meta");
        let smile = content(MessageKind::Reaction, None, &json!({ "message_id": 1, "emoji": "😀" }));
        assert!(message(&out(&smile)).is_err(), "a reaction to a message Meta does not know");
        assert!(Content::from_stored(MessageKind::Internal, Some("x"), None).is_none(), "notes are no content");
    }
}
