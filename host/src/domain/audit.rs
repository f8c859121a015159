//! What the audit log records (issue 17 part 4): which requests are audited actions, under
//! which name, for whom, and what of the request is kept as "what changed".
//!
//! Every admin action is recorded, and the sensitive ones whoever does them ([`AUDITED`]: an
//! entry marked `anyone`). Logins and failed logins are recorded by the login itself; the rest
//! by the HTTP layer after the action succeeded, from the route that served it, so a new route
//! is audited by adding one line here. Chat work (messages, assignments, closings, reads) is not
//! an admin action and is not recorded: the conversation's own history keeps it.

use serde_json::{Map, Value};

/// An audited action: its stable name, the route that does it, and whether it is recorded
/// whoever does it (`true`) or only when an admin does (`false`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditedRoute {
    pub action: &'static str,
    pub method: &'static str,
    pub route: &'static str,
    pub anyone: bool,
}

const fn admin(action: &'static str, method: &'static str, route: &'static str) -> AuditedRoute {
    AuditedRoute { action, method, route, anyone: false }
}

const fn anyone(action: &'static str, method: &'static str, route: &'static str) -> AuditedRoute {
    AuditedRoute { action, method, route, anyone: true }
}

/// A login (recorded by the login itself).
pub const LOGIN: &str = "auth.login";
/// A login refused for a wrong password (recorded in the account of the e-mail's user).
pub const LOGIN_FAILED: &str = "auth.login_failed";

/// The audited routes, by the template the router matched.
pub const AUDITED: &[AuditedRoute] = &[
    admin("account.update", "PATCH", "/api/v1/account"),
    anyone("account.retention", "PUT", "/api/v1/account/retention"),
    admin("availability.update", "PUT", "/api/v1/availability"),
    anyone("api_token.create", "POST", "/api/v1/api-tokens"),
    anyone("api_token.revoke", "DELETE", "/api/v1/api-tokens/{id}"),
    anyone("broadcast.send", "POST", "/api/v1/broadcasts"),
    anyone("broadcast.pause", "POST", "/api/v1/broadcasts/{id}/pause"),
    anyone("broadcast.resume", "POST", "/api/v1/broadcasts/{id}/resume"),
    anyone("broadcast.cancel", "POST", "/api/v1/broadcasts/{id}/cancel"),
    admin("channel.create", "POST", "/api/v1/channels"),
    anyone("channel.connect", "POST", "/api/v1/channels/meta"),
    anyone("channel.update", "PATCH", "/api/v1/channels/{id}"),
    admin("template.create", "POST", "/api/v1/channels/{id}/templates"),
    admin("template.sync", "POST", "/api/v1/channels/{id}/templates/sync"),
    admin("closing_fields.update", "PUT", "/api/v1/closing-fields"),
    admin("company.create", "POST", "/api/v1/companies"),
    admin("company.update", "PATCH", "/api/v1/companies/{id}"),
    admin("contact_import.create", "POST", "/api/v1/contact-imports"),
    anyone("contact_import.start", "POST", "/api/v1/contact-imports/{id}/start"),
    admin("contact.create", "POST", "/api/v1/contacts"),
    admin("contact.update", "PATCH", "/api/v1/contacts/{id}"),
    anyone("contact.delete", "DELETE", "/api/v1/contacts/{id}"),
    anyone("contact.block", "POST", "/api/v1/contacts/{id}/block"),
    anyone("contact.unblock", "POST", "/api/v1/contacts/{id}/unblock"),
    anyone("contact.export", "GET", "/api/v1/contacts/{id}/export"),
    anyone("contact.erase", "POST", "/api/v1/contacts/{id}/erase"),
    admin("contact.default_agent", "PUT", "/api/v1/contacts/{id}/default-agent"),
    admin("custom_field.create", "POST", "/api/v1/custom-fields"),
    admin("custom_field.update", "PATCH", "/api/v1/custom-fields/{id}"),
    admin("custom_field.delete", "DELETE", "/api/v1/custom-fields/{id}"),
    admin("department.create", "POST", "/api/v1/departments"),
    admin("department.update", "PATCH", "/api/v1/departments/{id}"),
    admin("department.delete", "DELETE", "/api/v1/departments/{id}"),
    admin("department.members", "PUT", "/api/v1/departments/{id}/members"),
    admin("flow_settings.update", "PUT", "/api/v1/flow-settings"),
    admin("flow.create", "POST", "/api/v1/flows"),
    admin("flow.save", "PUT", "/api/v1/flows/{id}"),
    admin("flow.delete", "DELETE", "/api/v1/flows/{id}"),
    anyone("flow.publish", "POST", "/api/v1/flows/{id}/publish"),
    admin("media_library.create", "POST", "/api/v1/media-library"),
    admin("media_library.delete", "DELETE", "/api/v1/media-library/{id}"),
    anyone("plugin.upload", "POST", "/api/v1/plugins"),
    anyone("plugin.update", "PATCH", "/api/v1/plugins/{id}"),
    anyone("plugin.switch_shipped", "PATCH", "/api/v1/plugins/shipped/{name}"),
    anyone("plugin.delete", "DELETE", "/api/v1/plugins/{id}"),
    anyone("plugin.delete_version", "DELETE", "/api/v1/plugins/{id}/versions/{version}"),
    admin("quick_reply.create", "POST", "/api/v1/quick-replies"),
    admin("quick_reply.update", "PATCH", "/api/v1/quick-replies/{id}"),
    admin("quick_reply.delete", "DELETE", "/api/v1/quick-replies/{id}"),
    admin("tag.create", "POST", "/api/v1/tags"),
    admin("tag.update", "PATCH", "/api/v1/tags/{id}"),
    admin("tag.delete", "DELETE", "/api/v1/tags/{id}"),
    anyone("user.create", "POST", "/api/v1/users"),
    anyone("user.update", "PATCH", "/api/v1/users/{id}"),
    anyone("user.password_reset", "PUT", "/api/v1/users/{id}/password"),
    anyone("user.require_password_change", "POST", "/api/v1/users/{id}/require-password-change"),
    anyone("user.end_sessions", "DELETE", "/api/v1/users/{id}/sessions"),
    anyone("me.password_change", "PUT", "/api/v1/me/password"),
    anyone("me.end_session", "DELETE", "/api/v1/me/sessions/{id}"),
    anyone("me.end_other_sessions", "POST", "/api/v1/me/sessions/end-others"),
];

