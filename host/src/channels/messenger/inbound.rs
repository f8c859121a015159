//! Messenger Platform webhooks (`object: page`, and `object: instagram`, which has the same
//! `entry[].messaging[]` shape) into [`Event`]s: messages with text, attachments, quick replies
//! and replies, reactions, read and delivery watermarks, postbacks and echoes; Instagram story
//! mentions (L1). Times are milliseconds here.

use serde_json::{Map, Value, json};

use crate::channels::meta::event::{Echo, EchoAction, Event, ParseError, bounded, items, millis, text};
use crate::domain::Millis;
use crate::domain::message::{MessageKind, MessageStatus};
use crate::store::Inbound;

/// Every event of a webhook body whose `object` must be `expected` (`page` or `instagram`);
/// `platform` is the contacts' platform (`messenger` or `instagram`).
pub fn parse(body: &[u8], expected: &str, platform: &str, now: Millis) -> Result<Vec<Event>, ParseError> {
    let root: Value = serde_json::from_slice(body).map_err(|e| ParseError(format!("JSON inválido: {e}")))?;
    if root.get("object").and_then(Value::as_str) != Some(expected) {
        return Err(ParseError(format!("o corpo não é um webhook de {platform} (object ≠ {expected})")));
    }
    let mut events = Vec::new();
    for entry in items(&root, "entry") {
        for item in items(entry, "messaging") {
            if let Some(event) = messaging(item, platform, now) {
                events.push(event);
            }
        }
    }
    Ok(events)
}

