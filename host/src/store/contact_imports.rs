//! Contact imports (A6) in the database: the uploaded file with what reading it found, the
//! admin's mapping, and the worker's progress. The worker leases a running import (on
//! PostgreSQL `FOR UPDATE SKIP LOCKED`, so one host works on it at a time) and writes each chunk
//! of rows in one transaction that also moves the import's position — conditioned on the
//! position it read, so a chunk written once is never written again, whichever host or restart
//! comes next.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use utoipa::ToSchema;

use super::args::push_list;
use super::contacts::{emit_contact_changed, update_contact_in};
use super::tx::Dialect;
use super::{Arg, HostShare, Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::contact::ContactPatch;
use crate::domain::contact_import::{CsvHead, Duplicates, ImportState};
use crate::domain::{Millis, Vocabulary};

/// An import as the admin sees it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ContactImportView {
    pub id: i64,
    pub file_name: String,
    pub state: ImportState,
    /// The file's columns, by its header row.
    pub headers: Vec<String>,
    /// The first rows, for the mapping step.
    pub preview: Vec<Vec<String>>,
    /// The field each column seems to hold, by its header (`null`: none).
    pub suggested_mapping: Vec<Option<String>>,
    /// The admin's choice once started: a field key per column, `null` for "Não importar".
    pub mapping: Option<Vec<Option<String>>>,
    pub duplicates: Option<Duplicates>,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub created: i64,
    pub merged: i64,
    pub skipped: i64,
    pub rejected: i64,
    /// Why a failed import stopped.
    pub error: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

crate::row! {
    struct ImportRow {
        id: i64,
        file_name: String,
        state: String,
        headers: String,
        preview: String,
        suggested: String,
        mapping: Option<String>,
        duplicates: Option<String>,
        total_rows: i64,
        next_row: i64,
        created: i64,
        merged: i64,
        skipped: i64,
        rejected: i64,
        error: Option<String>,
        created_at: i64,
        updated_at: i64,
    }
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Internal(format!("stored import: {e}")))
}

