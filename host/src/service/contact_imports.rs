//! Importing contacts from a CSV file (A6): the upload (read once, its columns' fields
//! suggested), the admin's mapping checked, and each chunk of rows checked by the same rules as
//! "Editar dados" — the field validator plugin (P2) for e-mail, dates, CPF, CNPJ and custom
//! fields — before the store writes it. A row that fails is rejected with the column and the
//! validator's words; the others go on.

use std::collections::HashMap;

use super::fields::Validator;
use super::media::UploadedFile;
use super::{App, Error, Result};
use crate::domain::contact::{ContactPatch, normalise_phone};
use crate::domain::contact_import::{
    self, CsvRow, Duplicates, ImportField, MAX_FILE_BYTES, PHONE, check_mapping, read_chunk, read_head, suggest_mapping,
};
use crate::domain::field::FieldKind;
use crate::domain::{Millis, Vocabulary};
use crate::store::views::{CustomFieldView, UserView};
use crate::store::{ContactImportView, FieldWrite, ImportChunk, ImportedRow, LeasedImport};

/// What a chunk of the file became, or why the import cannot go on.
pub enum ChunkOutcome {
    Chunk(ImportChunk),
    /// The stored import cannot be read (a damaged row in the database).
    Broken(String),
}

/// The mapped columns of an import with what checking a row needs.
struct RowChecker<'a> {
    app: &'a App,
    validator: Validator,
    headers: Vec<String>,
    /// (column, field key) for each imported column.
    columns: Vec<(usize, String)>,
    custom: HashMap<String, CustomFieldView>,
}

impl RowChecker<'_> {
    /// The row as a contact, or why it is rejected ("Coluna: motivo").
    async fn check(&self, row: &CsvRow) -> std::result::Result<ImportedRow, String> {
        let mut patch = ContactPatch::default();
        let mut phone = None;
        let mut campaign = None;
        let mut custom = Vec::new();
        for (column, key) in &self.columns {
            let value = row.values.get(*column).map(|v| v.trim()).unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            let header = self.headers.get(*column).map(String::as_str).unwrap_or(key);
            let refused = |why: String| format!("{header}: {why}");
            match key.as_str() {
                PHONE => phone = Some(normalise_phone(value).map_err(refused)?),
                "empresa" => patch.company_name = Some(value.to_string()),
                "campanha" => campaign = Some(value.to_string()),
                _ => match self.app.field_write_with(&self.validator, key, self.custom.get(key), value).await {
                    Ok(FieldWrite::System(fields)) => patch.absorb(fields),
                    Ok(FieldWrite::Custom { key, value }) => custom.push((key, value)),
                    Err(err) => return Err(refused(err.to_string())),
                },
            }
        }
        let phone = phone.ok_or_else(|| "Telefone: a linha não tem telefone.".to_string())?;
        let patch = patch.normalised().map_err(|e| e.message)?;
        Ok(ImportedRow { phone, patch, campaign, custom })
    }
}

impl App {
    /// The fields a column can be imported into: the contact's own, then the account's custom
    /// fields but the image ones (an image is uploaded, not typed).
    pub async fn import_fields(&self, account_id: i64) -> Result<Vec<ImportField>> {
        let custom: Vec<(String, String)> = self
            .store
            .custom_fields(account_id)
            .await?
            .into_iter()
            .filter(|f| FieldKind::of_custom(f.kind).is_some())
            .map(|f| (f.key, f.label))
            .collect();
        Ok(contact_import::import_fields(&custom))
    }

    /// Keep an uploaded CSV file once it reads: its header, its rows counted, a preview and
    /// the suggested field of each column.
    pub async fn upload_contact_import(&self, by: &UserView, file: UploadedFile) -> Result<ContactImportView> {
        if file.bytes.len() > MAX_FILE_BYTES {
            return Err(Error::Invalid(format!("O arquivo excede {} MB.", MAX_FILE_BYTES / (1024 * 1024))));
        }
        let head = read_head(&file.bytes).map_err(Error::Invalid)?;
        let suggested = suggest_mapping(&head.headers, &self.import_fields(by.account_id).await?);
        let name = file.file_name.clone().unwrap_or_else(|| "contatos.csv".into());
        Ok(self.store.create_contact_import(by.account_id, by.id, &name, file.bytes, &head, &suggested).await?)
    }

    /// Start an uploaded import with the admin's mapping, once it is a valid one.
    pub async fn start_contact_import(
        &self,
        account_id: i64,
        id: i64,
        mapping: Vec<Option<String>>,
        duplicates: Duplicates,
    ) -> Result<ContactImportView> {
        let import = self.store.contact_import(account_id, id).await?;
        let mapping: Vec<Option<String>> =
            mapping.into_iter().map(|k| k.map(|k| k.trim().to_string()).filter(|k| !k.is_empty())).collect();
        check_mapping(&mapping, import.headers.len(), &self.import_fields(account_id).await?)
            .map_err(Error::Invalid)?;
        Ok(self.store.start_contact_import(account_id, id, &mapping, duplicates).await?)
    }

    /// Read and check the next `max_rows` rows of a leased import.
    pub async fn import_chunk(
        &self,
        import: &LeasedImport,
        max_rows: usize,
        lease_until: Millis,
    ) -> Result<ChunkOutcome> {
        let broken = |why: &str| Ok(ChunkOutcome::Broken(format!("A importação guardada não pode ser lida: {why}")));
        let (Some(mapping), Some(duplicates)) =
            (import.mapping.as_deref(), import.duplicates.as_deref().and_then(Duplicates::parse))
        else {
            return broken("sem mapeamento");
        };
        let (Ok(mapping), Ok(headers)) = (
            serde_json::from_str::<Vec<Option<String>>>(mapping),
            serde_json::from_str::<Vec<String>>(&import.headers),
        ) else {
            return broken("mapeamento ou cabeçalho inválido");
        };
        let delimiter = u8::try_from(import.delimiter).unwrap_or(b';');
        // Line 1 is the header; blank rows are not counted, as the upload counted them.
        let chunk = match read_chunk(&import.file, delimiter, import.next_offset as u64, import.next_row + 2, max_rows)
        {
            Ok(chunk) => chunk,
            Err(why) => return broken(&why),
        };
        let checker = RowChecker {
            app: self,
            validator: self.field_validator(import.account_id).await?,
            headers,
            columns: mapping.into_iter().enumerate().filter_map(|(i, k)| k.map(|k| (i, k))).collect(),
            custom: self
                .store
                .custom_fields(import.account_id)
                .await?
                .into_iter()
                .map(|f| (f.key.clone(), f))
                .collect(),
        };
        let rows_read = chunk.rows.len() as i64;
        let mut accepted = Vec::new();
        let mut rejected = Vec::new();
        for row in &chunk.rows {
            match checker.check(row).await {
                Ok(contact) => accepted.push(contact),
                Err(reason) => rejected.push((row.line, reason, row.values.clone())),
            }
        }
        Ok(ChunkOutcome::Chunk(ImportChunk {
            import_id: import.id,
            account_id: import.account_id,
            from_row: import.next_row,
            rows_read,
            next_offset: chunk.next_offset as i64,
            accepted,
            rejected,
            duplicates,
            last: (rows_read as usize) < max_rows,
            lease_until,
        }))
    }
}
