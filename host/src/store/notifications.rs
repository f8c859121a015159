//! Notifications (N1–N3): the notifier's pass over an account's event log, which writes the
//! bell's entries and queues pushes in one transaction with its cursor (so each event is read
//! once, on whichever host), and the bell as each user reads and clears it. Who is told and
//! where is decided by [`crate::domain::notification`].

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::tx::Dialect;
use super::{Arg, Store, StoreError, StoreResult, StoredEvent, Tx};
use crate::args;
use crate::domain::Millis;
use crate::domain::Vocabulary;
use crate::domain::access::{ChatVisibility, Viewer};
use crate::domain::conversation::ConversationKind;
use crate::domain::event::EventKind;
use crate::domain::message::{AuthorKind, Direction, MessageKind};
use crate::domain::notification::{self, ChatChange, NotificationKind, Presence, PushMessage};
use crate::store::views::UserView;

/// One entry of a user's bell.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    /// The chat a click opens.
    pub conversation_id: i64,
    pub contact_name: String,
    /// The message's text, or what was handed over.
    pub text: String,
    pub created_at: Millis,
}

/// A page of a user's bell, newest first, and how many entries it holds in all (the badge).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub total: i64,
}

/// What one pass of the notifier did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NotifierPass {
    /// Events read from the log.
    pub events: usize,
    /// Bell entries written.
    pub recorded: usize,
    /// Pushes queued.
    pub pushes: usize,
}

crate::row! {
    struct NotificationRow {
        id: i64,
        kind: String,
        conversation_id: i64,
        contact_name: String,
        line: String,
        created_at: i64,
    }
}

impl NotificationRow {
    fn into_view(self) -> StoreResult<NotificationView> {
        Ok(NotificationView {
            id: self.id,
            kind: super::accounts::vocab(&self.kind)?,
            conversation_id: self.conversation_id,
            contact_name: self.contact_name,
            text: self.line,
            created_at: self.created_at,
        })
    }
}

/// The parts of an event's payload a notification needs.
#[derive(Deserialize)]
struct EventPayload {
    conversation: PayloadChat,
    message: Option<PayloadMessage>,
}

#[derive(Deserialize)]
struct PayloadChat {
    contact: Option<PayloadName>,
    department: Option<PayloadName>,
}

#[derive(Deserialize)]
struct PayloadName {
    name: String,
}

#[derive(Deserialize)]
struct PayloadMessage {
    direction: Direction,
    kind: MessageKind,
    text: Option<String>,
    author: PayloadAuthor,
}

#[derive(Deserialize)]
struct PayloadAuthor {
    kind: AuthorKind,
}

/// A contact's message worth telling about: not a reaction, a story mention or a note.
fn tells_of_message(message: &PayloadMessage) -> bool {
    message.direction == Direction::Inbound
        && !matches!(message.kind, MessageKind::Reaction | MessageKind::StoryMention | MessageKind::Internal)
}

/// One notification to write: a kind, its chat, its line and who is told.
struct Telling {
    kind: NotificationKind,
    conversation_id: i64,
    contact_name: String,
    line: String,
    users: Vec<i64>,
}

/// What the event tells, and to whom: a hand-over tells its recipients of it; a contact's
/// message tells the chat's people who were not just told of the hand-over.
fn tellings(event: &StoredEvent, users: &[Viewer]) -> Vec<Telling> {
    let Some(conversation_id) = event.conversation_id else { return Vec::new() };
    let Ok(payload) = serde_json::from_str::<EventPayload>(&event.payload) else { return Vec::new() };
    let change = ChatChange {
        internal: event.conversation_kind.as_deref() == Some(ConversationKind::Internal.as_str()),
        agent_id: event.agent_id,
        department_id: event.department_id,
        prev_agent_id: event.prev_agent_id,
        prev_department_id: event.prev_department_id,
        actor_id: event.actor_id,
    };
    let contact_name = payload.conversation.contact.map(|c| c.name).unwrap_or_default();
    // A flow's run announces its hand-over once, in the run's closing `conversation.updated`;
    // each message it sent on the way carries the same change.
    let hands_over = event.kind == EventKind::ConversationUpdated.as_str()
        || payload.message.as_ref().is_some_and(|m| m.author.kind != AuthorKind::Flow);
    let message = payload.message.filter(|m| event.kind == EventKind::MessageCreated.as_str() && tells_of_message(m));
    let mut out = Vec::new();
    let mut told: Vec<i64> = Vec::new();
    if let Some(kind) = change.assignment().filter(|_| hands_over) {
        let to_department = if change.agent_id.is_none() {
            payload.conversation.department.as_ref().map(|d| d.name.as_str())
        } else {
            None
        };
        told = notification::recipients(kind, &change, users);
        out.push(Telling {
            kind,
            conversation_id,
            contact_name: contact_name.clone(),
            line: notification::preview(kind, None, to_department),
            users: told.clone(),
        });
    }
    if let Some(message) = message {
        let kind = NotificationKind::Message;
        let users: Vec<i64> =
            notification::recipients(kind, &change, users).into_iter().filter(|u| !told.contains(u)).collect();
        out.push(Telling {
            kind,
            conversation_id,
            contact_name,
            line: notification::preview(kind, message.text.as_deref(), None),
            users,
        });
    }
    out.retain(|t| !t.users.is_empty());
    out
}

