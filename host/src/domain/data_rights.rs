//! The contact's data rights under the LGPD (issue 17 part 3), as pure rules: what an erased
//! contact is called, how far back an account's retention limit reaches, and what of a stored
//! event (the live log replayed to clients) is content to remove.
//!
//! Erasure keeps a skeleton and removes the content: the contact's chats, services, protocols,
//! counters and appointments' times stay, so reports and numbering stay consistent; what the
//! contact or the team wrote and sent, and who the contact is, go.

use chrono::{DateTime, Months, Utc};
use serde_json::Value;

use super::Millis;

/// The name an erased contact is shown under.
pub const ERASED_NAME: &str = "Contato apagado";

/// The longest retention an account may set, in months (ten years).
pub const MAX_RETENTION_MONTHS: i64 = 120;

/// A retention limit an admin typed, checked: 1 to [`MAX_RETENTION_MONTHS`] months.
pub fn check_retention(months: i64) -> Result<i64, String> {
    if (1..=MAX_RETENTION_MONTHS).contains(&months) {
        Ok(months)
    } else {
        Err(format!("O prazo de retenção precisa ser de 1 a {MAX_RETENTION_MONTHS} meses."))
    }
}

/// The time before which closed chats' messages are erased: `months` calendar months before
/// `now` (UTC; the 31st of a shorter month falls back to its last day).
pub fn retention_cutoff(now: Millis, months: i64) -> Millis {
    let Some(now_utc) = DateTime::<Utc>::from_timestamp_millis(now) else { return now };
    let months = Months::new(months.clamp(0, MAX_RETENTION_MONTHS) as u32);
    now_utc.checked_sub_months(months).map_or(now, |t| t.timestamp_millis())
}

/// Where the `index`-th media file of an export goes in its archive: `midia/`, numbered, with
/// the message it belongs to and its own name (only letters, digits, `.`, `-` and `_` kept), or
/// an extension from its type when it has no name.
pub fn archive_file_name(index: usize, message_id: i64, file_name: Option<&str>, mime_type: &str) -> String {
    let name: String = file_name
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .collect();
    let name = name.trim_matches('.');
    if !name.is_empty() {
        return format!("midia/{:03}-mensagem-{message_id}-{name}", index + 1);
    }
    let extension = mime_guess::get_mime_extensions_str(mime_type).and_then(|e| e.first()).copied().unwrap_or("bin");
    format!("midia/{:03}-mensagem-{message_id}.{extension}", index + 1)
}

/// What an event's payload loses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scrub {
    /// The contact was erased: every message's content, the chat's preview, and who the
    /// contact is (name, phone, campaign).
    Contact,
    /// Old messages' content (retention): the messages' content and the chat's preview; the
    /// contact stays.
    Content,
}

/// Remove content from a stored event's payload (a conversation and/or message view, as the
/// realtime log keeps them), in place.
pub fn scrub_event(payload: &mut Value, scrub: Scrub) {
    let Value::Object(map) = payload else { return };
    for (key, value) in map.iter_mut() {
        match key.as_str() {
            "message" => scrub_message(value),
            "conversation" => scrub_conversation(value, scrub),
            "contact" if scrub == Scrub::Contact => scrub_contact(value),
            _ => {}
        }
    }
}

fn scrub_message(message: &mut Value) {
    let Value::Object(map) = message else { return };
    for field in ["text", "payload"] {
        if let Some(value) = map.get_mut(field) {
            *value = Value::Null;
        }
    }
    if map.get("author").and_then(|a| a.get("kind")).and_then(Value::as_str) == Some("contact")
        && let Some(name) = map.get_mut("author").and_then(|a| a.get_mut("name"))
    {
        *name = Value::Null;
    }
}

fn scrub_conversation(conversation: &mut Value, scrub: Scrub) {
    let Value::Object(map) = conversation else { return };
    if let Some(preview) = map.get_mut("last_message_preview") {
        *preview = Value::Null;
    }
    if scrub == Scrub::Contact
        && let Some(contact) = map.get_mut("contact")
    {
        scrub_contact(contact);
    }
}

