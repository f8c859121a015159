//! Variable-expander plugins (P3, C8, C9): replace `{nome}`-style variables in outgoing text.

use crate::types::PluginError;

pub use crate::__bindings::variable_expander::exports::atende::plugin::variable_expander::{
    Expansion, ExpansionRequest,
};

/// A variable expander. Export the type with
/// [`export_variable_expander!`](crate::export_variable_expander).
pub trait VariableExpander {
    /// Expand the variables of `request.text`.
    fn expand(request: ExpansionRequest) -> Result<Expansion, PluginError>;
}

impl Expansion {
    /// An expansion that is only text, with no image.
    pub fn text(text: impl Into<String>) -> Self {
        Self { text: text.into(), images: Vec::new() }
    }
}

/// Export a type implementing [`VariableExpander`] as the plugin's
/// `atende:plugin/variable-expander` interface:
/// `atende_sdk::export_variable_expander!(MyExpander);` at the root of a `cdylib` crate.
#[macro_export]
macro_rules! export_variable_expander {
    ($ty:ident) => {
        const _: () = {
            use $crate::__bindings::variable_expander::exports::atende::plugin::variable_expander::Guest;
            impl Guest for $ty {
                fn expand(
                    request: $crate::variable_expander::ExpansionRequest,
                ) -> ::core::result::Result<$crate::variable_expander::Expansion, $crate::PluginError> {
                    <$ty as $crate::variable_expander::VariableExpander>::expand(request)
                }
            }
        };
        $crate::__bindings::variable_expander::export!($ty with_types_in $crate::__bindings::variable_expander);
    };
}

// The export macro expands the generated (unsafe) ABI glue in this test module.
#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use super::*;
    use crate::testing::contact;

    /// Replaces `{nome}` only.
    struct Name;

    impl VariableExpander for Name {
        fn expand(request: ExpansionRequest) -> Result<Expansion, PluginError> {
            Ok(Expansion::text(request.text.replace("{nome}", &request.contact.name)))
        }
    }

    crate::export_variable_expander!(Name);

    #[test]
    fn an_expander_is_a_plain_function() {
        let request = ExpansionRequest { text: "Oi, {nome}".into(), contact: contact("Ana"), variables: Vec::new() };
        assert_eq!(Name::expand(request).unwrap(), Expansion { text: "Oi, Ana".into(), images: Vec::new() });
    }
}
