//! Which contacts a list, an export or a broadcast's audience holds (A6, A7): search by name or
//! phone, tag, company (CNPJ), campaign, "Bloqueado?" (S17), the broadcast switch (S5) and a custom field's
//! value — one WHERE clause for all of them, so what the admin counted is what is sent or
//! exported. Pages are read by keyset on (name, id), whose cursor is opaque to clients.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::Arg;
use super::like::{self, ESCAPE};
use super::tx::Dialect;

/// A filter on the account's contacts; every part is optional and they all apply.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct ContactFilter {
    /// Part of the name, or of the phone when it has no letters.
    #[serde(default)]
    pub search: Option<String>,
    /// The "Bloqueado?" column (S17).
    #[serde(default)]
    pub blocked: Option<bool>,
    /// Contacts with this tag.
    #[serde(default)]
    pub tag_id: Option<i64>,
    /// Contacts of the company with this CNPJ (digits).
    #[serde(default)]
    pub cnpj: Option<String>,
    /// Contacts who came from this campaign.
    #[serde(default)]
    pub campaign: Option<String>,
    /// The broadcast switch (S5).
    #[serde(default)]
    pub receives_broadcasts: Option<bool>,
    /// A custom field's key, with `field_value`: contacts whose value contains it (no value:
    /// contacts that have the field filled in).
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub field_value: Option<String>,
}

fn blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl ContactFilter {
    /// The conditions on `ct` (the contacts table) after `ct.account_id = $1`, binding their
    /// values after those already in `args`.
    pub(super) fn clauses(&self, dialect: Dialect, args: &mut Vec<Arg>) -> Vec<String> {
        let mut bind = |value: Arg| {
            args.push(value);
            format!("${}", args.len())
        };
        let mut clauses = vec!["ct.account_id = $1".to_string()];
        if let Some(search) = blank(&self.search) {
            let name = bind(format!("%{}%", like::literal(&search.to_lowercase())).into());
            let digits: String = search.chars().filter(char::is_ascii_digit).collect();
            // A term with letters is a name; digits alone (with spaces, +, - …) are also a phone.
            let phone = if digits.is_empty() || search.chars().any(char::is_alphabetic) {
                String::new()
            } else {
                format!(" OR ct.phone LIKE {} {ESCAPE}", bind(format!("%{digits}%").into()))
            };
            clauses.push(format!("(LOWER(ct.name) LIKE {name} {ESCAPE}{phone})"));
        }
        if let Some(blocked) = self.blocked {
            clauses.push(format!("ct.blocked = {}", bind(blocked.into())));
        }
        if let Some(tag) = self.tag_id {
            let p = bind(tag.into());
            clauses
                .push(format!("EXISTS (SELECT 1 FROM contact_tags t WHERE t.contact_id = ct.id AND t.tag_id = {p})"));
        }
        if let Some(cnpj) = blank(&self.cnpj) {
            let digits: String = cnpj.chars().filter(char::is_ascii_digit).collect();
            clauses.push(format!("ct.cnpj = {}", bind(digits.into())));
        }
        if let Some(campaign) = blank(&self.campaign) {
            clauses.push(format!("ct.campaign = {}", bind(campaign.into())));
        }
        if let Some(receives) = self.receives_broadcasts {
            clauses.push(format!("ct.receives_broadcasts = {}", bind(receives.into())));
        }
        if let Some(key) = blank(&self.field) {
            let value = match dialect {
                Dialect::Sqlite => {
                    let path = bind(format!("$.\"{}\"", key.replace('"', "")).into());
                    format!("CAST(json_extract(ct.custom_fields, {path}) AS TEXT)")
                }
                Dialect::Postgres => format!("(ct.custom_fields::jsonb ->> {})", bind(key.into())),
            };
            match blank(&self.field_value) {
                Some(wanted) => {
                    let p = bind(format!("%{}%", like::literal(&wanted.to_lowercase())).into());
                    clauses.push(format!("LOWER({value}) LIKE {p} {ESCAPE}"));
                }
                None => clauses.push(format!("{value} IS NOT NULL AND {value} <> ''")),
            }
        }
        clauses
    }
}

/// Where a page of the (name, id)-ordered list continues.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cursor {
    pub name: String,
    pub id: i64,
}

impl Cursor {
    /// The cursor as clients carry it.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&(&self.name, self.id)).unwrap_or_default())
    }

    /// A cursor a client sent back; `None` when it is not one of ours.
    pub fn decode(text: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
        let (name, id): (String, i64) = serde_json::from_slice(&bytes).ok()?;
        Some(Cursor { name, id })
    }

    /// The condition "after this cursor", binding its values.
    pub(super) fn clause(&self, args: &mut Vec<Arg>) -> String {
        args.push(self.name.clone().into());
        let name = args.len();
        args.push(self.id.into());
        format!("(ct.name > ${name} OR (ct.name = ${name} AND ct.id > ${}))", args.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_garbage_is_not_a_cursor() {
        let cursor = Cursor { name: "Ana \"Zé\"".into(), id: 42 };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("not a cursor!"), None);
        assert_eq!(Cursor::decode(&URL_SAFE_NO_PAD.encode(b"[1,2]")), None);
    }

    #[test]
    fn each_filter_part_adds_its_condition_and_binds_its_value() {
        let filter = ContactFilter {
            search: Some(" 50%  ".into()),
            blocked: Some(false),
            tag_id: Some(7),
            cnpj: None,
            campaign: Some("  ".into()),
            receives_broadcasts: Some(true),
            field: Some("plano".into()),
            field_value: Some("Ouro".into()),
        };
        let mut args: Vec<Arg> = vec![1i64.into()];
        let clauses = filter.clauses(Dialect::Sqlite, &mut args);
        // Account, search (name + digits), blocked, tag, switch, field path + value; a blank
        // campaign filters nothing.
        assert_eq!(clauses.len(), 6, "{clauses:?}");
        assert_eq!(args.len(), 8);
        assert!(clauses[1].contains("ct.phone LIKE $3"));
        assert!(matches!(&args[1], Arg::Text(t) if t == "%50\\%%"));
        assert!(clauses[5].contains("json_extract(ct.custom_fields, $7)"));
        let pg = filter.clauses(Dialect::Postgres, &mut vec![1i64.into()]);
        assert!(pg[5].contains("custom_fields::jsonb ->> $7"), "{}", pg[5]);
    }
}
