//! Broadcasts (A7): a template to the contacts a filter holds, on a WhatsApp number or the
//! simulator. A new broadcast is checked like any template send (an approved template of that
//! number, its parameters filled — the renderer names a missing one); each recipient's message
//! is the template with the parameters' variables (`{nome}`, custom fields …) expanded for that
//! contact by the variables plugin (C8, P3), as the composer does.

use serde::Deserialize;
use utoipa::ToSchema;

use super::templates::TemplateValues;
use super::{App, Error, Result};
use crate::domain::broadcast::{self, Command};
use crate::domain::content::Content;
use crate::domain::{Millis, new_chat};
use crate::store::broadcasts::{BroadcastValues, BroadcastView, LeasedBroadcast, NewBroadcast};
use crate::store::views::UserView;
use crate::store::{ContactFilter, StoreError};

/// A broadcast as an admin asks for it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BroadcastInput {
    pub name: String,
    /// A WhatsApp number or the simulator.
    pub channel_id: i64,
    /// An approved template of that number.
    pub template_id: i64,
    /// The template's parameters; variables in them are expanded per contact.
    #[serde(default)]
    pub values: BroadcastValues,
    /// Who receives it (blocked contacts and those with the broadcast switch off never do).
    #[serde(default)]
    pub filter: ContactFilter,
    /// When to start; `null`: now.
    #[serde(default)]
    pub scheduled_at: Option<Millis>,
    /// Messages per second; `null`: Meta's default of 80.
    #[serde(default)]
    pub rate_per_s: Option<i64>,
}

fn as_template_values(values: &BroadcastValues) -> TemplateValues {
    TemplateValues { positional: values.positional.clone(), named: values.named.clone() }
}

impl App {
    /// The number's platform, once it is one that sends templates.
    async fn broadcast_platform(&self, account_id: i64, channel_id: i64) -> Result<String> {
        let channel = self.store.channel_view(account_id, channel_id).await?;
        new_chat::check_channel(&channel.kind).map_err(|_| {
            Error::Invalid("Transmissões enviam templates: escolha um número de WhatsApp ou o simulador.".into())
        })?;
        Ok(channel.kind)
    }

    /// How many contacts a broadcast on `channel_id` to `filter` would reach now.
    pub async fn broadcast_audience(&self, account_id: i64, channel_id: i64, filter: &ContactFilter) -> Result<i64> {
        let platform = self.broadcast_platform(account_id, channel_id).await?;
        Ok(self.store.audience_count(account_id, &platform, filter).await?)
    }

    /// Check and keep a broadcast; it starts at its time.
    pub async fn create_broadcast(&self, by: &UserView, input: BroadcastInput) -> Result<BroadcastView> {
        let name = broadcast::check_name(&input.name).map_err(Error::Invalid)?;
        let rate_per_s = broadcast::check_rate(input.rate_per_s).map_err(Error::Invalid)?;
        self.broadcast_platform(by.account_id, input.channel_id).await?;
        // The template and its parameters are checked as written; each contact's copy is made
        // from them when it is sent.
        self.template_content(
            by.account_id,
            Some(input.channel_id),
            input.template_id,
            &as_template_values(&input.values),
        )
        .await?;
        let now = self.store.now();
        let new = NewBroadcast {
            account_id: by.account_id,
            created_by: by.id,
            name,
            channel_id: input.channel_id,
            template_id: input.template_id,
            values: input.values,
            filter: input.filter,
            scheduled_at: input.scheduled_at.unwrap_or(now).max(now),
            rate_per_s,
        };
        Ok(self.store.create_broadcast(new).await?)
    }

    /// Pause, resume or cancel a broadcast.
    pub async fn command_broadcast(&self, account_id: i64, id: i64, command: Command) -> Result<BroadcastView> {
        Ok(self.store.command_broadcast(account_id, id, command).await?)
    }

    /// The broadcast's message for one recipient: the template with the parameters' variables
    /// expanded for them.
    pub async fn broadcast_message(&self, broadcast: &LeasedBroadcast, contact_id: i64) -> Result<Content> {
        let values: BroadcastValues = serde_json::from_str(&broadcast.template_values)
            .map_err(|e| Error::Internal(format!("stored broadcast values: {e}")))?;
        let contact = self.store.contact(broadcast.account_id, contact_id).await.map_err(|err| match err {
            StoreError::NotFound => Error::Invalid("O contato foi excluído.".into()),
            other => other.into(),
        })?;
        let mut expanded = TemplateValues::default();
        for text in &values.positional {
            expanded.positional.push(self.expand(broadcast.account_id, &contact, text, &[]).await?.text);
        }
        for (key, text) in &values.named {
            expanded.named.insert(key.clone(), self.expand(broadcast.account_id, &contact, text, &[]).await?.text);
        }
        let (_, content) = self
            .template_content(broadcast.account_id, Some(broadcast.channel_id), broadcast.template_id, &expanded)
            .await?;
        Ok(content)
    }
}
