//! Companies by CNPJ (A6, S3): a new company's CNPJ checked by the field validator (P2), as
//! "Dados da Empresa" checks it, and stored as digits.

use super::{App, Error, Result};
use crate::domain::field::{FieldKind, FieldSpec};
use crate::store::companies::CompanyView;

impl App {
    /// Add a company of the account.
    pub async fn create_company(&self, account_id: i64, cnpj: &str, name: &str) -> Result<CompanyView> {
        let field = FieldSpec { key: "cnpj", label: "CNPJ", kind: FieldKind::Cnpj, required: true, options: &[] };
        let cnpj = self
            .validate_field(account_id, &field, cnpj)
            .await?
            .stored_text()
            .ok_or_else(|| Error::Invalid("Informe o CNPJ da empresa.".into()))?;
        Ok(self.store.create_company(account_id, &cnpj, name).await?)
    }
}
