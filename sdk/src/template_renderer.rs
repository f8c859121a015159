//! Template-renderer plugins (P4, C7, C14): fill a Meta template's parameters and render the
//! preview the agent sees and the history keeps.

use crate::types::PluginError;

pub use crate::__bindings::template_renderer::exports::atende::plugin::template_renderer::{RenderRequest, Rendered};

/// A template renderer. Export the type with
/// [`export_template_renderer!`](crate::export_template_renderer).
pub trait TemplateRenderer {
    /// Render a template, or say which parameter is missing or extra
    /// ([`PluginError::InvalidInput`]).
    fn render(request: RenderRequest) -> Result<Rendered, PluginError>;
}

/// Export a type implementing [`TemplateRenderer`] as the plugin's
/// `atende:plugin/template-renderer` interface:
/// `atende_sdk::export_template_renderer!(MyRenderer);` at the root of a `cdylib` crate.
#[macro_export]
macro_rules! export_template_renderer {
    ($ty:ident) => {
        const _: () = {
            use $crate::__bindings::template_renderer::exports::atende::plugin::template_renderer::Guest;
            impl Guest for $ty {
                fn render(
                    request: $crate::template_renderer::RenderRequest,
                ) -> ::core::result::Result<$crate::template_renderer::Rendered, $crate::PluginError> {
                    <$ty as $crate::template_renderer::TemplateRenderer>::render(request)
                }
            }
        };
        $crate::__bindings::template_renderer::export!($ty with_types_in $crate::__bindings::template_renderer);
    };
}

// The export macro expands the generated (unsafe) ABI glue in this test module.
#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use super::*;

    /// Renders nothing: every template is unsupported.
    struct Nothing;

    impl TemplateRenderer for Nothing {
        fn render(_request: RenderRequest) -> Result<Rendered, PluginError> {
            Err(PluginError::Unsupported("nada".into()))
        }
    }

    crate::export_template_renderer!(Nothing);

    #[test]
    fn a_renderer_is_a_plain_function() {
        let request = RenderRequest { components: "[]".into(), positional: Vec::new(), named: Vec::new() };
        assert_eq!(Nothing::render(request).unwrap_err().message(), "nada");
    }
}