fn scrub_contact(contact: &mut Value) {
    let Value::Object(map) = contact else { return };
    if let Some(name) = map.get_mut("name") {
        *name = Value::String(ERASED_NAME.into());
    }
    for field in ["phone", "email", "campaign"] {
        if let Some(value) = map.get_mut(field) {
            *value = Value::Null;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event() -> Value {
        json!({
            "conversation": {"id": 2, "contact": {"id": 1, "name": "Maria", "phone": "5511987650001", "campaign": "natal"},
                             "last_message_preview": "pedido 4521", "state": "closed"},
            "message": {"id": 9, "text": "pedido 4521", "payload": {"caption": "foto"}, "kind": "image",
                        "author": {"kind": "contact", "name": "Maria"}, "created_at": 5}
        })
    }

    #[test]
    fn an_erased_contacts_events_lose_the_content_and_who_they_are() {
        let mut e = event();
        scrub_event(&mut e, Scrub::Contact);
        assert_eq!(
            e,
            json!({
                "conversation": {"id": 2, "contact": {"id": 1, "name": "Contato apagado", "phone": null, "campaign": null},
                                 "last_message_preview": null, "state": "closed"},
                "message": {"id": 9, "text": null, "payload": null, "kind": "image",
                            "author": {"kind": "contact", "name": null}, "created_at": 5}
            })
        );
    }

    #[test]
    fn retention_removes_the_content_and_keeps_the_contact() {
        let mut e = event();
        scrub_event(&mut e, Scrub::Content);
        assert_eq!(e["conversation"]["contact"]["name"], "Maria");
        assert_eq!(e["conversation"]["last_message_preview"], Value::Null);
        assert_eq!(e["message"]["text"], Value::Null);
        assert_eq!(e["message"]["kind"], "image", "the skeleton stays");
    }

    #[test]
    fn an_agents_name_on_their_message_stays() {
        let mut e = json!({"message": {"text": "Olá", "author": {"kind": "agent", "name": "Ana"}}});
        scrub_event(&mut e, Scrub::Contact);
        assert_eq!(e["message"]["author"]["name"], "Ana");
        assert_eq!(e["message"]["text"], Value::Null);
    }

    #[test]
    fn the_cutoff_is_whole_calendar_months_back() {
        // 2026-12-07T12:00:00Z minus 3 months: 2026-09-07T12:00:00Z.
        let now = DateTime::parse_from_rfc3339("2026-12-07T12:00:00Z").unwrap().timestamp_millis();
        let expected = DateTime::parse_from_rfc3339("2026-09-07T12:00:00Z").unwrap().timestamp_millis();
        assert_eq!(retention_cutoff(now, 3), expected);
        // 31 March minus one month: 28 February.
        let march = DateTime::parse_from_rfc3339("2027-03-31T00:00:00Z").unwrap().timestamp_millis();
        let feb = DateTime::parse_from_rfc3339("2027-02-28T00:00:00Z").unwrap().timestamp_millis();
        assert_eq!(retention_cutoff(march, 1), feb);
    }

    #[test]
    fn archive_names_are_numbered_safe_and_typed() {
        assert_eq!(
            archive_file_name(0, 12, Some("nota fiscal (1).pdf"), "application/pdf"),
            "midia/001-mensagem-12-nota_fiscal__1_.pdf"
        );
        assert_eq!(
            archive_file_name(1, 13, Some("../../etc/passwd"), "text/plain"),
            "midia/002-mensagem-13-_.._etc_passwd"
        );
        assert_eq!(archive_file_name(2, 14, None, "image/jpeg").rsplit_once('.').unwrap().0, "midia/003-mensagem-14");
        assert!(archive_file_name(3, 15, None, "x-unknown/none").ends_with(".bin"));
    }

    #[test]
    fn a_retention_is_one_month_to_ten_years() {
        assert_eq!(check_retention(6), Ok(6));
        assert!(check_retention(0).is_err());
        assert!(check_retention(121).unwrap_err().contains("1 a 120 meses"));
    }
}
