//! The store side of inbound ingest (DESIGN "Inbound"): in one transaction, shared by the
//! messages that arrived together ([`super::group_commit`]), per message upsert the contact,
//! find or open the conversation, insert the message (a duplicate provider id stores nothing),
//! update the window of attention (unread, L13 timer), route (open service, flow) and emit the
//! events. The caller acknowledges the channel only after this commits.

use std::collections::HashMap;

use super::args::push_list;
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::flow_runs::{NewInput, enqueue_input};
use super::messages::{MessageRecord, insert_message, open_service};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::closing::IfContactWrites;
use crate::domain::conversation::{ConversationKind, ConversationState};
use crate::domain::event::EventKind;
use crate::domain::message::{self, AuthorKind, Direction, MessageKind, MessageStatus};
use crate::domain::routing::{self, ContactMessageRouting};
use crate::domain::window::Windows;
use crate::domain::{Millis, Vocabulary, timer};

/// A message from a contact, already parsed out of its channel's wire format.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub channel_id: i64,
    /// The channel's id for this message; the same id twice is one message.
    pub provider_message_id: String,
    /// Platform of the contact's identity (`simulator`, `whatsapp` …).
    pub platform: String,
    /// The contact's id on that platform (phone, wa_id, PSID …).
    pub contact_external_id: String,
    /// The contact's profile name, used only when the contact is new (S1).
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub kind: MessageKind,
    pub text: Option<String>,
    pub payload: Option<serde_json::Value>,
    /// When the contact sent it, per the channel.
    pub sent_at: Millis,
}

crate::row! {
    /// A contact's conversation as ingest needs it: its state, timer start, assignment,
    /// scheduled close (K2), the service it is in (L5) and the contact's windows (S4).
    pub(super) struct ChatState {
        pub(super) id: i64,
        pub(super) contact_id: i64,
        pub(super) channel_id: i64,
        pub(super) state: String,
        pub(super) unanswered_since: Option<i64>,
        pub(super) agent_id: Option<i64>,
        pub(super) department_id: Option<i64>,
        pub(super) scheduled_close_policy: Option<String>,
        pub(super) ends_with_session: Option<bool>,
        pub(super) service_opened_at: Option<i64>,
        pub(super) last_contact_at: Option<i64>,
        pub(super) free_form_until: Option<i64>,
        pub(super) service_until: Option<i64>,
        pub(super) marketing_until: Option<i64>,
        pub(super) utility_until: Option<i64>,
    }
}

/// One read for a chat, its scheduled close, its service and the contact's windows; the caller
/// adds the `WHERE`.
pub(super) const CHAT_STATE_SELECT: &str = "SELECT c.id, c.contact_id, c.channel_id, c.state, c.unanswered_since, \
    c.agent_id, c.department_id, c.scheduled_close_policy, s.ends_with_session, s.opened_at AS service_opened_at, \
    w.last_contact_at, w.free_form_until, w.service_until, w.marketing_until, w.utility_until \
    FROM conversations c LEFT JOIN services s ON s.id = c.service_id \
    LEFT JOIN windows w ON w.contact_id = c.contact_id AND w.channel_id = c.channel_id";

impl ChatState {
    /// The contact's S4 windows on the chat's channel, before this message.
    pub(super) fn windows(&self) -> Windows {
        Windows {
            last_contact_at: self.last_contact_at,
            free_form_until: self.free_form_until,
            service_until: self.service_until,
            marketing_until: self.marketing_until,
            utility_until: self.utility_until,
        }
    }
}

/// What ingest did with a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOutcome {
    /// Stored as a new message.
    Stored { conversation_id: i64, message_id: i64 },
    /// The same provider message id was already stored: nothing changed.
    Duplicate { message_id: i64 },
    /// The contact is blocked (S17): nothing is received.
    Blocked,
}

impl Store {
    /// Ingest one inbound message. It is committed (with whatever else arrived at the same
    /// time, see [`super::group_commit`]) before this returns.
    pub async fn ingest_inbound(&self, inbound: &Inbound) -> StoreResult<IngestOutcome> {
        let mut outcomes = self.ingest_all(std::slice::from_ref(inbound)).await?;
        Ok(outcomes.pop().expect("one outcome per message"))
    }

