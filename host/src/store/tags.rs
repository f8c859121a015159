//! Tags (A4, S11, L2): the account's tags, some marked "apenas automação" (only flows may set
//! them, so the agents' picker hides them), and the tags of each contact.

use super::contacts::emit_contact_changed;
use super::views::TagView;
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;

crate::row! {
    struct TagRow {
        id: i64,
        name: String,
        automation_only: bool,
    }
}

impl From<TagRow> for TagView {
    fn from(r: TagRow) -> Self {
        TagView { id: r.id, name: r.name, automation_only: r.automation_only }
    }
}

/// A tag's name: trimmed, 1 to 50 characters.
fn tag_name(name: &str) -> StoreResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err(StoreError::Rejected("O nome da etiqueta deve ter de 1 a 50 caracteres.".into()));
    }
    Ok(name.to_string())
}

/// Put tag `tag_id` on a contact in `tx` (S11); a tag marked "apenas automação" only by an
/// automation.
pub(super) async fn tag_contact_in(
    tx: &mut Tx,
    account_id: i64,
    contact_id: i64,
    tag_id: i64,
    by_automation: bool,
) -> StoreResult<()> {
    let tag: TagRow = tx
        .fetch_one(
            &format!("SELECT {} FROM tags WHERE account_id = $1 AND id = $2", TagRow::COLUMNS),
            args![account_id, tag_id],
        )
        .await?;
    if tag.automation_only && !by_automation {
        return Err(StoreError::Rejected(format!(
            "A etiqueta '{}' é apenas para automações e não pode ser adicionada manualmente.",
            tag.name
        )));
    }
    tx.fetch_one::<(i64,)>("SELECT id FROM contacts WHERE account_id = $1 AND id = $2", args![account_id, contact_id])
        .await?;
    tx.execute(
        "INSERT INTO contact_tags (contact_id, tag_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        args![contact_id, tag_id, tx.now()],
    )
    .await?;
    Ok(())
}

/// Take tag `tag_id` off a contact in `tx`; whether it had it.
pub(super) async fn untag_contact_in(tx: &mut Tx, account_id: i64, contact_id: i64, tag_id: i64) -> StoreResult<bool> {
    tx.fetch_one::<(i64,)>("SELECT id FROM contacts WHERE account_id = $1 AND id = $2", args![account_id, contact_id])
        .await?;
    let removed = tx
        .execute(
            "DELETE FROM contact_tags WHERE contact_id = $1 AND tag_id IN (SELECT id FROM tags WHERE account_id = $2 AND id = $3)",
            args![contact_id, account_id, tag_id],
        )
        .await?;
    Ok(removed > 0)
}

/// The id of the tag called `name`, created when the account has none by that name (a flow's
/// tag step names its tags).
pub(super) async fn tag_named_in(tx: &mut Tx, account_id: i64, name: &str) -> StoreResult<i64> {
    let name = tag_name(name)?;
    let found: Option<(i64,)> =
        tx.fetch_optional("SELECT id FROM tags WHERE account_id = $1 AND name = $2", args![account_id, &name]).await?;
    if let Some((id,)) = found {
        return Ok(id);
    }
    let (id,): (i64,) = tx
        .fetch_one(
            "INSERT INTO tags (account_id, name, automation_only, created_at) VALUES ($1, $2, FALSE, $3) RETURNING id",
            args![account_id, &name, tx.now()],
        )
        .await?;
    Ok(id)
}

impl Store {
    /// Tags of the account by name; `assignable_only` hides the automation-only ones (S11).
    pub async fn tags(&self, account_id: i64, assignable_only: bool) -> StoreResult<Vec<TagView>> {
        let rows: Vec<TagRow> = self
            .read()
            .await?
            .fetch_all(
                "SELECT id, name, automation_only FROM tags WHERE account_id = $1 \
                 AND ($2 = FALSE OR automation_only = FALSE) ORDER BY name, id",
                args![account_id, assignable_only],
            )
            .await?;
        Ok(rows.into_iter().map(TagView::from).collect())
    }

    /// The tag of the account called `name` (as typed, trimmed), if there is one.
    pub async fn tag_named(&self, account_id: i64, name: &str) -> StoreResult<Option<TagView>> {
        let row: Option<TagRow> = self
            .read()
            .await?
            .fetch_optional(
                &format!("SELECT {} FROM tags WHERE account_id = $1 AND name = $2", TagRow::COLUMNS),
                args![account_id, name.trim()],
            )
            .await?;
        Ok(row.map(TagView::from))
    }

