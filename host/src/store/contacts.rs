//! Contacts of an account (A6, S1, S2): list and search, read, and edits of the system fields
//! after validation. Conversations that show the contact hear about the change.

use super::contact_filter::{ContactFilter, Cursor};
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::tx::Read;
use super::views::{ContactView, NamedRef, TagView};
use super::{Arg, Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::contact::ContactPatch;
use crate::domain::event::EventKind;

/// A page of the contacts list.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ContactPage {
    pub items: Vec<ContactView>,
    /// How many contacts the filter holds.
    pub total: i64,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// The SELECT of a [`ContactRow`]; callers add WHERE / ORDER BY.
const CONTACT_SELECT: &str = "SELECT ct.id, ct.platform, ct.name, ct.phone, ct.email, ct.birth_date, ct.cpf, ct.rg, \
    ct.client_code, ct.cnpj, COALESCE(co.name, ct.company_name) AS company_name, ct.receives_broadcasts, ct.blocked, \
    ct.campaign, ct.custom_fields, ct.default_agent_id, u.name AS default_agent_name, ct.created_at, ct.updated_at, ct.erased_at \
    FROM contacts ct LEFT JOIN companies co ON co.account_id = ct.account_id AND co.cnpj = ct.cnpj \
    LEFT JOIN users u ON u.id = ct.default_agent_id";

crate::row! {
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
        custom_fields: String,
        default_agent_id: Option<i64>,
        default_agent_name: Option<String>,
        created_at: i64,
        updated_at: i64,
        erased_at: Option<i64>,
    }
}

impl ContactRow {
    fn into_view(self, tags: Vec<TagView>) -> ContactView {
        ContactView {
            id: self.id,
            platform: self.platform,
            name: self.name,
            phone: self.phone,
            email: self.email,
            birth_date: self.birth_date,
            cpf: self.cpf,
            rg: self.rg,
            client_code: self.client_code,
            cnpj: self.cnpj,
            company_name: self.company_name,
            receives_broadcasts: self.receives_broadcasts,
            blocked: self.blocked,
            campaign: self.campaign,
            tags,
            custom_fields: serde_json::from_str(&self.custom_fields).unwrap_or_default(),
            default_agent: self
                .default_agent_id
                .map(|id| NamedRef { id, name: self.default_agent_name.unwrap_or_default() }),
            created_at: self.created_at,
            updated_at: self.updated_at,
            erased_at: self.erased_at,
        }
    }
}

/// Tell every conversation of a contact that the contact changed (the list shows its name,
/// tags and lock).
pub(super) async fn emit_contact_changed(tx: &mut Tx, account_id: i64, contact_id: i64) -> StoreResult<()> {
    let conversations: Vec<(i64,)> = tx
        .fetch_all(
            "SELECT id FROM conversations WHERE account_id = $1 AND contact_id = $2",
            args![account_id, contact_id],
        )
        .await?;
    for (conversation_id,) in conversations {
        let view = conversation_in(tx, account_id, conversation_id).await?;
        tx.emit(account_id, EventKind::ConversationUpdated, &view, None, PreviousAudience::of(&view)).await?;
    }
    Ok(())
}

/// A contact's row (without its tags), read in `tx`.
async fn contact_in(tx: &mut Tx, account_id: i64, contact_id: i64) -> StoreResult<ContactRow> {
    tx.fetch_one(&format!("{CONTACT_SELECT} WHERE ct.account_id = $1 AND ct.id = $2"), args![account_id, contact_id])
        .await
}

/// The contact of the account with this phone (digits), the oldest if several: (id, name).
async fn contact_by_phone(tx: &mut Tx, account_id: i64, phone: &str) -> StoreResult<Option<(i64, String)>> {
    tx.fetch_optional(
        "SELECT id, name FROM contacts WHERE account_id = $1 AND phone = $2 ORDER BY id LIMIT 1",
        args![account_id, phone],
    )
    .await
}

