//! Companies by CNPJ (A6, S3): the account's companies with how many contacts each has, added
//! or renamed by admins (a contact's "Dados da Empresa" also keeps its company's name here).
//! A company's contacts are the Contatos list filtered by its CNPJ.

use serde::Serialize;
use utoipa::ToSchema;

use super::like::{self, ESCAPE};
use super::{Store, StoreError, StoreResult};
use crate::args;

/// A company and how many of the account's contacts have its CNPJ.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CompanyView {
    pub id: i64,
    /// Digits only.
    pub cnpj: String,
    pub name: String,
    pub contacts: i64,
}

const COMPANY_SELECT: &str = "SELECT co.id, co.cnpj, co.name, \
    (SELECT COUNT(*) FROM contacts ct WHERE ct.account_id = co.account_id AND ct.cnpj = co.cnpj) AS contacts \
    FROM companies co";

crate::row! {
    struct CompanyRow {
        id: i64,
        cnpj: String,
        name: String,
        contacts: i64,
    }
}

impl From<CompanyRow> for CompanyView {
    fn from(r: CompanyRow) -> Self {
        CompanyView { id: r.id, cnpj: r.cnpj, name: r.name, contacts: r.contacts }
    }
}

/// A company's name: trimmed, 1 to 120 characters.
fn company_name(name: &str) -> StoreResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(StoreError::Rejected("O nome da empresa deve ter de 1 a 120 caracteres.".into()));
    }
    Ok(name.to_string())
}

impl Store {
    /// The account's companies whose name or CNPJ contains `search`, by name.
    pub async fn companies(&self, account_id: i64, search: Option<&str>) -> StoreResult<Vec<CompanyView>> {
        let pattern = format!("%{}%", like::literal(&search.unwrap_or("").trim().to_lowercase()));
        let rows: Vec<CompanyRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "{COMPANY_SELECT} WHERE co.account_id = $1 AND (LOWER(co.name) LIKE $2 {ESCAPE} OR co.cnpj LIKE $2 {ESCAPE}) \
                     ORDER BY co.name, co.id LIMIT 500"
                ),
                args![account_id, pattern],
            )
            .await?;
        Ok(rows.into_iter().map(CompanyView::from).collect())
    }

    /// A company of the account.
    pub async fn company(&self, account_id: i64, id: i64) -> StoreResult<CompanyView> {
        let row: CompanyRow = self
            .read()
            .await?
            .fetch_one(&format!("{COMPANY_SELECT} WHERE co.account_id = $1 AND co.id = $2"), args![account_id, id])
            .await?;
        Ok(row.into())
    }

    /// Add a company with a validated CNPJ (digits); a CNPJ already the account's is a conflict.
    pub async fn create_company(&self, account_id: i64, cnpj: &str, name: &str) -> StoreResult<CompanyView> {
        let name = company_name(name)?;
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO companies (account_id, cnpj, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                args![account_id, cnpj, name, tx.now()],
            )
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => StoreError::Conflict(format!("Já existe uma empresa com o CNPJ {cnpj}.")),
                other => other,
            })?;
        self.commit(tx).await?;
        self.company(account_id, id).await
    }

    /// Rename a company (every contact with its CNPJ shows the new name).
    pub async fn rename_company(&self, account_id: i64, id: i64, name: &str) -> StoreResult<CompanyView> {
        let name = company_name(name)?;
        let mut tx = self.begin().await?;
        let changed = tx
            .execute("UPDATE companies SET name = $1 WHERE account_id = $2 AND id = $3", args![name, account_id, id])
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await?;
        self.company(account_id, id).await
    }
}
