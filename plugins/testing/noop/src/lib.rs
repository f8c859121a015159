//! `noop`: a variable expander that returns its input text unchanged and does nothing else: the
//! floor that plugin-call benchmarks measure against.

use atende_sdk::{Expansion, ExpansionRequest, PluginError, VariableExpander};

/// The exported plugin.
struct Noop;

impl VariableExpander for Noop {
    fn expand(request: ExpansionRequest) -> Result<Expansion, PluginError> {
        Ok(Expansion::text(request.text))
    }
}

atende_sdk::export_variable_expander!(Noop);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::contact;

    #[test]
    fn expand_returns_the_text_as_it_came() {
        let request = ExpansionRequest { text: "Olá {nome}".into(), contact: contact("Ana"), variables: Vec::new() };
        assert_eq!(Noop::expand(request).unwrap(), Expansion::text("Olá {nome}"));
    }
}
