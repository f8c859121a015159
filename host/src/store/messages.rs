//! Messages: the history of a conversation (C1), and outbound messages written with their
//! outbox row in one transaction (DESIGN "Outbound"), with the composer rules applied:
//! internal notes are stored and never sent (C13), reactions are sent but are no reply (C6),
//! a reply stops the unanswered timer (L13) and may assign the agent (S13, S15).

use serde::{Deserialize, Serialize};

use super::accounts::vocab;
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::flow_runs::{SessionStatus, end_live_session_in};
use super::like;
use super::media::{MediaSource, media_row_in};
use super::templates::template_in;
use super::views::{AuthorView, ConversationView, MessageErrorView, MessageView, UserView};
use super::windows::window_context_in;
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::content::{Content, Text};
use crate::domain::conversation::ConversationKind;
use crate::domain::event::EventKind;
use crate::domain::message::{self, AuthorKind, Direction, MessageKind, MessageStatus};
use crate::domain::window::Sender;
use crate::domain::{Millis, Vocabulary, protocol, routing, timer};

const MESSAGE_COLUMNS: &str = MessageRow::COLUMNS;
/// The columns a new message is inserted with, `created_at` and `updated_at` last.
pub(super) const MESSAGE_INSERT_COLUMNS: &str = "account_id, conversation_id, channel_id, direction, author_kind, \
    author_user_id, author_name, kind, body, payload, internal, status, provider_message_id, created_at, updated_at";

crate::row! {
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
        erased_at: Option<i64>,
    }
}

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
            erased_at: self.erased_at,
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

/// Which page of a conversation's history to read (C1, C2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryPage {
    /// The newest messages older than this id (all when `None`), answered oldest first;
    /// `has_more`: older ones remain.
    Before(Option<i64>),
    /// The oldest messages newer than this id, oldest first; `has_more`: newer ones remain.
    After(i64),
}

