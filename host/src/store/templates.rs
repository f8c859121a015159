//! The template catalogue (C7, C14): templates per channel number with name, language,
//! category, status and Meta's `components`, listed and searched by name and category. Synced
//! from Meta for WhatsApp numbers (a template gone at Meta is kept, marked deleted, so a flow
//! that uses it can say so: C18); created through the API for the simulator.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::accounts::vocab;
use super::like;
use super::{Arg, Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Millis;
use crate::domain::window::TemplateCategory;

/// A template as the API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct TemplateView {
    pub id: i64,
    pub channel_id: i64,
    /// Meta's id (none for simulator templates).
    pub external_id: Option<String>,
    pub name: String,
    /// e.g. `pt_BR`, `en_US`.
    pub language: String,
    pub category: TemplateCategory,
    /// "Marketing", "Utilidade" or "Autenticação", as the composer lists them (C7).
    pub category_label: String,
    /// Meta's status: `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED` …
    pub status: String,
    /// `positional` ({{1}}) or `named` ({{nome}}).
    pub parameter_format: String,
    /// Meta's `components` array (HEADER, BODY, FOOTER, BUTTONS).
    #[schema(value_type = Vec<Object>)]
    pub components: serde_json::Value,
    /// Set when the template no longer exists at Meta.
    pub deleted_at: Option<Millis>,
    pub updated_at: Millis,
}

impl TemplateView {
    /// Whether this template may go out on `channel_id` (C7, C14): it must be a template of that
    /// number, approved by Meta and still existing. Checked when it is chosen (composer,
    /// schedule, new chat, flow) and again in the transaction that writes it.
    pub fn sendable_on(&self, channel_id: Option<i64>) -> Result<(), String> {
        if channel_id != Some(self.channel_id) {
            return Err("Este template é de outro número; escolha um template do canal da conversa.".into());
        }
        if self.deleted_at.is_some() || self.status != "APPROVED" {
            return Err(format!("O template '{}' não está aprovado ({}).", self.name, self.status));
        }
        Ok(())
    }
}

/// Template `template_id` of `account_id`, read in a transaction.
pub(super) async fn template_in(tx: &mut super::Tx, account_id: i64, template_id: i64) -> StoreResult<TemplateView> {
    let row: TemplateRow = tx
        .fetch_one(
            &format!("SELECT {TEMPLATE_COLUMNS} FROM templates WHERE account_id = $1 AND id = $2"),
            args![account_id, template_id],
        )
        .await?;
    row.into_view()
}

crate::row! {
    struct TemplateRow {
        id: i64,
        channel_id: i64,
        external_id: Option<String>,
        name: String,
        language: String,
        category: String,
        status: String,
        parameter_format: String,
        components: String,
        deleted_at: Option<i64>,
        updated_at: i64,
    }
}

const TEMPLATE_COLUMNS: &str = TemplateRow::COLUMNS;

impl TemplateRow {
    fn into_view(self) -> StoreResult<TemplateView> {
        let category: TemplateCategory = vocab(&self.category)?;
        Ok(TemplateView {
            id: self.id,
            channel_id: self.channel_id,
            external_id: self.external_id,
            name: self.name,
            language: self.language,
            category,
            category_label: category.label().to_string(),
            status: self.status,
            parameter_format: self.parameter_format,
            components: serde_json::from_str(&self.components).unwrap_or(serde_json::Value::Array(vec![])),
            deleted_at: self.deleted_at,
            updated_at: self.updated_at,
        })
    }
}

/// A template to store (created, or as Meta lists it).
#[derive(Debug, Clone)]
pub struct NewTemplate {
    pub external_id: Option<String>,
    pub name: String,
    pub language: String,
    pub category: TemplateCategory,
    pub status: String,
    pub parameter_format: String,
    pub components: serde_json::Value,
}

/// What the list asks for.
#[derive(Debug, Clone, Default)]
pub struct TemplateFilter {
    pub channel_id: Option<i64>,
    /// Part of the name, or a category word ("Utilidade", "marketing") as the composer allows.
    pub search: Option<String>,
    pub category: Option<TemplateCategory>,
    /// Only templates that can be sent (approved and not deleted).
    pub sendable_only: bool,
}

