//! The reseller level (A1, A2) in the database: a reseller's people and their console sessions
//! (apart from the accounts' users: a reseller never signs in to an account), the reseller's
//! accounts with usage figures from bounded counts, an account opened with its first admin in
//! one transaction, suspension (the account's sessions and tokens stop working; its webhooks
//! are still stored), and the support code verified among the reseller's own accounts. Every
//! query names the reseller: another reseller's accounts are not there.

use serde::Serialize;
use utoipa::ToSchema;

use super::accounts::{NewAccount, NewUser, insert_account_in, insert_user_in};
use super::views::{AccountView, UserView};
use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Millis;

/// A reseller's person, signed in to the console.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ResellerUserView {
    pub id: i64,
    pub reseller_id: i64,
    pub reseller_name: String,
    pub name: String,
    pub email: String,
}

/// What an account uses, as the console shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct AccountUsage {
    pub active_users: i64,
    pub channels: i64,
    pub contacts: i64,
    /// Messages in and out in the last 30 days.
    pub messages_30d: i64,
}

/// One of the reseller's accounts.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ResellerAccountView {
    pub id: i64,
    pub name: String,
    pub timezone: String,
    /// When it was suspended; `null` while it is active.
    pub suspended_at: Option<Millis>,
    pub created_at: Millis,
    pub usage: AccountUsage,
}

const THIRTY_DAYS_MS: i64 = 30 * 24 * 3600 * 1000;

crate::row! {
    struct ResellerUserRow {
        id: i64,
        reseller_id: i64,
        reseller_name: String,
        name: String,
        email: String,
    }
}

impl From<ResellerUserRow> for ResellerUserView {
    fn from(r: ResellerUserRow) -> Self {
        ResellerUserView {
            id: r.id,
            reseller_id: r.reseller_id,
            reseller_name: r.reseller_name,
            name: r.name,
            email: r.email,
        }
    }
}

const RESELLER_USER_SELECT: &str = "SELECT ru.id, ru.reseller_id, r.name AS reseller_name, ru.name, ru.email \
    FROM reseller_users ru JOIN resellers r ON r.id = ru.reseller_id";

