//! `variables`: Atende's default variable expander (P3, C8, C9).
//!
//! Rules, as agents see them in the composer and flows use them in messages:
//!
//! - A variable is `{name}` or `<name>` (the same variable); a name is letters, digits and `_`,
//!   with no spaces inside the brackets.
//! - Names match their key regardless of case (`{Nome}` and `{NOME}` are `{nome}`); when two
//!   custom fields or flow variables differ only in case, the exact spelling wins.
//! - Lookup order: system fields (`nome`, `telefone`, `email`, `data_nascimento`, `cpf`, `rg`,
//!   `codigo_cliente`, `cnpj`, `empresa`), then the contact's custom fields by key, then the flow's
//!   variables.
//! - Values are shown the Brazilian way: dates `dd/mm/aaaa`, CPF `000.000.000-00`, CNPJ
//!   `00.000.000/0000-00`, numbers with a decimal comma, booleans `Sim`/`Não`.
//! - A known field without a value becomes the empty string; an unknown name is left exactly as
//!   typed (so `<b>` or `{ok}` in ordinary text survive).
//! - An image field (`{foto}`) attaches its image to the message and disappears from the text,
//!   which is then trimmed; the same image is attached once however often it is named.
//!
//! The logic is plain Rust in the modules below; this file only exports it.

mod expand;
mod format;
mod lookup;
mod placeholder;

use atende_sdk::{Expansion, ExpansionRequest, PluginError, VariableExpander};

/// The exported plugin.
struct Variables;

impl VariableExpander for Variables {
    fn expand(request: ExpansionRequest) -> Result<Expansion, PluginError> {
        Ok(expand::expand(&request))
    }
}

atende_sdk::export_variable_expander!(Variables);
