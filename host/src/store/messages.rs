//! Messages: the history of a conversation (C1), and outbound messages written with their
//! outbox row in one transaction (DESIGN "Outbound"), with the composer rules applied:
//! internal notes are stored and never sent (C13), reactions are sent but are no reply (C6),
//! a reply stops the unanswered timer (L13) and may assign the agent (S13, S15).

use sqlx::FromRow;

use super::accounts::vocab;
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::views::{AuthorView, ConversationView, MessageErrorView, MessageView, UserView};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::conversation::ConversationKind;
use crate::domain::event::EventKind;
use crate::domain::message::{self, AuthorKind, Direction, MessageKind, MessageStatus};
use crate::domain::{Millis, Vocabulary, protocol, routing, timer};

const MESSAGE_COLUMNS: &str = "id, conversation_id, direction, kind, author_kind, author_user_id, author_name, body, \
                               payload, internal, status, error_code, error_title, created_at";

#[derive(FromRow)]
pub(super) struct MessageRow {
    id: i64,
    conversation_id: i64,
    direction: String,
    kind: String,
    author_kind: String,
    author_user_id: Option<i64>,
    author_name: Option<String>,
    body: Option<String>,
    payload: Option<String>,
    internal: bool,
    status: String,
    error_code: Option<String>,
    error_title: Option<String>,
    created_at: i64,
}

crate::sqlite_row!(MessageRow {
    id,
    conversation_id,
    direction,
    kind,
    author_kind,
    author_user_id,
    author_name,
    body,
    payload,
    internal,
    status,
    error_code,
    error_title,
    created_at
});

impl MessageRow {
    pub(super) fn into_view(self) -> StoreResult<MessageView> {
        Ok(MessageView {
            id: self.id,
            conversation_id: self.conversation_id,
            direction: vocab(&self.direction)?,
            kind: vocab(&self.kind)?,
            author: AuthorView {
                kind: vocab(&self.author_kind)?,
                user_id: self.author_user_id,
                name: self.author_name,
            },
            text: self.body,
            payload: self.payload.and_then(|p| serde_json::from_str(&p).ok()),
            internal: self.internal,
            status: vocab(&self.status)?,
            error: self.error_code.map(|code| MessageErrorView { code, title: self.error_title.unwrap_or_default() }),
            created_at: self.created_at,
        })
    }
}

/// A message row about to be written.
pub(super) struct MessageRecord<'a> {
    pub account_id: i64,
    pub conversation_id: i64,
    pub channel_id: Option<i64>,
    pub direction: Direction,
    pub author_kind: AuthorKind,
    pub author_user_id: Option<i64>,
    pub author_name: Option<&'a str>,
    pub kind: MessageKind,
    pub text: Option<&'a str>,
    pub payload: Option<&'a serde_json::Value>,
    pub internal: bool,
    pub status: MessageStatus,
    pub provider_message_id: Option<&'a str>,
    pub at: Millis,
}

/// Insert a message; `None` when a message with the same provider id already exists on the
/// channel (a duplicate delivery).
pub(super) async fn insert_message(tx: &mut Tx, record: MessageRecord<'_>) -> StoreResult<Option<MessageView>> {
    let row: Option<MessageRow> = tx
        .fetch_optional(
            &format!(
                "INSERT INTO messages (account_id, conversation_id, channel_id, direction, author_kind, author_user_id, \
                 author_name, kind, body, payload, internal, status, provider_message_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) \
                 ON CONFLICT (channel_id, provider_message_id) DO NOTHING RETURNING {MESSAGE_COLUMNS}"
            ),
            args![
                record.account_id,
                record.conversation_id,
                record.channel_id,
                record.direction.as_str(),
                record.author_kind.as_str(),
                record.author_user_id,
                record.author_name,
                record.kind.as_str(),
                record.text,
                record.payload.map(|p| p.to_string()),
                record.internal,
                record.status.as_str(),
                record.provider_message_id,
                record.at
            ],
        )
        .await?;
    row.map(MessageRow::into_view).transpose()
}