    /// Ingest messages delivered together, in their order per channel; one outcome each, all
    /// committed before this returns.
    pub async fn ingest_all(&self, items: &[Inbound]) -> StoreResult<Vec<IngestOutcome>> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        self.inner.group_commit.submit(self, items).await
    }

    /// How many groups of inbound messages may commit side by side (by default one on SQLite,
    /// whose writer is single, and four on PostgreSQL; at most
    /// [`super::group_commit::MAX_COMMITTERS`]). 0 switches grouping off: each message is
    /// committed alone, as the benchmarks do to measure what grouping gains. Set it before
    /// the first message.
    pub fn set_ingest_committers(&self, committers: usize) {
        self.inner.group_commit.set_committers(committers);
    }

    /// Ingest a group of messages in one transaction. Deliveries stored before are found with
    /// one query, and a message delivered twice in the group is stored once. If another
    /// transaction stores one of them meanwhile, the whole group is rolled back with an error,
    /// and the caller ingests each message alone.
    pub(super) async fn ingest_group(&self, items: &[&Inbound]) -> StoreResult<Vec<IngestOutcome>> {
        let mut tx = self.begin().await?;
        match ingest_group_in(&mut tx, items).await {
            Ok(outcomes) => {
                self.commit(tx).await?;
                Ok(outcomes)
            }
            Err(err) => {
                // Now, not when the connection is next used: its row locks would hold up the
                // retries of these very messages.
                tx.rollback().await?;
                Err(err)
            }
        }
    }

    /// Ingest one message in a transaction of its own. A duplicate is detected by the unique
    /// provider id when the message row is inserted; everything before it is then rolled back.
    pub(super) async fn ingest_alone(&self, inbound: &Inbound) -> StoreResult<IngestOutcome> {
        let mut tx = self.begin().await?;
        match ingest_in(&mut tx, &mut Accounts::default(), inbound).await? {
            Step::Done(outcome) => {
                self.commit(tx).await?;
                Ok(outcome)
            }
            Step::Raced => {
                // Roll back, so that the contact and conversation touched stay as they were.
                tx.rollback().await?;
                let mut read = self.read().await?;
                let row: Option<(i64,)> = read
                    .fetch_optional(
                        "SELECT id FROM messages WHERE channel_id = $1 AND provider_message_id = $2",
                        args![inbound.channel_id, &inbound.provider_message_id],
                    )
                    .await?;
                let (message_id,) = row.ok_or(StoreError::NotFound)?;
                Ok(IngestOutcome::Duplicate { message_id })
            }
        }
    }
}

/// The group's messages in `tx`; one outcome each, in the items' order. They are written
/// account by account (each account's in the order given): rows an account's messages share,
/// its protocol counter, are then locked in the same order by every group.
async fn ingest_group_in(tx: &mut Tx, items: &[&Inbound]) -> StoreResult<Vec<IngestOutcome>> {
    let mut stored = stored_before(tx, items).await?;
    let mut accounts = Accounts::default();
    // The ordinary messages together, in a few statements; the others one by one below.
    let mut outcomes = super::ingest_batch::ingest_ordinary(tx, &mut accounts, items, &stored).await?;
    let mut order = Vec::with_capacity(items.len());
    for (index, inbound) in items.iter().enumerate() {
        if outcomes[index].is_none() {
            order.push((accounts.of(tx, inbound.channel_id).await?.0, index));
        }
    }
    order.sort_by_key(|(account_id, _)| *account_id);
    for (_, index) in order {
        let inbound = items[index];
        let key = (inbound.channel_id, inbound.provider_message_id.clone());
        if let Some(&message_id) = stored.get(&key) {
            outcomes[index] = Some(IngestOutcome::Duplicate { message_id });
            continue;
        }
        match ingest_in(tx, &mut accounts, inbound).await? {
            Step::Done(outcome) => {
                if let IngestOutcome::Stored { message_id, .. } = outcome {
                    stored.insert(key, message_id);
                }
                outcomes[index] = Some(outcome);
            }
            Step::Raced => return Err(StoreError::Conflict(super::DUPLICATE.into())),
        }
    }
    Ok(outcomes.into_iter().map(|o| o.expect("every item handled")).collect())
}

