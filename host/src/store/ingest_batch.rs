//! The set-based path of a group's ingest (issue 15 part 1). Most messages of a group are the
//! ordinary case: a known contact writing again in a chat that is in service. Written one by one,
//! each of them costs about ten statements (contact, chat, message, windows, the window tag's job,
//! the chat's last message, its view for the event), and on PostgreSQL each statement is a round
//! trip and work for the database; written together they cost about ten statements for the whole
//! group. A message takes this path when its contact has no other message in the group (so its
//! rows change once) and nothing but the ordinary happens: the chat exists and stays as it is
//! (routing "keep", no service that ends with the session, no scheduled close to cancel, no
//! flow), and it is no reaction and carries no media or ad referral. Every other message goes
//! through [`super::ingest`]'s one-by-one path, which holds every rule; the rules used here are
//! the same pure functions ([`routing`], [`Windows`], [`timer`], [`message::preview`]).

use std::collections::HashMap;

use super::args::push_list;
use super::conversations::conversations_in;
use super::events::PreviousAudience;
use super::ingest::{Accounts, CHAT_STATE_SELECT, ChatState, Inbound, IngestOutcome};
use super::messages::{MESSAGE_INSERT_COLUMNS, MessageRow};
use super::views::MessageView;
use super::{Arg, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::closing::IfContactWrites;
use crate::domain::conversation::ConversationState;
use crate::domain::event::EventKind;
use crate::domain::message::{self, AuthorKind, Direction, MessageKind, MessageStatus};
use crate::domain::routing::{self, ContactMessageRouting};
use crate::domain::window::Windows;
use crate::domain::{Millis, Vocabulary, timer};

/// A contact as the group's upsert returned it.
struct ContactRow {
    id: i64,
    name: String,
    blocked: bool,
}

/// A message on the set-based path, with what writing it needs.
struct Ordinary<'a> {
    index: usize,
    inbound: &'a Inbound,
    account_id: i64,
    contact: &'a ContactRow,
    chat: &'a ChatState,
}

/// Store what of `items` can go together (see the module's comment); an outcome for each item
/// it took, `None` for those left to the one-by-one path. `stored` holds the deliveries stored
/// before (left to that path, which answers them as duplicates).
pub(super) async fn ingest_ordinary(
    tx: &mut Tx,
    accounts: &mut Accounts,
    items: &[&Inbound],
    stored: &HashMap<(i64, String), i64>,
) -> StoreResult<Vec<Option<IngestOutcome>>> {
    let mut outcomes: Vec<Option<IngestOutcome>> = vec![None; items.len()];
    // Candidates: new deliveries of contacts with one message in the group.
    let mut per_contact: HashMap<(i64, &str, &str), usize> = HashMap::new();
    let mut fresh = Vec::new();
    for (index, inbound) in items.iter().enumerate() {
        if stored.contains_key(&(inbound.channel_id, inbound.provider_message_id.clone())) {
            continue;
        }
        let (account_id, initial_flow) = accounts.of(tx, inbound.channel_id).await?;
        *per_contact.entry((account_id, &inbound.platform, &inbound.contact_external_id)).or_default() += 1;
        fresh.push((index, *inbound, account_id, initial_flow.is_some()));
    }
    let candidates: Vec<_> = fresh
        .into_iter()
        .filter(|(_, inbound, account_id, _)| {
            per_contact[&(*account_id, inbound.platform.as_str(), inbound.contact_external_id.as_str())] == 1
                && plain(inbound)
        })
        .collect();
    if candidates.is_empty() {
        return Ok(outcomes);
    }
    let contacts = upsert_contacts(tx, &candidates.iter().map(|(_, i, a, _)| (*a, *i)).collect::<Vec<_>>()).await?;
    let pairs = candidates.iter().map(|(_, i, a, _)| (contacts[&contact_key(*a, i)].id, i.channel_id));
    let chats = chats_of(tx, pairs).await?;
    let mut ordinary = Vec::new();
    for &(index, inbound, account_id, has_initial_flow) in &candidates {
        let contact = &contacts[&contact_key(account_id, inbound)];
        if contact.blocked {
            outcomes[index] = Some(IngestOutcome::Blocked);
            continue;
        }
        let Some(chat) = chats.get(&(contact.id, inbound.channel_id)) else { continue };
        if keeps_as_it_is(chat, inbound.kind, has_initial_flow) {
            ordinary.push(Ordinary { index, inbound, account_id, contact, chat });
        }
    }
    if ordinary.is_empty() {
        return Ok(outcomes);
    }
    let received_at = tx.now();
    let messages = insert_messages(tx, &ordinary, received_at).await?;
    let windows: Vec<(i64, i64, i64, Windows)> = ordinary
        .iter()
        .map(|o| {
            // The window runs from when the contact wrote, never from a time in the future.
            let at = o.inbound.sent_at.min(received_at);
            (o.account_id, o.contact.id, o.inbound.channel_id, o.chat.windows().on_contact_message(at))
        })
        .collect();
    super::windows::upsert(tx, &windows).await?;
    let tags: Vec<(i64, i64, Option<Millis>)> =
        ordinary.iter().zip(&windows).map(|(o, (.., w))| (o.account_id, o.chat.id, w.free_form_until)).collect();
    super::jobs::schedule_chat_window_tags(tx, &tags).await?;
    update_chats(tx, &ordinary, received_at).await?;
    let views = conversations_in(tx, &ordinary.iter().map(|o| o.chat.id).collect::<Vec<_>>()).await?;
    for o in &ordinary {
        let message = &messages[&o.chat.id];
        let view = views.get(&o.chat.id).ok_or(StoreError::NotFound)?;
        let previous = PreviousAudience { agent_id: o.chat.agent_id, department_id: o.chat.department_id };
        tx.emit(o.account_id, EventKind::MessageCreated, view, Some(message), previous).await?;
        outcomes[o.index] = Some(IngestOutcome::Stored { conversation_id: o.chat.id, message_id: message.id });
    }
    Ok(outcomes)
}

