//! Conversations as the inbox reads them: the list per status view (L1) with the viewer's
//! chat-visibility permission applied (A3), one conversation, and the read mark (L12).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sqlx::FromRow;

use super::accounts::vocab;
use super::events::PreviousAudience;
use super::views::{ChannelRef, ContactRef, ConversationView, NamedRef, UserView};
use super::{Arg, Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::Millis;
use crate::domain::access::ChatVisibility;
use crate::domain::event::EventKind;
use crate::domain::timer;

pub use crate::domain::views::View;

/// The SELECT that yields a [`ConversationRow`]; callers add WHERE / ORDER BY.
pub(super) const CONVERSATION_SELECT: &str = "SELECT c.id, c.account_id, c.kind, c.state, c.unread, c.last_message_at, \
    c.last_message_preview, c.unanswered_since, c.created_at, \
    ct.id AS contact_id, ct.name AS contact_name, ct.phone AS contact_phone, ct.blocked AS contact_blocked, \
    ch.id AS channel_id, ch.kind AS channel_kind, ch.name AS channel_name, \
    u.id AS agent_id, u.name AS agent_name, d.id AS department_id, d.name AS department_name, \
    s.protocol, s.opened_at AS service_opened_at \
    FROM conversations c \
    LEFT JOIN contacts ct ON ct.id = c.contact_id \
    LEFT JOIN channels ch ON ch.id = c.channel_id \
    LEFT JOIN users u ON u.id = c.agent_id \
    LEFT JOIN departments d ON d.id = c.department_id \
    LEFT JOIN services s ON s.id = c.service_id";

#[derive(FromRow)]
pub(super) struct ConversationRow {
    id: i64,
    kind: String,
    state: String,
    unread: bool,
    last_message_at: Option<i64>,
    last_message_preview: Option<String>,
    unanswered_since: Option<i64>,
    created_at: i64,
    contact_id: Option<i64>,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    contact_blocked: Option<bool>,
    channel_id: Option<i64>,
    channel_kind: Option<String>,
    channel_name: Option<String>,
    agent_id: Option<i64>,
    agent_name: Option<String>,
    department_id: Option<i64>,
    department_name: Option<String>,
    protocol: Option<String>,
    service_opened_at: Option<i64>,
}

crate::sqlite_row!(ConversationRow {
    id,
    kind,
    state,
    unread,
    last_message_at,
    last_message_preview,
    unanswered_since,
    created_at,
    contact_id,
    contact_name,
    contact_phone,
    contact_blocked,
    channel_id,
    channel_kind,
    channel_name,
    agent_id,
    agent_name,
    department_id,
    department_name,
    protocol,
    service_opened_at
});

impl ConversationRow {
    pub(super) fn into_view(self) -> StoreResult<ConversationView> {
        let state = vocab(&self.state)?;
        Ok(ConversationView {
            id: self.id,
            kind: vocab(&self.kind)?,
            state,
            contact: self.contact_id.map(|id| ContactRef {
                id,
                name: self.contact_name.unwrap_or_default(),
                phone: self.contact_phone,
                blocked: self.contact_blocked.unwrap_or(false),
            }),
            channel: self.channel_id.map(|id| ChannelRef {
                id,
                kind: self.channel_kind.unwrap_or_default(),
                name: self.channel_name.unwrap_or_default(),
            }),
            agent: self.agent_id.map(|id| NamedRef { id, name: self.agent_name.unwrap_or_default() }),
            department: self.department_id.map(|id| NamedRef { id, name: self.department_name.unwrap_or_default() }),
            protocol: self.protocol,
            service_opened_at: self.service_opened_at,
            unread: self.unread,
            last_message_at: self.last_message_at,
            last_message_preview: self.last_message_preview,
            unanswered_since: timer::visible(state, self.unanswered_since),
        })
    }
}

/// What the list asks for.
#[derive(Debug, Clone)]
pub struct ConversationFilter {
    pub view: View,
    /// Only the internal team chat (the L14 shortcut).
    pub internal_only: bool,
    /// Only unread chats (L2 visibility filter).
    pub unread_only: bool,
    pub limit: i64,
    /// Opaque cursor from the previous page.
    pub cursor: Option<String>,
}

/// One page of the list.
#[derive(Debug, Clone)]
pub struct ConversationPage {
    pub items: Vec<ConversationView>,
    pub next_cursor: Option<String>,
}

fn encode_cursor(sort_key: Millis, id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{sort_key}:{id}"))
}

fn decode_cursor(cursor: &str) -> StoreResult<(Millis, i64)> {
    let invalid = || StoreError::Rejected("Cursor de paginação inválido.".to_string());
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?).map_err(|_| invalid())?;
    let (key, id) = text.split_once(':').ok_or_else(invalid)?;
    Ok((key.parse().map_err(|_| invalid())?, id.parse().map_err(|_| invalid())?))
}

