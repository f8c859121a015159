//! WhatsApp Cloud API webhooks (`object: whatsapp_business_account`) into [`Event`]s: every
//! `entry[]`, `changes[]`, `messages[]`, `statuses[]` and `message_echoes[]` item, every inbound
//! type of the reference (text, media, location, contacts, reactions and their removal,
//! interactive and template-button replies, context, referral, system, unsupported, errors).
//! The body is walked as JSON values so that an unexpected shape skips an item, never panics.

use serde_json::{Map, Value, json};

use super::KIND;
use crate::channels::meta::event::{
    Echo, EchoAction, Event, ParseError, StatusUpdate, bounded, first_error, items, seconds, status_word, text,
};
use crate::domain::Millis;
use crate::domain::message::MessageKind;
use crate::store::Inbound;

/// Every event of a webhook body received at `now` (the time of an item without its own).
pub fn parse(body: &[u8], now: Millis) -> Result<Vec<Event>, ParseError> {
    let root: Value = serde_json::from_slice(body).map_err(|e| ParseError(format!("JSON inválido: {e}")))?;
    if root.get("object").and_then(Value::as_str) != Some("whatsapp_business_account") {
        return Err(ParseError("o corpo não é um webhook do WhatsApp (object ≠ whatsapp_business_account)".into()));
    }
    let mut events = Vec::new();
    for entry in items(&root, "entry") {
        for change in items(entry, "changes") {
            let Some(value) = change.get("value") else { continue };
            let Some(channel) = value.get("metadata").and_then(|m| text(m, "phone_number_id")) else { continue };
            match change.get("field").and_then(Value::as_str) {
                Some("messages") => messages(&channel, value, now, &mut events),
                Some("smb_message_echoes") => echoes(&channel, value, now, &mut events),
                _ => {}
            }
        }
    }
    Ok(events)
}

fn messages(channel: &str, value: &Value, now: Millis, events: &mut Vec<Event>) {
    for message in items(value, "messages") {
        if let Some(inbound) = message_inbound(value, message, now) {
            events.push(Event::Message { channel: channel.to_string(), inbound });
        }
    }
    for status in items(value, "statuses") {
        let (Some(id), Some(word)) = (text(status, "id"), text(status, "status")) else { continue };
        let Some(status_kind) = status_word(&word) else { continue };
        let at = status.get("timestamp").and_then(seconds).unwrap_or(now);
        events.push(Event::Status {
            channel: channel.to_string(),
            status: StatusUpdate { provider_message_id: id, status: status_kind, at, error: first_error(status) },
        });
    }
    if value.get("messages").is_none()
        && let Some((code, title)) = first_error(value)
    {
        events.push(Event::Error { channel: channel.to_string(), code, title });
    }
}

/// The sender's identity: `wa_id`, or the business-scoped `user_id` when `wa_id` is empty.
fn sender(value: &Value, message: &Value) -> Option<(String, Option<String>, String)> {
    let from = text(message, "from");
    let from_user = text(message, "from_user_id");
    let profile = items(value, "contacts").find(|c| {
        let wa = text(c, "wa_id");
        let user = text(c, "user_id");
        (wa.is_some() && wa == from) || (user.is_some() && (user == from_user || user == from))
    });
    let profile = profile.or_else(|| items(value, "contacts").next());
    let wa_id = profile.and_then(|c| text(c, "wa_id")).or_else(|| from.clone().filter(|f| is_phone(f)));
    let user_id = profile.and_then(|c| text(c, "user_id")).or(from_user);
    let external = wa_id.clone().or(user_id).or(from)?;
    let name = profile
        .and_then(|c| c.get("profile"))
        .and_then(|p| text(p, "name").or_else(|| text(p, "username")))
        .unwrap_or_else(|| external.clone());
    Some((external, wa_id, name))
}

fn is_phone(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
}

fn message_inbound(value: &Value, message: &Value, now: Millis) -> Option<Inbound> {
    let id = text(message, "id")?;
    let (external, phone, name) = sender(value, message)?;
    let kind_word = text(message, "type").unwrap_or_else(|| "unknown".into());
    let (kind, body, mut payload) = content(&kind_word, message);
    // Reactions carry the reaction message's id, and a removal may reuse it: keep both.
    let provider_message_id = if kind == MessageKind::Reaction {
        let emoji = payload.get("emoji").and_then(Value::as_str).unwrap_or("removed");
        format!("{id}:{emoji}")
    } else {
        id
    };
    for key in ["context", "referral", "errors"] {
        if let Some(v) = message.get(key) {
            payload.insert(key.into(), v.clone());
        }
    }
    let sent_at = message.get("timestamp").and_then(seconds).unwrap_or(now);
    Some(Inbound {
        channel_id: 0,
        provider_message_id,
        platform: KIND.to_string(),
        contact_external_id: external,
        contact_name: bounded(name).chars().take(120).collect(),
        contact_phone: phone,
        kind,
        text: body.map(bounded),
        payload: (!payload.is_empty()).then_some(Value::Object(payload)),
        sent_at,
    })
}

