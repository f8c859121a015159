//! A Meta template's `components`, read into the parts rendering needs.

use atende_sdk::PluginError;
use serde_json::Value;

use crate::placeholders::{Param, params};

/// Highest `{{n}}` a template may use. Meta numbers parameters from `{{1}}` without gaps and a
/// body holds at most 1,024 characters, so real templates stay far below it; binding and
/// rendering make one slot per number up to the highest, so without a limit a typo or a hostile
/// `{{999999993}}` would ask for gigabytes (found by fuzzing, issue 15 part 7).
pub const MAX_POSITION: usize = 100;

/// What the renderer needs to know of a template.
#[derive(Debug, Default, PartialEq)]
pub struct Template {
    /// The header, if any.
    pub header: Option<Header>,
    /// The body text.
    pub body: Option<String>,
    /// The footer text.
    pub footer: Option<String>,
    /// The buttons, in their order (which is their send `index`).
    pub buttons: Vec<Button>,
}

/// A template header.
#[derive(Debug, PartialEq)]
pub enum Header {
    /// Text, possibly with parameters.
    Text(String),
    /// An image, video or document, sent from `link`.
    Media {
        /// `image`, `video` or `document`: the parameter type of Meta's send format.
        kind: &'static str,
        /// The template's example media, which is what gets sent.
        link: String,
    },
}

/// A template button.
#[derive(Debug, PartialEq)]
pub struct Button {
    /// Its label.
    pub text: String,
    /// What it does, as far as parameters go.
    pub kind: ButtonKind,
}

/// The kinds of buttons that matter to rendering.
#[derive(Debug, PartialEq)]
pub enum ButtonKind {
    /// Opens a URL, whose `{{1}}` (if any) is a parameter.
    Url(String),
    /// Copies a code, which is a parameter.
    CopyCode,
    /// Quick reply, phone number and the rest: no parameter.
    Plain,
}

/// Read `components`: Meta's array, or a whole template object holding one.
pub fn parse(components: &str) -> Result<Template, PluginError> {
    let json: Value = serde_json::from_str(components)
        .map_err(|e| PluginError::InvalidInput(format!("Os components do template não são um JSON válido: {e}.")))?;
    let list = match &json {
        Value::Array(list) => list,
        Value::Object(template) => template
            .get("components")
            .and_then(Value::as_array)
            .ok_or_else(|| PluginError::InvalidInput("O template não tem a lista \"components\".".into()))?,
        _ => return Err(PluginError::InvalidInput("Os components do template devem ser uma lista.".into())),
    };
    let mut template = Template::default();
    for component in list {
        let kind = upper(component, "type");
        match kind.as_str() {
            "HEADER" => template.header = Some(header(component)?),
            "BODY" => template.body = Some(text(component, "BODY")?),
            "FOOTER" => template.footer = Some(text(component, "FOOTER")?),
            "BUTTONS" => template.buttons = buttons(component)?,
            "" => return Err(PluginError::InvalidInput("Um componente do template não tem \"type\".".into())),
            other => {
                return Err(PluginError::Unsupported(format!("Componente de template não suportado: {other}.")));
            }
        }
    }
    check_positions(&template)?;
    Ok(template)
}

/// Refuse a `{{n}}` above [`MAX_POSITION`] in the texts whose parameters are numbered: the
/// header's, the body's and the URL buttons'.
fn check_positions(template: &Template) -> Result<(), PluginError> {
    let header = match &template.header {
        Some(Header::Text(text)) => Some(("do cabeçalho", text.as_str())),
        _ => None,
    };
    let body = template.body.as_deref().map(|text| ("do corpo", text));
    let urls = template.buttons.iter().filter_map(|button| match &button.kind {
        ButtonKind::Url(url) => Some(("da URL de um botão", url.as_str())),
        _ => None,
    });
    for (place, text) in header.into_iter().chain(body).chain(urls) {
        for param in params(text) {
            if let Param::Positional(n) = param
                && n > MAX_POSITION
            {
                return Err(PluginError::InvalidInput(format!(
                    "O parâmetro {{{{{n}}}}} {place} passa do maior aceito, {{{{{MAX_POSITION}}}}}."
                )));
            }
        }
    }
    Ok(())
}

fn header(component: &Value) -> Result<Header, PluginError> {
    let format = upper(component, "format");
    let kind = match format.as_str() {
        "" | "TEXT" => return Ok(Header::Text(text(component, "HEADER")?)),
        "IMAGE" => "image",
        "VIDEO" => "video",
        "DOCUMENT" => "document",
        other => {
            return Err(PluginError::Unsupported(format!("Cabeçalho de template não suportado: {other}.")));
        }
    };
    let link = component
        .pointer("/example/header_handle/0")
        .and_then(Value::as_str)
        .filter(|link| link.starts_with("https://") || link.starts_with("http://"))
        .ok_or_else(|| {
            PluginError::InvalidInput(format!(
                "O cabeçalho do template é {format}, mas o template não traz o link da mídia de exemplo \
                 (example.header_handle) para enviar."
            ))
        })?;
    Ok(Header::Media { kind, link: link.to_owned() })
}

