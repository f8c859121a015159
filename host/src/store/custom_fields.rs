//! Custom fields of the account's contacts (A4) and which of them are asked for at close, each
//! required or optional (K5).

use super::accounts::vocab;
use super::views::{ClosingFieldView, CustomFieldKind, CustomFieldView};
use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Vocabulary;

crate::row! {
    struct FieldRow {
        id: i64,
        key: String,
        label: String,
        kind: String,
        options: String,
    }
}

impl FieldRow {
    fn into_view(self) -> StoreResult<CustomFieldView> {
        Ok(CustomFieldView {
            id: self.id,
            key: self.key,
            label: self.label,
            kind: vocab(&self.kind)?,
            options: serde_json::from_str(&self.options).unwrap_or_default(),
        })
    }
}

/// Names the system fields use; a custom field may not take them (C8 variables would clash).
const SYSTEM_KEYS: &[&str] =
    &["nome", "telefone", "email", "data_nascimento", "cpf", "rg", "codigo_cliente", "cnpj", "empresa", "protocolo"];

/// A new or edited custom field.
#[derive(Debug, Clone)]
pub struct FieldInput {
    pub key: String,
    pub label: String,
    pub kind: CustomFieldKind,
    pub options: Vec<String>,
}

fn check(input: &FieldInput) -> StoreResult<()> {
    let key_ok = !input.key.is_empty()
        && input.key.len() <= 40
        && input.key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !input.key.starts_with(|c: char| c.is_ascii_digit());
    if !key_ok {
        return Err(StoreError::Rejected(format!(
            "Chave '{}' inválida: use letras minúsculas, dígitos e _ (até 40), começando por letra.",
            input.key
        )));
    }
    if SYSTEM_KEYS.contains(&input.key.as_str()) {
        return Err(StoreError::Rejected(format!("'{}' é um campo de sistema; escolha outra chave.", input.key)));
    }
    if input.label.trim().is_empty() || input.label.chars().count() > 80 {
        return Err(StoreError::Rejected("O rótulo do campo deve ter de 1 a 80 caracteres.".into()));
    }
    match (input.kind, input.options.is_empty()) {
        (CustomFieldKind::List, true) => Err(StoreError::Rejected("Um campo de lista precisa de opções.".into())),
        (CustomFieldKind::List, false) if input.options.iter().any(|o| o.trim().is_empty()) => {
            Err(StoreError::Rejected("As opções da lista não podem ser vazias.".into()))
        }
        (CustomFieldKind::List, false)
            if input.options.iter().enumerate().any(|(i, o)| input.options[..i].contains(o)) =>
        {
            Err(StoreError::Rejected("As opções da lista não podem se repetir.".into()))
        }
        (CustomFieldKind::List, false) => Ok(()),
        (_, false) => Err(StoreError::Rejected("Só campos de lista têm opções.".into())),
        (_, true) => Ok(()),
    }
}

