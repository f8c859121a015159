//! Templates chosen to be sent (C7, C14, S7, L5) or previewed: checked to be an approved
//! template of the chat's number ([`TemplateView::sendable_on`], checked again when the message
//! is written) and rendered with their parameters by the account's `templates` plugin (P4).

use std::collections::BTreeMap;

use serde::Deserialize;
use utoipa::ToSchema;

use super::{App, Error, Result};
use crate::domain::content::{Content, Template};
use crate::plugins::{PluginFailure, RenderedTemplate};
use crate::store::NewOutbound;
use crate::store::templates::TemplateView;
use crate::store::views::{MessageView, UserView};

/// Name of the shipped template renderer.
pub const TEMPLATES_PLUGIN: &str = "templates";

/// Values for a template's parameters.
#[derive(Debug, Clone, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct TemplateValues {
    /// `{{1}}`, `{{2}}` … in reading order (header, body, buttons).
    #[serde(default)]
    pub positional: Vec<String>,
    /// `{{nome}}` → value.
    #[serde(default)]
    pub named: BTreeMap<String, String>,
}

impl App {
    /// Render `template` with `values` through the account's `templates` plugin.
    pub async fn render_template(
        &self,
        account_id: i64,
        template: &TemplateView,
        values: &TemplateValues,
    ) -> Result<RenderedTemplate> {
        let plugin = self
            .plugins
            .resolve(&self.store, account_id, TEMPLATES_PLUGIN)
            .await
            .map_err(|e| Error::PluginUnavailable(e.to_string()))?
            .ok_or_else(|| Error::PluginUnavailable("O plugin de templates está desligado nesta conta.".into()))?;
        self.plugins.render_template(&plugin, &template.components, &values.positional, &values.named).await.map_err(
            |failure| match failure {
                // The renderer names the missing or extra parameter.
                PluginFailure::Plugin(message) => Error::Invalid(message),
                other => Error::PluginUnavailable(format!("Não foi possível montar o template: {other}")),
            },
        )
    }

    /// Template `template_id` of `account_id` filled with `values`, for a chat on
    /// `channel_id`: checked to be sendable there and rendered. The composer sends it now, a
    /// scheduled message later (S7), a new chat first (L5).
    pub async fn template_content(
        &self,
        account_id: i64,
        channel_id: Option<i64>,
        template_id: i64,
        values: &TemplateValues,
    ) -> Result<(TemplateView, Content)> {
        let template = self.store.template(account_id, template_id).await?;
        template.sendable_on(channel_id).map_err(Error::Invalid)?;
        let rendered = self.render_template(account_id, &template, values).await?;
        // History keeps the text only (C14); the header image still goes to the contact.
        let content = Content::Template(Template {
            id: template.id,
            name: template.name.clone(),
            language: template.language.clone(),
            category: template.category,
            components: rendered.components,
            preview: rendered.preview,
        });
        Ok((template, content))
    }

    /// Send a template on a chat `by` may see (C7, C14): allowed whatever the window; it opens
    /// its category's session (S4).
    pub async fn send_template(
        &self,
        by: &UserView,
        conversation_id: i64,
        template_id: i64,
        values: &TemplateValues,
    ) -> Result<MessageView> {
        let conversation = self.store.conversation_for(by, conversation_id).await?;
        let channel_id = conversation.channel.as_ref().map(|c| c.id);
        let (_, content) = self.template_content(by.account_id, channel_id, template_id, values).await?;
        Ok(self.store.send_message(by, NewOutbound::new(conversation_id, content)).await?)
    }
}