/// A page of contact rows in (name, id) order on `conn`, after `after`.
async fn page_in(
    conn: &mut Read,
    clauses: &[String],
    mut args: Vec<Arg>,
    after: Option<&Cursor>,
    limit: i64,
) -> StoreResult<Vec<ContactRow>> {
    let mut clauses = clauses.to_vec();
    if let Some(cursor) = after {
        clauses.push(cursor.clause(&mut args));
    }
    args.push(limit.into());
    let sql = format!("{CONTACT_SELECT} WHERE {} ORDER BY ct.name, ct.id LIMIT ${}", clauses.join(" AND "), args.len());
    conn.fetch_all(&sql, args).await
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
    async fn contact_views(&self, rows: Vec<ContactRow>) -> StoreResult<Vec<ContactView>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut tags = self.tags_of(&ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let contact_tags = tags.remove(&r.id).unwrap_or_default();
                r.into_view(contact_tags)
            })
            .collect())
    }

    /// One page of the account's contacts that `filter` holds, by name, after `after`; with
    /// the filter's total and where the next page starts.
    pub async fn contacts_page(
        &self,
        account_id: i64,
        filter: &ContactFilter,
        after: Option<&Cursor>,
        limit: i64,
    ) -> StoreResult<ContactPage> {
        let limit = limit.clamp(1, 500);
        let mut args: Vec<Arg> = vec![account_id.into()];
        let clauses = filter.clauses(self.dialect(), &mut args);
        let mut conn = self.read().await?;
        let (total,): (i64,) = conn
            .fetch_one(&format!("SELECT COUNT(*) FROM contacts ct WHERE {}", clauses.join(" AND ")), args.clone())
            .await?;
        let rows = page_in(&mut conn, &clauses, args, after, limit).await?;
        drop(conn);
        let next_cursor = (rows.len() as i64 == limit)
            .then(|| rows.last().map(|r| Cursor { name: r.name.clone(), id: r.id }.encode()))
            .flatten();
        Ok(ContactPage { items: self.contact_views(rows).await?, total, next_cursor })
    }

    /// Every contact `filter` holds, by name, page by page to `each` (the CSV export).
    pub async fn each_contact(
        &self,
        account_id: i64,
        filter: &ContactFilter,
        mut each: impl FnMut(Vec<ContactView>) -> StoreResult<()>,
    ) -> StoreResult<()> {
        const PAGE: i64 = 1_000;
        let mut args: Vec<Arg> = vec![account_id.into()];
        let clauses = filter.clauses(self.dialect(), &mut args);
        let mut after: Option<Cursor> = None;
        loop {
            let rows = page_in(&mut self.read().await?, &clauses, args.clone(), after.as_ref(), PAGE).await?;
            let full = rows.len() as i64 == PAGE;
            after = rows.last().map(|r| Cursor { name: r.name.clone(), id: r.id });
            each(self.contact_views(rows).await?)?;
            if !full {
                return Ok(());
            }
        }
    }

    /// "Novo contato" (A6): a contact of the account on WhatsApp by their phone, with the
    /// patch's (validated) fields; a phone that is already a contact's is refused.
    pub async fn create_contact(&self, account_id: i64, patch: ContactPatch) -> StoreResult<ContactView> {
        let patch = patch.normalised().map_err(|e| StoreError::Rejected(e.message))?;
        let phone = patch.phone.clone().filter(|p| !p.is_empty());
        let (Some(name), Some(phone)) = (patch.name.clone(), phone) else {
            return Err(StoreError::Rejected("Informe o nome e o telefone do contato.".into()));
        };
        let mut tx = self.begin().await?;
        if let Some(existing) = contact_by_phone(&mut tx, account_id, &phone).await? {
            return Err(StoreError::Conflict(format!("Já existe um contato com este telefone: {}.", existing.1)));
        }
        let now = tx.now();
        let (contact_id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO contacts (account_id, platform, external_id, name, phone, created_at, updated_at) \
                 VALUES ($1, 'whatsapp', $2, $3, $2, $4, $4) RETURNING id",
                args![account_id, &phone, &name, now],
            )
            .await?;
        update_contact_in(&mut tx, account_id, contact_id, patch).await?;
        self.commit(tx).await?;
        self.contact(account_id, contact_id).await
    }

    /// The account's contacts with this phone and their chats, the most recent chat first
    /// (`None` for a contact without one).
    pub async fn chats_by_phone(&self, account_id: i64, phone: &str) -> StoreResult<Vec<(i64, Option<i64>)>> {
        self.read()
            .await?
            .fetch_all(
                "SELECT ct.id, c.id FROM contacts ct LEFT JOIN conversations c ON c.contact_id = ct.id \
                 WHERE ct.account_id = $1 AND ct.phone = $2 \
                 ORDER BY COALESCE(c.last_message_at, c.created_at, 0) DESC, ct.id",
                args![account_id, phone],
            )
            .await
    }

    /// A contact of the account.
    pub async fn contact(&self, account_id: i64, contact_id: i64) -> StoreResult<ContactView> {
        let row: ContactRow = self
            .read()
            .await?
            .fetch_one(
                &format!("{CONTACT_SELECT} WHERE ct.account_id = $1 AND ct.id = $2"),
                args![account_id, contact_id],
            )
            .await?;
        Ok(self.contact_views(vec![row]).await?.remove(0))
    }

    /// Apply a validated patch to a contact of the account (values arrive normalised).
    pub async fn update_contact(
        &self,
        account_id: i64,
        contact_id: i64,
        patch: ContactPatch,
    ) -> StoreResult<ContactView> {
        let mut tx = self.begin().await?;
        update_contact_in(&mut tx, account_id, contact_id, patch).await?;
        emit_contact_changed(&mut tx, account_id, contact_id).await?;
        self.commit(tx).await?;
        self.contact(account_id, contact_id).await
    }

    /// Set or clear (`None`) the contact's default agent (S12), an active user of the account.
    pub async fn set_default_agent(
        &self,
        account_id: i64,
        contact_id: i64,
        agent_id: Option<i64>,
    ) -> StoreResult<ContactView> {
        let mut tx = self.begin().await?;
        if let Some(agent) = agent_id {
            let found: Option<(i64,)> = tx
                .fetch_optional(
                    "SELECT id FROM users WHERE account_id = $1 AND id = $2 AND active = TRUE",
                    args![account_id, agent],
                )
                .await?;
            if found.is_none() {
                return Err(StoreError::Rejected("O agente padrão deve ser um usuário ativo da conta.".into()));
            }
        }
        let changed = tx
            .execute(
                "UPDATE contacts SET default_agent_id = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
                args![agent_id, self.now(), account_id, contact_id],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await?;
        self.contact(account_id, contact_id).await
    }

    /// Set (or with `Null`, remove) one custom field value of a contact.
    pub async fn set_custom_value(
        &self,
        account_id: i64,
        contact_id: i64,
        key: &str,
        value: serde_json::Value,
    ) -> StoreResult<ContactView> {
        let mut tx = self.begin().await?;
        set_custom_value_in(&mut tx, account_id, contact_id, key, value).await?;
        emit_contact_changed(&mut tx, account_id, contact_id).await?;
        self.commit(tx).await?;
        self.contact(account_id, contact_id).await
    }

    /// Block or unblock a contact (S17): a blocked contact neither sends nor receives.
    pub async fn set_blocked(&self, account_id: i64, contact_id: i64, blocked: bool) -> StoreResult<ContactView> {
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE contacts SET blocked = $1, updated_at = $2 WHERE account_id = $3 AND id = $4",
                args![blocked, self.now(), account_id, contact_id],
            )
            .await?;
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        emit_contact_changed(&mut tx, account_id, contact_id).await?;
        self.commit(tx).await?;
        self.contact(account_id, contact_id).await
    }

    /// Delete a contact with its conversations and history (A6); a blocked contact cannot be
    /// deleted until it is unblocked (S17).
    pub async fn delete_contact(&self, account_id: i64, contact_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (blocked,): (bool,) = tx
            .fetch_one("SELECT blocked FROM contacts WHERE account_id = $1 AND id = $2", args![account_id, contact_id])
            .await?;
        if blocked {
            return Err(StoreError::Rejected(
                "Contato bloqueado não pode ser excluído; desbloqueie-o primeiro.".into(),
            ));
        }
        let conversations: Vec<(i64,)> = tx
            .fetch_all(
                "SELECT id FROM conversations WHERE account_id = $1 AND contact_id = $2",
                args![account_id, contact_id],
            )
            .await?;
        for (conversation_id,) in &conversations {
            let view = conversation_in(&mut tx, account_id, *conversation_id).await?;
            for sql in [
                "DELETE FROM outbox WHERE message_id IN (SELECT id FROM messages WHERE conversation_id = $1)",
                "DELETE FROM messages WHERE conversation_id = $1",
                "DELETE FROM jobs WHERE conversation_id = $1",
                "UPDATE conversations SET service_id = NULL WHERE id = $1",
                "DELETE FROM services WHERE conversation_id = $1",
                "DELETE FROM conversations WHERE id = $1",
            ] {
                tx.execute(sql, args![*conversation_id]).await?;
            }
            tx.emit(account_id, EventKind::ConversationDeleted, &view, None, PreviousAudience::of(&view)).await?;
        }
        tx.execute("DELETE FROM contacts WHERE account_id = $1 AND id = $2", args![account_id, contact_id]).await?;
        self.commit(tx).await
    }
}