/// The kind, text and payload of one message object of type `kind_word` (also used for
/// echoes, whose content has the same shape).
pub fn content(kind_word: &str, message: &Value) -> (MessageKind, Option<String>, Map<String, Value>) {
    let mut payload = Map::new();
    let part = message.get(kind_word).cloned().unwrap_or(Value::Null);
    let media_kind = match kind_word {
        "image" => Some(MessageKind::Image),
        "video" => Some(MessageKind::Video),
        "audio" => Some(MessageKind::Audio),
        "document" => Some(MessageKind::Document),
        "sticker" => Some(MessageKind::Sticker),
        _ => None,
    };
    if let Some(kind) = media_kind {
        let mut media = Map::new();
        if let Some(id) = text(&part, "id") {
            media.insert("provider_id".into(), id.into());
        }
        for key in ["mime_type", "sha256", "url"] {
            if let Some(v) = text(&part, key) {
                media.insert(key.into(), v.into());
            }
        }
        if let Some(name) = text(&part, "filename") {
            media.insert("file_name".into(), name.into());
        }
        for key in ["voice", "animated"] {
            if let Some(flag) = part.get(key).and_then(Value::as_bool) {
                media.insert(key.into(), flag.into());
            }
        }
        payload.insert("media".into(), Value::Object(media));
        return (kind, text(&part, "caption"), payload);
    }
    match kind_word {
        "text" => (MessageKind::Text, text(&part, "body"), payload),
        "location" => {
            let label = [text(&part, "name"), text(&part, "address")].into_iter().flatten().collect::<Vec<_>>();
            payload.insert("location".into(), part.clone());
            (MessageKind::Location, (!label.is_empty()).then(|| label.join(" — ")), payload)
        }
        "contacts" => {
            let cards = message.get("contacts").cloned().unwrap_or(Value::Null);
            let names: Vec<String> = cards
                .as_array()
                .map(|a| a.iter().filter_map(|c| c.get("name").and_then(|n| text(n, "formatted_name"))).collect())
                .unwrap_or_default();
            payload.insert("contacts".into(), cards);
            (MessageKind::Contact, (!names.is_empty()).then(|| names.join(", ")), payload)
        }
        "reaction" => {
            payload.insert("target_provider_id".into(), part.get("message_id").cloned().unwrap_or(Value::Null));
            // Removal: `emoji` absent (current Meta) or empty (older payloads).
            let emoji = text(&part, "emoji");
            payload.insert("removed".into(), emoji.is_none().into());
            payload.insert("emoji".into(), emoji.map_or(Value::Null, Value::String));
            (MessageKind::Reaction, None, payload)
        }
        "interactive" => {
            let reply_type = text(&part, "type").unwrap_or_default();
            let reply = part.get(&reply_type).cloned().unwrap_or(Value::Null);
            let title = text(&reply, "title").or_else(|| text(&reply, "body"));
            payload.insert(
                "reply".into(),
                json!({ "type": reply_type, "id": reply.get("id"), "title": title,
                "description": reply.get("description"), "response_json": reply.get("response_json") }),
            );
            (MessageKind::Text, title, payload)
        }
        "button" => {
            let title = text(&part, "text");
            payload.insert(
                "reply".into(),
                json!({ "type": "quick_reply", "payload": part.get("payload"), "title": title }),
            );
            (MessageKind::Text, title, payload)
        }
        "system" => {
            payload.insert("system".into(), part.clone());
            (MessageKind::System, text(&part, "body"), payload)
        }
        other => {
            // unsupported, order, and types newer than this code: kept, never dropped.
            payload.insert("type".into(), other.into());
            if !part.is_null() {
                payload.insert(other.into(), part.clone());
            }
            let title = first_error(message).map(|(_, title)| title);
            (MessageKind::Unsupported, title, payload)
        }
    }
}

