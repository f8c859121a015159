//! Erasing content (issue 17 part 3, LGPD): a contact erased at their request, and the
//! account's retention limit sweeping closed chats' old messages. Both remove the content and
//! keep the skeleton ([`crate::domain::data_rights`]): a message keeps its kind, direction, time
//! and status and loses its text, payload and media; the events the live log replays lose the
//! same; the chat, its services and protocols, the counters and the dashboard's figures stay.
//! Media files are queued in `media_deletions` in the same transaction and deleted by the media
//! worker (a file is shared by every message with the same bytes: only one no kept message
//! uses is queued).

use serde_json::Value;

use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::views::AccountView;
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::Millis;
use crate::domain::data_rights::{ERASED_NAME, Scrub, scrub_event};
use crate::domain::event::EventKind;

/// How many messages one retention transaction erases; the sweep runs again at once while more
/// are due.
pub const RETENTION_BATCH: i64 = 500;

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// Erase the content of the messages `ids` in `tx`, and of the events about `conversations`
/// (all of them, or only those before `events_before`).
async fn erase_messages_in(
    tx: &mut Tx,
    account_id: i64,
    ids: &[i64],
    conversations: &[i64],
    scrub: Scrub,
    events_before: Option<Millis>,
) -> StoreResult<()> {
    let now = tx.now();
    if !ids.is_empty() {
        let list = id_list(ids);
        tx.execute(
            &format!(
                "UPDATE messages SET body = NULL, payload = NULL, erased_at = $1, \
                 author_name = CASE WHEN author_kind = 'contact' THEN NULL ELSE author_name END \
                 WHERE account_id = $2 AND id IN ({list})"
            ),
            args![now, account_id],
        )
        .await?;
        // A file goes when no message that keeps its content still points at it.
        tx.execute(
            &format!(
                "INSERT INTO media_deletions (path, created_at) SELECT DISTINCT d.path, $1 FROM media d \
                 WHERE d.message_id IN ({list}) AND d.path IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM media k JOIN messages km ON km.id = k.message_id \
                  WHERE k.path = d.path AND km.erased_at IS NULL)"
            ),
            args![now],
        )
        .await?;
        tx.execute(&format!("DELETE FROM media WHERE message_id IN ({list})"), vec![]).await?;
        tx.execute(&format!("DELETE FROM outbox WHERE state = 'pending' AND message_id IN ({list})"), vec![]).await?;
    }
    if conversations.is_empty() {
        return Ok(());
    }
    let list = id_list(conversations);
    tx.execute(
        &format!(
            "UPDATE conversations SET last_message_preview = NULL WHERE account_id = $1 AND id IN ({list}) \
             AND (last_message_at IS NULL OR last_message_at < $2)"
        ),
        args![account_id, events_before.unwrap_or(Millis::MAX)],
    )
    .await?;
    let events: Vec<(i64, String)> = tx
        .fetch_all(
            &format!(
                "SELECT seq, payload FROM events WHERE account_id = $1 AND conversation_id IN ({list}) AND created_at < $2"
            ),
            args![account_id, events_before.unwrap_or(Millis::MAX)],
        )
        .await?;
    for (seq, payload) in events {
        let Ok(mut value) = serde_json::from_str::<Value>(&payload) else { continue };
        let before = value.clone();
        scrub_event(&mut value, scrub);
        if value != before {
            tx.execute(
                "UPDATE events SET payload = $1 WHERE account_id = $2 AND seq = $3",
                args![value.to_string(), account_id, seq],
            )
            .await?;
        }
    }
    Ok(())
}

/// Tell the inbox about each of `conversations` again, as they now are.
async fn announce(tx: &mut Tx, account_id: i64, conversations: &[i64]) -> StoreResult<()> {
    for conversation_id in conversations {
        let view = conversation_in(tx, account_id, *conversation_id).await?;
        tx.emit(account_id, EventKind::ConversationUpdated, &view, None, PreviousAudience::of(&view)).await?;
    }
    Ok(())
}