fn buttons(component: &Value) -> Result<Vec<Button>, PluginError> {
    let Some(list) = component.get("buttons").and_then(Value::as_array) else {
        return Err(PluginError::InvalidInput("O componente BUTTONS não tem a lista \"buttons\".".into()));
    };
    Ok(list
        .iter()
        .map(|button| {
            let text = button.get("text").and_then(Value::as_str).unwrap_or_default().to_owned();
            let kind = match upper(button, "type").as_str() {
                "URL" => ButtonKind::Url(button.get("url").and_then(Value::as_str).unwrap_or_default().to_owned()),
                "COPY_CODE" => ButtonKind::CopyCode,
                _ => ButtonKind::Plain,
            };
            Button { text, kind }
        })
        .collect())
}

fn text(component: &Value, name: &str) -> Result<String, PluginError> {
    component
        .get("text")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| PluginError::InvalidInput(format!("O componente {name} do template não tem \"text\".")))
}

/// A string member in upper case (Meta lists `HEADER`, its create API takes `header`).
fn upper(object: &Value, key: &str) -> String {
    object.get(key).and_then(Value::as_str).unwrap_or_default().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_component_kind_is_read() {
        let template = parse(
            r#"[
                {"type": "HEADER", "format": "TEXT", "text": "Oi {{1}}"},
                {"type": "BODY", "text": "Corpo"},
                {"type": "FOOTER", "text": "Rodapé"},
                {"type": "BUTTONS", "buttons": [
                    {"type": "URL", "text": "Ver", "url": "https://x.com/{{1}}"},
                    {"type": "QUICK_REPLY", "text": "Sair"},
                    {"type": "PHONE_NUMBER", "text": "Ligar", "phone_number": "+5521999998888"},
                    {"type": "COPY_CODE", "example": "CUPOM10"}
                ]}
            ]"#,
        )
        .unwrap();
        assert_eq!(template.header, Some(Header::Text("Oi {{1}}".into())));
        assert_eq!(template.body.as_deref(), Some("Corpo"));
        assert_eq!(template.footer.as_deref(), Some("Rodapé"));
        let kinds: Vec<_> = template.buttons.iter().map(|b| &b.kind).collect();
        assert_eq!(
            kinds,
            [
                &ButtonKind::Url("https://x.com/{{1}}".into()),
                &ButtonKind::Plain,
                &ButtonKind::Plain,
                &ButtonKind::CopyCode
            ]
        );
    }

    #[test]
    fn lower_case_types_and_a_whole_template_object_are_accepted() {
        let template = parse(r#"{"name": "t", "components": [{"type": "body", "text": "Oi"}]}"#).unwrap();
        assert_eq!(template.body.as_deref(), Some("Oi"));
    }

    #[test]
    fn a_media_header_is_sent_from_its_example() {
        let template = parse(
            r#"[{"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["https://scontent.whatsapp.net/v/t61"]}}]"#,
        )
        .unwrap();
        assert_eq!(
            template.header,
            Some(Header::Media { kind: "image", link: "https://scontent.whatsapp.net/v/t61".into() })
        );

        let error =
            parse(r#"[{"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::aW"]}}]"#).unwrap_err();
        assert!(
            matches!(&error, PluginError::InvalidInput(m) if m.contains("IMAGE") && m.contains("header_handle")),
            "{error:?}"
        );
    }

    #[test]
    fn a_parameter_number_past_the_limit_is_refused_not_allocated() {
        // The input fuzzing found (trimmed): binding made one slot per number up to 999999993.
        let huge = r#"[{"type": "BODY", "text": "Olá {{4}}, chega {{999999993}}."}]"#;
        let error = parse(huge).unwrap_err();
        assert_eq!(
            error,
            PluginError::InvalidInput("O parâmetro {{999999993}} do corpo passa do maior aceito, {{100}}.".into())
        );
        let url =
            r#"[{"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Ver", "url": "https://x.com/{{101}}"}]}]"#;
        assert!(matches!(parse(url), Err(PluginError::InvalidInput(m)) if m.contains("URL")));
        let header = r#"[{"type": "HEADER", "format": "TEXT", "text": "Oi {{1000}}"}]"#;
        assert!(matches!(parse(header), Err(PluginError::InvalidInput(m)) if m.contains("cabeçalho")));
        assert!(parse(r#"[{"type": "BODY", "text": "{{100}}"}]"#).is_ok());
    }

    #[test]
    fn malformed_or_unsupported_components_are_refused() {
        assert!(matches!(parse("não é json"), Err(PluginError::InvalidInput(_))));
        assert!(matches!(parse("42"), Err(PluginError::InvalidInput(_))));
        assert!(matches!(parse(r#"[{"text": "sem tipo"}]"#), Err(PluginError::InvalidInput(_))));
        assert!(matches!(parse(r#"[{"type": "BODY"}]"#), Err(PluginError::InvalidInput(_))));
        assert!(matches!(parse(r#"[{"type": "CAROUSEL", "cards": []}]"#), Err(PluginError::Unsupported(_))));
        assert!(matches!(parse(r#"[{"type": "HEADER", "format": "LOCATION"}]"#), Err(PluginError::Unsupported(_))));
    }
}
