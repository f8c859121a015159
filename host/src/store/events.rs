//! The per-account event log (L6): every change an agent can see is appended with the next
//! sequence number of its account, inside the transaction that made the change, at its end
//! (see [`Tx::append_events`]). The row lock on the account's counter (`event_counters`) orders commits, so a
//! reader that has seen `seq` has seen every event before it. On PostgreSQL a NOTIFY carries `account_id:seq` to other hosts.

use serde::Serialize;

use super::tx::Dialect;
use super::views::{ConversationView, MessageView};
use super::{Store, StoreResult, Tx};
use crate::args;
use crate::domain::Vocabulary;
use crate::domain::access::{ChatAudience, Viewer};
use crate::domain::conversation::ConversationKind;
use crate::domain::event::EventKind;

#[derive(Serialize)]
struct Payload<'a> {
    conversation: &'a ConversationView,
    message: Option<&'a MessageView>,
}

/// The assignment a conversation had before a change, so that users who lose sight of the
/// chat still hear that it left them.
#[derive(Debug, Clone, Copy, Default)]
pub struct PreviousAudience {
    pub agent_id: Option<i64>,
    pub department_id: Option<i64>,
}

impl PreviousAudience {
    pub fn of(conversation: &ConversationView) -> Self {
        PreviousAudience {
            agent_id: conversation.agent.as_ref().map(|a| a.id),
            department_id: conversation.department.as_ref().map(|d| d.id),
        }
    }
}

/// An event written in a transaction, numbered when the transaction commits.
pub(super) struct PendingEvent {
    account_id: i64,
    /// The columns after `seq`, `$1` being the account.
    columns: Vec<super::Arg>,
}

impl Tx {
    /// Append an event about `conversation` (and `message`) to its account's log when this
    /// transaction commits.
    pub(crate) async fn emit(
        &mut self,
        account_id: i64,
        kind: EventKind,
        conversation: &ConversationView,
        message: Option<&MessageView>,
        previous: PreviousAudience,
    ) -> StoreResult<()> {
        let payload = serde_json::to_string(&Payload { conversation, message }).expect("views serialise");
        let columns = args![
            account_id,
            kind.as_str(),
            conversation.id,
            conversation.kind.as_str(),
            conversation.agent.as_ref().map(|a| a.id),
            conversation.department.as_ref().map(|d| d.id),
            previous.agent_id,
            previous.department_id,
            payload,
            self.now(),
            self.actor
        ];
        self.pending_events.push(PendingEvent { account_id, columns });
        Ok(())
    }

    /// Record that this transaction is `user_id`'s act: its events name them as the actor.
    pub(crate) fn acting_as(&mut self, user_id: i64) {
        self.actor = Some(user_id);
    }

    /// Append `notifications.changed` for `users` (N1): the bell of each changed, by something
    /// new (`"reason":"new"`, the moment a page may ring, N2) or by the user removing entries
    /// (`"removed"`). Only those users' streams carry it.
    pub(crate) fn emit_notifications_changed(&mut self, account_id: i64, users: &[i64], removed: bool) {
        let reason = if removed { "removed" } else { "new" };
        let payload = serde_json::json!({ "users": users, "reason": reason }).to_string();
        let no_id: Option<i64> = None;
        let columns = args![
            account_id,
            EventKind::NotificationsChanged.as_str(),
            no_id,
            None::<&str>,
            no_id,
            no_id,
            no_id,
            no_id,
            payload,
            self.now(),
            self.actor
        ];
        self.pending_events.push(PendingEvent { account_id, columns });
    }

    /// Number and write the transaction's events, in the order they were emitted. Called last,
    /// right before the commit: the counter's row lock, which orders the account's commits, is
    /// then held for a few statements instead of the whole transaction (on PostgreSQL every
    /// other writer of the account waits for it). A transaction that holds many events (a
    /// group of webhooks committed together) takes each account's numbers at once and writes
    /// its rows in one statement per chunk; accounts go in ascending order, so two such
    /// transactions always lock their counters in the same order.
    pub(super) async fn append_events(&mut self) -> StoreResult<()> {
        let mut pending = std::mem::take(&mut self.pending_events);
        // Stable: each account's events keep the order they were emitted in.
        pending.sort_by_key(|e| e.account_id);
        let mut pending = pending.into_iter().peekable();
        while let Some(first) = pending.next() {
            let account_id = first.account_id;
            let mut events = vec![first.columns];
            while let Some(next) = pending.next_if(|e| e.account_id == account_id) {
                events.push(next.columns);
            }
            let last = self.append_account_events(account_id, events).await?;
            self.last_events.push((account_id, last));
        }
        Ok(())
    }

