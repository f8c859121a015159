//! What every webhook target checks of the events a parser hands on.

use atende_host::channels::meta::event::{EchoAction, Event, MAX_INBOUND_TEXT};
use atende_host::http::webhooks::parse;

/// When the body arrives: any fixed positive time (items without a timestamp take it).
const NOW: i64 = 1_760_000_000_000;

/// Parse `body` as a webhook for a channel of `kind` and check what comes out.
pub fn check(kind: &str, body: &[u8]) {
    let Ok(events) = parse(kind, body, NOW) else { return };
    for event in &events {
        assert!(!event.channel().is_empty(), "an event without its channel: {event:?}");
        match event {
            Event::Message { inbound, .. } => {
                assert!(!inbound.provider_message_id.is_empty(), "a message without an id: {event:?}");
                assert!(!inbound.contact_external_id.is_empty(), "a message without its sender: {event:?}");
                assert!(inbound.contact_name.chars().count() <= 120, "an unbounded name: {event:?}");
                bounded(inbound.text.as_deref());
                assert!(inbound.sent_at > 0, "a message time that is not positive: {event:?}");
            }
            Event::Status { status, .. } => {
                assert!(!status.provider_message_id.is_empty(), "a status without an id: {event:?}");
                assert!(status.at > 0, "a status time that is not positive: {event:?}");
            }
            Event::Echo { echo, .. } => {
                assert!(!echo.provider_message_id.is_empty(), "an echo without an id: {event:?}");
                assert!(!echo.contact.is_empty(), "an echo without its contact: {event:?}");
                assert!(echo.at > 0, "an echo time that is not positive: {event:?}");
                match &echo.action {
                    EchoAction::Sent { text, .. } | EchoAction::Edit { text, .. } => bounded(text.as_deref()),
                    EchoAction::Revoke { original } => assert!(!original.is_empty()),
                }
            }
            Event::Watermark { contact, watermark, .. } => {
                assert!(!contact.is_empty(), "a watermark without its contact: {event:?}");
                assert!(*watermark > 0, "a watermark that is not positive: {event:?}");
            }
            Event::Error { .. } => {}
        }
    }
    // The same JSON spelled by serde_json (keys sorted, no whitespace, one of duplicate keys):
    // the same events. `Event` has no `PartialEq` (its payloads are JSON values), so their debug
    // forms are compared.
    let value: serde_json::Value = serde_json::from_slice(body).expect("a parsed webhook body is JSON");
    let again = parse(kind, value.to_string().as_bytes(), NOW).expect("the re-serialised body parses");
    assert_eq!(format!("{events:?}"), format!("{again:?}"), "re-serialising the body changed its events");
}

fn bounded(text: Option<&str>) {
    if let Some(text) = text {
        assert!(text.chars().count() <= MAX_INBOUND_TEXT, "a text of {} characters", text.chars().count());
    }
}
