//! `closing-fields`: Atende's default field validator (P2, K5, S2).
//!
//! Checks what an agent typed into a closing custom field or a contact's data and returns the
//! value to store, normalised, or a Portuguese message naming the field:
//!
//! | Kind | Accepts | Stores |
//! |---|---|---|
//! | `text` | anything | the text, trimmed |
//! | `number` | `1.234,56`, `1234,56`, `1234.56`, `-3` | a number |
//! | `date` | `dd/mm/aaaa` (also `d/m/aaaa`, `-` or `.` separators, `aaaa-mm-dd`), real dates only | `aaaa-mm-dd` |
//! | `boolean` | sim/não, s/n, true/false, verdadeiro/falso, 1/0 | a boolean |
//! | `options` | one of the options, in any case | the option as configured |
//! | `cpf` | 11 digits with or without punctuation, valid check digits | the digits |
//! | `cnpj` | 14 characters with or without punctuation, valid check digits (alphanumeric too) | digits and capital letters |
//! | `email` | `nome@dominio.tld` | the address, domain in lower case |
//!
//! A blank optional field is valid and empty (the closing dialog then offers "Excluir valor
//! atual"); a blank required field is refused with "O campo X é obrigatório.".

mod boolean;
mod date;
mod documents;
mod email;
mod number;
mod options;
mod validate;

use atende_sdk::{FieldValidator, PluginError, Validation, ValidationRequest};

/// The exported plugin.
struct ClosingFields;

impl FieldValidator for ClosingFields {
    fn validate(request: ValidationRequest) -> Result<Validation, PluginError> {
        validate::validate(&request)
    }
}

atende_sdk::export_field_validator!(ClosingFields);