/// The messages of `items` already stored: (channel, provider id) → message id.
async fn stored_before(tx: &mut Tx, items: &[&Inbound]) -> StoreResult<HashMap<(i64, String), i64>> {
    let mut found = HashMap::new();
    let mut channels: Vec<i64> = items.iter().map(|i| i.channel_id).collect();
    channels.sort_unstable();
    channels.dedup();
    for channel_id in channels {
        let ids: Vec<&str> =
            items.iter().filter(|i| i.channel_id == channel_id).map(|i| i.provider_message_id.as_str()).collect();
        let mut args = args![channel_id];
        let list = push_list(&mut args, ids);
        let rows: Vec<(String, i64)> = tx
            .fetch_all(
                &format!("SELECT provider_message_id, id FROM messages WHERE channel_id = $1 AND provider_message_id IN ({list})"),
                args,
            )
            .await?;
        found.extend(rows.into_iter().map(|(provider_id, id)| ((channel_id, provider_id), id)));
    }
    Ok(found)
}

/// What ingesting one message in a transaction did.
enum Step {
    Done(IngestOutcome),
    /// Its provider id was stored meanwhile by another transaction: this one must roll back.
    Raced,
}

/// Each channel's account and initial flow, read once per transaction.
#[derive(Default)]
pub(super) struct Accounts(HashMap<i64, (i64, Option<i64>)>);

impl Accounts {
    /// The channel's account, and its initial flow when the chatbot is on and the flow is
    /// published (F1).
    pub(super) async fn of(&mut self, tx: &mut Tx, channel_id: i64) -> StoreResult<(i64, Option<i64>)> {
        if let Some(known) = self.0.get(&channel_id) {
            return Ok(*known);
        }
        let row: (i64, Option<i64>) = tx
            .fetch_one(
                "SELECT ch.account_id, CASE WHEN a.chatbot_enabled THEN (SELECT f.id FROM flows f \
                 WHERE f.id = a.initial_flow_id AND f.published_revision IS NOT NULL) END \
                 FROM channels ch JOIN accounts a ON a.id = ch.account_id WHERE ch.id = $1",
                args![channel_id],
            )
            .await?;
        self.0.insert(channel_id, row);
        Ok(row)
    }
}

