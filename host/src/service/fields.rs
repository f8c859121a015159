//! Field validation through the account's field-validator plugin (P2): contact data edited in
//! "Editar dados" (S2, S3), custom fields and closing fields (K5) are all checked and
//! normalised by the shipped `closing-fields` plugin (CPF and CNPJ check digits, e-mail,
//! dd/mm/aaaa dates, numbers, options), whose Portuguese messages reach the agent as they are.
//!
//! An account that switched the plugin off stores what was typed, trimmed; a required field
//! is still required then (K5 is the product's rule, not the plugin's).

use std::sync::Arc;

use super::{App, Error, Result};
use crate::domain::field::{FieldSpec, FieldValue};
use crate::plugins::{LoadedPlugin, PluginFailure};

/// Name of the shipped validator of contact data and closing fields.
pub const VALIDATOR: &str = "closing-fields";

fn unavailable(why: impl std::fmt::Display) -> Error {
    Error::PluginUnavailable(format!("Não foi possível validar o campo: {why}"))
}

/// The account's field validator as resolved once, for many fields in a row (an import's rows);
/// `None` when the account switched it off.
pub struct Validator(Option<Arc<LoadedPlugin>>);

impl App {
    /// The account's field validator, resolved now.
    pub async fn field_validator(&self, account_id: i64) -> Result<Validator> {
        Ok(Validator(self.plugins.resolve(&self.store, account_id, VALIDATOR).await.map_err(unavailable)?))
    }

    /// Validate and normalise `input` for `field` of `account_id`.
    pub async fn validate_field(&self, account_id: i64, field: &FieldSpec<'_>, input: &str) -> Result<FieldValue> {
        let validator = self.field_validator(account_id).await?;
        self.validate_with(&validator, field, input).await
    }

    /// Validate and normalise `input` for `field` with a validator resolved before.
    pub async fn validate_with(&self, validator: &Validator, field: &FieldSpec<'_>, input: &str) -> Result<FieldValue> {
        let Some(validator) = &validator.0 else {
            return FieldValue::as_typed(field, input).map_err(Error::Invalid);
        };
        match self.plugins.validate_field(validator, field, input).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(refusal)) => Err(Error::Invalid(refusal)),
            // A plugin that says it cannot take the input has a message for the user.
            Err(PluginFailure::Plugin(message)) => Err(Error::Invalid(message)),
            Err(other) => Err(unavailable(other)),
        }
    }
}