impl Store {
    /// Templates of the account matching `filter`, by name.
    pub async fn templates(&self, account_id: i64, filter: &TemplateFilter) -> StoreResult<Vec<TemplateView>> {
        let mut args: Vec<Arg> = vec![account_id.into()];
        let mut clauses = vec!["account_id = $1".to_string()];
        if let Some(channel) = filter.channel_id {
            args.push(channel.into());
            clauses.push(format!("channel_id = ${}", args.len()));
        }
        let mut category = filter.category;
        if let Some(search) = filter.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            // C7: typing the category ("Utilidade" or "Marketing") filters by it.
            match TemplateCategory::from_meta(search).filter(|_| category.is_none()) {
                Some(c) => category = Some(c),
                None => {
                    // A space matches the `_` of Meta's template names (any one character).
                    args.push(format!("%{}%", like::literal(&search.to_lowercase()).replace(' ', "_")).into());
                    clauses.push(format!("LOWER(name) LIKE ${} {}", args.len(), like::ESCAPE));
                }
            }
        }
        if let Some(category) = category {
            args.push(crate::domain::Vocabulary::as_str(category).into());
            clauses.push(format!("category = ${}", args.len()));
        }
        if filter.sendable_only {
            clauses.push("status = 'APPROVED' AND deleted_at IS NULL".into());
        }
        let sql = format!(
            "SELECT {TEMPLATE_COLUMNS} FROM templates WHERE {} ORDER BY name, language, id LIMIT 500",
            clauses.join(" AND ")
        );
        let rows: Vec<TemplateRow> = self.read().await?.fetch_all(&sql, args).await?;
        rows.into_iter().map(TemplateRow::into_view).collect()
    }

    /// A template of the account.
    pub async fn template(&self, account_id: i64, template_id: i64) -> StoreResult<TemplateView> {
        let row: TemplateRow = self
            .read()
            .await?
            .fetch_one(
                &format!("SELECT {TEMPLATE_COLUMNS} FROM templates WHERE account_id = $1 AND id = $2"),
                args![account_id, template_id],
            )
            .await?;
        row.into_view()
    }

    /// Add a template to a channel of the account (simulator templates).
    pub async fn create_template(
        &self,
        account_id: i64,
        channel_id: i64,
        new: &NewTemplate,
    ) -> StoreResult<TemplateView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO templates (account_id, channel_id, external_id, name, language, category, status, \
                 parameter_format, components, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
                 RETURNING id",
                args![
                    account_id,
                    channel_id,
                    new.external_id.clone(),
                    &new.name,
                    &new.language,
                    crate::domain::Vocabulary::as_str(new.category),
                    &new.status,
                    &new.parameter_format,
                    new.components.to_string(),
                    now
                ],
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("Já existe o template '{}' em {} neste canal.", new.name, new.language))
                }
                other => other,
            })?;
        self.commit(tx).await?;
        self.template(account_id, id).await
    }

    /// Replace a channel's catalogue with what Meta lists: new and changed templates are
    /// written, templates Meta no longer lists are marked deleted. `(written, deleted)`.
    pub async fn sync_templates(
        &self,
        account_id: i64,
        channel_id: i64,
        listed: &[NewTemplate],
    ) -> StoreResult<(usize, usize)> {
        let now = self.now();
        let mut tx = self.begin().await?;
        for t in listed {
            tx.execute(
                "INSERT INTO templates (account_id, channel_id, external_id, name, language, category, status, \
                 parameter_format, components, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) \
                 ON CONFLICT (channel_id, name, language) DO UPDATE SET external_id = excluded.external_id, \
                 category = excluded.category, status = excluded.status, parameter_format = excluded.parameter_format, \
                 components = excluded.components, deleted_at = NULL, updated_at = excluded.updated_at",
                args![
                    account_id,
                    channel_id,
                    t.external_id.clone(),
                    &t.name,
                    &t.language,
                    crate::domain::Vocabulary::as_str(t.category),
                    &t.status,
                    &t.parameter_format,
                    t.components.to_string(),
                    now
                ],
            )
            .await?;
        }
        let kept: Vec<(i64, String, String)> = tx
            .fetch_all(
                "SELECT id, name, language FROM templates WHERE channel_id = $1 AND deleted_at IS NULL",
                args![channel_id],
            )
            .await?;
        let mut deleted = 0;
        for (id, name, language) in kept {
            if !listed.iter().any(|t| t.name == name && t.language == language) {
                tx.execute("UPDATE templates SET deleted_at = $1, updated_at = $1 WHERE id = $2", args![now, id])
                    .await?;
                deleted += 1;
            }
        }
        self.commit(tx).await?;
        Ok((listed.len(), deleted))
    }
}
