//! Tenancy and people (A1, A3): resellers above accounts, accounts, users with roles and
//! permissions, departments and their members. Every read and write names the account.

use serde::Deserialize;
use utoipa::ToSchema;

use super::views::{AccountView, DepartmentView, Permissions, UserView};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::Vocabulary;
use crate::domain::access::{ChatVisibility, Role, Viewer};
use crate::domain::conversation::{ConversationKind, ConversationState};

/// A new account.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub reseller_id: i64,
    pub name: String,
    pub timezone: String,
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub chat_visibility: ChatVisibility,
    pub permissions: Permissions,
}

/// Changes to a user; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub name: Option<String>,
    /// The login e-mail; another user's is refused.
    pub email: Option<String>,
    pub role: Option<Role>,
    pub chat_visibility: Option<ChatVisibility>,
    pub permissions: Option<Permissions>,
    pub active: Option<bool>,
    /// Empty string clears it.
    pub default_closing_message: Option<String>,
    /// "Mostrar confirmação de envio de áudio" (C15).
    pub audio_confirmation: Option<bool>,
}

crate::row! {
    struct UserRow {
        id: i64,
        account_id: i64,
        name: String,
        email: String,
        role: String,
        chat_visibility: String,
        perm_contact_notes: bool,
        perm_support_code: bool,
        active: bool,
        default_closing_message: Option<String>,
        audio_confirmation: bool,
        must_change_password: bool,
    }
}

const USER_COLUMNS: &str = UserRow::COLUMNS;

/// Parse a stored vocabulary value; a value outside it means the database was edited by hand.
pub(super) fn vocab<T: Vocabulary>(value: &str) -> StoreResult<T> {
    T::parse(value).ok_or_else(|| StoreError::Internal(format!("unexpected stored value '{value}'")))
}

impl UserRow {
    fn into_view(self, department_ids: Vec<i64>) -> StoreResult<UserView> {
        Ok(UserView {
            id: self.id,
            account_id: self.account_id,
            name: self.name,
            email: self.email,
            role: vocab(&self.role)?,
            chat_visibility: vocab(&self.chat_visibility)?,
            permissions: Permissions { contact_notes: self.perm_contact_notes, support_code: self.perm_support_code },
            department_ids,
            active: self.active,
            default_closing_message: self.default_closing_message,
            audio_confirmation: self.audio_confirmation,
            must_change_password: self.must_change_password,
        })
    }
}

impl UserView {
    /// What this user brings to visibility decisions.
    pub fn viewer(&self) -> Viewer {
        Viewer { user_id: self.id, visibility: self.chat_visibility, department_ids: self.department_ids.clone() }
    }
}

/// Changes to the account; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPatch {
    /// 1 to 120 characters.
    pub name: Option<String>,
    /// An IANA time zone, such as `America/Sao_Paulo`.
    pub timezone: Option<String>,
    /// "Mostrar confirmação de envio de áudio" for users created from now on (C15).
    pub audio_confirmation_default: Option<bool>,
}

crate::row! {
    struct AccountRow {
        id: i64,
        name: String,
        timezone: String,
        audio_confirmation_default: bool,
        retention_months: Option<i64>,
    }
}

impl From<AccountRow> for AccountView {
    fn from(r: AccountRow) -> Self {
        AccountView {
            id: r.id,
            name: r.name,
            timezone: r.timezone,
            audio_confirmation_default: r.audio_confirmation_default,
            retention_months: r.retention_months,
        }
    }
}

/// Create an account with its internal team chat (L14) and its first support code due (A2), in `tx`.
pub(super) async fn insert_account_in(tx: &mut Tx, account: NewAccount) -> StoreResult<AccountView> {
    let now = tx.now();
    let (id,): (i64,) = tx
        .fetch_one(
            "INSERT INTO accounts (reseller_id, name, timezone, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            args![account.reseller_id, &account.name, &account.timezone, now],
        )
        .await?;
    tx.execute(
        "INSERT INTO conversations (account_id, kind, state, unread, created_at, updated_at) VALUES ($1, $2, $3, FALSE, $4, $4)",
        args![id, ConversationKind::Internal.as_str(), ConversationState::Open.as_str(), now],
    )
    .await?;
    super::jobs::first_support_code_in(tx, id).await?;
    Ok(AccountView {
        id,
        name: account.name,
        timezone: account.timezone,
        audio_confirmation_default: true,
        retention_months: None,
    })
}

