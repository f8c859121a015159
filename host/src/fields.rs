//! Field validation through the account's field-validator plugin (P2): contact data edited in
//! "Editar dados" (S2, S3), custom fields and closing fields (K5) are all checked and
//! normalised by the shipped `closing-fields` plugin (CPF and CNPJ check digits, e-mail,
//! dd/mm/aaaa dates, numbers, options), whose Portuguese messages reach the agent as they are.
//!
//! An account that switched the plugin off stores what was typed, trimmed; a required field
//! is still required then (K5 is the product's rule, not the plugin's).

use crate::plugins::PluginFailure;
use crate::plugins::Plugins;
use crate::plugins::bindings::field_validator::{FieldKind, Validation, ValidationRequest};
use crate::plugins::bindings::types::{FieldValue, ImageRef};
use crate::plugins::registry::ResolveError;
use crate::store::Store;
use crate::store::views::CustomFieldKind;

/// Name of the shipped validator of contact data and closing fields.
pub const VALIDATOR: &str = "closing-fields";

/// A field to check.
#[derive(Debug, Clone)]
pub struct FieldSpec<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub kind: FieldKind,
    pub required: bool,
    pub options: &'a [String],
}

/// Why a value was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum FieldError {
    /// The value is wrong; the message says why, for the agent.
    #[error("{0}")]
    Rejected(String),
    /// The validator could not run.
    #[error("não foi possível validar o campo: {0}")]
    Unavailable(String),
}

impl From<ResolveError> for FieldError {
    fn from(err: ResolveError) -> Self {
        FieldError::Unavailable(err.to_string())
    }
}

impl From<PluginFailure> for FieldError {
    fn from(err: PluginFailure) -> Self {
        match err {
            // A plugin that says it cannot take the input has a message for the user.
            PluginFailure::Plugin(message) => FieldError::Rejected(message),
            other => FieldError::Unavailable(other.to_string()),
        }
    }
}

/// Validate and normalise `input` for `field` of `account_id`.
pub async fn validate(
    plugins: &Plugins,
    store: &Store,
    account_id: i64,
    field: FieldSpec<'_>,
    input: &str,
) -> Result<FieldValue, FieldError> {
    let Some(validator) = plugins.resolve(store, account_id, VALIDATOR).await? else {
        return as_typed(&field, input);
    };
    let request = ValidationRequest {
        key: field.key.to_string(),
        label: field.label.to_string(),
        kind: field.kind,
        required: field.required,
        options: field.options.to_vec(),
        input: input.to_string(),
    };
    match plugins.runtime.validate(&validator, request).await? {
        Validation::Valid(value) => Ok(value),
        Validation::Rejected(message) => Err(FieldError::Rejected(message)),
    }
}

/// What is stored without a validator: the trimmed text, refused only when a required field
/// is blank.
fn as_typed(field: &FieldSpec<'_>, input: &str) -> Result<FieldValue, FieldError> {
    match input.trim() {
        "" if field.required => Err(FieldError::Rejected(format!("O campo {} é obrigatório.", field.label))),
        "" => Ok(FieldValue::Empty),
        typed => Ok(FieldValue::Text(typed.to_string())),
    }
}

/// The validator's kind for a custom field's type; `None` for images, which are uploaded.
pub fn validator_kind(kind: CustomFieldKind) -> Option<FieldKind> {
    Some(match kind {
        CustomFieldKind::Text => FieldKind::Text,
        CustomFieldKind::Number => FieldKind::Number,
        CustomFieldKind::Date => FieldKind::Date,
        CustomFieldKind::Boolean => FieldKind::Boolean,
        CustomFieldKind::List => FieldKind::Options,
        CustomFieldKind::Image => return None,
    })
}

/// The text a value is stored as: digits for CPF/CNPJ, `aaaa-mm-dd` for dates, the option for
/// lists; `None` for an empty value.
pub fn stored_text(value: &FieldValue) -> Option<String> {
    match value {
        FieldValue::Empty => None,
        FieldValue::Text(text) | FieldValue::Date(text) | FieldValue::ListItem(text) => Some(text.clone()),
        FieldValue::Number(number) => Some(number.to_string()),
        FieldValue::Boolean(yes) => Some(if *yes { "true" } else { "false" }.to_string()),
        FieldValue::Image(image) => Some(image.media_id.clone()),
    }
}

