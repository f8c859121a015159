//! Contacts of an account (A6, S1, S2): list and search, read, and edits of the system fields
//! after validation. Conversations that show the contact hear about the change.

use sqlx::FromRow;

use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::views::ContactView;
use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::contact::ContactPatch;
use crate::domain::event::EventKind;
use crate::domain::now_ms;

const CONTACT_COLUMNS: &str = "id, platform, name, phone, email, birth_date, cpf, rg, client_code, cnpj, company_name, \
                               receives_broadcasts, blocked, campaign, created_at, updated_at";

#[derive(FromRow)]
struct ContactRow {
    id: i64,
    platform: String,
    name: String,
    phone: Option<String>,
    email: Option<String>,
    birth_date: Option<String>,
    cpf: Option<String>,
    rg: Option<String>,
    client_code: Option<String>,
    cnpj: Option<String>,
    company_name: Option<String>,
    receives_broadcasts: bool,
    blocked: bool,
    campaign: Option<String>,
    created_at: i64,
    updated_at: i64,
}

crate::sqlite_row!(ContactRow {
    id,
    platform,
    name,
    phone,
    email,
    birth_date,
    cpf,
    rg,
    client_code,
    cnpj,
    company_name,
    receives_broadcasts,
    blocked,
    campaign,
    created_at,
    updated_at
});

impl From<ContactRow> for ContactView {
    fn from(r: ContactRow) -> Self {
        ContactView {
            id: r.id,
            platform: r.platform,
            name: r.name,
            phone: r.phone,
            email: r.email,
            birth_date: r.birth_date,
            cpf: r.cpf,
            rg: r.rg,
            client_code: r.client_code,
            cnpj: r.cnpj,
            company_name: r.company_name,
            receives_broadcasts: r.receives_broadcasts,
            blocked: r.blocked,
            campaign: r.campaign,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// `Some("")` clears a field, `None` keeps it, `Some(v)` sets it.
fn merge(patch: Option<String>, current: Option<String>) -> Option<String> {
    match patch {
        Some(v) if v.is_empty() => None,
        Some(v) => Some(v),
        None => current,
    }
}

impl Store {
    /// Contacts of the account whose name or phone contains `search`, by name.
    pub async fn contacts(&self, account_id: i64, search: Option<&str>, limit: i64) -> StoreResult<Vec<ContactView>> {
        let pattern = format!("%{}%", search.unwrap_or("").trim().to_lowercase());
        let rows: Vec<ContactRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 \
                     AND (LOWER(name) LIKE $2 OR COALESCE(phone, '') LIKE $2) ORDER BY name, id LIMIT $3"
                ),
                args![account_id, pattern, limit.clamp(1, 500)],
            )
            .await?;
        Ok(rows.into_iter().map(ContactView::from).collect())
    }

    /// A contact of the account.
    pub async fn contact(&self, account_id: i64, contact_id: i64) -> StoreResult<ContactView> {
        let row: ContactRow = self
            .read()
            .await?
            .fetch_one(
                &format!("SELECT {CONTACT_COLUMNS} FROM contacts WHERE account_id = $1 AND id = $2"),
                args![account_id, contact_id],
            )
            .await?;
        Ok(row.into())
    }

    /// Apply a validated patch to a contact of the account.
    pub async fn update_contact(
        &self,
        account_id: i64,
        contact_id: i64,
        patch: ContactPatch,
    ) -> StoreResult<ContactView> {
        let patch = patch.normalised().map_err(|e| StoreError::Rejected(e.message))?;
        let current = self.contact(account_id, contact_id).await?;
        let now = now_ms();
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE contacts SET name = $1, phone = $2, email = $3, birth_date = $4, cpf = $5, rg = $6, client_code = $7, \
             receives_broadcasts = $8, updated_at = $9 WHERE account_id = $10 AND id = $11",
            args![
                patch.name.unwrap_or(current.name),
                merge(patch.phone, current.phone),
                merge(patch.email, current.email),
                merge(patch.birth_date, current.birth_date),
                merge(patch.cpf, current.cpf),
                merge(patch.rg, current.rg),
                merge(patch.client_code, current.client_code),
                patch.receives_broadcasts.unwrap_or(current.receives_broadcasts),
                now,
                account_id,
                contact_id
            ],
        )
        .await?;
        let conversations: Vec<(i64,)> = tx
            .fetch_all(
                "SELECT id FROM conversations WHERE account_id = $1 AND contact_id = $2",
                args![account_id, contact_id],
            )
            .await?;
        for (conversation_id,) in conversations {
            let view = conversation_in(&mut tx, account_id, conversation_id).await?;
            tx.emit(account_id, EventKind::ConversationUpdated, &view, None, PreviousAudience::of(&view)).await?;
        }
        self.commit(tx).await?;
        self.contact(account_id, contact_id).await
    }
}