/// Open a new service on a conversation: next protocol of the day, state `open`, no agent
/// and no department unless `agent_id` is given.
pub(super) async fn open_service(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    agent_id: Option<i64>,
    at: Millis,
) -> StoreResult<String> {
    let (timezone,): (String,) = tx.fetch_one("SELECT timezone FROM accounts WHERE id = $1", args![account_id]).await?;
    let day = protocol::protocol_day(at, &timezone);
    let (n,): (i64,) = tx
        .fetch_one(
            "INSERT INTO protocol_counters (account_id, day, last) VALUES ($1, $2, 1) \
             ON CONFLICT (account_id, day) DO UPDATE SET last = protocol_counters.last + 1 RETURNING last",
            args![account_id, &day],
        )
        .await?;
    let number = protocol::format_protocol(&day, n);
    let (service_id,): (i64,) = tx
        .fetch_one(
            "INSERT INTO services (account_id, conversation_id, protocol, opened_at, agent_id) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
            args![account_id, conversation_id, &number, at, agent_id],
        )
        .await?;
    tx.execute(
        "UPDATE conversations SET state = 'open', service_id = $1, agent_id = $2, department_id = NULL, updated_at = $3, \
         service_opened_at = $3 \
         WHERE id = $4",
        args![service_id, agent_id, at, conversation_id],
    )
    .await?;
    Ok(number)
}

/// An outbound message as the API or a flow asks for it (kept in a scheduled message's job).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewOutbound {
    pub conversation_id: i64,
    pub kind: MessageKind,
    pub text: Option<String>,
    pub payload: Option<serde_json::Value>,
    pub internal: bool,
}

impl Store {
    /// A page of a conversation's history, oldest first (C1): messages before `before`.
    pub async fn messages(
        &self,
        viewer: &UserView,
        conversation_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<(Vec<MessageView>, bool)> {
        self.conversation_for(viewer, conversation_id).await?;
        let limit = limit.clamp(1, 200);
        let rows: Vec<MessageRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND conversation_id = $2 AND id < $3 \
                     ORDER BY id DESC LIMIT $4"
                ),
                args![viewer.account_id, conversation_id, before.unwrap_or(i64::MAX), limit + 1],
            )
            .await?;
        let has_more = rows.len() as i64 > limit;
        let mut items =
            rows.into_iter().take(limit as usize).map(MessageRow::into_view).collect::<StoreResult<Vec<_>>>()?;
        items.reverse();
        Ok((items, has_more))
    }

    /// Write a message from `author` (an agent) to a conversation they may see: internal notes
    /// and the team chat are only stored; everything else also gets an outbox row.
    pub async fn send_message(&self, author: &UserView, new: NewOutbound) -> StoreResult<MessageView> {
        let before = self.conversation_for(author, new.conversation_id).await?;
        let account_id = author.account_id;
        let at = self.now();
        let mut tx = self.begin().await?;
        let team_chat = before.kind == ConversationKind::Internal;
        let stored_only = team_chat || new.internal;
        if !stored_only && before.contact.as_ref().is_some_and(|c| c.blocked) {
            return Err(StoreError::Rejected(BLOCKED.into()));
        }
        if !team_chat && message::is_reply(Direction::Outbound, new.kind, new.internal) {
            let routing = routing::on_agent_reply(before.state, before.agent.as_ref().map(|a| a.id), author.id);
            if routing.open_service {
                open_service(&mut tx, account_id, new.conversation_id, routing.assign, at).await?;
            } else if let Some(agent) = routing.assign {
                tx.execute("UPDATE conversations SET agent_id = $1 WHERE id = $2", args![agent, new.conversation_id])
                    .await?;
                tx.execute(
                    "UPDATE services SET agent_id = $1 WHERE id = (SELECT service_id FROM conversations WHERE id = $2)",
                    args![agent, new.conversation_id],
                )
                .await?;
            }
        }
        let message = write_outbound(&mut tx, account_id, Author::Agent(author), &new, team_chat).await?;
        let after = conversation_in(&mut tx, account_id, new.conversation_id).await?;
        tx.emit(account_id, EventKind::MessageCreated, &after, Some(&message), PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(message)
    }

    /// A message of a conversation the viewer may see.
    pub async fn message(&self, viewer: &UserView, conversation_id: i64, message_id: i64) -> StoreResult<MessageView> {
        self.conversation_for(viewer, conversation_id).await?;
        let row: MessageRow = self
            .read()
            .await?
            .fetch_one(
                &format!(
                    "SELECT {MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND conversation_id = $2 AND id = $3"
                ),
                args![viewer.account_id, conversation_id, message_id],
            )
            .await?;
        row.into_view()
    }

    /// A message of the account, whoever may see it (for public channel entry points).
    pub async fn message_by_id(&self, account_id: i64, message_id: i64) -> StoreResult<MessageView> {
        let row: MessageRow = self
            .read()
            .await?
            .fetch_one(
                &format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND id = $2"),
                args![account_id, message_id],
            )
            .await?;
        row.into_view()
    }

    /// Messages of the conversation a contact can see on their side (no internal notes), for the
    /// simulator page.
    pub async fn contact_visible_messages(
        &self,
        conversation: &ConversationView,
        limit: i64,
    ) -> StoreResult<Vec<MessageView>> {
        let rows: Vec<MessageRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND internal = FALSE \
                     AND kind <> 'system' ORDER BY id DESC LIMIT $2"
                ),
                args![conversation.id, limit],
            )
            .await?;
        let mut items = rows.into_iter().map(MessageRow::into_view).collect::<StoreResult<Vec<_>>>()?;
        items.reverse();
        Ok(items)
    }
}