/// A stored custom value as JSON, as the contact view and the variables plugin see it.
pub fn stored_json(value: &FieldValue) -> serde_json::Value {
    match value {
        FieldValue::Empty => serde_json::Value::Null,
        FieldValue::Number(number) => serde_json::json!(number),
        FieldValue::Boolean(yes) => serde_json::json!(yes),
        other => stored_text(other).map(serde_json::Value::String).unwrap_or_default(),
    }
}

/// A stored custom value read back as the plugins see it, by its field's kind: the inverse of
/// [`stored_json`]; an image field's value is the uploaded picture (`{"media_id", "mime_type"}`).
/// `None` when nothing usable is stored.
pub fn stored_value(kind: CustomFieldKind, stored: &serde_json::Value) -> Option<FieldValue> {
    use serde_json::Value;
    Some(match (kind, stored) {
        (_, Value::Null) => return None,
        (CustomFieldKind::Number, Value::Number(n)) => FieldValue::Number(n.as_f64()?),
        (CustomFieldKind::Boolean, Value::Bool(yes)) => FieldValue::Boolean(*yes),
        (CustomFieldKind::Date, Value::String(date)) => FieldValue::Date(date.clone()),
        (CustomFieldKind::List, Value::String(item)) => FieldValue::ListItem(item.clone()),
        (CustomFieldKind::Image, Value::Object(image)) => FieldValue::Image(ImageRef {
            media_id: image.get("media_id")?.as_i64()?.to_string(),
            mime_type: image.get("mime_type")?.as_str()?.to_string(),
        }),
        (CustomFieldKind::Image, _) => return None,
        (_, Value::String(text)) => FieldValue::Text(text.clone()),
        (_, other) => FieldValue::Text(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_stored_in_their_normal_form() {
        assert_eq!(stored_text(&FieldValue::Empty), None);
        assert_eq!(stored_text(&FieldValue::Date("1990-09-07".into())).as_deref(), Some("1990-09-07"));
        assert_eq!(stored_text(&FieldValue::Boolean(true)).as_deref(), Some("true"));
        assert_eq!(stored_json(&FieldValue::Number(1234.5)), serde_json::json!(1234.5));
        assert_eq!(stored_json(&FieldValue::ListItem("Ouro".into())), serde_json::json!("Ouro"));
        assert_eq!(stored_json(&FieldValue::Empty), serde_json::Value::Null);
    }

    #[test]
    fn without_the_validator_a_required_field_is_still_required() {
        let options = [];
        let spec =
            |required| FieldSpec { key: "motivo", label: "Motivo", kind: FieldKind::Text, required, options: &options };
        let refused = as_typed(&spec(true), "  ").unwrap_err();
        assert_eq!(refused.to_string(), "O campo Motivo é obrigatório.");
        assert!(matches!(as_typed(&spec(false), " "), Ok(FieldValue::Empty)));
        assert!(matches!(as_typed(&spec(true), " Sumiu "), Ok(FieldValue::Text(t)) if t == "Sumiu"));
    }

    #[test]
    fn stored_values_read_back_by_their_kind() {
        use serde_json::json;
        let back = |kind, value: serde_json::Value| stored_value(kind, &value);
        assert!(matches!(back(CustomFieldKind::Number, json!(7.5)), Some(FieldValue::Number(n)) if n == 7.5));
        assert!(matches!(back(CustomFieldKind::Boolean, json!(true)), Some(FieldValue::Boolean(true))));
        assert!(
            matches!(back(CustomFieldKind::Date, json!("1990-09-07")), Some(FieldValue::Date(d)) if d == "1990-09-07")
        );
        assert!(matches!(back(CustomFieldKind::List, json!("Ouro")), Some(FieldValue::ListItem(i)) if i == "Ouro"));
        assert!(
            matches!(back(CustomFieldKind::Text, json!("cliente antigo")), Some(FieldValue::Text(t)) if t == "cliente antigo")
        );
        let photo =
            back(CustomFieldKind::Image, json!({"media_id": 12, "mime_type": "image/png", "file_name": "eu.png"}));
        assert!(matches!(photo, Some(FieldValue::Image(i)) if i.media_id == "12" && i.mime_type == "image/png"));
        assert!(back(CustomFieldKind::Image, json!("12")).is_none(), "an image field holds an upload, not text");
        assert!(back(CustomFieldKind::Text, serde_json::Value::Null).is_none());
    }
}
