//! Where the application's own types meet the plugin contract's: field values, field kinds,
//! template values and renderings cross here, so nothing above `plugins` speaks WIT types.

use std::collections::BTreeMap;

use super::bindings::field_validator::{self, Validation, ValidationRequest};
use super::bindings::flow_step::OutboundMessage;
use super::bindings::template_renderer::RenderRequest;
use super::bindings::types;
use super::failure::PluginFailure;
use super::runtime::LoadedPlugin;
use super::service::Plugins;
use crate::domain::content::{Button, Choices, Content, DEFAULT_LIST_BUTTON, Interactive, ListRow, ListSection, Text};
use crate::domain::field::{FieldKind, FieldSpec, FieldValue, ImageRef};

impl From<FieldKind> for field_validator::FieldKind {
    fn from(kind: FieldKind) -> Self {
        match kind {
            FieldKind::Text => Self::Text,
            FieldKind::Number => Self::Number,
            FieldKind::Date => Self::Date,
            FieldKind::Boolean => Self::Boolean,
            FieldKind::Options => Self::Options,
            FieldKind::Cpf => Self::Cpf,
            FieldKind::Cnpj => Self::Cnpj,
            FieldKind::Email => Self::Email,
        }
    }
}

impl From<&ImageRef> for types::ImageRef {
    fn from(image: &ImageRef) -> Self {
        types::ImageRef { media_id: image.media_id.to_string(), mime_type: image.mime_type.clone() }
    }
}

/// A picture a plugin named; `None` when its id is not one of the host's.
pub fn image_from_plugin(image: &types::ImageRef) -> Option<ImageRef> {
    Some(ImageRef { media_id: image.media_id.parse().ok()?, mime_type: image.mime_type.clone() })
}

impl From<&FieldValue> for types::FieldValue {
    fn from(value: &FieldValue) -> Self {
        match value {
            FieldValue::Empty => Self::Empty,
            FieldValue::Text(text) => Self::Text(text.clone()),
            FieldValue::Number(number) => Self::Number(*number),
            FieldValue::Date(date) => Self::Date(date.clone()),
            FieldValue::Boolean(yes) => Self::Boolean(*yes),
            FieldValue::ListItem(item) => Self::ListItem(item.clone()),
            FieldValue::Image(image) => Self::Image(image.into()),
        }
    }
}

/// A value a plugin returned, as the application keeps it.
pub fn value_from_plugin(value: types::FieldValue) -> Result<FieldValue, PluginFailure> {
    Ok(match value {
        types::FieldValue::Empty => FieldValue::Empty,
        types::FieldValue::Text(text) => FieldValue::Text(text),
        types::FieldValue::Number(number) => FieldValue::Number(number),
        types::FieldValue::Date(date) => FieldValue::Date(date),
        types::FieldValue::Boolean(yes) => FieldValue::Boolean(yes),
        types::FieldValue::ListItem(item) => FieldValue::ListItem(item),
        types::FieldValue::Image(image) => FieldValue::Image(
            image_from_plugin(&image)
                .ok_or_else(|| PluginFailure::InvalidOutput("uma imagem com id de mídia desconhecido".into()))?,
        ),
    })
}

/// What a flow step's message carries, as the application sends it; `None` for a template,
/// which the host first looks up and renders.
pub fn content_of(message: &OutboundMessage) -> Option<Content> {
    Some(match message {
        OutboundMessage::Text(text) => Content::Text(Text::plain(text.trim())),
        OutboundMessage::Buttons((text, choices)) => Content::Interactive(Interactive {
            body: text.trim().to_string(),
            header: None,
            footer: None,
            choices: Choices::Buttons(
                choices.iter().map(|c| Button { id: c.id.clone(), title: c.title.clone() }).collect(),
            ),
        }),
        OutboundMessage::Options((text, choices)) => Content::Interactive(Interactive {
            body: text.trim().to_string(),
            header: None,
            footer: None,
            choices: Choices::List {
                button: DEFAULT_LIST_BUTTON.into(),
                sections: vec![ListSection {
                    title: None,
                    rows: choices
                        .iter()
                        .map(|c| ListRow { id: c.id.clone(), title: c.title.clone(), description: None })
                        .collect(),
                }],
            },
        }),
        OutboundMessage::Template(_) => return None,
    })
}

/// A template rendered by the `templates` plugin (P4).
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedTemplate {
    /// What the contact reads (and what history keeps: C14).
    pub preview: String,
    /// Meta's send `components`, parameters filled.
    pub components: serde_json::Value,
}

impl Plugins {
    /// Check `input` for `field` with the field validator `plugin`: the normalised value, or
    /// the plugin's refusal (its words, for the person who typed it).
    pub async fn validate_field(
        &self,
        plugin: &LoadedPlugin,
        field: &FieldSpec<'_>,
        input: &str,
    ) -> Result<Result<FieldValue, String>, PluginFailure> {
        let request = ValidationRequest {
            key: field.key.to_string(),
            label: field.label.to_string(),
            kind: field.kind.into(),
            required: field.required,
            options: field.options.to_vec(),
            input: input.to_string(),
        };
        match self.runtime.validate(plugin, request).await? {
            Validation::Valid(value) => Ok(Ok(value_from_plugin(value)?)),
            Validation::Rejected(message) => Ok(Err(message)),
        }
    }

    /// Fill Meta `components` with `positional` (`{{1}}` …) and `named` (`{{nome}}`) values
    /// through the template renderer `plugin`.
    pub async fn render_template(
        &self,
        plugin: &LoadedPlugin,
        components: &serde_json::Value,
        positional: &[String],
        named: &BTreeMap<String, String>,
    ) -> Result<RenderedTemplate, PluginFailure> {
        let request = RenderRequest {
            components: components.to_string(),
            positional: positional.to_vec(),
            named: named.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        };
        let rendered = self.runtime.render(plugin, request).await?;
        let components = serde_json::from_str(&rendered.send_components)
            .map_err(|e| PluginFailure::InvalidOutput(format!("components do template não são JSON: {e}")))?;
        Ok(RenderedTemplate { preview: rendered.preview, components })
    }
}
