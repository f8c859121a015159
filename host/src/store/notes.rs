//! Notes on a contact ("Observações", S6): text (required), an optional date and an optional
//! agent it is forwarded to. Who may touch them is decided by the HTTP layer (the "Observações
//! do contato" permission); here every note belongs to one contact of one account.

use super::views::{NamedRef, NoteView};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;

const NOTE_SELECT: &str = "SELECT n.id, n.contact_id, n.author_id, n.author_name, n.text, n.due_date, \
    n.forward_to_id, f.name AS forward_to_name, n.created_at, n.updated_at \
    FROM contact_notes n LEFT JOIN users f ON f.id = n.forward_to_id";

crate::row! {
    struct NoteRow {
        id: i64,
        contact_id: i64,
        author_id: Option<i64>,
        author_name: String,
        text: String,
        due_date: Option<String>,
        forward_to_id: Option<i64>,
        forward_to_name: Option<String>,
        created_at: i64,
        updated_at: i64,
    }
}

impl From<NoteRow> for NoteView {
    fn from(r: NoteRow) -> Self {
        NoteView {
            id: r.id,
            contact_id: r.contact_id,
            author: r.author_id.map(|id| NamedRef { id, name: r.author_name.clone() }),
            text: r.text,
            due_date: r.due_date,
            forward_to: r.forward_to_id.map(|id| NamedRef { id, name: r.forward_to_name.unwrap_or_default() }),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A note as written or edited: `due_date` already `aaaa-mm-dd`.
#[derive(Debug, Clone, Default)]
pub struct NoteInput {
    pub text: String,
    pub due_date: Option<String>,
    pub forward_to_id: Option<i64>,
}

async fn check_input(tx: &mut Tx, account_id: i64, contact_id: i64, input: &NoteInput) -> StoreResult<String> {
    tx.fetch_one::<(i64,)>("SELECT id FROM contacts WHERE account_id = $1 AND id = $2", args![account_id, contact_id])
        .await?;
    let text = input.text.trim();
    if text.is_empty() || text.chars().count() > 4000 {
        return Err(StoreError::Rejected("O texto da observação é obrigatório (até 4000 caracteres).".into()));
    }
    if let Some(user) = input.forward_to_id {
        let found: Option<(i64,)> = tx
            .fetch_optional(
                "SELECT id FROM users WHERE account_id = $1 AND id = $2 AND active = TRUE",
                args![account_id, user],
            )
            .await?;
        if found.is_none() {
            return Err(StoreError::Rejected("Encaminhe a observação para um usuário ativo da conta.".into()));
        }
    }
    Ok(text.to_string())
}

impl Store {
    /// Notes of a contact, newest first.
    pub async fn notes(&self, account_id: i64, contact_id: i64) -> StoreResult<Vec<NoteView>> {
        self.contact(account_id, contact_id).await?;
        let rows: Vec<NoteRow> = self
            .read()
            .await?
            .fetch_all(
                &format!("{NOTE_SELECT} WHERE n.account_id = $1 AND n.contact_id = $2 ORDER BY n.id DESC"),
                args![account_id, contact_id],
            )
            .await?;
        Ok(rows.into_iter().map(NoteView::from).collect())
    }

    async fn note(&self, account_id: i64, contact_id: i64, note_id: i64) -> StoreResult<NoteView> {
        let row: NoteRow = self
            .read()
            .await?
            .fetch_one(
                &format!("{NOTE_SELECT} WHERE n.account_id = $1 AND n.contact_id = $2 AND n.id = $3"),
                args![account_id, contact_id, note_id],
            )
            .await?;
        Ok(row.into())
    }

    /// Add a note by `author`.
    pub async fn add_note(
        &self,
        account_id: i64,
        contact_id: i64,
        author: &NamedRef,
        input: NoteInput,
    ) -> StoreResult<NoteView> {
        let mut tx = self.begin().await?;
        let text = check_input(&mut tx, account_id, contact_id, &input).await?;
        let now = self.now();
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO contact_notes (account_id, contact_id, author_id, author_name, text, due_date, forward_to_id, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                args![account_id, contact_id, author.id, &author.name, text, input.due_date, input.forward_to_id, now],
            )
            .await?;
        self.commit(tx).await?;
        self.note(account_id, contact_id, id).await
    }

    /// Replace a note's text, date and forward.
    pub async fn update_note(
        &self,
        account_id: i64,
        contact_id: i64,
        note_id: i64,
        input: NoteInput,
    ) -> StoreResult<NoteView> {
        let mut tx = self.begin().await?;
        let text = check_input(&mut tx, account_id, contact_id, &input).await?;
        let changed = tx
            .execute(
                "UPDATE contact_notes SET text = $1, due_date = $2, forward_to_id = $3, updated_at = $4 \
                 WHERE account_id = $5 AND contact_id = $6 AND id = $7",
                args![text, input.due_date, input.forward_to_id, self.now(), account_id, contact_id, note_id],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await?;
        self.note(account_id, contact_id, note_id).await
    }

    /// Delete a note.
    pub async fn delete_note(&self, account_id: i64, contact_id: i64, note_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let removed = tx
            .execute(
                "DELETE FROM contact_notes WHERE account_id = $1 AND contact_id = $2 AND id = $3",
                args![account_id, contact_id, note_id],
            )
            .await?;
        if removed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }
}
