//! `flood`: a variable expander that returns 10 MB of text, far above any output cap. The host
//! must refuse the output (or trap on memory) and stay up.

use atende_sdk::{Expansion, ExpansionRequest, PluginError, VariableExpander};

/// Bytes of text returned: 10 MB.
const FLOOD_BYTES: usize = 10 * 1024 * 1024;

/// The exported plugin.
struct Flood;

impl VariableExpander for Flood {
    fn expand(_request: ExpansionRequest) -> Result<Expansion, PluginError> {
        Ok(Expansion::text("x".repeat(FLOOD_BYTES)))
    }
}

atende_sdk::export_variable_expander!(Flood);

#[cfg(test)]
mod tests {
    use super::*;
    use atende_sdk::testing::contact;

    #[test]
    fn expand_returns_ten_megabytes() {
        let request = ExpansionRequest { text: "{nome}".into(), contact: contact("Ana"), variables: Vec::new() };
        let expansion = Flood::expand(request).unwrap();
        assert_eq!(expansion.text.len(), 10 * 1024 * 1024);
        assert!(expansion.images.is_empty());
    }
}
