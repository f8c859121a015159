//! The audit log's rows (issue 17 part 4): one per audited action, in the account it happened
//! in, read back newest first by the account's admins, filtered by user, action and time. What
//! counts as an audited action is [`crate::domain::audit`]'s to say.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Store, StoreResult};
use crate::args;
use crate::domain::Millis;

/// An action to record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewAuditEntry {
    pub account_id: i64,
    /// Who did it (`None`: nobody signed in, such as a failed login's unknown author).
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    pub action: String,
    /// What it was done to: the route's own ids (`{"id": "12"}`), when it has any.
    pub target: Option<serde_json::Value>,
    /// What changed: the request's fields, secrets left out.
    pub details: Option<serde_json::Value>,
    pub ip: Option<String>,
}

crate::row! {
    struct AuditRow {
        id: i64,
        user_id: Option<i64>,
        user_name: Option<String>,
        user_email: Option<String>,
        action: String,
        target: Option<String>,
        details: Option<String>,
        ip: Option<String>,
        created_at: i64,
    }
}

/// An entry as the admin's screen shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct AuditEntryView {
    pub id: i64,
    pub user_id: Option<i64>,
    /// The author's name and e-mail as they were then.
    pub user_name: Option<String>,
    pub user_email: Option<String>,
    pub action: String,
    #[schema(value_type = Option<Object>)]
    pub target: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub details: Option<serde_json::Value>,
    pub ip: Option<String>,
    pub created_at: Millis,
}

/// Which entries to read: all filters optional; `before` pages (entries with a smaller id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user_id: Option<i64>,
    pub action: Option<String>,
    /// From this time (inclusive) …
    pub from: Option<Millis>,
    /// … to this time (exclusive).
    pub until: Option<Millis>,
    pub before: Option<i64>,
    pub limit: i64,
}

fn parse(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

impl Store {
    /// Record an audited action at the store's time.
    pub async fn record_audit(&self, entry: NewAuditEntry) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO audit_log (account_id, user_id, user_name, user_email, action, target, details, ip, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            args![
                entry.account_id,
                entry.user_id,
                entry.user_name,
                entry.user_email,
                entry.action,
                entry.target.map(|t| t.to_string()),
                entry.details.map(|d| d.to_string()),
                entry.ip,
                self.now()
            ],
        )
        .await?;
        self.commit(tx).await
    }

    /// The account's entries matching `filter`, newest first.
    pub async fn audit_entries(&self, account_id: i64, filter: &AuditFilter) -> StoreResult<Vec<AuditEntryView>> {
        let rows: Vec<AuditRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {} FROM audit_log WHERE account_id = $1 \
                     AND ($2 IS NULL OR user_id = $2) AND ($3 IS NULL OR action = $3) \
                     AND ($4 IS NULL OR created_at >= $4) AND ($5 IS NULL OR created_at < $5) \
                     AND ($6 IS NULL OR id < $6) ORDER BY id DESC LIMIT $7",
                    AuditRow::COLUMNS
                ),
                args![
                    account_id,
                    filter.user_id,
                    filter.action.clone(),
                    filter.from,
                    filter.until,
                    filter.before,
                    filter.limit
                ],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| AuditEntryView {
                id: row.id,
                user_id: row.user_id,
                user_name: row.user_name,
                user_email: row.user_email,
                action: row.action,
                target: parse(row.target),
                details: parse(row.details),
                ip: row.ip,
                created_at: row.created_at,
            })
            .collect())
    }
}