/// A contact's key in the group: `(account, platform, external id)`.
fn contact_key(account_id: i64, inbound: &Inbound) -> (i64, String, String) {
    (account_id, inbound.platform.clone(), inbound.contact_external_id.clone())
}

/// A message whose side effects are its row, the windows and the chat's last message: no
/// reaction (it names another message), no media to download, no ad referral (S10).
fn plain(inbound: &Inbound) -> bool {
    let extra = inbound.payload.as_ref().is_some_and(|p| p.get("media").is_some() || p.get("referral").is_some());
    inbound.kind != MessageKind::Reaction && !extra
}

/// Whether a contact message leaves `chat` as it is: routed "keep" (L5, F1), no service to
/// end with the session (L5), no scheduled close that the contact's writing cancels (K2). A
/// chat in the bot state is never taken here: whether a flow waits is for the one-by-one path.
fn keeps_as_it_is(chat: &ChatState, kind: MessageKind, has_initial_flow: bool) -> bool {
    let state = ConversationState::parse(&chat.state);
    if state == Some(ConversationState::Bot) {
        return false;
    }
    let ends_with_session = state == Some(ConversationState::Open) && chat.ends_with_session == Some(true);
    let routing = if message::opens_service(kind) {
        routing::on_contact_message(state, false, has_initial_flow)
    } else {
        ContactMessageRouting::Keep
    };
    routing == ContactMessageRouting::Keep
        && !ends_with_session
        && chat.scheduled_close_policy.as_deref() != Some(IfContactWrites::Cancel.as_str())
}

/// Upsert the candidates' contacts in one statement (each once: PostgreSQL refuses to change a
/// row twice in one statement), by `(account, platform, external id)`.
async fn upsert_contacts(
    tx: &mut Tx,
    candidates: &[(i64, &Inbound)],
) -> StoreResult<HashMap<(i64, String, String), ContactRow>> {
    let now = tx.now();
    let mut args: Vec<Arg> = Vec::new();
    let mut values = Vec::new();
    for &(account_id, inbound) in candidates {
        let row = args![
            account_id,
            &inbound.platform,
            &inbound.contact_external_id,
            &inbound.contact_name,
            inbound.contact_phone.as_deref(),
            now,
            now
        ];
        values.push(format!("({})", push_list(&mut args, row)));
    }
    let rows: Vec<(i64, i64, String, String, String, bool)> = tx
        .fetch_all(
            &format!(
                "INSERT INTO contacts (account_id, platform, external_id, name, phone, created_at, updated_at) VALUES {} \
                 ON CONFLICT (account_id, platform, external_id) DO UPDATE SET updated_at = excluded.updated_at \
                 RETURNING id, account_id, platform, external_id, name, blocked",
                values.join(", ")
            ),
            args,
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, account_id, platform, external_id, name, blocked)| {
            ((account_id, platform, external_id), ContactRow { id, name, blocked })
        })
        .collect())
}

