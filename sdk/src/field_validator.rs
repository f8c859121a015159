//! Field-validator plugins (P2, K5, S2): check and normalise what a user typed into a field.
//!
//! A value the user must correct is a business outcome, [`Validation::Rejected`] with a message
//! for that user; [`PluginError`] is for a validator that cannot run at all (an `options` field
//! configured without options, say).

use crate::types::{FieldValue, PluginError};

pub use crate::__bindings::field_validator::exports::atende::plugin::field_validator::{
    FieldKind, Validation, ValidationRequest,
};

/// A field validator. Export the type with
/// [`export_field_validator!`](crate::export_field_validator).
pub trait FieldValidator {
    /// Validate and normalise one field.
    fn validate(request: ValidationRequest) -> Result<Validation, PluginError>;
}

impl ValidationRequest {
    /// Whether the user left the field blank (nothing but whitespace).
    pub fn is_blank(&self) -> bool {
        self.input.trim().is_empty()
    }
}

impl Validation {
    /// A valid value, to be stored as `value`.
    pub fn valid(value: FieldValue) -> Self {
        Self::Valid(value)
    }

    /// A refusal with a message for the user.
    pub fn rejected(message: impl Into<String>) -> Self {
        Self::Rejected(message.into())
    }
}

/// Export a type implementing [`FieldValidator`] as the plugin's `atende:plugin/field-validator`
/// interface: `atende_sdk::export_field_validator!(MyValidator);` at the root of a `cdylib` crate.
#[macro_export]
macro_rules! export_field_validator {
    ($ty:ident) => {
        const _: () = {
            use $crate::__bindings::field_validator::exports::atende::plugin::field_validator::Guest;
            impl Guest for $ty {
                fn validate(
                    request: $crate::field_validator::ValidationRequest,
                ) -> ::core::result::Result<$crate::field_validator::Validation, $crate::PluginError> {
                    <$ty as $crate::field_validator::FieldValidator>::validate(request)
                }
            }
        };
        $crate::__bindings::field_validator::export!($ty with_types_in $crate::__bindings::field_validator);
    };
}

// The export macro expands the generated (unsafe) ABI glue in this test module.
#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use super::*;

    /// Accepts anything that is not blank, upper-cased.
    struct Shout;

    impl FieldValidator for Shout {
        fn validate(request: ValidationRequest) -> Result<Validation, PluginError> {
            if request.is_blank() {
                return Ok(Validation::rejected(format!("O campo {} é obrigatório.", request.label)));
            }
            Ok(Validation::valid(FieldValue::Text(request.input.to_uppercase())))
        }
    }

    crate::export_field_validator!(Shout);

    fn request(input: &str) -> ValidationRequest {
        ValidationRequest {
            key: "apelido".into(),
            label: "Apelido".into(),
            kind: FieldKind::Text,
            required: true,
            options: Vec::new(),
            input: input.into(),
        }
    }

    #[test]
    fn a_validator_is_a_plain_function() {
        assert_eq!(Shout::validate(request("ana")).unwrap(), Validation::Valid(FieldValue::Text("ANA".into())));
        assert_eq!(
            Shout::validate(request(" \t")).unwrap(),
            Validation::Rejected("O campo Apelido é obrigatório.".into())
        );
    }
}