/// The audited action a request is, if any: `route` is the template the router matched.
pub fn audited(method: &str, route: &str, is_admin: bool) -> Option<&'static str> {
    AUDITED.iter().find(|a| a.method == method && a.route == route).filter(|a| a.anyone || is_admin).map(|a| a.action)
}

/// Every action name the log may hold (logins included), for the admin's search.
pub fn actions() -> impl Iterator<Item = &'static str> {
    [LOGIN, LOGIN_FAILED].into_iter().chain(AUDITED.iter().map(|a| a.action))
}

/// The longest "what changed" kept, in characters of its JSON.
pub const DETAILS_CHARS: usize = 4000;

/// The request's JSON body as the log keeps it: secrets (passwords, tokens, keys, app
/// secrets) replaced by "•••", and cut to [`DETAILS_CHARS`]. A body that is not JSON (an
/// upload) is not kept: `None`.
pub fn details(body: &[u8]) -> Option<Value> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let redacted = redact(value);
    let text = redacted.to_string();
    if text.chars().count() <= DETAILS_CHARS {
        return Some(redacted);
    }
    Some(Value::String(format!("{}…", text.chars().take(DETAILS_CHARS).collect::<String>())))
}

fn is_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "secret", "token", "key", "credential"].iter().any(|s| key.contains(s))
}

fn redact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = if is_secret(&k) && !v.is_null() { Value::String("•••".into()) } else { redact(v) };
                    (k, v)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn admin_actions_are_audited_for_admins_only_and_sensitive_ones_for_anyone() {
        assert_eq!(audited("POST", "/api/v1/tags", true), Some("tag.create"));
        assert_eq!(audited("POST", "/api/v1/tags", false), None);
        assert_eq!(audited("POST", "/api/v1/contacts/{id}/block", false), Some("contact.block"));
        assert_eq!(audited("POST", "/api/v1/flows/{id}/publish", true), Some("flow.publish"));
    }

    #[test]
    fn chat_work_and_reads_are_not_audited() {
        assert_eq!(audited("POST", "/api/v1/conversations/{id}/messages", true), None);
        assert_eq!(audited("GET", "/api/v1/users", true), None);
        assert_eq!(audited("PATCH", "/api/v1/me", true), None);
    }

    #[test]
    fn each_route_is_listed_once_and_each_action_names_one_route() {
        for (i, a) in AUDITED.iter().enumerate() {
            for b in &AUDITED[i + 1..] {
                assert!(!(a.method == b.method && a.route == b.route), "{} {} twice", a.method, a.route);
                assert_ne!(a.action, b.action, "{} names two routes", a.action);
            }
        }
        assert_eq!(actions().filter(|a| *a == LOGIN).count(), 1);
    }

    #[test]
    fn secrets_are_not_kept() {
        let body = json!({
            "name": "Rita", "password": "segredo-da-rita",
            "credentials": {"access_token": "EAAG…", "app_secret": "abc"},
            "steps": [{"api_key": "k", "text": "oi"}], "token_hint": null
        });
        assert_eq!(
            details(body.to_string().as_bytes()),
            Some(json!({
                "name": "Rita", "password": "•••", "credentials": "•••",
                "steps": [{"api_key": "•••", "text": "oi"}], "token_hint": null
            }))
        );
    }

    #[test]
    fn an_upload_is_not_kept_and_a_long_body_is_cut() {
        assert_eq!(details(b"\x00\x61\x73\x6d"), None);
        let long = json!({"text": "a".repeat(10_000)}).to_string();
        let kept = details(long.as_bytes()).unwrap();
        assert_eq!(kept.as_str().unwrap().chars().count(), DETAILS_CHARS + 1);
    }
}