fn echoes(channel: &str, value: &Value, now: Millis, events: &mut Vec<Event>) {
    for echo in items(value, "message_echoes") {
        let Some(id) = text(echo, "id") else { continue };
        let Some(contact) = text(echo, "to").or_else(|| text(echo, "to_user_id")) else { continue };
        let at = echo.get("timestamp").and_then(seconds).unwrap_or(now);
        let word = text(echo, "type").unwrap_or_default();
        let action = match word.as_str() {
            "revoke" => match echo.get("revoke").and_then(|r| text(r, "original_message_id")) {
                Some(original) => EchoAction::Revoke { original },
                None => continue,
            },
            "edit" => {
                let edit = echo.get("edit").cloned().unwrap_or(Value::Null);
                let Some(original) = text(&edit, "original_message_id") else { continue };
                let message = edit.get("message").cloned().unwrap_or(Value::Null);
                let (kind, text, payload) = content(&text(&message, "type").unwrap_or_default(), &message);
                EchoAction::Edit { original, kind, text: text.map(bounded), payload: Some(Value::Object(payload)) }
            }
            other => {
                let (kind, text, payload) = content(other, echo);
                EchoAction::Sent {
                    kind,
                    text: text.map(bounded),
                    payload: (!payload.is_empty()).then_some(Value::Object(payload)),
                }
            }
        };
        let phone = Some(contact.clone()).filter(|c| is_phone(c));
        events.push(Event::Echo {
            channel: channel.to_string(),
            echo: Echo { contact, contact_phone: phone, provider_message_id: id, at, action },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// When the tests receive their webhooks.
    const NOW: Millis = 1_700_000_000_000;
    use crate::domain::message::MessageStatus;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/meta");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}/{name}.json")).unwrap()
    }

    fn one_message(name: &str) -> Inbound {
        let events = parse(&fixture(name), NOW).unwrap();
        assert_eq!(events.len(), 1, "{name}: {events:?}");
        match events.into_iter().next().unwrap() {
            Event::Message { inbound, .. } => inbound,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn a_text_message_names_its_channel_sender_and_time() {
        let events = parse(&fixture("wa_inbound_text"), NOW).unwrap();
        let Event::Message { channel, inbound } = &events[0] else { panic!() };
        assert_eq!(channel, "106540352242922");
        assert_eq!(inbound.contact_external_id, "16505551234");
        assert_eq!(inbound.contact_phone.as_deref(), Some("16505551234"));
        assert_eq!(inbound.contact_name, "Sheena Nelson");
        assert_eq!(inbound.text.as_deref(), Some("Does it come in another color?"));
        assert_eq!(inbound.sent_at, 1_749_416_383_000);
        assert_eq!(inbound.provider_message_id, "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
    }

    #[test]
    fn every_inbound_type_of_the_reference_maps_to_a_kind() {
        for (name, kind, text) in [
            ("wa_inbound_image", MessageKind::Image, Some("Taj Mahal")),
            ("wa_inbound_video_pywa", MessageKind::Video, Some("caption")),
            ("wa_inbound_audio_pywa", MessageKind::Audio, None),
            ("wa_inbound_document_pywa", MessageKind::Document, Some("caption")),
            ("wa_inbound_sticker_pywa", MessageKind::Sticker, None),
            (
                "wa_inbound_location_pywa",
                MessageKind::Location,
                Some("Facebook HQ — 1 Hacker Way, Menlo Park, CA 94025"),
            ),
            ("wa_inbound_contacts_pywa", MessageKind::Contact, Some("Chandler Bing, Monica, Rachel Green")),
            ("wa_inbound_interactive_button_reply", MessageKind::Text, Some("Cancel")),
            ("wa_inbound_interactive_list_reply", MessageKind::Text, Some("Priority Mail Express")),
            ("wa_inbound_button_template_quick_reply_pywa", MessageKind::Text, Some("title")),
            ("wa_inbound_text_reply_context_pywa", MessageKind::Text, Some("replied text")),
            ("wa_inbound_unsupported_pywa", MessageKind::Unsupported, Some("Message type unknown")),
        ] {
            let inbound = one_message(name);
            assert_eq!(inbound.kind, kind, "{name}");
            assert_eq!(inbound.text.as_deref(), text, "{name}");
        }
    }

    #[test]
    fn media_carries_what_the_download_needs() {
        let image = one_message("wa_inbound_image");
        let media = &image.payload.unwrap()["media"];
        assert_eq!(media["provider_id"], "1003383421387256");
        assert_eq!(media["mime_type"], "image/jpeg");
        let audio = one_message("wa_inbound_audio_pywa");
        assert_eq!(audio.payload.as_ref().unwrap()["media"]["voice"], false);
        let doc = one_message("wa_inbound_document_pywa");
        assert_eq!(doc.payload.unwrap()["media"]["file_name"], "filename.pdf");
    }

    #[test]
    fn reactions_and_their_removal_are_two_messages() {
        let reaction = one_message("wa_inbound_reaction");
        let removed = one_message("wa_inbound_reaction_removed");
        assert_eq!(reaction.kind, MessageKind::Reaction);
        assert_eq!(reaction.payload.as_ref().unwrap()["emoji"], "👍");
        assert_eq!(removed.payload.as_ref().unwrap()["removed"], true);
        assert!(removed.payload.as_ref().unwrap()["emoji"].is_null());
        assert_ne!(reaction.provider_message_id, removed.provider_message_id);
        let empty = String::from_utf8(fixture("wa_inbound_reaction")).unwrap().replace("👍", "");
        assert_eq!(
            one_message_bytes(empty.as_bytes()).payload.unwrap()["removed"],
            true,
            "emoji \"\" is a removal too"
        );
    }

    fn one_message_bytes(body: &[u8]) -> Inbound {
        match parse(body, NOW).unwrap().into_iter().next().unwrap() {
            Event::Message { inbound, .. } => inbound,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn referral_and_context_are_kept_for_the_campaign_and_the_quote() {
        let ad = one_message("wa_inbound_text_ctwa_referral");
        assert_eq!(ad.payload.as_ref().unwrap()["referral"]["source_id"], "120226305854810726");
        let reply = one_message("wa_inbound_text_reply_context_pywa");
        assert_eq!(reply.payload.unwrap()["context"]["id"], "wamid.xyzxyz==");
    }

    #[test]
    fn a_contact_without_wa_id_is_known_by_user_id() {
        let body = String::from_utf8(fixture("wa_inbound_audio_pywa"))
            .unwrap()
            .replace("\"wa_id\": \"972987654321\"", "\"wa_id\": \"\"")
            .replace("\"from\": \"972987654321\"", "\"from_user_id\": \"US.13491208655302741918\"");
        let inbound = one_message_bytes(body.as_bytes());
        assert_eq!(inbound.contact_external_id, "US.13491208655302741918");
        assert_eq!(inbound.contact_phone, None);
    }

    #[test]
    fn statuses_carry_their_state_and_failure() {
        let Event::Status { status, .. } = &parse(&fixture("wa_status_failed"), NOW).unwrap()[0] else { panic!() };
        assert_eq!(status.status, MessageStatus::Failed);
        assert_eq!(status.error.as_ref().unwrap().0, "131049");
        assert!(status.error.as_ref().unwrap().1.contains("healthy ecosystem"));
        let Event::Status { status, .. } = &parse(&fixture("wa_status_sent"), NOW).unwrap()[0] else { panic!() };
        assert_eq!((status.status, status.at), (MessageStatus::Sent, 1_750_030_073_000));
    }

    #[test]
    fn echoes_are_sends_edits_and_revokes() {
        let Event::Echo { echo, .. } = &parse(&fixture("wa_smb_echo_text"), NOW).unwrap()[0] else { panic!() };
        assert_eq!(echo.contact, "16505551234");
        assert!(
            matches!(&echo.action, EchoAction::Sent { kind: MessageKind::Text, text: Some(t), .. } if t.starts_with("Here's"))
        );
        let Event::Echo { echo, .. } = &parse(&fixture("wa_smb_echo_edit"), NOW).unwrap()[0] else { panic!() };
        assert!(
            matches!(&echo.action, EchoAction::Edit { kind: MessageKind::Image, text: Some(t), .. } if t == "Updated image caption")
        );
        let Event::Echo { echo, .. } = &parse(&fixture("wa_smb_echo_revoke"), NOW).unwrap()[0] else { panic!() };
        assert!(matches!(&echo.action, EchoAction::Revoke { original } if original.starts_with("wamid.HBgLMTQx")));
    }

    #[test]
    fn not_a_whatsapp_body_is_an_error() {
        assert!(parse(b"not json", NOW).is_err());
        assert!(parse(br#"{"object":"page","entry":[]}"#, NOW).is_err());
        assert!(parse(br#"{"object":"whatsapp_business_account"}"#, NOW).unwrap().is_empty());
    }
}