/// Insert a message; `None` when a message with the same provider id already exists on the
/// channel (a duplicate delivery).
pub(super) async fn insert_message(tx: &mut Tx, record: MessageRecord<'_>) -> StoreResult<Option<MessageView>> {
    let row: Option<MessageRow> = tx
        .fetch_optional(
            &format!(
                "INSERT INTO messages ({MESSAGE_INSERT_COLUMNS}) \
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
    // No bot talks over a human: a service opened by anyone ends the flow waiting on the chat.
    end_live_session_in(tx, conversation_id, SessionStatus::Interrupted, "atendimento aberto").await?;
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

/// An outbound message as the API, a job or a flow asks for it: what it carries, typed, and
/// whether it is an internal note (C13: stored, never sent). A scheduled message's job keeps
/// it in its stored form (kind, text, payload), which reads back into the same content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "StoredOutbound", into = "StoredOutbound")]
pub struct NewOutbound {
    pub conversation_id: i64,
    pub content: Content,
    pub internal: bool,
}

impl NewOutbound {
    /// `content` to the contact of `conversation_id`.
    pub fn new(conversation_id: i64, content: Content) -> Self {
        NewOutbound { conversation_id, content, internal: false }
    }

    /// An internal note (C13) with `text`.
    pub fn note(conversation_id: i64, text: &str) -> Self {
        NewOutbound { conversation_id, content: Content::Text(Text::plain(text)), internal: true }
    }
}

/// [`NewOutbound`] as a job payload keeps it (the shape the API's messages have).
#[derive(Serialize, Deserialize)]
struct StoredOutbound {
    conversation_id: i64,
    kind: MessageKind,
    text: Option<String>,
    payload: Option<serde_json::Value>,
    internal: bool,
}

impl From<NewOutbound> for StoredOutbound {
    fn from(new: NewOutbound) -> Self {
        let (kind, text, payload) = new.content.to_stored();
        StoredOutbound { conversation_id: new.conversation_id, kind, text, payload, internal: new.internal }
    }
}

impl TryFrom<StoredOutbound> for NewOutbound {
    type Error = String;

    fn try_from(stored: StoredOutbound) -> Result<Self, String> {
        let content = Content::from_stored(stored.kind, stored.text.as_deref(), stored.payload.as_ref())
            .ok_or_else(|| format!("unreadable {} message", stored.kind))?;
        Ok(NewOutbound { conversation_id: stored.conversation_id, content, internal: stored.internal })
    }
}

impl Store {
    /// A page of a conversation's history, oldest first (C1, C2's jump to a message), and
    /// whether more remain in its direction.
    pub async fn messages(
        &self,
        viewer: &UserView,
        conversation_id: i64,
        page: HistoryPage,
        limit: i64,
    ) -> StoreResult<(Vec<MessageView>, bool)> {
        self.conversation_for(viewer, conversation_id).await?;
        let limit = limit.clamp(1, 200);
        let (condition, order, from) = match page {
            HistoryPage::Before(before) => ("id < $3", "DESC", before.unwrap_or(i64::MAX)),
            HistoryPage::After(after) => ("id > $3", "ASC", after),
        };
        let rows: Vec<MessageRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND conversation_id = $2 AND {condition} \
                     AND replaced = FALSE ORDER BY id {order} LIMIT $4"
                ),
                args![viewer.account_id, conversation_id, from, limit + 1],
            )
            .await?;
        let has_more = rows.len() as i64 > limit;
        let mut items =
            rows.into_iter().take(limit as usize).map(MessageRow::into_view).collect::<StoreResult<Vec<_>>>()?;
        if matches!(page, HistoryPage::Before(_)) {
            items.reverse();
        }
        Ok((items, has_more))
    }

    /// The messages of a conversation `viewer` may see whose text holds `query` in any case
    /// (C2), newest first, at most `limit` (1 to 50).
    pub async fn search_messages(
        &self,
        viewer: &UserView,
        conversation_id: i64,
        query: &str,
        limit: i64,
    ) -> StoreResult<Vec<MessageView>> {
        self.conversation_for(viewer, conversation_id).await?;
        let pattern = format!("%{}%", like::literal(&query.trim().to_lowercase()));
        let rows: Vec<MessageRow> = self
            .read()
            .await?
            .fetch_all(
                &format!(
                    "SELECT {MESSAGE_COLUMNS} FROM messages WHERE account_id = $1 AND conversation_id = $2 \
                     AND LOWER(body) LIKE $3 {} ORDER BY id DESC LIMIT $4",
                    like::ESCAPE
                ),
                args![viewer.account_id, conversation_id, pattern, limit.clamp(1, 50)],
            )
            .await?;
        rows.into_iter().map(MessageRow::into_view).collect()
    }

    /// Write a message from `author` (an agent) to a conversation they may see: internal notes
    /// and the team chat are only stored; everything else obeys [`check_sendable`] and also
    /// gets an outbox row. A reply may open the service or assign the agent (S13, S15).
    pub async fn send_message(&self, author: &UserView, new: NewOutbound) -> StoreResult<MessageView> {
        self.send_with_media(author, new, None).await
    }

    /// Send a file from `author`: `new` carries [`Content::Media`], whose media row (from
    /// `source`) is written with the message in one transaction, so a refused send leaves
    /// neither (C9, C15, C8's `{foto}`).
    pub async fn send_file(
        &self,
        author: &UserView,
        new: NewOutbound,
        source: MediaSource,
    ) -> StoreResult<MessageView> {
        self.send_with_media(author, new, Some(source)).await
    }

    /// Whether `content` may go from an agent to the contact of `conversation_id` now
    /// ([`check_sendable`]), asked before work that would be wasted on a refusal (writing an
    /// uploaded file); the send itself checks again.
    pub async fn check_sendable(&self, account_id: i64, conversation_id: i64, content: &Content) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let checked = check_sendable(&mut tx, account_id, conversation_id, Sender::Agent, content).await;
        tx.rollback().await?;
        checked
    }

    async fn send_with_media(
        &self,
        author: &UserView,
        mut new: NewOutbound,
        source: Option<MediaSource>,
    ) -> StoreResult<MessageView> {
        let before = self.conversation_for(author, new.conversation_id).await?;
        let account_id = author.account_id;
        let at = self.now();
        let mut tx = self.begin().await?;
        let team_chat = before.kind == ConversationKind::Internal;
        let media_id = match (&source, &mut new.content) {
            (Some(source), Content::Media(media)) => {
                let channel_id = before.channel.as_ref().map(|c| c.id);
                media.media_id = media_row_in(&mut tx, account_id, source, channel_id).await?;
                Some(media.media_id)
            }
            (None, _) => None,
            (Some(_), _) => return Err(StoreError::Internal("a file sent as content that is no media".into())),
        };
        let message =
            write_outbound(&mut tx, account_id, Author::Agent(author), Sender::Agent, &new, team_chat).await?;
        if let Some(media_id) = media_id {
            tx.execute("UPDATE media SET message_id = $1 WHERE id = $2", args![message.id, media_id]).await?;
        }
        if !team_chat && message::is_reply(Direction::Outbound, message.kind, new.internal) {
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
            // The dashboard's first-response time: the service's first answer by a person.
            tx.execute(
                "UPDATE services SET first_response_at = $1 \
                 WHERE id = (SELECT service_id FROM conversations WHERE id = $2) AND first_response_at IS NULL",
                args![at, new.conversation_id],
            )
            .await?;
        }
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
    /// The system (a scheduled job, a closing) under a display name.
    System(&'a str),
    /// A flow, under its name.
    Flow(&'a str),
}

/// The rules every message to a contact obeys, whoever sends it (the composer, a closing
/// message, a scheduled message, a new chat, a flow), checked in the transaction that writes
/// it, before anything is written: the content within WhatsApp's limits; a quoted or reacted-to
/// message of the same chat (a reaction only to the contact's); a template of the chat's
/// number, approved; the contact not blocked (S17); free-form content only inside the
/// contact's window, as `sender` sees it (S4).
pub(super) async fn check_sendable(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    sender: Sender,
    content: &Content,
) -> StoreResult<()> {
    content.check().map_err(|refusal| StoreError::Rejected(refusal.0))?;
    let (channel_id, blocked): (Option<i64>, Option<bool>) = tx
        .fetch_one(
            "SELECT c.channel_id, ct.blocked FROM conversations c LEFT JOIN contacts ct ON ct.id = c.contact_id \
             WHERE c.account_id = $1 AND c.id = $2",
            args![account_id, conversation_id],
        )
        .await?;
    let referenced = match content {
        Content::Text(text) => text.reply_to,
        Content::Reaction(reaction) => Some(reaction.message_id),
        _ => None,
    };
    if let Some(message_id) = referenced {
        let (direction,): (String,) = tx
            .fetch_one(
                "SELECT direction FROM messages WHERE account_id = $1 AND conversation_id = $2 AND id = $3",
                args![account_id, conversation_id, message_id],
            )
            .await?;
        if matches!(content, Content::Reaction(_)) && direction != Direction::Inbound.as_str() {
            return Err(StoreError::Rejected("Só é possível reagir a mensagens do contato.".into()));
        }
    }
    if blocked == Some(true) {
        return Err(StoreError::Blocked);
    }
    if let Content::Template(template) = content {
        let stored = template_in(tx, account_id, template.id).await?;
        stored.sendable_on(channel_id).map_err(StoreError::Rejected)?;
    }
    if content.is_free_form()
        && let Some(context) = window_context_in(tx, account_id, conversation_id).await?
    {
        context.free_form(sender, tx.now()).map_err(StoreError::OutsideWindow)?;
    }
    Ok(())
}

/// Store an outbound message in a transaction: an outbox row unless it is an internal note
/// or the team chat's, the chat's last message and the unanswered timer (a reply stops it).
/// What goes to a contact is checked first ([`check_sendable`]); a refusal writes nothing.
pub(super) async fn write_outbound(
    tx: &mut Tx,
    account_id: i64,
    author: Author<'_>,
    sender: Sender,
    new: &NewOutbound,
    team_chat: bool,
) -> StoreResult<MessageView> {
    let stored_only = team_chat || new.internal;
    if !stored_only {
        check_sendable(tx, account_id, new.conversation_id, sender, &new.content).await?;
    }
    let at = tx.now();
    let (channel_id, unanswered_since): (Option<i64>, Option<i64>) = tx
        .fetch_one(
            "SELECT channel_id, unanswered_since FROM conversations WHERE account_id = $1 AND id = $2",
            args![account_id, new.conversation_id],
        )
        .await?;
    let (kind, text, payload) = new.content.to_stored();
    let reply = !team_chat && message::is_reply(Direction::Outbound, kind, new.internal);
    let kind = if new.internal { MessageKind::Internal } else { kind };
    if let Author::Agent(user) = author {
        // A reply may take the chat (S13): the agent is not told of their own act.
        tx.acting_as(user.id);
    }
    let (author_kind, author_user_id, author_name) = match author {
        Author::Agent(user) => (AuthorKind::Agent, Some(user.id), user.name.as_str()),
        Author::System(name) => (AuthorKind::System, None, name),
        Author::Flow(name) => (AuthorKind::Flow, None, name),
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
            text: text.as_deref(),
            payload: payload.as_ref(),
            internal: new.internal,
            status: if stored_only { MessageStatus::Received } else { MessageStatus::Pending },
            provider_message_id: None,
            at,
        },
    )
    .await?
    .ok_or_else(|| StoreError::Internal("an outbound message collided with a provider id".into()))?;
    if let Content::Reaction(reaction) = &new.content {
        super::reactions::record_in(tx, new.conversation_id, message.id, Direction::Outbound, reaction.message_id)
            .await?;
    }
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

/// Tell the message's live clients that it changed (status, failure, its file arrived).
pub(super) async fn emit_message_updated(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    message_id: i64,
) -> StoreResult<()> {
    let message = message_in(tx, message_id).await?;
    let conversation = conversation_in(tx, account_id, conversation_id).await?;
    tx.emit(account_id, EventKind::MessageUpdated, &conversation, Some(&message), PreviousAudience::of(&conversation))
        .await
}

/// A message read inside a transaction.
pub(super) async fn message_in(tx: &mut Tx, message_id: i64) -> StoreResult<MessageView> {
    let row: MessageRow =
        tx.fetch_one(&format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = $1"), args![message_id]).await?;
    row.into_view()
}
