//! Users of an account (A3, A4): a new user's name and e-mail normalised and password checked
//! ([`crate::domain::password::check`]: long enough and not easy to guess for this user, hashed
//! with argon2id off the async runtime), a renamed user's name normalised, a new password set.
//! Who may do it (admins, or a user on their own profile) is the route's to check.

use super::{App, Error, Result};
use crate::auth;
use crate::domain::access::{ChatVisibility, Role};
use crate::domain::contact::{normalise_email, normalise_name};
use crate::domain::password::{self, PasswordOwner};
use crate::store::views::{Permissions, UserView};
use crate::store::{NewUser, UserPatch};

/// A user to create.
#[derive(Debug, Clone)]
pub struct UserInput {
    pub name: String,
    pub email: String,
    pub password: String,
    pub role: Role,
    pub chat_visibility: ChatVisibility,
    pub permissions: Permissions,
}

/// `password` hashed, once [`password::check`] accepts it for `owner`.
pub(super) async fn password_hash(password: String, owner: PasswordOwner<'_>) -> Result<String> {
    password::check(&password, owner).map_err(Error::Invalid)?;
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| Error::Internal(format!("password hashing stopped: {e}")))?
        .map_err(|e| Error::Internal(format!("password hashing failed: {e}")))
}

impl App {
    /// Create a user of `account_id`.
    pub async fn create_user(&self, account_id: i64, input: UserInput) -> Result<UserView> {
        let name = normalise_name(&input.name).map_err(|e| Error::Invalid(e.message))?;
        let email = normalise_email(&input.email).map_err(|e| Error::Invalid(e.message))?;
        let company = self.store.account(account_id).await?.name;
        let password_hash =
            password_hash(input.password, PasswordOwner { name: &name, email: &email, company: &company }).await?;
        let new = NewUser {
            account_id,
            name,
            email,
            password_hash,
            role: input.role,
            chat_visibility: input.chat_visibility,
            permissions: input.permissions,
        };
        Ok(self.store.create_user(new).await?)
    }

    /// Change a user of `account_id`.
    pub async fn update_user(&self, account_id: i64, user_id: i64, mut patch: UserPatch) -> Result<UserView> {
        if let Some(name) = &patch.name {
            patch.name = Some(normalise_name(name).map_err(|e| Error::Invalid(e.message))?);
        }
        if let Some(email) = &patch.email {
            patch.email = Some(normalise_email(email).map_err(|e| Error::Invalid(e.message))?);
        }
        Ok(self.store.update_user(account_id, user_id, patch).await?)
    }

    /// Set a user's password (an admin's reset, or the user's own change): their sessions end
    /// but `keep` (a token hash: the session the user changed it in), and a change an admin
    /// asked for is met.
    pub async fn set_password(
        &self,
        account_id: i64,
        user_id: i64,
        password: String,
        keep: Option<&str>,
    ) -> Result<()> {
        let user = self.store.user(account_id, user_id).await?;
        let company = self.store.account(account_id).await?.name;
        let hash =
            password_hash(password, PasswordOwner { name: &user.name, email: &user.email, company: &company }).await?;
        Ok(self.store.set_password_hash(account_id, user_id, &hash, keep).await?)
    }
}