fn id_of(value: &Value, key: &str) -> Option<String> {
    match value.get(key)?.get("id")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn messaging(item: &Value, platform: &str, now: Millis) -> Option<Event> {
    let sender = id_of(item, "sender")?;
    let recipient = id_of(item, "recipient")?;
    let at = item.get("timestamp").and_then(millis).unwrap_or(now);
    if let Some(message) = item.get("message") {
        let mid = text(message, "mid")?;
        if message.get("is_echo").and_then(Value::as_bool) == Some(true) {
            let (kind, body, payload) = content(message);
            let echo = Echo {
                contact: recipient,
                contact_phone: None,
                provider_message_id: mid,
                at,
                action: EchoAction::Sent {
                    kind,
                    // Stored like a contact's message, so bounded like one (WhatsApp's echoes
                    // were; these were not until fuzzing found it, issue 15 part 7).
                    text: body.map(bounded),
                    payload: (!payload.is_empty()).then_some(Value::Object(payload)),
                },
            };
            return Some(Event::Echo { channel: sender, echo });
        }
        let (kind, body, payload) = content(message);
        return Some(Event::Message {
            channel: recipient,
            inbound: inbound(platform, sender, mid, kind, body, payload, at),
        });
    }
    if let Some(reaction) = item.get("reaction") {
        let target = text(reaction, "mid")?;
        let action = text(reaction, "action").unwrap_or_else(|| "react".into());
        let emoji = if action == "unreact" { None } else { text(reaction, "emoji") };
        let mut payload = Map::new();
        payload.insert("target_provider_id".into(), target.clone().into());
        payload.insert("removed".into(), emoji.is_none().into());
        payload.insert("emoji".into(), emoji.clone().map_or(Value::Null, Value::String));
        if let Some(word) = text(reaction, "reaction") {
            payload.insert("reaction".into(), word.into());
        }
        // A reaction has no id of its own: the event's parts make one, so a redelivery dedupes.
        let id = format!("reaction:{target}:{sender}:{at}:{}", emoji.as_deref().unwrap_or("removed"));
        return Some(Event::Message {
            channel: recipient,
            inbound: inbound(platform, sender, id, MessageKind::Reaction, None, payload, at),
        });
    }
    for (key, status) in [("read", MessageStatus::Read), ("delivery", MessageStatus::Delivered)] {
        if let Some(mark) = item.get(key) {
            let watermark = mark.get("watermark").and_then(millis).unwrap_or(at);
            let mids = items(mark, "mids").filter_map(Value::as_str).map(str::to_string).collect();
            return Some(Event::Watermark { channel: recipient, contact: sender, status, watermark, mids });
        }
    }
    if let Some(postback) = item.get("postback") {
        let title = text(postback, "title");
        let id = text(postback, "mid").unwrap_or_else(|| format!("postback:{sender}:{at}"));
        let mut payload = Map::new();
        payload
            .insert("reply".into(), json!({ "type": "postback", "payload": postback.get("payload"), "title": title }));
        return Some(Event::Message {
            channel: recipient,
            inbound: inbound(platform, sender, id, MessageKind::Text, title, payload, at),
        });
    }
    None
}

fn inbound(
    platform: &str,
    sender: String,
    id: String,
    kind: MessageKind,
    body: Option<String>,
    payload: Map<String, Value>,
    at: i64,
) -> Inbound {
    Inbound {
        channel_id: 0,
        provider_message_id: id,
        platform: platform.to_string(),
        // Messenger and Instagram give no profile name in the webhook: the scoped id stands in.
        contact_name: format!("{} {}", if platform == "instagram" { "Instagram" } else { "Messenger" }, tail(&sender)),
        contact_external_id: sender,
        contact_phone: None,
        kind,
        text: body.map(bounded),
        payload: (!payload.is_empty()).then_some(Value::Object(payload)),
        sent_at: at,
    }
}

fn tail(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    chars[chars.len().saturating_sub(6)..].iter().collect()
}

/// Kind, text and payload of a `message` object.
fn content(message: &Value) -> (MessageKind, Option<String>, Map<String, Value>) {
    let mut payload = Map::new();
    let mut body = text(message, "text");
    let mut kind = MessageKind::Text;
    if let Some(reply) = message.get("quick_reply") {
        payload
            .insert("reply".into(), json!({ "type": "quick_reply", "payload": reply.get("payload"), "title": body }));
    }
    if let Some(reply_to) = message.get("reply_to") {
        payload.insert("context".into(), reply_to.clone());
    }
    if let Some(referral) = message.get("referral") {
        payload.insert("referral".into(), referral.clone());
    }
    let attachments: Vec<&Value> = items(message, "attachments").collect();
    if let Some(first) = attachments.first() {
        let word = text(first, "type").unwrap_or_default();
        let url = first.get("payload").and_then(|p| text(p, "url"));
        kind = match word.as_str() {
            "image" => MessageKind::Image,
            "video" | "reel" | "ig_reel" => MessageKind::Video,
            "audio" => MessageKind::Audio,
            "file" => MessageKind::Document,
            "story_mention" => MessageKind::StoryMention,
            _ => MessageKind::Unsupported,
        };
        if kind == MessageKind::StoryMention {
            // Meta forbids storing the story's media: keep only its CDN address.
            payload.insert("story".into(), json!({ "url": url }));
        } else if kind == MessageKind::Unsupported {
            payload.insert("type".into(), word.clone().into());
            payload.insert("attachments".into(), Value::Array(attachments.iter().map(|a| (*a).clone()).collect()));
            body = body.or(url);
        } else {
            payload.insert("media".into(), json!({ "url": url, "type": word }));
            if attachments.len() > 1 {
                payload.insert("attachments".into(), Value::Array(attachments.iter().map(|a| (*a).clone()).collect()));
            }
        }
    }
    if message.get("is_unsupported").and_then(Value::as_bool) == Some(true) {
        kind = MessageKind::Unsupported;
    }
    if message.get("is_deleted").and_then(Value::as_bool) == Some(true) {
        payload.insert("deleted".into(), true.into());
    }
    (kind, body, payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// When the tests receive their webhooks.
    const NOW: Millis = 1_700_000_000_000;

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/meta");

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!("{FIXTURES}/{name}.json")).unwrap()
    }

    /// A `messaging[]` item wrapped in a Page webhook envelope.
    fn page(item: &str) -> Vec<u8> {
        format!(r#"{{"object":"page","entry":[{{"id":"PAGE","time":1,"messaging":[{item}]}}]}}"#).into_bytes()
    }

    #[test]
    fn an_echo_text_is_bounded_like_an_inbound_text() {
        // What the fuzzer's bound check tripped on: an echo of 8,193 characters was kept whole.
        use crate::channels::meta::event::MAX_INBOUND_TEXT;
        let long = "a".repeat(MAX_INBOUND_TEXT + 1);
        let item = format!(
            r#"{{"sender":{{"id":"PAGE"}},"recipient":{{"id":"USER"}},"timestamp":1700000000000,
                "message":{{"mid":"m_1","is_echo":true,"text":"{long}"}}}}"#
        );
        let events = parse(&page(&item), "page", "messenger", NOW).unwrap();
        let Event::Echo { echo, .. } = &events[0] else { panic!("{events:?}") };
        let EchoAction::Sent { text, .. } = &echo.action else { panic!("{echo:?}") };
        assert_eq!(text.as_deref().map(|t| t.chars().count()), Some(MAX_INBOUND_TEXT));
    }

    #[test]
    fn a_page_text_message_is_an_inbound_text() {
        let events =
            parse(fixture("fb_webhook_text_full_envelope_thirdparty").as_bytes(), "page", "messenger", NOW).unwrap();
        let Event::Message { channel, inbound } = &events[0] else { panic!("{events:?}") };
        assert_eq!(channel, "PAGE_ID");
        assert_eq!(inbound.contact_external_id, "USER_ID");
        assert_eq!(inbound.text.as_deref(), Some("hello, world!"));
        assert_eq!(inbound.sent_at, 1_457_764_197_627);
    }

    #[test]
    fn every_messenger_event_of_the_reference_is_read() {
        let quick = parse(&page(&fixture("fb_event_message_text")), "page", "messenger", NOW).unwrap();
        assert!(
            matches!(&quick[0], Event::Message { inbound, .. } if inbound.payload.as_ref().unwrap()["reply"]["type"] == "quick_reply")
        );
        let reply = parse(&page(&fixture("fb_event_message_reply_to")), "page", "messenger", NOW).unwrap();
        assert!(
            matches!(&reply[0], Event::Message { inbound, .. } if inbound.payload.as_ref().unwrap()["context"]["mid"].is_string())
        );
        let attachment =
            fixture("fb_entry_message_attachment").replace("<image|video|audio|file|reel|ig_reel>", "image");
        let body = format!(r#"{{"object":"page","entry":[{attachment}]}}"#);
        let events = parse(body.as_bytes(), "page", "messenger", NOW).unwrap();
        assert!(matches!(&events[0], Event::Message { inbound, .. } if inbound.kind == MessageKind::Image));
        let reaction = fixture("fb_event_reaction").replace("react|unreact", "react");
        let events = parse(&page(&reaction), "page", "messenger", NOW).unwrap();
        assert!(
            matches!(&events[0], Event::Message { inbound, .. } if inbound.kind == MessageKind::Reaction && inbound.payload.as_ref().unwrap()["emoji"] == "❤️")
        );
        let unreact = fixture("fb_event_reaction").replace("react|unreact", "unreact");
        let events = parse(&page(&unreact), "page", "messenger", NOW).unwrap();
        assert!(
            matches!(&events[0], Event::Message { inbound, .. } if inbound.payload.as_ref().unwrap()["removed"] == true)
        );
        let read = parse(&page(&fixture("fb_event_read")), "page", "messenger", NOW).unwrap();
        assert!(matches!(&read[0], Event::Watermark { status: MessageStatus::Read, watermark: 1_458_668_856_253, .. }));
        let delivery = parse(
            &page(&fixture("fb_event_delivery").replace("\"delivery\"", "\"timestamp\":1,\"delivery\"")),
            "page",
            "messenger",
            NOW,
        )
        .unwrap();
        assert!(
            matches!(&delivery[0], Event::Watermark { status: MessageStatus::Delivered, mids, .. } if mids.len() == 1)
        );
        let echo = parse(&page(&fixture("fb_event_echo_text")), "page", "messenger", NOW).unwrap();
        assert!(
            matches!(&echo[0], Event::Echo { channel, echo } if channel == "<PAGE_ID>" && echo.contact == "<PSID>")
        );
    }

    #[test]
    fn an_instagram_story_mention_keeps_only_the_story_address() {
        let events = parse(fixture("ig_webhook_story_mention").as_bytes(), "instagram", "instagram", NOW).unwrap();
        let Event::Message { inbound, .. } = &events[0] else { panic!() };
        assert_eq!(inbound.kind, MessageKind::StoryMention);
        assert_eq!(inbound.platform, "instagram");
        assert_eq!(inbound.payload.as_ref().unwrap()["story"]["url"], "<CDN_URL>");
        assert!(inbound.payload.as_ref().unwrap().get("media").is_none());
        let reaction = parse(fixture("ig_webhook_message_reaction").as_bytes(), "instagram", "instagram", NOW).unwrap();
        assert!(matches!(&reaction[0], Event::Message { inbound, .. } if inbound.kind == MessageKind::Reaction));
    }

    #[test]
    fn the_wrong_object_is_refused() {
        assert!(parse(fixture("ig_webhook_story_mention").as_bytes(), "page", "messenger", NOW).is_err());
        assert!(parse(b"{", "page", "messenger", NOW).is_err());
    }
}
