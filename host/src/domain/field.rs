//! Contact fields as the application sees them: the types of custom fields (A4), the kinds of
//! value the field validator checks (P2), a checked value, and how values are stored (text for
//! the contact's own columns, JSON for custom fields) and read back. The plugin contract has
//! its own copies of these types; `plugins` converts at its boundary.

use serde_json::{Value, json};

crate::vocabulary! {
    /// Type of a custom field.
    pub enum CustomFieldKind {
        Text = "text",
        Number = "number",
        /// Typed `dd/mm/aaaa`, stored `aaaa-mm-dd`.
        Date = "date",
        Boolean = "boolean",
        /// One of the field's options.
        List = "list",
        /// A stored image, sent by `{key}` in the composer (C9).
        Image = "image",
    }
}

/// What kind of value a field takes, as the validator checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    /// Typed `dd/mm/aaaa`.
    Date,
    Boolean,
    /// One of the field's options.
    Options,
    Cpf,
    Cnpj,
    Email,
}

impl FieldKind {
    /// The validator's kind for a custom field's type; `None` for images, which are uploaded.
    pub fn of_custom(kind: CustomFieldKind) -> Option<FieldKind> {
        Some(match kind {
            CustomFieldKind::Text => FieldKind::Text,
            CustomFieldKind::Number => FieldKind::Number,
            CustomFieldKind::Date => FieldKind::Date,
            CustomFieldKind::Boolean => FieldKind::Boolean,
            CustomFieldKind::List => FieldKind::Options,
            CustomFieldKind::Image => return None,
        })
    }
}

/// A field to check.
#[derive(Debug, Clone)]
pub struct FieldSpec<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub kind: FieldKind,
    pub required: bool,
    pub options: &'a [String],
}

/// A stored picture: the host's media row and its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub media_id: i64,
    pub mime_type: String,
}

/// A field's value, checked and normalised.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Empty,
    /// Free text (also CPF, CNPJ and e-mail after normalisation).
    Text(String),
    Number(f64),
    /// `aaaa-mm-dd`.
    Date(String),
    Boolean(bool),
    /// The chosen option of a list field.
    ListItem(String),
    Image(ImageRef),
}

impl FieldValue {
    /// What is stored without a validator: the trimmed text, refused only when a required
    /// field is blank (K5 is the product's rule, not the plugin's).
    pub fn as_typed(field: &FieldSpec<'_>, input: &str) -> Result<FieldValue, String> {
        match input.trim() {
            "" if field.required => Err(format!("O campo {} é obrigatório.", field.label)),
            "" => Ok(FieldValue::Empty),
            typed => Ok(FieldValue::Text(typed.to_string())),
        }
    }

    /// The text a value is stored as in the contact's own columns: digits for CPF/CNPJ,
    /// `aaaa-mm-dd` for dates, the option for lists; `None` for an empty value.
    pub fn stored_text(&self) -> Option<String> {
        match self {
            FieldValue::Empty => None,
            FieldValue::Text(text) | FieldValue::Date(text) | FieldValue::ListItem(text) => Some(text.clone()),
            FieldValue::Number(number) => Some(number.to_string()),
            FieldValue::Boolean(yes) => Some(if *yes { "true" } else { "false" }.to_string()),
            FieldValue::Image(image) => Some(image.media_id.to_string()),
        }
    }

    /// A custom field's value as stored JSON, as the contact view shows it.
    pub fn stored_json(&self) -> Value {
        match self {
            FieldValue::Empty => Value::Null,
            FieldValue::Number(number) => json!(number),
            FieldValue::Boolean(yes) => json!(yes),
            FieldValue::Image(image) => json!({ "media_id": image.media_id, "mime_type": image.mime_type }),
            other => other.stored_text().map(Value::String).unwrap_or_default(),
        }
    }