    /// Number `events` (the columns after `seq`) in the account's log; the last number.
    async fn append_account_events(&mut self, account_id: i64, events: Vec<Vec<super::Arg>>) -> StoreResult<i64> {
        let n = events.len() as i64;
        if n == 1 && self.dialect() == Dialect::Postgres {
            // One round trip: the counter's update and the row.
            let columns = events.into_iter().next().expect("one event");
            let (seq,): (i64,) = self
                .fetch_one(
                    "WITH next AS (INSERT INTO event_counters (account_id, seq) VALUES ($1, 1) \
                     ON CONFLICT (account_id) DO UPDATE SET seq = event_counters.seq + 1 RETURNING seq) \
                     INSERT INTO events (account_id, seq, kind, conversation_id, conversation_kind, agent_id, department_id, \
                     prev_agent_id, prev_department_id, payload, created_at, actor_id) \
                     SELECT $1, next.seq, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM next RETURNING seq",
                    columns,
                )
                .await?;
            return Ok(seq);
        }
        let (last,): (i64,) = self
            .fetch_one(
                "INSERT INTO event_counters (account_id, seq) VALUES ($1, $2) \
                 ON CONFLICT (account_id) DO UPDATE SET seq = event_counters.seq + $2 RETURNING seq",
                args![account_id, n],
            )
            .await?;
        let mut seq = last - n;
        let mut events = events.into_iter().peekable();
        while events.peek().is_some() {
            let mut args = Vec::new();
            let mut rows = Vec::new();
            for mut columns in events.by_ref().take(EVENT_ROWS_PER_STATEMENT) {
                seq += 1;
                columns.insert(1, seq.into());
                let base = args.len();
                args.extend(columns);
                let slots: Vec<String> = (1..=EVENT_COLUMNS).map(|i| format!("${}", base + i)).collect();
                rows.push(format!("({})", slots.join(", ")));
            }
            self.execute(
                &format!(
                    "INSERT INTO events (account_id, seq, kind, conversation_id, conversation_kind, agent_id, \
                     department_id, prev_agent_id, prev_department_id, payload, created_at, actor_id) VALUES {}",
                    rows.join(", ")
                ),
                args,
            )
            .await?;
        }
        Ok(last)
    }
}

/// Columns of an event row.
const EVENT_COLUMNS: usize = 12;

/// Rows of one multi-row insert into the log (12 parameters each, far below either
/// database's limit).
const EVENT_ROWS_PER_STATEMENT: usize = 200;

crate::row! {
    /// An event as read back from the log.
    #[derive(Debug, Clone)]
    pub struct StoredEvent {
        pub seq: i64,
        pub kind: String,
        pub conversation_id: Option<i64>,
        pub conversation_kind: Option<String>,
        pub agent_id: Option<i64>,
        pub department_id: Option<i64>,
        pub prev_agent_id: Option<i64>,
        pub prev_department_id: Option<i64>,
        /// `{"conversation": …, "message": …}` as JSON text (`{"users": […]}` for
        /// `notifications.changed`).
        pub payload: String,
        /// The user whose act it was, if a user's.
        pub actor_id: Option<i64>,
    }
}

impl StoredEvent {
    /// Whether `viewer` may receive this event: they could see the chat before or after it.
    pub fn visible_to(&self, viewer: &Viewer) -> bool {
        if self.kind == EventKind::NotificationsChanged.as_str() {
            return self.told_users().contains(&viewer.user_id);
        }
        let internal = self.conversation_kind.as_deref() == Some(ConversationKind::Internal.as_str());
        let after = ChatAudience { internal, agent_id: self.agent_id, department_id: self.department_id };
        let before = ChatAudience { internal, agent_id: self.prev_agent_id, department_id: self.prev_department_id };
        viewer.can_see(after) || viewer.can_see(before)
    }

    /// The users a `notifications.changed` event is for.
    pub fn told_users(&self) -> Vec<i64> {
        #[derive(serde::Deserialize)]
        struct Told {
            users: Vec<i64>,
        }
        serde_json::from_str::<Told>(&self.payload).map(|t| t.users).unwrap_or_default()
    }

    /// The WebSocket frame for this event: `{"type":"event","seq":…,"kind":…,"conversation":…,"message":…}`.
    pub fn frame(&self) -> String {
        let body = self.payload.strip_prefix('{').unwrap_or("}");
        let kind = serde_json::to_string(&self.kind).expect("string serialises");
        format!(r#"{{"type":"event","seq":{},"kind":{kind},{body}"#, self.seq)
    }
}

/// The account's newest sequence number: 0 before its first event.
const EVENT_HEAD: &str = "SELECT COALESCE((SELECT seq FROM event_counters WHERE account_id = $1), 0)";

impl Store {
    /// The newest sequence number of the account's log.
    pub async fn event_head(&self, account_id: i64) -> StoreResult<i64> {
        let (seq,): (i64,) = self.read().await?.fetch_one(EVENT_HEAD, args![account_id]).await?;
        Ok(seq)
    }

    /// The oldest sequence number still kept, if any.
    pub async fn oldest_event(&self, account_id: i64) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> = self
            .read()
            .await?
            .fetch_optional("SELECT seq FROM events WHERE account_id = $1 ORDER BY seq LIMIT 1", args![account_id])
            .await?;
        Ok(row.map(|(seq,)| seq))
    }

    /// Up to `limit` events after `after`, in order.
    pub async fn events_after(&self, account_id: i64, after: i64, limit: i64) -> StoreResult<Vec<StoredEvent>> {
        self.read()
            .await?
            .fetch_all(
                "SELECT seq, kind, conversation_id, conversation_kind, agent_id, department_id, prev_agent_id, \
                 prev_department_id, payload, actor_id FROM events WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                args![account_id, after, limit],
            )
            .await
    }
}