    /// Create a tag.
    pub async fn create_tag(&self, account_id: i64, name: &str, automation_only: bool) -> StoreResult<TagView> {
        let name = tag_name(name)?;
        let mut tx = self.begin().await?;
        let created = tx
            .fetch_one::<(i64,)>(
                "INSERT INTO tags (account_id, name, automation_only, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                args![account_id, &name, automation_only, self.now()],
            )
            .await;
        let (id,) = match created {
            Err(StoreError::Conflict(_)) => {
                return Err(StoreError::Conflict(format!("Já existe uma etiqueta chamada '{name}'.")));
            }
            other => other?,
        };
        self.commit(tx).await?;
        Ok(TagView { id, name, automation_only })
    }

    /// Rename a tag or change its "apenas automação" mark.
    pub async fn update_tag(
        &self,
        account_id: i64,
        tag_id: i64,
        name: Option<&str>,
        automation_only: Option<bool>,
    ) -> StoreResult<TagView> {
        let current = self.tag(account_id, tag_id).await?;
        let name = name.map(tag_name).transpose()?.unwrap_or(current.name);
        let automation_only = automation_only.unwrap_or(current.automation_only);
        let mut tx = self.begin().await?;
        let updated = tx
            .execute(
                "UPDATE tags SET name = $1, automation_only = $2 WHERE account_id = $3 AND id = $4",
                args![&name, automation_only, account_id, tag_id],
            )
            .await;
        if let Err(StoreError::Conflict(_)) = updated {
            return Err(StoreError::Conflict(format!("Já existe uma etiqueta chamada '{name}'.")));
        }
        updated?;
        self.commit(tx).await?;
        Ok(TagView { id: tag_id, name, automation_only })
    }

    /// Delete a tag (it leaves every contact).
    pub async fn delete_tag(&self, account_id: i64, tag_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "DELETE FROM contact_tags WHERE tag_id = (SELECT id FROM tags WHERE account_id = $1 AND id = $2)",
            args![account_id, tag_id],
        )
        .await?;
        if tx.execute("DELETE FROM tags WHERE account_id = $1 AND id = $2", args![account_id, tag_id]).await? == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }

    /// A tag of the account.
    pub async fn tag(&self, account_id: i64, tag_id: i64) -> StoreResult<TagView> {
        let row: TagRow = self
            .read()
            .await?
            .fetch_one(
                "SELECT id, name, automation_only FROM tags WHERE account_id = $1 AND id = $2",
                args![account_id, tag_id],
            )
            .await?;
        Ok(row.into())
    }

    /// Tags of each of the contacts, by contact id.
    pub async fn tags_of(&self, contact_ids: &[i64]) -> StoreResult<std::collections::HashMap<i64, Vec<TagView>>> {
        let mut out: std::collections::HashMap<i64, Vec<TagView>> = std::collections::HashMap::new();
        if contact_ids.is_empty() {
            return Ok(out);
        }
        let list = contact_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let rows: Vec<(i64, i64, String, bool)> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT ct.contact_id, t.id, t.name, t.automation_only FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id \
                     WHERE ct.contact_id IN ({list}) ORDER BY t.name, t.id"
                ),
                vec![],
            )
            .await?;
        for (contact_id, id, name, automation_only) in rows {
            out.entry(contact_id).or_default().push(TagView { id, name, automation_only });
        }
        Ok(out)
    }

    /// Put a tag on a contact. Agents (`by_automation` false) cannot set automation-only tags.
    pub async fn add_contact_tag(
        &self,
        account_id: i64,
        contact_id: i64,
        tag_id: i64,
        by_automation: bool,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tag_contact_in(&mut tx, account_id, contact_id, tag_id, by_automation).await?;
        emit_contact_changed(&mut tx, account_id, contact_id).await?;
        self.commit(tx).await
    }

    /// Take a tag off a contact.
    pub async fn remove_contact_tag(&self, account_id: i64, contact_id: i64, tag_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        if !untag_contact_in(&mut tx, account_id, contact_id, tag_id).await? {
            return Err(StoreError::NotFound);
        }
        emit_contact_changed(&mut tx, account_id, contact_id).await?;
        self.commit(tx).await
    }
}