impl Store {
    /// Add a person to a reseller (the operator's command, the demo). A taken e-mail is a conflict.
    pub async fn create_reseller_user(
        &self,
        reseller_id: i64,
        name: &str,
        email: &str,
        password_hash: &str,
    ) -> StoreResult<ResellerUserView> {
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO reseller_users (reseller_id, name, email, password_hash, created_at) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
                args![reseller_id, name, email.trim().to_lowercase(), password_hash, tx.now()],
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("Já existe uma pessoa de revenda com o e-mail {email}."))
                }
                other => other,
            })?;
        self.commit(tx).await?;
        self.reseller_user(id).await
    }

    /// A reseller's person by id.
    pub async fn reseller_user(&self, id: i64) -> StoreResult<ResellerUserView> {
        let row: ResellerUserRow =
            self.read().await?.fetch_one(&format!("{RESELLER_USER_SELECT} WHERE ru.id = $1"), args![id]).await?;
        Ok(row.into())
    }

    /// The reseller's person with this e-mail and their password hash, for login.
    pub async fn reseller_user_for_login(&self, email: &str) -> StoreResult<Option<(ResellerUserView, String)>> {
        let row: Option<(i64, String)> = self
            .read()
            .await?
            .fetch_optional(
                "SELECT id, password_hash FROM reseller_users WHERE email = $1",
                args![email.trim().to_lowercase()],
            )
            .await?;
        let Some((id, hash)) = row else { return Ok(None) };
        Ok(Some((self.reseller_user(id).await?, hash)))
    }

    /// Store a console session.
    pub async fn create_reseller_session(
        &self,
        reseller_user_id: i64,
        token_hash: &str,
        csrf_token: &str,
        expires_at: Millis,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO reseller_sessions (token_hash, reseller_user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            args![token_hash, reseller_user_id, csrf_token, tx.now(), expires_at],
        )
        .await?;
        self.commit(tx).await
    }

    /// The live console session with this token hash: its person and CSRF token.
    pub async fn reseller_session(&self, token_hash: &str) -> StoreResult<Option<(i64, String)>> {
        self.read()
            .await?
            .fetch_optional(
                "SELECT reseller_user_id, csrf_token FROM reseller_sessions WHERE token_hash = $1 AND expires_at > $2",
                args![token_hash, self.now()],
            )
            .await
    }

    /// End a console session.
    pub async fn delete_reseller_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM reseller_sessions WHERE token_hash = $1", args![token_hash]).await?;
        self.commit(tx).await
    }

    /// The reseller's accounts with their usage, by name.
    pub async fn reseller_accounts(&self, reseller_id: i64) -> StoreResult<Vec<ResellerAccountView>> {
        let ids: Vec<(i64,)> = self
            .read()
            .await?
            .fetch_all("SELECT id FROM accounts WHERE reseller_id = $1 ORDER BY name, id", args![reseller_id])
            .await?;
        let mut accounts = Vec::with_capacity(ids.len());
        for (id,) in ids {
            accounts.push(self.reseller_account(reseller_id, id).await?);
        }
        Ok(accounts)
    }

    /// One of the reseller's accounts; another reseller's is not found.
    pub async fn reseller_account(&self, reseller_id: i64, account_id: i64) -> StoreResult<ResellerAccountView> {
        let mut read = self.read().await?;
        let (id, name, timezone, suspended_at, created_at): (i64, String, String, Option<i64>, i64) = read
            .fetch_one(
                "SELECT id, name, timezone, suspended_at, created_at FROM accounts WHERE reseller_id = $1 AND id = $2",
                args![reseller_id, account_id],
            )
            .await?;
        let since = self.now() - THIRTY_DAYS_MS;
        let (active_users, channels, contacts, messages_30d): (i64, i64, i64, i64) = read
            .fetch_one(
                "SELECT (SELECT COUNT(*) FROM users WHERE account_id = $1 AND active = TRUE), \
                 (SELECT COUNT(*) FROM channels WHERE account_id = $1), \
                 (SELECT COUNT(*) FROM contacts WHERE account_id = $1), \
                 (SELECT COUNT(*) FROM messages WHERE account_id = $1 AND created_at >= $2)",
                args![id, since],
            )
            .await?;
        Ok(ResellerAccountView {
            id,
            name,
            timezone,
            suspended_at,
            created_at,
            usage: AccountUsage { active_users, channels, contacts, messages_30d },
        })
    }

    /// Open an account for the reseller with its first admin, both or neither.
    pub async fn open_account(
        &self,
        account: NewAccount,
        admin: impl FnOnce(i64) -> NewUser,
    ) -> StoreResult<(AccountView, UserView)> {
        let mut tx = self.begin().await?;
        let opened = insert_account_in(&mut tx, account).await?;
        let user = insert_user_in(&mut tx, admin(opened.id)).await?;
        self.commit(tx).await?;
        Ok((opened, user))
    }

    /// Suspend (`true`) or reactivate one of the reseller's accounts. A suspended account's
    /// sessions and tokens stop working at once; its webhooks are still stored.
    pub async fn set_account_suspended(
        &self,
        reseller_id: i64,
        account_id: i64,
        suspended: bool,
    ) -> StoreResult<ResellerAccountView> {
        let mut tx = self.begin().await?;
        let at = suspended.then(|| tx.now());
        // Suspending a suspended account keeps the day it was suspended.
        let changed = tx
            .execute(
                "UPDATE accounts SET suspended_at = CASE WHEN $1 IS NULL THEN NULL ELSE COALESCE(suspended_at, $1) END \
                 WHERE reseller_id = $2 AND id = $3",
                args![at, reseller_id, account_id],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await?;
        self.reseller_account(reseller_id, account_id).await
    }

    /// The reseller an account belongs to.
    pub async fn reseller_of(&self, account_id: i64) -> StoreResult<i64> {
        let (reseller_id,): (i64,) =
            self.read().await?.fetch_one("SELECT reseller_id FROM accounts WHERE id = $1", args![account_id]).await?;
        Ok(reseller_id)
    }

    /// Whether the account is suspended.
    pub async fn account_suspended(&self, account_id: i64) -> StoreResult<bool> {
        let (suspended_at,): (Option<i64>,) =
            self.read().await?.fetch_one("SELECT suspended_at FROM accounts WHERE id = $1", args![account_id]).await?;
        Ok(suspended_at.is_some())
    }
}