impl Store {
    /// Custom fields of the account, by label.
    pub async fn custom_fields(&self, account_id: i64) -> StoreResult<Vec<CustomFieldView>> {
        let rows: Vec<FieldRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {} FROM custom_fields f WHERE f.account_id = $1 ORDER BY f.label, f.id",
                    FieldRow::columns_of("f")
                ),
                args![account_id],
            )
            .await?;
        rows.into_iter().map(FieldRow::into_view).collect()
    }

    /// A custom field of the account by key.
    pub async fn custom_field_by_key(&self, account_id: i64, key: &str) -> StoreResult<CustomFieldView> {
        let row: FieldRow = self
            .read()
            .await?
            .fetch_one(
                &format!(
                    "SELECT {} FROM custom_fields f WHERE f.account_id = $1 AND f.key = $2",
                    FieldRow::columns_of("f")
                ),
                args![account_id, key],
            )
            .await?;
        row.into_view()
    }

    /// Create a custom field.
    pub async fn create_custom_field(&self, account_id: i64, input: FieldInput) -> StoreResult<CustomFieldView> {
        check(&input)?;
        let mut tx = self.begin().await?;
        let created = tx
            .fetch_one::<(i64,)>(
                "INSERT INTO custom_fields (account_id, key, label, kind, options, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 RETURNING id",
                args![
                    account_id,
                    &input.key,
                    input.label.trim(),
                    input.kind.as_str(),
                    serde_json::to_string(&input.options).expect("strings serialise"),
                    self.now()
                ],
            )
            .await;
        let (id,) = match created {
            Err(StoreError::Conflict(_)) => {
                return Err(StoreError::Conflict(format!("Já existe um campo com a chave '{}'.", input.key)));
            }
            other => other?,
        };
        self.commit(tx).await?;
        Ok(CustomFieldView {
            id,
            key: input.key,
            label: input.label.trim().to_string(),
            kind: input.kind,
            options: input.options,
        })
    }

    /// Rename a custom field or change a list's options. Its key (the `{variável}` in messages
    /// and flows) and its type stay: contacts' stored values keep their meaning.
    pub async fn update_custom_field(
        &self,
        account_id: i64,
        field_id: i64,
        label: Option<String>,
        options: Option<Vec<String>>,
    ) -> StoreResult<CustomFieldView> {
        let mut tx = self.begin().await?;
        let row: FieldRow = tx
            .fetch_one(
                &format!(
                    "SELECT {} FROM custom_fields f WHERE f.account_id = $1 AND f.id = $2",
                    FieldRow::columns_of("f")
                ),
                args![account_id, field_id],
            )
            .await?;
        let current = row.into_view()?;
        let input = FieldInput {
            key: current.key,
            label: label.map(|l| l.trim().to_string()).unwrap_or(current.label),
            kind: current.kind,
            options: options.map(|o| o.into_iter().map(|o| o.trim().to_string()).collect()).unwrap_or(current.options),
        };
        check(&input)?;
        tx.execute(
            "UPDATE custom_fields SET label = $1, options = $2 WHERE account_id = $3 AND id = $4",
            args![
                input.label.as_str(),
                serde_json::to_string(&input.options).expect("strings serialise"),
                account_id,
                field_id
            ],
        )
        .await?;
        self.commit(tx).await?;
        Ok(CustomFieldView {
            id: field_id,
            key: input.key,
            label: input.label,
            kind: input.kind,
            options: input.options,
        })
    }

    /// Delete a custom field (its values stay in the contacts' history of changes only).
    pub async fn delete_custom_field(&self, account_id: i64, field_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM closing_fields WHERE account_id = $1 AND field_id = $2", args![account_id, field_id])
            .await?;
        if tx
            .execute("DELETE FROM custom_fields WHERE account_id = $1 AND id = $2", args![account_id, field_id])
            .await?
            == 0
        {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }

    /// The fields asked for at close, in order (K5).
    pub async fn closing_fields(&self, account_id: i64) -> StoreResult<Vec<ClosingFieldView>> {
        let rows: Vec<(i64, String, String, String, String, bool)> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {}, c.required FROM closing_fields c JOIN custom_fields f ON f.id = c.field_id \
                     WHERE c.account_id = $1 ORDER BY c.position",
                    FieldRow::columns_of("f")
                ),
                args![account_id],
            )
            .await?;
        rows.into_iter()
            .map(|(id, key, label, kind, options, required)| {
                Ok(ClosingFieldView { field: FieldRow { id, key, label, kind, options }.into_view()?, required })
            })
            .collect()
    }

    /// Replace the closing fields with `fields` (field id, required), in that order.
    pub async fn set_closing_fields(
        &self,
        account_id: i64,
        fields: &[(i64, bool)],
    ) -> StoreResult<Vec<ClosingFieldView>> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM closing_fields WHERE account_id = $1", args![account_id]).await?;
        for (position, (field_id, required)) in fields.iter().enumerate() {
            let found: Option<(String,)> = tx
                .fetch_optional(
                    "SELECT kind FROM custom_fields WHERE account_id = $1 AND id = $2",
                    args![account_id, *field_id],
                )
                .await?;
            match found {
                None => return Err(StoreError::Rejected(format!("O campo {field_id} não existe nesta conta."))),
                Some((kind,)) if kind == CustomFieldKind::Image.as_str() => {
                    return Err(StoreError::Rejected("Campos de imagem não podem ser pedidos no encerramento.".into()));
                }
                Some(_) => {}
            }
            let inserted = tx
                .execute(
                    "INSERT INTO closing_fields (account_id, field_id, required, position) VALUES ($1, $2, $3, $4)",
                    args![account_id, *field_id, *required, position as i64],
                )
                .await;
            if let Err(StoreError::Conflict(_)) = inserted {
                return Err(StoreError::Rejected(format!("O campo {field_id} aparece duas vezes.")));
            }
            inserted?;
        }
        self.commit(tx).await?;
        self.closing_fields(account_id).await
    }
}