/// The composer's answer for a blocked contact (S17).
pub const BLOCKED: &str = "Contato bloqueado, não é possível enviar ou receber mensagem";

/// Who writes an outbound message.
#[derive(Clone, Copy)]
pub(super) enum Author<'a> {
    /// A user of the account (the composer, a closing message).
    Agent(&'a UserView),
    /// The system (a flow, a scheduled job) under a display name.
    System(&'a str),
}

/// Store an outbound message in a transaction: an outbox row unless it is an internal note
/// or the team chat's, the chat's last message and the unanswered timer (a reply stops it).
pub(super) async fn write_outbound(
    tx: &mut Tx,
    account_id: i64,
    author: Author<'_>,
    new: &NewOutbound,
    team_chat: bool,
) -> StoreResult<MessageView> {
    let at = tx.now();
    let (channel_id, unanswered_since): (Option<i64>, Option<i64>) = tx
        .fetch_one(
            "SELECT channel_id, unanswered_since FROM conversations WHERE account_id = $1 AND id = $2",
            args![account_id, new.conversation_id],
        )
        .await?;
    let stored_only = team_chat || new.internal;
    let reply = !team_chat && message::is_reply(Direction::Outbound, new.kind, new.internal);
    let kind = if new.internal { MessageKind::Internal } else { new.kind };
    let (author_kind, author_user_id, author_name) = match author {
        Author::Agent(user) => (AuthorKind::Agent, Some(user.id), user.name.as_str()),
        Author::System(name) => (AuthorKind::System, None, name),
    };
    let message = insert_message(
        tx,
        MessageRecord {
            account_id,
            conversation_id: new.conversation_id,
            channel_id,
            direction: Direction::Outbound,
            author_kind,
            author_user_id,
            author_name: Some(author_name),
            kind,
            text: new.text.as_deref(),
            payload: new.payload.as_ref(),
            internal: new.internal,
            status: if stored_only { MessageStatus::Received } else { MessageStatus::Pending },
            provider_message_id: None,
            at,
        },
    )
    .await?
    .ok_or_else(|| StoreError::Conflict("message already exists".into()))?;
    if !stored_only {
        let channel_id = channel_id.ok_or_else(|| StoreError::Rejected("Esta conversa não tem canal.".into()))?;
        tx.execute(
            "INSERT INTO outbox (account_id, message_id, channel_id, state, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, 'pending', $4, $4)",
            args![account_id, message.id, channel_id, at],
        )
        .await?;
        tx.outbox_added = true;
    }
    tx.execute(
        "UPDATE conversations SET last_message_at = $1, last_message_preview = $2, unanswered_since = $3, updated_at = $1 \
         WHERE id = $4",
        args![
            at,
            message::preview(kind, message.text.as_deref()),
            timer::after_outbound(unanswered_since, reply),
            new.conversation_id
        ],
    )
    .await?;
    Ok(message)
}

/// A message read inside a transaction.
pub(super) async fn message_in(tx: &mut Tx, message_id: i64) -> StoreResult<MessageView> {
    let row: MessageRow =
        tx.fetch_one(&format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = $1"), args![message_id]).await?;
    row.into_view()
}