/// The account's active users as viewers (A3).
async fn viewers(tx: &mut Tx, account_id: i64) -> StoreResult<Vec<Viewer>> {
    let users: Vec<(i64, String)> = tx
        .fetch_all(
            "SELECT id, chat_visibility FROM users WHERE account_id = $1 AND active ORDER BY id",
            args![account_id],
        )
        .await?;
    let members: Vec<(i64, i64)> = tx
        .fetch_all(
            "SELECT m.user_id, m.department_id FROM department_members m JOIN departments d ON d.id = m.department_id \
             WHERE d.account_id = $1",
            args![account_id],
        )
        .await?;
    users
        .into_iter()
        .map(|(id, visibility)| {
            let visibility: ChatVisibility = super::accounts::vocab(&visibility)?;
            let department_ids = members.iter().filter(|(u, _)| *u == id).map(|(_, d)| *d).collect();
            Ok(Viewer { user_id: id, visibility, department_ids })
        })
        .collect()
}

/// The pages of the account's users that reported themselves since `since`.
async fn pages(tx: &mut Tx, account_id: i64, since: Millis) -> StoreResult<Vec<Presence>> {
    let rows: Vec<(i64, String, String, bool, Option<i64>)> = tx
        .fetch_all(
            "SELECT user_id, device, page, visible, conversation_id FROM presence WHERE account_id = $1 AND seen_at >= $2",
            args![account_id, since],
        )
        .await?;
    rows.into_iter()
        .map(|(user_id, device, page, visible, conversation_id)| {
            Ok(Presence { user_id, device, page: super::accounts::vocab(&page)?, visible, conversation_id })
        })
        .collect()
}

/// Write one bell entry for each of `users` in one statement.
async fn record(tx: &mut Tx, account_id: i64, telling: &Telling, users: &[i64], now: Millis) -> StoreResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let mut sql = String::from(
        "INSERT INTO notifications (account_id, user_id, kind, conversation_id, contact_name, line, created_at) VALUES ",
    );
    let mut values: Vec<Arg> = args![
        account_id,
        telling.kind.as_str(),
        telling.conversation_id,
        telling.contact_name.as_str(),
        telling.line.as_str(),
        now
    ];
    for (i, user) in users.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&format!("($1, ${}, $2, $3, $4, $5, $6)", 7 + i));
        values.push((*user).into());
    }
    tx.execute(&sql, values).await?;
    Ok(())
}