impl Store {
    /// Erase a contact at their request (LGPD): who they are (name, phone, e-mail, documents,
    /// custom fields, tags, notes, campaign), everything they and the team wrote to each other,
    /// their media, their flows' answers and what the audit log kept of changes to them. The
    /// chats stay as skeletons under [`ERASED_NAME`]; a new message from the same number starts
    /// a new contact. A blocked contact is unblocked first, like deletion.
    pub async fn erase_contact(&self, account_id: i64, contact_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let (blocked, erased): (bool, Option<i64>) = tx
            .fetch_one(
                "SELECT blocked, erased_at FROM contacts WHERE account_id = $1 AND id = $2",
                args![account_id, contact_id],
            )
            .await?;
        if blocked {
            return Err(StoreError::Rejected(
                "Contato bloqueado não pode ter os dados apagados; desbloqueie-o primeiro.".into(),
            ));
        }
        if erased.is_some() {
            return Err(StoreError::Rejected("Os dados deste contato já foram apagados.".into()));
        }
        let now = tx.now();
        let conversations: Vec<i64> = tx
            .fetch_all::<(i64,)>(
                "SELECT id FROM conversations WHERE account_id = $1 AND contact_id = $2",
                args![account_id, contact_id],
            )
            .await?
            .into_iter()
            .map(|(id,)| id)
            .collect();
        let messages: Vec<i64> = if conversations.is_empty() {
            Vec::new()
        } else {
            tx.fetch_all::<(i64,)>(
                &format!("SELECT id FROM messages WHERE conversation_id IN ({})", id_list(&conversations)),
                vec![],
            )
            .await?
            .into_iter()
            .map(|(id,)| id)
            .collect()
        };
        erase_messages_in(&mut tx, account_id, &messages, &conversations, Scrub::Contact, None).await?;
        if !conversations.is_empty() {
            let list = id_list(&conversations);
            for sql in [
                format!("UPDATE flow_sessions SET variables = '{{}}' WHERE conversation_id IN ({list})"),
                format!(
                    "UPDATE flow_steps SET effects = '[]' WHERE session_id IN (SELECT id FROM flow_sessions WHERE conversation_id IN ({list}))"
                ),
                format!("DELETE FROM notifications WHERE conversation_id IN ({list})"),
                format!("UPDATE flow_inputs SET payload = NULL WHERE state = 'done' AND conversation_id IN ({list})"),
            ] {
                tx.execute(&sql, vec![]).await?;
            }
        }
        tx.execute(
            "UPDATE contacts SET name = $1, external_id = $2, phone = NULL, email = NULL, birth_date = NULL, cpf = NULL, \
             rg = NULL, client_code = NULL, cnpj = NULL, company_name = NULL, custom_fields = '{}', campaign = NULL, \
             receives_broadcasts = FALSE, default_agent_id = NULL, erased_at = $3, updated_at = $3 \
             WHERE account_id = $4 AND id = $5",
            args![ERASED_NAME, format!("erased:{contact_id}"), now, account_id, contact_id],
        )
        .await?;
        tx.execute("DELETE FROM contact_tags WHERE contact_id = $1", args![contact_id]).await?;
        tx.execute(
            "DELETE FROM contact_notes WHERE account_id = $1 AND contact_id = $2",
            args![account_id, contact_id],
        )
        .await?;
        // What the audit log kept of the changes made to them (the entries themselves stay).
        tx.execute(
            "UPDATE audit_log SET details = NULL WHERE account_id = $1 AND action LIKE 'contact.%' AND target = $2",
            args![account_id, serde_json::json!({"id": contact_id.to_string()}).to_string()],
        )
        .await?;
        announce(&mut tx, account_id, &conversations).await?;
        self.commit(tx).await
    }

    /// One batch of the account's retention sweep: the messages older than `cutoff` in its
    /// contacts' chats that are not in service now lose their content. Whether more are due.
    pub async fn erase_old_content(&self, account_id: i64, cutoff: Millis) -> StoreResult<bool> {
        let mut tx = self.begin().await?;
        let more = erase_old_content_in(&mut tx, account_id, cutoff).await?;
        self.commit(tx).await?;
        Ok(more)
    }

    /// Set the account's retention limit in months (`None`: keep everything); its sweep runs
    /// at once. The limit is checked by the caller ([`crate::domain::data_rights::check_retention`]).
    pub async fn set_retention(&self, account_id: i64, months: Option<i64>) -> StoreResult<AccountView> {
        let mut tx = self.begin().await?;
        super::jobs::set_retention_in(&mut tx, account_id, months).await?;
        self.commit(tx).await?;
        self.account(account_id).await
    }

    /// Media files whose messages were erased, to delete from the media store: (id, path).
    pub async fn media_deletions(&self, limit: i64) -> StoreResult<Vec<(i64, String)>> {
        self.read().await?.fetch_all("SELECT id, path FROM media_deletions ORDER BY id LIMIT $1", args![limit]).await
    }

    /// A queued file was deleted (or was already gone).
    pub async fn media_deleted(&self, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM media_deletions WHERE id = $1", args![id]).await?;
        self.commit(tx).await
    }
}

/// [`Store::erase_old_content`] in `tx` (the retention job runs it in its own transaction).
pub(super) async fn erase_old_content_in(tx: &mut Tx, account_id: i64, cutoff: Millis) -> StoreResult<bool> {
    let due: Vec<(i64, i64)> = tx
        .fetch_all(
            "SELECT m.id, m.conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id \
             WHERE c.account_id = $1 AND c.kind = 'contact' AND c.state <> 'open' \
             AND m.created_at < $2 AND m.erased_at IS NULL ORDER BY m.id LIMIT $3",
            args![account_id, cutoff, RETENTION_BATCH + 1],
        )
        .await?;
    let more = due.len() as i64 > RETENTION_BATCH;
    let due = &due[..due.len().min(RETENTION_BATCH as usize)];
    let ids: Vec<i64> = due.iter().map(|(id, _)| *id).collect();
    let mut conversations: Vec<i64> = due.iter().map(|(_, c)| *c).collect();
    conversations.sort_unstable();
    conversations.dedup();
    erase_messages_in(tx, account_id, &ids, &conversations, Scrub::Content, Some(cutoff)).await?;
    announce(tx, account_id, &conversations).await?;
    Ok(more)
}
