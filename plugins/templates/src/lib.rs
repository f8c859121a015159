//! `templates`: Atende's default template renderer (P4, C7, C14).
//!
//! Input: a template's `components` as Meta lists them (`HEADER` with format `TEXT`, `IMAGE`,
//! `VIDEO` or `DOCUMENT`; `BODY`; `FOOTER`; `BUTTONS` with `QUICK_REPLY`, `URL`, `PHONE_NUMBER`,
//! `COPY_CODE` …; type names in any case), and the values for its parameters.
//!
//! - `{{1}}`, `{{2}}` … take the positional values **in the order the contact reads them**: the
//!   header's, then the body's, then each button's (a URL's `{{1}}`, a copy-code button's code),
//!   each component numbering from `{{1}}` as Meta does. So a header `{{1}}` and a body `{{1}}`,
//!   `{{2}}` take three values.
//! - `{{nome}}` takes the named value `nome`, wherever it appears.
//! - A missing, extra or empty value is refused with [`PluginError::InvalidInput`] and a message
//!   naming each one ("Falta o parâmetro {{2}} do corpo …").
//! - A media header is sent with the template's own example media (`example.header_handle`), the
//!   one Meta approved; the preview, like the history (C14), keeps only the text.
//!
//! Output: the preview (header, body and footer separated by blank lines, then one `[Botão]` line
//! per button) and the `components` array of Meta's send request.
//!
//! A small parser rather than `handlebars`: Meta's `{{1}}` is not Handlebars, and the plugin must
//! stay small.

mod bind;
mod placeholders;
mod render;
mod template;

use atende_sdk::{PluginError, RenderRequest, Rendered, TemplateRenderer};

/// The exported plugin.
struct Templates;

impl TemplateRenderer for Templates {
    fn render(request: RenderRequest) -> Result<Rendered, PluginError> {
        let template = template::parse(&request.components)?;
        let values = bind::bind(&template, &request)?;
        Ok(Rendered {
            preview: render::preview(&template, &values),
            send_components: render::send_components(&template, &values).to_string(),
        })
    }
}

atende_sdk::export_template_renderer!(Templates);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_returns_the_preview_and_the_send_components_as_json_text() {
        let request = RenderRequest {
            components: r#"[{"type": "BODY", "text": "Olá {{1}}"}]"#.into(),
            positional: vec!["Ana".into()],
            named: Vec::new(),
        };
        let rendered = Templates::render(request).unwrap();
        assert_eq!(rendered.preview, "Olá Ana");
        let sent: serde_json::Value = serde_json::from_str(&rendered.send_components).unwrap();
        assert_eq!(sent, serde_json::json!([{"type": "body", "parameters": [{"type": "text", "text": "Ana"}]}]));
    }

    #[test]
    fn render_refuses_a_wrong_parameter_count() {
        let request = RenderRequest {
            components: r#"[{"type": "BODY", "text": "Olá"}]"#.into(),
            positional: vec!["x".into()],
            named: Vec::new(),
        };
        assert!(matches!(Templates::render(request), Err(PluginError::InvalidInput(_))));
    }
}
