//! Pure business rules: no database, HTTP or wasm types live here, only values and functions
//! that the store, the HTTP layer and (later) the flow engine call. Times are Unix epoch
//! milliseconds ([`Millis`]); "now" is always an argument, read by the caller from its
//! [`crate::clock::Clock`].

pub mod access;
pub mod account;
pub mod appointment;
pub mod assignment;
pub mod audit;
pub mod broadcast;
pub mod closing;
pub mod contact;
pub mod contact_import;
pub mod content;
pub mod conversation;
pub mod dashboard;
pub mod data_rights;
pub mod delivery;
pub mod event;
pub mod field;
pub mod flow;
pub mod jobs;
pub mod media_library;
pub mod message;
pub mod new_chat;
pub mod notification;
pub mod password;
pub mod plugin;
pub mod protocol;
pub mod push;
pub mod quick_reply;
pub mod routing;
pub mod scheduled_message;
pub mod spreadsheet;
pub mod support_code;
pub mod timer;
pub mod views;
pub mod window;

/// A point in time as Unix epoch milliseconds.
pub type Millis = i64;

/// A text enum stored as a string in the database and sent as a string in JSON.
/// Implemented by the small closed vocabularies of the domain (roles, states, kinds …).
pub trait Vocabulary: Sized + Copy + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The stored / wire spelling.
    fn as_str(self) -> &'static str;
    /// Parse the stored / wire spelling.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }
}

/// Declares a [`Vocabulary`] enum with serde, OpenAPI schema and string conversions. The
/// schema is written by hand: utoipa's derive does not see serde renames made inside a macro.
#[macro_export]
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }
        impl $crate::domain::Vocabulary for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($text),+]))
                    .into()
            }
        }
        impl utoipa::ToSchema for $name {}
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::domain::Vocabulary::as_str(*self))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Vocabulary;
    use super::message::AuthorKind;

    #[test]
    fn vocabulary_schema_lists_exactly_the_wire_spellings() {
        let schema = serde_json::to_value(<AuthorKind as utoipa::PartialSchema>::schema()).unwrap();
        let listed: Vec<&str> = schema["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let wire: Vec<String> =
            AuthorKind::ALL.iter().map(|k| serde_json::to_value(k).unwrap().as_str().unwrap().to_string()).collect();
        assert_eq!(listed, wire);
        assert!(listed.contains(&"business_app"));
        assert_eq!(AuthorKind::parse("business_app"), Some(AuthorKind::BusinessApp));
    }
}