impl ImportRow {
    fn into_view(self) -> StoreResult<ContactImportView> {
        Ok(ContactImportView {
            id: self.id,
            file_name: self.file_name,
            state: ImportState::parse(&self.state).ok_or_else(|| StoreError::Internal(self.state.clone()))?,
            headers: json(&self.headers)?,
            preview: json(&self.preview)?,
            suggested_mapping: json(&self.suggested)?,
            mapping: self.mapping.as_deref().map(json).transpose()?,
            duplicates: self.duplicates.as_deref().and_then(Duplicates::parse),
            total_rows: self.total_rows,
            processed_rows: self.next_row,
            created: self.created,
            merged: self.merged,
            skipped: self.skipped,
            rejected: self.rejected,
            error: self.error,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

crate::row! {
    /// A running import a worker holds the lease of.
    pub struct LeasedImport {
        pub id: i64,
        pub account_id: i64,
        pub file: Vec<u8>,
        pub delimiter: i64,
        pub headers: String,
        pub mapping: Option<String>,
        pub duplicates: Option<String>,
        pub next_row: i64,
        pub next_offset: i64,
    }
}

/// A contact as one imported row has it: validated and normalised fields (`None` or absent:
/// the row had no value there).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRow {
    /// Digits; how duplicates are found.
    pub phone: String,
    pub patch: ContactPatch,
    pub campaign: Option<String>,
    /// Custom fields' stored JSON by key.
    pub custom: Vec<(String, serde_json::Value)>,
}

/// What the worker made of one chunk of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportChunk {
    pub import_id: i64,
    pub account_id: i64,
    /// The position the chunk was read from (the import's `next_row` when it was leased).
    pub from_row: i64,
    /// Rows the chunk covers, accepted or not.
    pub rows_read: i64,
    pub next_offset: i64,
    pub accepted: Vec<ImportedRow>,
    /// (line, reason, the row's values).
    pub rejected: Vec<(i64, String, Vec<String>)>,
    pub duplicates: Duplicates,
    /// The last chunk: the import is done once it is written.
    pub last: bool,
    /// The lease, extended to this time.
    pub lease_until: Millis,
}

const VIEW_COLUMNS: &str = "id, file_name, state, headers, preview, suggested, mapping, duplicates, total_rows, \
    next_row, created, merged, skipped, rejected, error, created_at, updated_at";

impl ImportedRow {
    /// A later row of the same phone in the file, merged into this one.
    fn absorb(&mut self, later: ImportedRow) {
        self.patch.absorb(later.patch);
        self.campaign = later.campaign.or(self.campaign.take());
        self.custom.extend(later.custom);
    }
}

/// Merge a row into the existing contact `contact_id`: its non-empty values replace theirs.
async fn merge_into(tx: &mut Tx, account_id: i64, contact_id: i64, row: ImportedRow) -> StoreResult<()> {
    update_contact_in(tx, account_id, contact_id, row.patch).await?;
    if row.campaign.is_some() || !row.custom.is_empty() {
        let (stored,): (String,) =
            tx.fetch_one("SELECT custom_fields FROM contacts WHERE id = $1", args![contact_id]).await?;
        let mut fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&stored).unwrap_or_default();
        fields.extend(row.custom);
        tx.execute(
            "UPDATE contacts SET custom_fields = $1, campaign = COALESCE($2, campaign), updated_at = $3 WHERE id = $4",
            args![serde_json::Value::Object(fields).to_string(), row.campaign, tx.now(), contact_id],
        )
        .await?;
    }
    emit_contact_changed(tx, account_id, contact_id).await
}

/// Rows inserted per statement (16 values each, well under both databases' limits).
const INSERT_ROWS: usize = 250;

/// Insert new contacts, many per statement, with their companies by CNPJ.
async fn insert_new(tx: &mut Tx, account_id: i64, rows: &[ImportedRow]) -> StoreResult<()> {
    let now = tx.now();
    let some = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    for batch in rows.chunks(INSERT_ROWS) {
        let mut args: Vec<Arg> = Vec::with_capacity(batch.len() * 16);
        let mut tuples = Vec::with_capacity(batch.len());
        for row in batch {
            let p = &row.patch;
            let first = args.len() + 1;
            let custom: serde_json::Map<String, serde_json::Value> = row.custom.iter().cloned().collect();
            args.extend(args![
                account_id,
                &row.phone,
                some(&p.name).unwrap_or_else(|| row.phone.clone()),
                some(&p.email),
                some(&p.birth_date),
                some(&p.cpf),
                some(&p.rg),
                some(&p.client_code),
                some(&p.cnpj),
                p.receives_broadcasts.unwrap_or(true),
                row.campaign.clone(),
                serde_json::Value::Object(custom).to_string(),
                now
            ]);
            let n = |i: usize| format!("${}", first + i);
            tuples.push(format!(
                "({}, 'whatsapp', {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
                n(0),
                n(1),
                n(2),
                n(1),
                n(3),
                n(4),
                n(5),
                n(6),
                n(7),
                n(8),
                n(9),
                n(10),
                n(11),
                n(12),
                n(12)
            ));
        }
        tx.execute(
            &format!(
                "INSERT INTO contacts (account_id, platform, external_id, name, phone, email, birth_date, cpf, rg, \
                 client_code, cnpj, receives_broadcasts, campaign, custom_fields, created_at, updated_at) VALUES {}",
                tuples.join(", ")
            ),
            args,
        )
        .await?;
    }
    for row in rows {
        if let (Some(cnpj), Some(name)) = (some(&row.patch.cnpj), some(&row.patch.company_name)) {
            tx.execute(
                "INSERT INTO companies (account_id, cnpj, name, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (account_id, cnpj) DO UPDATE SET name = excluded.name",
                args![account_id, cnpj, name, now],
            )
            .await?;
        }
    }
    Ok(())
}

/// Write a chunk's accepted rows: the account's contacts with those phones found in one read;
/// a phone already a contact's (or earlier in the file) merged or skipped; the new contacts
/// inserted together. (created, merged, skipped).
async fn write_rows(
    tx: &mut Tx,
    account_id: i64,
    rows: Vec<ImportedRow>,
    duplicates: Duplicates,
) -> StoreResult<(i64, i64, i64)> {
    if rows.is_empty() {
        return Ok((0, 0, 0));
    }
    let phones: BTreeSet<&str> = rows.iter().map(|r| r.phone.as_str()).collect();
    let mut args: Vec<Arg> = vec![account_id.into()];
    let placeholders = push_list(&mut args, phones.iter().copied());
    let found: Vec<(i64, String)> = tx
        .fetch_all(
            &format!(
                "SELECT MIN(id), phone FROM contacts WHERE account_id = $1 AND phone IN ({placeholders}) GROUP BY phone"
            ),
            args,
        )
        .await?;
    let existing: HashMap<String, i64> = found.into_iter().map(|(id, phone)| (phone, id)).collect();
    let (mut merged, mut skipped) = (0i64, 0i64);
    let mut fresh: Vec<ImportedRow> = Vec::new();
    let mut fresh_at: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let earlier = fresh_at.get(&row.phone).copied();
        match (existing.get(&row.phone), earlier, duplicates) {
            (Some(_), _, Duplicates::Skip) | (None, Some(_), Duplicates::Skip) => skipped += 1,
            (Some(contact_id), _, Duplicates::Merge) => {
                merge_into(tx, account_id, *contact_id, row).await?;
                merged += 1;
            }
            (None, Some(at), Duplicates::Merge) => {
                fresh[at].absorb(row);
                merged += 1;
            }
            (None, None, _) => {
                fresh_at.insert(row.phone.clone(), fresh.len());
                fresh.push(row);
            }
        }
    }
    insert_new(tx, account_id, &fresh).await?;
    Ok((fresh.len() as i64, merged, skipped))
}