/// The chats of `(contact, channel)` pairs that have one, with their state, in one statement.
async fn chats_of(tx: &mut Tx, pairs: impl Iterator<Item = (i64, i64)>) -> StoreResult<HashMap<(i64, i64), ChatState>> {
    let pairs: Vec<(i64, i64)> = pairs.collect();
    // By contact alone (an index), the channels sorted out here: a contact has a chat per number.
    let mut args = Vec::with_capacity(pairs.len());
    let contacts = push_list(&mut args, pairs.iter().map(|(contact, _)| *contact));
    let rows: Vec<ChatState> =
        tx.fetch_all(&format!("{CHAT_STATE_SELECT} WHERE c.contact_id IN ({contacts})"), args).await?;
    Ok(rows
        .into_iter()
        .filter(|chat| pairs.contains(&(chat.contact_id, chat.channel_id)))
        .map(|chat| ((chat.contact_id, chat.channel_id), chat))
        .collect())
}

/// Insert the messages in one statement, by chat (one message per chat here). A delivery
/// stored meanwhile by another transaction (the insert skipped it) fails the group, which is
/// then retried message by message, like the one-by-one path's race.
async fn insert_messages(tx: &mut Tx, ordinary: &[Ordinary<'_>], at: Millis) -> StoreResult<HashMap<i64, MessageView>> {
    let mut args: Vec<Arg> = Vec::new();
    let mut values = Vec::new();
    for o in ordinary {
        let inbound = o.inbound;
        let row = args![
            o.account_id,
            o.chat.id,
            inbound.channel_id,
            Direction::Inbound.as_str(),
            AuthorKind::Contact.as_str(),
            None::<i64>,
            &o.contact.name,
            inbound.kind.as_str(),
            inbound.text.as_deref(),
            inbound.payload.as_ref().map(|p| p.to_string()),
            false,
            MessageStatus::Received.as_str(),
            &inbound.provider_message_id,
            at,
            at
        ];
        values.push(format!("({})", push_list(&mut args, row)));
    }
    let rows: Vec<MessageRow> = tx
        .fetch_all(
            &format!(
                "INSERT INTO messages ({MESSAGE_INSERT_COLUMNS}) VALUES {} \
                 ON CONFLICT (channel_id, provider_message_id) DO NOTHING RETURNING {}",
                values.join(", "),
                MessageRow::COLUMNS
            ),
            args,
        )
        .await?;
    if rows.len() != ordinary.len() {
        return Err(StoreError::Conflict(super::DUPLICATE.into()));
    }
    rows.into_iter().map(|row| row.into_view().map(|view| (view.conversation_id, view))).collect()
}

/// Each chat's last message, unread mark and L13 timer, in one statement.
async fn update_chats(tx: &mut Tx, ordinary: &[Ordinary<'_>], at: Millis) -> StoreResult<()> {
    // By id (the primary key) with `CASE … END` per column, not an `UPDATE … FROM (VALUES …)`,
    // which SQLite 3.46 may plan as a scan of the whole table.
    let mut args: Vec<Arg> = args![at];
    let (mut ids, mut previews, mut timers) = (Vec::new(), Vec::new(), Vec::new());
    for o in ordinary {
        let id = push_list(&mut args, [o.chat.id]);
        let preview = push_list(&mut args, [message::preview(o.inbound.kind, o.inbound.text.as_deref())]);
        let timer = push_list(&mut args, [timer::after_contact_message(o.chat.unanswered_since, at)]);
        previews.push(format!("WHEN {id} THEN {preview}"));
        timers.push(format!("WHEN {id} THEN {timer}"));
        ids.push(id);
    }
    tx.execute(
        &format!(
            "UPDATE conversations SET last_message_at = $1, updated_at = $1, unread = TRUE, \
             last_message_preview = CASE id {} END, unanswered_since = CASE id {} END WHERE id IN ({})",
            previews.join(" "),
            timers.join(" "),
            ids.join(", ")
        ),
        args,
    )
    .await?;
    Ok(())
}