/// Set one custom value inside a transaction (`Null` removes it).
/// "Editar dados" (S2) and the company (S3) in `tx`: the patch's fields replace the contact's
/// (a blank one clears it), the company's name is kept for its CNPJ. The checked fields (e-mail,
/// birth date, CPF, CNPJ) arrive already validated by the field validator.
pub(super) async fn update_contact_in(
    tx: &mut Tx,
    account_id: i64,
    contact_id: i64,
    patch: ContactPatch,
) -> StoreResult<()> {
    let patch = patch.normalised().map_err(|e| StoreError::Rejected(e.message))?;
    let current = contact_in(tx, account_id, contact_id).await?;
    let now = tx.now();
    let cnpj = merge(patch.cnpj, current.cnpj);
    if let (Some(cnpj), Some(name)) = (&cnpj, patch.company_name.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
        tx.execute(
            "INSERT INTO companies (account_id, cnpj, name, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account_id, cnpj) DO UPDATE SET name = excluded.name",
            args![account_id, cnpj, name, now],
        )
        .await?;
    }
    tx.execute(
        "UPDATE contacts SET name = $1, phone = $2, email = $3, birth_date = $4, cpf = $5, rg = $6, client_code = $7, \
         receives_broadcasts = $8, cnpj = $9, updated_at = $10 WHERE account_id = $11 AND id = $12",
        args![
            patch.name.unwrap_or(current.name),
            merge(patch.phone, current.phone),
            merge(patch.email, current.email),
            merge(patch.birth_date, current.birth_date),
            merge(patch.cpf, current.cpf),
            merge(patch.rg, current.rg),
            merge(patch.client_code, current.client_code),
            patch.receives_broadcasts.unwrap_or(current.receives_broadcasts),
            cnpj,
            now,
            account_id,
            contact_id
        ],
    )
    .await?;
    Ok(())
}

pub(super) async fn set_custom_value_in(
    tx: &mut Tx,
    account_id: i64,
    contact_id: i64,
    key: &str,
    value: serde_json::Value,
) -> StoreResult<()> {
    let (stored,): (String,) = tx
        .fetch_one(
            "SELECT custom_fields FROM contacts WHERE account_id = $1 AND id = $2",
            args![account_id, contact_id],
        )
        .await?;
    let mut fields: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&stored).unwrap_or_default();
    if value.is_null() {
        fields.remove(key);
    } else {
        fields.insert(key.to_string(), value);
    }
    tx.execute(
        "UPDATE contacts SET custom_fields = $1, updated_at = $2 WHERE id = $3",
        args![serde_json::Value::Object(fields).to_string(), tx.now(), contact_id],
    )
    .await?;
    Ok(())
}