impl Store {
    /// Keep an uploaded file and what reading it found; it waits for its mapping.
    pub async fn create_contact_import(
        &self,
        account_id: i64,
        created_by: i64,
        file_name: &str,
        file: Vec<u8>,
        head: &CsvHead,
        suggested: &[Option<String>],
    ) -> StoreResult<ContactImportView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO contact_imports (account_id, created_by, file_name, file, delimiter, headers, preview, \
                 suggested, data_offset, total_rows, state, next_offset, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9, $12, $12) RETURNING id",
                args![
                    account_id,
                    created_by,
                    file_name,
                    file,
                    i64::from(head.delimiter),
                    serde_json::to_string(&head.headers).unwrap_or_default(),
                    serde_json::to_string(&head.preview).unwrap_or_default(),
                    serde_json::to_string(suggested).unwrap_or_default(),
                    head.data_offset as i64,
                    head.total_rows,
                    ImportState::Uploaded.as_str(),
                    now
                ],
            )
            .await?;
        self.commit(tx).await?;
        self.contact_import(account_id, id).await
    }

    /// An import of the account.
    pub async fn contact_import(&self, account_id: i64, id: i64) -> StoreResult<ContactImportView> {
        let row: ImportRow = self
            .read()
            .await?
            .fetch_one(
                &format!("SELECT {VIEW_COLUMNS} FROM contact_imports WHERE account_id = $1 AND id = $2"),
                args![account_id, id],
            )
            .await?;
        row.into_view()
    }

    /// The account's latest imports, newest first.
    pub async fn contact_imports(&self, account_id: i64) -> StoreResult<Vec<ContactImportView>> {
        let rows: Vec<ImportRow> = self
            .read()
            .await?
            .fetch_all(
                &format!("SELECT {VIEW_COLUMNS} FROM contact_imports WHERE account_id = $1 ORDER BY id DESC LIMIT 50"),
                args![account_id],
            )
            .await?;
        rows.into_iter().map(ImportRow::into_view).collect()
    }

    /// Start an uploaded import with the admin's (checked) mapping; the worker takes it from here.
    pub async fn start_contact_import(
        &self,
        account_id: i64,
        id: i64,
        mapping: &[Option<String>],
        duplicates: Duplicates,
    ) -> StoreResult<ContactImportView> {
        let mut tx = self.begin().await?;
        let (state,): (String,) = tx
            .fetch_one("SELECT state FROM contact_imports WHERE account_id = $1 AND id = $2", args![account_id, id])
            .await?;
        if state != ImportState::Uploaded.as_str() {
            return Err(StoreError::Conflict("Esta importação já foi iniciada.".into()));
        }
        tx.execute(
            "UPDATE contact_imports SET state = $1, mapping = $2, duplicates = $3, updated_at = $4 WHERE id = $5",
            args![
                ImportState::Running.as_str(),
                serde_json::to_string(mapping).unwrap_or_default(),
                duplicates.as_str(),
                tx.now(),
                id
            ],
        )
        .await?;
        self.commit(tx).await?;
        self.import_wake().notify_one();
        self.contact_import(account_id, id).await
    }

    /// Lease one running import nobody holds (or whose holder's lease ran out) until
    /// `lease_until`; accounts in turn with what this host already runs (`share`).
    pub async fn lease_contact_import(
        &self,
        lease_until: Millis,
        share: &HostShare,
    ) -> StoreResult<Option<LeasedImport>> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let lock = if tx.dialect() == Dialect::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
        let mut args = args![ImportState::Running.as_str(), now];
        let (turn, first) = share.clauses("id", "account_id", &mut args);
        let found: Option<(i64,)> = tx
            .fetch_optional(
                &format!(
                    "SELECT id FROM contact_imports WHERE state = $1 AND (lease_until IS NULL OR lease_until <= $2) \
                     AND {turn} ORDER BY {first}id LIMIT 1{lock}"
                ),
                args,
            )
            .await?;
        let Some((id,)) = found else { return Ok(None) };
        tx.execute("UPDATE contact_imports SET lease_until = $1 WHERE id = $2", args![lease_until, id]).await?;
        let leased: LeasedImport = tx
            .fetch_one(&format!("SELECT {} FROM contact_imports WHERE id = $1", LeasedImport::COLUMNS), args![id])
            .await?;
        self.commit(tx).await?;
        Ok(Some(leased))
    }

    /// Write a chunk and move the import past it, in one transaction; `false` (nothing written)
    /// when the import is no longer where the chunk was read from.
    pub async fn write_import_chunk(&self, chunk: ImportChunk) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let now = tx.now();
        let moved = tx
            .execute(
                "UPDATE contact_imports SET next_row = next_row + $1, next_offset = $2, lease_until = $3, updated_at = $4 \
                 WHERE id = $5 AND next_row = $6 AND state = $7",
                args![
                    chunk.rows_read,
                    chunk.next_offset,
                    chunk.lease_until,
                    now,
                    chunk.import_id,
                    chunk.from_row,
                    ImportState::Running.as_str()
                ],
            )
            .await?;
        if moved == 0 {
            return Ok(false);
        }
        let (created, merged, skipped) =
            write_rows(&mut tx, chunk.account_id, chunk.accepted, chunk.duplicates).await?;
        for (line, reason, values) in &chunk.rejected {
            tx.execute(
                "INSERT INTO contact_import_rejections (import_id, row_number, reason, fields) VALUES ($1, $2, $3, $4)",
                args![chunk.import_id, *line, reason, serde_json::to_string(values).unwrap_or_default()],
            )
            .await?;
        }
        let state = if chunk.last { ImportState::Done } else { ImportState::Running };
        tx.execute(
            "UPDATE contact_imports SET created = created + $1, merged = merged + $2, skipped = skipped + $3, \
             rejected = rejected + $4, state = $5, lease_until = CASE WHEN $6 THEN NULL ELSE lease_until END WHERE id = $7",
            args![created, merged, skipped, chunk.rejected.len() as i64, state.as_str(), chunk.last, chunk.import_id],
        )
        .await?;
        self.commit(tx).await?;
        Ok(true)
    }

    /// Stop an import for a reason that is not a row's (its stored file cannot be read).
    pub async fn fail_contact_import(&self, id: i64, error: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE contact_imports SET state = $1, error = $2, lease_until = NULL, updated_at = $3 WHERE id = $4",
            args![ImportState::Failed.as_str(), error, tx.now(), id],
        )
        .await?;
        self.commit(tx).await
    }

    /// The import's columns and its rejected rows in file order: (line, reason, values).
    pub async fn import_rejections(
        &self,
        account_id: i64,
        id: i64,
    ) -> StoreResult<(Vec<String>, Vec<(i64, String, Vec<String>)>)> {
        let view = self.contact_import(account_id, id).await?;
        let rows: Vec<(i64, String, String)> = self
            .read()
            .await?
            .fetch_all(
                "SELECT row_number, reason, fields FROM contact_import_rejections WHERE import_id = $1 ORDER BY row_number",
                args![id],
            )
            .await?;
        let rows = rows
            .into_iter()
            .map(|(line, reason, fields)| Ok((line, reason, json(&fields)?)))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((view.headers, rows))
    }
}