/// The WHERE clause that limits chats to what `viewer` may see (A3); mirrors
/// [`crate::domain::access::Viewer::can_see`].
fn visibility_clause(viewer: &UserView, args: &mut Vec<Arg>) -> String {
    match viewer.chat_visibility {
        ChatVisibility::All => "TRUE".to_string(),
        ChatVisibility::Own => {
            args.push(viewer.id.into());
            format!("(c.kind = 'internal' OR c.agent_id = ${})", args.len())
        }
        ChatVisibility::Department => {
            args.push(viewer.id.into());
            let me = args.len();
            format!(
                "(c.kind = 'internal' OR c.agent_id = ${me} \
                 OR c.department_id IN (SELECT department_id FROM department_members WHERE user_id = ${me}) \
                 OR (c.agent_id IS NULL AND c.department_id IS NULL))"
            )
        }
    }
}

/// The WHERE clause of a status view (L1); mirrors [`crate::domain::views::in_view`].
fn view_clause(view: View, viewer: &UserView, args: &mut Vec<Arg>) -> String {
    let condition = match view {
        View::All => return "TRUE".to_string(),
        View::InService => "c.agent_id IS NOT NULL".to_string(),
        View::Mine => {
            args.push(viewer.id.into());
            format!("c.agent_id = ${}", args.len())
        }
        View::Open => {
            args.push(viewer.id.into());
            format!(
                "(c.agent_id IS NULL OR c.department_id IN (SELECT department_id FROM department_members WHERE user_id = ${}))",
                args.len()
            )
        }
    };
    format!("(c.kind = 'contact' AND c.state = 'open' AND {condition})")
}

impl Store {
    /// One page of the conversation list for `viewer`, most recent message first.
    pub async fn list_conversations(
        &self,
        viewer: &UserView,
        filter: &ConversationFilter,
    ) -> StoreResult<ConversationPage> {
        let mut args: Vec<Arg> = vec![viewer.account_id.into()];
        let mut clauses = vec!["c.account_id = $1".to_string(), visibility_clause(viewer, &mut args)];
        clauses.push(view_clause(filter.view, viewer, &mut args));
        if filter.internal_only {
            clauses.push("c.kind = 'internal'".to_string());
        }
        if filter.unread_only {
            clauses.push("c.unread = TRUE".to_string());
        }
        if let Some(cursor) = &filter.cursor {
            let (key, id) = decode_cursor(cursor)?;
            args.push(key.into());
            args.push(id.into());
            clauses.push(format!(
                "(COALESCE(c.last_message_at, c.created_at) < ${k} OR (COALESCE(c.last_message_at, c.created_at) = ${k} AND c.id < ${i}))",
                k = args.len() - 1,
                i = args.len()
            ));
        }
        let limit = filter.limit.clamp(1, 200);
        args.push((limit + 1).into());
        let sql = format!(
            "{CONVERSATION_SELECT} WHERE {} ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC LIMIT ${}",
            clauses.join(" AND "),
            args.len()
        );
        let rows: Vec<ConversationRow> = self.read().await?.fetch_all(&sql, args).await?;
        let has_more = rows.len() as i64 > limit;
        let mut items = Vec::with_capacity(rows.len());
        let mut last_key = None;
        for row in rows.into_iter().take(limit as usize) {
            last_key = Some((row.last_message_at.unwrap_or(row.created_at), row.id));
            items.push(row.into_view()?);
        }
        let next_cursor = if has_more { last_key.map(|(k, id)| encode_cursor(k, id)) } else { None };
        Ok(ConversationPage { items, next_cursor })
    }