impl Store {
    /// Accounts whose event log has events the notifier has not read.
    pub async fn accounts_to_notify(&self) -> StoreResult<Vec<i64>> {
        let rows: Vec<(i64,)> = self
            .read()
            .await?
            .fetch_all(
                "SELECT c.account_id FROM event_counters c LEFT JOIN notification_cursors n ON n.account_id = c.account_id \
                 WHERE c.seq > COALESCE(n.seq, 0) ORDER BY c.account_id",
                args![],
            )
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Read up to `limit` events of the account after the notifier's cursor and, in the same
    /// transaction, write the bell entries and queue the pushes they call for (N1, N3), tell
    /// the told users' pages (`notifications.changed`, which also rings N2), and move the
    /// cursor. Pages not heard from within `presence_ttl` are taken as closed.
    pub async fn notify_from_log(
        &self,
        account_id: i64,
        limit: i64,
        presence_ttl: Millis,
    ) -> StoreResult<NotifierPass> {
        let mut tx = self.begin().await?;
        // Every host's notifier wakes on each event: the one that holds the cursor reads them,
        // the others skip the account instead of queuing behind its lock (that host loops again
        // when more events came meanwhile, and every host polls each second).
        let lock = if tx.dialect() == Dialect::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
        let held: Option<(i64,)> = tx
            .fetch_optional(
                &format!("SELECT seq FROM notification_cursors WHERE account_id = $1{lock}"),
                args![account_id],
            )
            .await?;
        let cursor = match held {
            Some((cursor,)) => cursor,
            // The account's first pass makes its cursor; a row that exists already is held.
            None => {
                let made = tx
                    .execute(
                        "INSERT INTO notification_cursors (account_id, seq) VALUES ($1, 0) \
                         ON CONFLICT (account_id) DO NOTHING",
                        args![account_id],
                    )
                    .await?;
                if made == 0 {
                    return Ok(NotifierPass::default());
                }
                0
            }
        };
        let events: Vec<StoredEvent> = tx
            .fetch_all(
                "SELECT seq, kind, conversation_id, conversation_kind, agent_id, department_id, prev_agent_id, \
                 prev_department_id, payload, actor_id FROM events WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                args![account_id, cursor, limit],
            )
            .await?;
        let Some(last) = events.last().map(|e| e.seq) else {
            drop(tx);
            return Ok(NotifierPass::default());
        };
        let mut pass = NotifierPass { events: events.len(), ..NotifierPass::default() };
        let concerns_people = |e: &&StoredEvent| {
            e.conversation_id.is_some()
                && (e.kind == EventKind::MessageCreated.as_str() || e.kind == EventKind::ConversationUpdated.as_str())
        };
        if events.iter().any(|e| concerns_people(&e)) {
            let users = viewers(&mut tx, account_id).await?;
            let now = tx.now();
            let pages = pages(&mut tx, account_id, now - presence_ttl).await?;
            let mut told: Vec<i64> = Vec::new();
            for event in events.iter().filter(concerns_people) {
                for telling in tellings(event, &users) {
                    let in_bell: Vec<i64> =
                        telling.users.iter().copied().filter(|u| notification::records_in_bell(*u, &pages)).collect();
                    record(&mut tx, account_id, &telling, &in_bell, now).await?;
                    pass.recorded += in_bell.len();
                    let push = PushMessage::new(&telling.contact_name, &telling.line, telling.conversation_id, now);
                    let recipients: Vec<(i64, Vec<String>)> = telling
                        .users
                        .iter()
                        .map(|user| (*user, notification::devices_without_push(*user, &pages)))
                        .collect();
                    pass.pushes += tx.queue_push(account_id, &recipients, &push).await?;
                    told.extend(&telling.users);
                }
            }
            told.sort_unstable();
            told.dedup();
            if !told.is_empty() {
                tx.emit_notifications_changed(account_id, &told, false);
            }
        }
        tx.execute("UPDATE notification_cursors SET seq = $2 WHERE account_id = $1", args![account_id, last]).await?;
        self.commit(tx).await?;
        Ok(pass)
    }

    /// Remove bell entries written before `before` (kept for a configurable time).
    pub async fn prune_notifications(&self, before: Millis) -> StoreResult<u64> {
        let mut tx = self.begin().await?;
        let removed = tx.execute("DELETE FROM notifications WHERE created_at < $1", args![before]).await?;
        self.commit(tx).await?;
        Ok(removed)
    }

    /// A page of `user`'s bell, newest first, before the entry `before`.
    pub async fn notifications(
        &self,
        user: &UserView,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<NotificationPage> {
        let mut read = self.read().await?;
        // Counted first: on PostgreSQL each statement sees the commits made before it, so an
        // entry written in between shows in the page, never only in the count.
        let (total,): (i64,) = read
            .fetch_one(
                "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND account_id = $2",
                args![user.id, user.account_id],
            )
            .await?;
        let rows: Vec<NotificationRow> = read
            .fetch_all(
                &format!(
                    "SELECT {} FROM notifications WHERE user_id = $1 AND account_id = $2 AND id < $3 ORDER BY id DESC LIMIT $4",
                    NotificationRow::COLUMNS
                ),
                args![user.id, user.account_id, before.unwrap_or(i64::MAX), limit],
            )
            .await?;
        let items = rows.into_iter().map(NotificationRow::into_view).collect::<StoreResult<_>>()?;
        Ok(NotificationPage { items, total })
    }

    /// Delete one entry of `user`'s bell ("lixeira"); the user's other pages hear of it.
    pub async fn delete_notification(&self, user: &UserView, id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let removed = tx
            .execute(
                "DELETE FROM notifications WHERE id = $1 AND user_id = $2 AND account_id = $3",
                args![id, user.id, user.account_id],
            )
            .await?;
        if removed == 0 {
            return Err(StoreError::NotFound);
        }
        tx.acting_as(user.id);
        tx.emit_notifications_changed(user.account_id, &[user.id], true);
        self.commit(tx).await
    }

    /// Clear `user`'s bell ("x"); the user's other pages hear of it.
    pub async fn clear_notifications(&self, user: &UserView) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute("DELETE FROM notifications WHERE user_id = $1 AND account_id = $2", args![user.id, user.account_id])
            .await?;
        tx.acting_as(user.id);
        tx.emit_notifications_changed(user.account_id, &[user.id], true);
        self.commit(tx).await
    }
}
