//! The types every plugin kind shares (WIT interface `atende:plugin/types`), with a few helpers.

pub use crate::__bindings::flow_step::atende::plugin::types::{
    Contact, Conversation, CustomField, FieldValue, ImageRef, Named, PluginError, Variable,
};

impl Contact {
    /// The value of the custom field `key`, if the host listed it (exact key match).
    pub fn custom_field(&self, key: &str) -> Option<&FieldValue> {
        self.custom_fields.iter().find(|field| field.key == key).map(|field| &field.value)
    }
}

impl Variable {
    /// A variable named `name` holding `value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self { name: name.into(), value: value.into() }
    }
}

impl PluginError {
    /// The message the error carries, whatever its case.
    pub fn message(&self) -> &str {
        match self {
            Self::InvalidConfig(message)
            | Self::InvalidInput(message)
            | Self::Unsupported(message)
            | Self::Internal(message) => message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::contact;

    #[test]
    fn custom_fields_are_found_by_exact_key() {
        let mut maria = contact("Maria");
        maria.custom_fields.push(CustomField { key: "plano".into(), value: FieldValue::ListItem("Ouro".into()) });
        assert_eq!(maria.custom_field("plano"), Some(&FieldValue::ListItem("Ouro".into())));
        assert_eq!(maria.custom_field("Plano"), None);
    }
}
