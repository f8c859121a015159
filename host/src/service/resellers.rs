//! The reseller console's rules (A1, A2): an account opened with its first admin (name, time
//! zone, e-mail and password checked as everywhere else; both written or neither), suspension
//! and the support code checked among the reseller's own accounts. The operator's
//! `create-account` command opens accounts through the same function.

use serde::Deserialize;
use utoipa::ToSchema;

use super::users::password_hash;
use super::{Error, Result};
use crate::domain::access::{ChatVisibility, Role};
use crate::domain::account::check_account;
use crate::domain::contact::{normalise_email, normalise_name};
use crate::domain::password::PasswordOwner;
use crate::store::views::{AccountView, NamedRef, Permissions, UserView};
use crate::store::{NewAccount, NewUser, Store};

/// A new account and its first admin.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenAccount {
    pub name: String,
    /// IANA time zone; `null`: America/Sao_Paulo.
    #[serde(default)]
    pub timezone: Option<String>,
    pub admin_name: String,
    pub admin_email: String,
    pub admin_password: String,
}

/// Open an account of `reseller_id` with its first admin, who may do everything.
pub async fn open_account(store: &Store, reseller_id: i64, open: OpenAccount) -> Result<(AccountView, UserView)> {
    let (name, timezone) = check_account(Some(&open.name), open.timezone.as_deref()).map_err(Error::Invalid)?;
    let admin_name = normalise_name(&open.admin_name).map_err(|e| Error::Invalid(e.message))?;
    let email = normalise_email(&open.admin_email).map_err(|e| Error::Invalid(e.message))?;
    let name = name.unwrap_or_default();
    let owner = PasswordOwner { name: &admin_name, email: &email, company: &name };
    let password_hash = password_hash(open.admin_password, owner).await?;
    let account = NewAccount { reseller_id, name, timezone: timezone.unwrap_or_else(|| "America/Sao_Paulo".into()) };
    let admin = |account_id| NewUser {
        account_id,
        name: admin_name,
        email,
        password_hash,
        role: Role::Admin,
        chat_visibility: ChatVisibility::All,
        permissions: Permissions { contact_notes: true, support_code: true },
    };
    Ok(store.open_account(account, admin).await?)
}

/// The reseller's accounts whose current support code is `typed`.
pub async fn verify_support_code(store: &Store, reseller_id: i64, typed: &str) -> Result<Vec<NamedRef>> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Error::Invalid("Digite o código de suporte que o cliente leu.".into()));
    }
    let mut found = Vec::new();
    for id in store.verify_support_code(Some(reseller_id), typed).await? {
        found.push(NamedRef { id, name: store.account(id).await?.name });
    }
    Ok(found)
}