/// Store one message in `tx`: upsert the contact, find or open the conversation, insert the
/// message, route it and emit its event.
async fn ingest_in(tx: &mut Tx, accounts: &mut Accounts, inbound: &Inbound) -> StoreResult<Step> {
    let received_at = tx.now();
    let (account_id, initial_flow) = accounts.of(tx, inbound.channel_id).await?;
    let (contact_id, contact_name, blocked): (i64, String, bool) = tx
        .fetch_one(
            "INSERT INTO contacts (account_id, platform, external_id, name, phone, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (account_id, platform, external_id) DO UPDATE SET updated_at = excluded.updated_at \
             RETURNING id, name, blocked",
            args![
                account_id,
                &inbound.platform,
                &inbound.contact_external_id,
                &inbound.contact_name,
                inbound.contact_phone.as_deref(),
                received_at
            ],
        )
        .await?;
    if blocked {
        return Ok(Step::Done(IngestOutcome::Blocked));
    }
    let existing: Option<ChatState> = tx
        .fetch_optional(
            &format!("{CHAT_STATE_SELECT} WHERE c.contact_id = $1 AND c.channel_id = $2"),
            args![contact_id, inbound.channel_id],
        )
        .await?;
    let (conversation_id, state, unanswered_since, previous, windows, close_policy, service) = match existing {
        Some(chat) => (
            chat.id,
            ConversationState::parse(&chat.state),
            chat.unanswered_since,
            PreviousAudience { agent_id: chat.agent_id, department_id: chat.department_id },
            chat.windows(),
            chat.scheduled_close_policy,
            chat.ends_with_session.zip(chat.service_opened_at),
        ),
        None => {
            let (id,): (i64,) = tx
                .fetch_one(
                    "INSERT INTO conversations (account_id, kind, contact_id, channel_id, state, unread, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, 'closed', TRUE, $5, $5) RETURNING id",
                    args![account_id, ConversationKind::Contact.as_str(), contact_id, inbound.channel_id, received_at],
                )
                .await?;
            // A contact's windows may outlive a chat of theirs that was deleted.
            let windows = super::windows::windows_in(tx, contact_id, inbound.channel_id).await?;
            (id, None, None, PreviousAudience::default(), windows, None, None)
        }
    };
    // L5: a new chat's service that outlived its session ends before this message is
    // stored and routed (a duplicate delivery rolls it back with the rest).
    let state = match state {
        Some(ConversationState::Open)
            if super::new_chat::end_lapsed_service_in(
                tx,
                account_id,
                conversation_id,
                service,
                &windows,
                inbound.sent_at.min(received_at),
            )
            .await? =>
        {
            Some(ConversationState::Closed)
        }
        other => other,
    };
    let Some(message) = insert_message(
        tx,
        MessageRecord {
            account_id,
            conversation_id,
            channel_id: Some(inbound.channel_id),
            direction: Direction::Inbound,
            author_kind: AuthorKind::Contact,
            author_user_id: None,
            author_name: Some(&contact_name),
            kind: inbound.kind,
            text: inbound.text.as_deref(),
            payload: inbound.payload.as_ref(),
            internal: false,
            status: MessageStatus::Received,
            provider_message_id: Some(&inbound.provider_message_id),
            at: received_at,
        },
    )
    .await?
    else {
        // Stored meanwhile by a concurrent delivery that won the race.
        return Ok(Step::Raced);
    };
    let message = match contact_reaction_target(tx, inbound).await? {
        Some(target) => {
            super::reactions::record_in(tx, conversation_id, message.id, Direction::Inbound, target).await?;
            // The UI shows it on our message: name it by our id.
            let mut payload = inbound.payload.clone().unwrap_or_default();
            payload["target_message_id"] = target.into();
            tx.execute("UPDATE messages SET payload = $1 WHERE id = $2", args![payload.to_string(), message.id])
                .await?;
            super::messages::message_in(tx, message.id).await?
        }
        None => message,
    };
    super::arrival::on_contact_message(tx, account_id, contact_id, message.id, inbound, windows, received_at).await?;
    // Only a chat in the bot state can have a waiting flow.
    let flow_waiting = state == Some(ConversationState::Bot)
        && super::flow_runs::live_session_in(tx, conversation_id).await?.is_some();
    let routing = if message::opens_service(inbound.kind) {
        routing::on_contact_message(state, flow_waiting, initial_flow.is_some())
    } else {
        ContactMessageRouting::Keep
    };
    match routing {
        ContactMessageRouting::OpenService => {
            open_service(tx, account_id, conversation_id, None, received_at).await?;
        }
        ContactMessageRouting::ToFlow => {
            enqueue_input(tx, &NewInput::message(account_id, conversation_id, message.id, received_at)).await?;
        }
        ContactMessageRouting::StartInitialFlow => {
            let flow_id = initial_flow.expect("routed to the initial flow only when there is one");
            tx.execute(
                "UPDATE conversations SET state = 'bot', updated_at = $1 WHERE id = $2",
                args![received_at, conversation_id],
            )
            .await?;
            let input = NewInput::start(account_id, conversation_id, flow_id, Some(message.id), received_at);
            enqueue_input(tx, &input).await?;
        }
        ContactMessageRouting::Keep => {
            // K2: "Cancelar o encerramento" when the contact writes first.
            if close_policy.as_deref() == Some(IfContactWrites::Cancel.as_str()) {
                super::closing::on_contact_message(tx, conversation_id).await?;
            }
        }
    }
    tx.execute(
        "UPDATE conversations SET last_message_at = $1, last_message_preview = $2, unread = TRUE, \
         unanswered_since = $3, updated_at = $1 WHERE id = $4",
        args![
            received_at,
            message::preview(inbound.kind, inbound.text.as_deref()),
            timer::after_contact_message(unanswered_since, received_at),
            conversation_id
        ],
    )
    .await?;
    let after = conversation_in(tx, account_id, conversation_id).await?;
    tx.emit(account_id, EventKind::MessageCreated, &after, Some(&message), previous).await?;
    Ok(Step::Done(IngestOutcome::Stored { conversation_id, message_id: message.id }))
}

/// The local message a contact's reaction is about, when it is one and the message is ours to
/// find (C6).
async fn contact_reaction_target(tx: &mut Tx, inbound: &Inbound) -> StoreResult<Option<i64>> {
    if inbound.kind != MessageKind::Reaction {
        return Ok(None);
    }
    let Some(provider_id) = inbound.payload.as_ref().and_then(|p| p["target_provider_id"].as_str()) else {
        return Ok(None);
    };
    super::reactions::target_in(tx, inbound.channel_id, provider_id).await
}