    /// A stored custom value read back by its field's kind: the inverse of
    /// [`FieldValue::stored_json`]; an image field's value is the uploaded picture
    /// (`{"media_id", "mime_type"}`). `None` when nothing usable is stored.
    pub fn from_stored(kind: CustomFieldKind, stored: &Value) -> Option<FieldValue> {
        Some(match (kind, stored) {
            (_, Value::Null) => return None,
            (CustomFieldKind::Number, Value::Number(n)) => FieldValue::Number(n.as_f64()?),
            (CustomFieldKind::Boolean, Value::Bool(yes)) => FieldValue::Boolean(*yes),
            (CustomFieldKind::Date, Value::String(date)) => FieldValue::Date(date.clone()),
            (CustomFieldKind::List, Value::String(item)) => FieldValue::ListItem(item.clone()),
            (CustomFieldKind::Image, Value::Object(image)) => FieldValue::Image(ImageRef {
                media_id: image.get("media_id")?.as_i64()?,
                mime_type: image.get("mime_type")?.as_str()?.to_string(),
            }),
            (CustomFieldKind::Image, _) => return None,
            (_, Value::String(text)) => FieldValue::Text(text.clone()),
            (_, other) => FieldValue::Text(other.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_stored_in_their_normal_form() {
        assert_eq!(FieldValue::Empty.stored_text(), None);
        assert_eq!(FieldValue::Date("1990-09-07".into()).stored_text().as_deref(), Some("1990-09-07"));
        assert_eq!(FieldValue::Boolean(true).stored_text().as_deref(), Some("true"));
        assert_eq!(FieldValue::Number(1234.5).stored_json(), json!(1234.5));
        assert_eq!(FieldValue::ListItem("Ouro".into()).stored_json(), json!("Ouro"));
        assert_eq!(FieldValue::Empty.stored_json(), Value::Null);
    }

    #[test]
    fn without_the_validator_a_required_field_is_still_required() {
        let options = [];
        let spec =
            |required| FieldSpec { key: "motivo", label: "Motivo", kind: FieldKind::Text, required, options: &options };
        assert_eq!(FieldValue::as_typed(&spec(true), "  ").unwrap_err(), "O campo Motivo é obrigatório.");
        assert_eq!(FieldValue::as_typed(&spec(false), " "), Ok(FieldValue::Empty));
        assert_eq!(FieldValue::as_typed(&spec(true), " Sumiu "), Ok(FieldValue::Text("Sumiu".into())));
    }

    #[test]
    fn stored_values_read_back_by_their_kind() {
        let back = |kind, value: Value| FieldValue::from_stored(kind, &value);
        assert_eq!(back(CustomFieldKind::Number, json!(7.5)), Some(FieldValue::Number(7.5)));
        assert_eq!(back(CustomFieldKind::Boolean, json!(true)), Some(FieldValue::Boolean(true)));
        assert_eq!(back(CustomFieldKind::Date, json!("1990-09-07")), Some(FieldValue::Date("1990-09-07".into())));
        assert_eq!(back(CustomFieldKind::List, json!("Ouro")), Some(FieldValue::ListItem("Ouro".into())));
        assert_eq!(
            back(CustomFieldKind::Text, json!("cliente antigo")),
            Some(FieldValue::Text("cliente antigo".into()))
        );
        let photo =
            back(CustomFieldKind::Image, json!({"media_id": 12, "mime_type": "image/png", "file_name": "eu.png"}));
        assert_eq!(photo, Some(FieldValue::Image(ImageRef { media_id: 12, mime_type: "image/png".into() })));
        assert_eq!(back(CustomFieldKind::Image, json!("12")), None, "an image field holds an upload, not text");
        assert_eq!(back(CustomFieldKind::Text, Value::Null), None);
    }

    #[test]
    fn only_images_skip_the_validator() {
        assert_eq!(FieldKind::of_custom(CustomFieldKind::List), Some(FieldKind::Options));
        assert_eq!(FieldKind::of_custom(CustomFieldKind::Image), None);
    }
}
