//! Sessions and passwords (issue 17 part 5): a user changes their own password (the current one
//! first, the new one checked like every password, their other sessions ended and this one
//! kept), and an admin asks another user to choose a new one. Listing and ending sessions are
//! the store's ([`crate::store::sessions`]); who may do it is the route's to check.

use super::{App, Error, Result};
use crate::auth;
use crate::store::views::UserView;

impl App {
    /// `user` changes their own password in the session whose token hashes to `session`.
    pub async fn change_own_password(
        &self,
        user: &UserView,
        session: Option<&str>,
        current: String,
        new: String,
    ) -> Result<()> {
        let (_, hash) = self.store.user_for_login(&user.email).await?.ok_or(Error::NotFound)?;
        if current == new {
            return Err(Error::Invalid("A nova senha precisa ser diferente da atual.".into()));
        }
        let matches = tokio::task::spawn_blocking(move || auth::verify_password(&current, &hash))
            .await
            .map_err(|e| Error::Internal(format!("password check stopped: {e}")))?;
        if !matches {
            return Err(Error::Invalid("A senha atual não confere.".into()));
        }
        self.set_password(user.account_id, user.id, new, session).await
    }

    /// `admin` asks `user_id` to choose a new password before anything else. Not themselves:
    /// they change their own on their profile.
    pub async fn require_password_change(&self, admin: &UserView, user_id: i64) -> Result<()> {
        if admin.id == user_id {
            return Err(Error::Invalid("Troque a sua própria senha em Meu perfil.".into()));
        }
        Ok(self.store.require_password_change(admin.account_id, user_id).await?)
    }
}