    /// A conversation the viewer may see; [`StoreError::NotFound`] otherwise.
    pub async fn conversation_for(&self, viewer: &UserView, conversation_id: i64) -> StoreResult<ConversationView> {
        let view = self.conversation(viewer.account_id, conversation_id).await?;
        let audience = crate::domain::access::ChatAudience {
            internal: view.kind == crate::domain::conversation::ConversationKind::Internal,
            agent_id: view.agent.as_ref().map(|a| a.id),
            department_id: view.department.as_ref().map(|d| d.id),
        };
        if viewer.viewer().can_see(audience) { Ok(view) } else { Err(StoreError::NotFound) }
    }

    /// A conversation of the account.
    pub async fn conversation(&self, account_id: i64, conversation_id: i64) -> StoreResult<ConversationView> {
        let row: ConversationRow = self
            .read()
            .await?
            .fetch_one(
                &format!("{CONVERSATION_SELECT} WHERE c.account_id = $1 AND c.id = $2"),
                args![account_id, conversation_id],
            )
            .await?;
        row.into_view()
    }

    /// Mark a conversation read or unread (L12) for everyone.
    pub async fn set_unread(
        &self,
        viewer: &UserView,
        conversation_id: i64,
        unread: bool,
    ) -> StoreResult<ConversationView> {
        let before = self.conversation_for(viewer, conversation_id).await?;
        if before.unread == unread {
            return Ok(before);
        }
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE conversations SET unread = $1 WHERE account_id = $2 AND id = $3",
            args![unread, viewer.account_id, conversation_id],
        )
        .await?;
        let view = conversation_in(&mut tx, viewer.account_id, conversation_id).await?;
        tx.emit(viewer.account_id, EventKind::ConversationUpdated, &view, None, PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(view)
    }

    /// The internal team chat of the account (L14).
    pub async fn internal_conversation(&self, account_id: i64) -> StoreResult<ConversationView> {
        let row: ConversationRow = self
            .read()
            .await?
            .fetch_one(
                &format!("{CONVERSATION_SELECT} WHERE c.account_id = $1 AND c.kind = 'internal'"),
                args![account_id],
            )
            .await?;
        row.into_view()
    }

    /// The conversation of a contact on a channel, by the contact's id on that platform.
    pub async fn conversation_by_contact(
        &self,
        channel_id: i64,
        platform: &str,
        external_id: &str,
    ) -> StoreResult<Option<ConversationView>> {
        let row: Option<ConversationRow> = self
            .read()
            .await?
            .fetch_optional(
                &format!(
                    "{CONVERSATION_SELECT} WHERE c.channel_id = $1 AND ct.platform = $2 AND ct.external_id = $3 \
                     AND ct.account_id = c.account_id"
                ),
                args![channel_id, platform, external_id],
            )
            .await?;
        row.map(ConversationRow::into_view).transpose()
    }
}

/// A conversation read inside a transaction.
pub(super) async fn conversation_in(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
) -> StoreResult<ConversationView> {
    let row: ConversationRow = tx
        .fetch_one(
            &format!("{CONVERSATION_SELECT} WHERE c.account_id = $1 AND c.id = $2"),
            args![account_id, conversation_id],
        )
        .await?;
    row.into_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_rejected() {
        assert_eq!(decode_cursor(&encode_cursor(1_700_000_000_000, 42)).unwrap(), (1_700_000_000_000, 42));
        assert!(matches!(decode_cursor("not base64!"), Err(StoreError::Rejected(_))));
        assert!(matches!(decode_cursor(&URL_SAFE_NO_PAD.encode("x:y")), Err(StoreError::Rejected(_))));
    }
}
