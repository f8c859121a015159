//! Quick replies ("Respostas Rápidas", C12): the account's saved answers — listed and searched
//! by every user (the composer's `/`), created, edited and deleted by admins. Their rules are in
//! [`crate::domain::quick_reply`].

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::like;
use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::quick_reply;

/// A saved answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct QuickReplyView {
    pub id: i64,
    /// What the agent types after `/`, lowercase.
    pub shortcut: String,
    /// The message, variables (`{nome}`) as typed: expanded for each contact when sent.
    pub text: String,
    pub updated_at: i64,
}

crate::row! {
    struct QuickReplyRow {
        id: i64,
        shortcut: String,
        body: String,
        updated_at: i64,
    }
}

impl From<QuickReplyRow> for QuickReplyView {
    fn from(r: QuickReplyRow) -> Self {
        QuickReplyView { id: r.id, shortcut: r.shortcut, text: r.body, updated_at: r.updated_at }
    }
}

/// Most replies one search answers.
const SEARCH_LIMIT: i64 = 200;

fn rejected(message: String) -> StoreError {
    StoreError::Rejected(message)
}

fn taken(shortcut: &str) -> StoreError {
    StoreError::Conflict(format!("Já existe uma resposta rápida com o atalho /{shortcut}."))
}

impl Store {
    /// The account's quick replies by shortcut; with `search`, those whose shortcut starts with
    /// it (a leading `/` ignored) or whose text holds it, in any case.
    pub async fn quick_replies(&self, account_id: i64, search: Option<&str>) -> StoreResult<Vec<QuickReplyView>> {
        let typed = search.map(str::trim).unwrap_or("");
        let typed = typed.strip_prefix('/').unwrap_or(typed).to_lowercase();
        let rows: Vec<QuickReplyRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {} FROM quick_replies WHERE account_id = $1 \
                     AND ($2 = '' OR shortcut LIKE $3 {esc} OR LOWER(body) LIKE $4 {esc}) \
                     ORDER BY shortcut LIMIT $5",
                    QuickReplyRow::COLUMNS,
                    esc = like::ESCAPE
                ),
                args![
                    account_id,
                    typed.as_str(),
                    format!("{}%", like::literal(&typed)),
                    format!("%{}%", like::literal(&typed)),
                    SEARCH_LIMIT
                ],
            )
            .await?;
        Ok(rows.into_iter().map(QuickReplyView::from).collect())
    }

    /// Save a new quick reply.
    pub async fn create_quick_reply(&self, account_id: i64, shortcut: &str, text: &str) -> StoreResult<QuickReplyView> {
        let shortcut = quick_reply::shortcut(shortcut).map_err(rejected)?;
        let text = quick_reply::text(text).map_err(rejected)?;
        let now = self.now();
        let mut tx = self.begin().await?;
        let inserted = tx
            .fetch_one::<(i64,)>(
                "INSERT INTO quick_replies (account_id, shortcut, body, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
                args![account_id, shortcut.as_str(), text.as_str(), now],
            )
            .await;
        let (id,) = match inserted {
            Err(StoreError::Conflict(_)) => return Err(taken(&shortcut)),
            other => other?,
        };
        self.commit(tx).await?;
        Ok(QuickReplyView { id, shortcut, text, updated_at: now })
    }

    /// Change a quick reply's shortcut or text.
    pub async fn update_quick_reply(
        &self,
        account_id: i64,
        id: i64,
        shortcut: Option<&str>,
        text: Option<&str>,
    ) -> StoreResult<QuickReplyView> {
        let current = self.quick_reply(account_id, id).await?;
        let shortcut = shortcut.map(quick_reply::shortcut).transpose().map_err(rejected)?.unwrap_or(current.shortcut);
        let text = text.map(quick_reply::text).transpose().map_err(rejected)?.unwrap_or(current.text);
        let now = self.now();
        let mut tx = self.begin().await?;
        let updated = tx
            .execute(
                "UPDATE quick_replies SET shortcut = $1, body = $2, updated_at = $3 WHERE account_id = $4 AND id = $5",
                args![shortcut.as_str(), text.as_str(), now, account_id, id],
            )
            .await;
        match updated {
            Err(StoreError::Conflict(_)) => return Err(taken(&shortcut)),
            Ok(0) => return Err(StoreError::NotFound),
            other => other?,
        };
        self.commit(tx).await?;
        Ok(QuickReplyView { id, shortcut, text, updated_at: now })
    }

    /// Delete a quick reply.
    pub async fn delete_quick_reply(&self, account_id: i64, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        if tx.execute("DELETE FROM quick_replies WHERE account_id = $1 AND id = $2", args![account_id, id]).await? == 0
        {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }

    /// One quick reply of the account.
    pub async fn quick_reply(&self, account_id: i64, id: i64) -> StoreResult<QuickReplyView> {
        let row: QuickReplyRow = self
            .read()
            .await?
            .fetch_one(
                &format!("SELECT {} FROM quick_replies WHERE account_id = $1 AND id = $2", QuickReplyRow::COLUMNS),
                args![account_id, id],
            )
            .await?;
        Ok(row.into())
    }
}