/// Create a user in `tx`. A taken e-mail is a [`StoreError::Conflict`].
pub(super) async fn insert_user_in(tx: &mut Tx, user: NewUser) -> StoreResult<UserView> {
    let now = tx.now();
    let (id,): (i64,) = tx
        .fetch_one(
            "INSERT INTO users (account_id, name, email, password_hash, role, chat_visibility, perm_contact_notes, \
             perm_support_code, audio_confirmation, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
             (SELECT audio_confirmation_default FROM accounts WHERE id = $1), $9) RETURNING id",
            args![
                user.account_id,
                &user.name,
                user.email.to_lowercase(),
                &user.password_hash,
                user.role.as_str(),
                user.chat_visibility.as_str(),
                user.permissions.contact_notes,
                user.permissions.support_code,
                now
            ],
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => {
                StoreError::Conflict(format!("Já existe um usuário com o e-mail {}.", user.email))
            }
            other => other,
        })?;
    user_in(tx, user.account_id, id).await
}

impl Store {
    /// Create a reseller.
    pub async fn create_reseller(&self, name: &str) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one("INSERT INTO resellers (name, created_at) VALUES ($1, $2) RETURNING id", args![name, self.now()])
            .await?;
        self.commit(tx).await?;
        Ok(id)
    }

    /// Create an account, with its internal team chat (L14).
    pub async fn create_account(&self, account: NewAccount) -> StoreResult<AccountView> {
        let mut tx = self.begin().await?;
        let view = insert_account_in(&mut tx, account).await?;
        self.commit(tx).await?;
        Ok(view)
    }

    /// Rename the account, change its time zone or its users' default audio confirmation (A4).
    pub async fn update_account(&self, account_id: i64, patch: &AccountPatch) -> StoreResult<AccountView> {
        let (name, timezone) = crate::domain::account::check_account(patch.name.as_deref(), patch.timezone.as_deref())
            .map_err(StoreError::Rejected)?;
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE accounts SET name = COALESCE($1, name), timezone = COALESCE($2, timezone), \
             audio_confirmation_default = COALESCE($3, audio_confirmation_default) WHERE id = $4",
            args![name, timezone, patch.audio_confirmation_default, account_id],
        )
        .await?;
        self.commit(tx).await?;
        self.account(account_id).await
    }

    /// An account by id.
    pub async fn account(&self, account_id: i64) -> StoreResult<AccountView> {
        let row: AccountRow = self
            .read()
            .await?
            .fetch_one(&format!("SELECT {} FROM accounts WHERE id = $1", AccountRow::COLUMNS), args![account_id])
            .await?;
        Ok(row.into())
    }

    /// The first account with this name (used to find the demo account).
    pub async fn account_by_name(&self, name: &str) -> StoreResult<Option<AccountView>> {
        let row: Option<AccountRow> = self
            .read()
            .await?
            .fetch_optional(
                &format!("SELECT {} FROM accounts WHERE name = $1 ORDER BY id LIMIT 1", AccountRow::COLUMNS),
                args![name],
            )
            .await?;
        Ok(row.map(AccountRow::into))
    }

    /// Create a user. A taken e-mail is a [`StoreError::Conflict`].
    pub async fn create_user(&self, user: NewUser) -> StoreResult<UserView> {
        let mut tx = self.begin().await?;
        let view = insert_user_in(&mut tx, user).await?;
        self.commit(tx).await?;
        Ok(view)
    }

    /// The user with this e-mail and their password hash, for login.
    pub async fn user_for_login(&self, email: &str) -> StoreResult<Option<(UserView, String)>> {
        let mut read = self.read().await?;
        let row: Option<(i64, i64, String)> = read
            .fetch_optional(
                "SELECT id, account_id, password_hash FROM users WHERE email = $1",
                args![email.trim().to_lowercase()],
            )
            .await?;
        let Some((id, account_id, hash)) = row else { return Ok(None) };
        drop(read);
        Ok(Some((self.user(account_id, id).await?, hash)))
    }

    /// A user of the account.
    pub async fn user(&self, account_id: i64, user_id: i64) -> StoreResult<UserView> {
        let mut read = self.read().await?;
        let row: UserRow = read
            .fetch_one(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE account_id = $1 AND id = $2"),
                args![account_id, user_id],
            )
            .await?;
        let departments: Vec<(i64,)> = read
            .fetch_all(
                "SELECT department_id FROM department_members WHERE user_id = $1 ORDER BY department_id",
                args![user_id],
            )
            .await?;
        row.into_view(departments.into_iter().map(|(d,)| d).collect())
    }

    /// Every user of the account.
    pub async fn users(&self, account_id: i64) -> StoreResult<Vec<UserView>> {
        let mut read = self.read().await?;
        let rows: Vec<UserRow> = read
            .fetch_all(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE account_id = $1 ORDER BY name, id"),
                args![account_id],
            )
            .await?;
        let members: Vec<(i64, i64)> = read
            .fetch_all(
                "SELECT m.user_id, m.department_id FROM department_members m JOIN departments d ON d.id = m.department_id \
                 WHERE d.account_id = $1 ORDER BY m.department_id",
                args![account_id],
            )
            .await?;
        rows.into_iter()
            .map(|row| {
                let ids = members.iter().filter(|(u, _)| *u == row.id).map(|(_, d)| *d).collect();
                row.into_view(ids)
            })
            .collect()
    }

    /// Change a user of the account.
    pub async fn update_user(&self, account_id: i64, user_id: i64, patch: UserPatch) -> StoreResult<UserView> {
        let mut tx = self.begin().await?;
        let current = user_in(&mut tx, account_id, user_id).await?;
        let permissions = patch.permissions.unwrap_or(current.permissions);
        let closing = match patch.default_closing_message {
            Some(text) if text.trim().is_empty() => None,
            Some(text) => Some(text),
            None => current.default_closing_message,
        };
        tx.execute(
            "UPDATE users SET name = $1, role = $2, chat_visibility = $3, perm_contact_notes = $4, perm_support_code = $5, \
             active = $6, default_closing_message = $7, audio_confirmation = $8, email = $9 WHERE account_id = $10 AND id = $11",
            args![
                patch.name.unwrap_or(current.name),
                patch.role.unwrap_or(current.role).as_str(),
                patch.chat_visibility.unwrap_or(current.chat_visibility).as_str(),
                permissions.contact_notes,
                permissions.support_code,
                patch.active.unwrap_or(current.active),
                closing,
                patch.audio_confirmation.unwrap_or(current.audio_confirmation),
                patch.email.clone().map(|e| e.to_lowercase()).unwrap_or(current.email),
                account_id,
                user_id
            ],
        )
        .await
        .map_err(|e| match (e, &patch.email) {
            (StoreError::Conflict(_), Some(email)) => {
                StoreError::Conflict(format!("Já existe um usuário com o e-mail {email}."))
            }
            (other, _) => other,
        })?;
        // An account without an active admin could never be configured again (A4): demoting or
        // deactivating its last one is refused, and the update rolls back.
        let (admins,): (i64,) = tx
            .fetch_one(
                "SELECT COUNT(*) FROM users WHERE account_id = $1 AND role = $2 AND active",
                args![account_id, Role::Admin.as_str()],
            )
            .await?;
        if admins == 0 {
            return Err(StoreError::Conflict(
                "A conta precisa de pelo menos um administrador ativo: promova outro usuário antes.".into(),
            ));
        }
        if patch.active == Some(false) {
            tx.execute("DELETE FROM sessions WHERE user_id = $1", args![user_id]).await?;
        }
        let view = user_in(&mut tx, account_id, user_id).await?;
        self.commit(tx).await?;
        Ok(view)
    }

    /// Replace a user's password hash (their request to change it met) and end their sessions
    /// but `keep` (a token hash: the session a user changed their own password in).
    pub async fn set_password_hash(
        &self,
        account_id: i64,
        user_id: i64,
        hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE users SET password_hash = $1, must_change_password = FALSE WHERE account_id = $2 AND id = $3",
                args![hash, account_id, user_id],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        tx.execute(
            "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
            args![user_id, keep.unwrap_or_default()],
        )
        .await?;
        self.commit(tx).await
    }

    /// Create a department.
    pub async fn create_department(&self, account_id: i64, name: &str) -> StoreResult<DepartmentView> {
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO departments (account_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
                args![account_id, name.trim(), self.now()],
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("Já existe um departamento chamado {}.", name.trim()))
                }
                other => other,
            })?;
        self.commit(tx).await?;
        Ok(DepartmentView { id, name: name.trim().to_string(), member_ids: vec![] })
    }

    /// Every department of the account, with its members.
    pub async fn departments(&self, account_id: i64) -> StoreResult<Vec<DepartmentView>> {
        let mut read = self.read().await?;
        let rows: Vec<(i64, String)> = read
            .fetch_all("SELECT id, name FROM departments WHERE account_id = $1 ORDER BY name, id", args![account_id])
            .await?;
        let members: Vec<(i64, i64)> = read
            .fetch_all(
                "SELECT m.department_id, m.user_id FROM department_members m JOIN departments d ON d.id = m.department_id \
                 WHERE d.account_id = $1 ORDER BY m.user_id",
                args![account_id],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name)| DepartmentView {
                id,
                name,
                member_ids: members.iter().filter(|(d, _)| *d == id).map(|(_, u)| *u).collect(),
            })
            .collect())
    }

    /// A department of the account.
    pub async fn department(&self, account_id: i64, department_id: i64) -> StoreResult<DepartmentView> {
        self.departments(account_id).await?.into_iter().find(|d| d.id == department_id).ok_or(StoreError::NotFound)
    }

    /// Rename a department.
    pub async fn rename_department(
        &self,
        account_id: i64,
        department_id: i64,
        name: &str,
    ) -> StoreResult<DepartmentView> {
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE departments SET name = $1 WHERE account_id = $2 AND id = $3",
                args![name.trim(), account_id, department_id],
            )
            .await
            .map_err(|err| match err {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("Já existe um departamento chamado {}.", name.trim()))
                }
                other => other,
            })?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await?;
        self.department(account_id, department_id).await
    }

    /// Delete a department; its chats keep their agent and lose the department.
    pub async fn delete_department(&self, account_id: i64, department_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let changed = tx
            .execute("DELETE FROM departments WHERE account_id = $1 AND id = $2", args![account_id, department_id])
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }

    /// Replace a department's members; every user must belong to the account.
    pub async fn set_department_members(
        &self,
        account_id: i64,
        department_id: i64,
        user_ids: &[i64],
    ) -> StoreResult<DepartmentView> {
        let mut tx = self.begin().await?;
        let exists: Option<(i64,)> = tx
            .fetch_optional(
                "SELECT id FROM departments WHERE account_id = $1 AND id = $2",
                args![account_id, department_id],
            )
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        tx.execute("DELETE FROM department_members WHERE department_id = $1", args![department_id]).await?;
        for user_id in user_ids {
            let user: Option<(i64,)> = tx
                .fetch_optional("SELECT id FROM users WHERE account_id = $1 AND id = $2", args![account_id, *user_id])
                .await?;
            if user.is_none() {
                return Err(StoreError::Rejected(format!("O usuário {user_id} não existe nesta conta.")));
            }
            tx.execute(
                "INSERT INTO department_members (department_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                args![department_id, *user_id],
            )
            .await?;
        }
        self.commit(tx).await?;
        self.department(account_id, department_id).await
    }
}

/// A user read inside a transaction.
pub(super) async fn user_in(tx: &mut Tx, account_id: i64, user_id: i64) -> StoreResult<UserView> {
    let row: UserRow = tx
        .fetch_one(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE account_id = $1 AND id = $2"),
            args![account_id, user_id],
        )
        .await?;
    let departments: Vec<(i64,)> = tx
        .fetch_all(
            "SELECT department_id FROM department_members WHERE user_id = $1 ORDER BY department_id",
            args![user_id],
        )
        .await?;
    row.into_view(departments.into_iter().map(|(d,)| d).collect())
}
