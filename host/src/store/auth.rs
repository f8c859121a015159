//! Integrators' API tokens. Only hashes of the secrets are stored, so a leaked database opens
//! nothing (browser sessions: [`super::sessions`]).

use super::views::ApiTokenView;
use super::{SessionInfo, Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Millis;

impl Store {
    /// Store a new API token for a user of the account.
    pub async fn create_api_token(
        &self,
        account_id: i64,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
    ) -> StoreResult<ApiTokenView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO api_tokens (account_id, user_id, name, token_hash, prefix, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                args![account_id, user_id, name, token_hash, prefix, now],
            )
            .await?;
        self.commit(tx).await?;
        Ok(ApiTokenView {
            id,
            name: name.to_string(),
            prefix: prefix.to_string(),
            user_id,
            created_at: now,
            last_used_at: None,
        })
    }

    /// The account and user an API token authenticates, recording its use.
    pub async fn api_token(&self, token_hash: &str) -> StoreResult<Option<SessionInfo>> {
        let row: Option<(i64, i64, i64, Option<Millis>)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT t.id, t.account_id, t.user_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id \
                 JOIN accounts a ON a.id = t.account_id \
                 WHERE t.token_hash = $1 AND u.active = TRUE AND a.suspended_at IS NULL",
                args![token_hash],
            )
            .await?;
        let Some((id, account_id, user_id, last_used)) = row else { return Ok(None) };
        let now = self.now();
        // Record use at most once a minute: a token used per request must not make every read a write.
        if last_used.is_none_or(|t| now - t > 60_000) {
            let mut tx = self.begin().await?;
            tx.execute("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", args![now, id]).await?;
            self.commit(tx).await?;
        }
        Ok(Some(SessionInfo { account_id, user_id, csrf_token: None, must_change_password: false }))
    }

    /// API tokens of the account.
    pub async fn api_tokens(&self, account_id: i64) -> StoreResult<Vec<ApiTokenView>> {
        let rows: Vec<(i64, String, String, i64, Millis, Option<Millis>)> = self
            .read()
            .await?
            .fetch_all(
                "SELECT id, name, prefix, user_id, created_at, last_used_at FROM api_tokens WHERE account_id = $1 ORDER BY id",
                args![account_id],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, prefix, user_id, created_at, last_used_at)| ApiTokenView {
                id,
                name,
                prefix,
                user_id,
                created_at,
                last_used_at,
            })
            .collect())
    }

    /// Revoke an API token of the account.
    pub async fn delete_api_token(&self, account_id: i64, token_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let changed =
            tx.execute("DELETE FROM api_tokens WHERE account_id = $1 AND id = $2", args![account_id, token_id]).await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }
}
