//! Chats that begin with the company writing: "Novo chat" (L5) — a template to a number that
//! may not be a contact yet, optionally opening the chat so the reply lands in "Chats abertos" — and the
//! contact and chat an echo from the WhatsApp Business app needs ([`contact_chat`]). The rules
//! are [`crate::domain::new_chat`].

use super::assignment::{open_by_rule, system_line};
use super::closing::{AfterClose, ClosePlan, close_in};
use super::conversations::conversation_in;
use super::events::PreviousAudience;
use super::messages::{Author, NewOutbound, write_outbound};
use super::views::{ConversationView, MessageView, UserView};
use super::{Store, StoreError, StoreResult, Tx};
use crate::args;
use crate::domain::assignment::{AssignmentRule, Origin};
use crate::domain::content::Content;
use crate::domain::conversation::ConversationState;
use crate::domain::event::EventKind;
use crate::domain::window::{Sender, Windows};
use crate::domain::{Millis, new_chat};

/// Who a chat that the company starts is with.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChatParty<'a> {
    pub account_id: i64,
    pub channel_id: i64,
    pub platform: &'a str,
    pub external_id: &'a str,
    /// The name for a contact created now; an existing contact keeps theirs.
    pub name: &'a str,
    pub phone: Option<&'a str>,
}

/// A contact's chat as [`contact_chat`] found or made it.
pub(super) struct ContactChat {
    pub conversation_id: i64,
    pub unanswered_since: Option<Millis>,
}

/// The contact and their chat on the channel, created (closed, read) when missing.
pub(super) async fn contact_chat(tx: &mut Tx, party: ChatParty<'_>, now: Millis) -> StoreResult<ContactChat> {
    let (contact_id,): (i64,) = tx
        .fetch_one(
            "INSERT INTO contacts (account_id, platform, external_id, name, phone, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (account_id, platform, external_id) DO UPDATE SET updated_at = excluded.updated_at \
             RETURNING id",
            args![party.account_id, party.platform, party.external_id, party.name, party.phone, now],
        )
        .await?;
    let existing: Option<(i64, Option<i64>)> = tx
        .fetch_optional(
            "SELECT id, unanswered_since FROM conversations WHERE contact_id = $1 AND channel_id = $2",
            args![contact_id, party.channel_id],
        )
        .await?;
    if let Some((conversation_id, unanswered_since)) = existing {
        return Ok(ContactChat { conversation_id, unanswered_since });
    }
    let (conversation_id,): (i64,) = tx
        .fetch_one(
            "INSERT INTO conversations (account_id, kind, contact_id, channel_id, state, unread, created_at, updated_at) \
             VALUES ($1, 'contact', $2, $3, 'closed', FALSE, $4, $4) RETURNING id",
            args![party.account_id, contact_id, party.channel_id, now],
        )
        .await?;
    Ok(ContactChat { conversation_id, unanswered_since: None })
}

/// A new chat to start.
#[derive(Debug, Clone)]
pub struct NewChat {
    pub channel_id: i64,
    /// The contact's platform on that channel (the channel's kind).
    pub platform: String,
    /// Digits with the country code.
    pub phone: String,
    pub name: String,
    /// The template to send.
    pub content: Content,
    /// "Abrir conversa?".
    pub open_conversation: bool,
}

/// What starting a new chat did.
#[derive(Debug, Clone)]
pub struct StartedChat {
    pub conversation: ConversationView,
    pub message: MessageView,
}

impl Store {
    /// "Novo chat" (L5): find or create the contact and their chat, send the template from
    /// `by` (no agent-reply routing: the template is not an answer to anything) and, when
    /// asked, open the chat without agent or department, so the contact's reply is in "Chats
    /// abertos" (the default agent still applies, S12). All in one transaction: nothing is left half-made.
    pub async fn start_new_chat(&self, by: &UserView, chat: NewChat) -> StoreResult<StartedChat> {
        let existing = self.conversation_by_contact(chat.channel_id, &chat.platform, &chat.phone).await?;
        let state = existing.as_ref().map(|c| c.state);
        let visible = match &existing {
            Some(found) => self.conversation_for(by, found.id).await.is_ok(),
            None => false,
        };
        new_chat::check_existing(state, visible).map_err(StoreError::Conflict)?;
        let now = self.now();
        let mut tx = self.begin().await?;
        let party = ChatParty {
            account_id: by.account_id,
            channel_id: chat.channel_id,
            platform: &chat.platform,
            external_id: &chat.phone,
            name: &chat.name,
            phone: Some(&chat.phone),
        };
        let conversation_id = contact_chat(&mut tx, party, now).await?.conversation_id;
        let before = conversation_in(&mut tx, by.account_id, conversation_id).await?;
        let message = NewOutbound::new(conversation_id, chat.content);
        let sent = write_outbound(&mut tx, by.account_id, Author::Agent(by), Sender::Agent, &message, false).await?;
        if new_chat::opens(chat.open_conversation, state.or(Some(ConversationState::Closed))) {
            open_by_rule(&mut tx, by.account_id, conversation_id, AssignmentRule::None, Origin::Automation).await?;
            // L5: this service ends with the template's session if the contact does not answer in it.
            tx.execute(
                "UPDATE services SET ends_with_session = TRUE WHERE id = (SELECT service_id FROM conversations WHERE id = $1)",
                args![conversation_id],
            )
            .await?;
        }
        let after = conversation_in(&mut tx, by.account_id, conversation_id).await?;
        tx.emit(by.account_id, EventKind::MessageCreated, &after, Some(&sent), PreviousAudience::of(&before)).await?;
        self.commit(tx).await?;
        Ok(StartedChat { conversation: after, message: sent })
    }
}

/// L5, inside the ingest of a contact's message written at `at` to the open chat
/// `conversation_id`, whose service (`ends_with_session`, `opened_at`), read by the caller with
/// the chat, is `service`, and the contact's windows before this message `windows`: when it was
/// opened by a new chat and the session the template opened
/// ran out before the contact answered, the service ends here (a system line says why) and
/// `true` says the message is to be routed like one to a closed chat; answered in time, the
/// service is an ordinary one from now on.
pub(super) async fn end_lapsed_service_in(
    tx: &mut Tx,
    account_id: i64,
    conversation_id: i64,
    service: Option<(bool, i64)>,
    windows: &Windows,
    at: Millis,
) -> StoreResult<bool> {
    let Some((true, opened_at)) = service else { return Ok(false) };
    if !new_chat::ended_by_session(opened_at, windows, at) {
        tx.execute(
            "UPDATE services SET ends_with_session = FALSE WHERE id = (SELECT service_id FROM conversations WHERE id = $1)",
            args![conversation_id],
        )
        .await?;
        return Ok(false);
    }
    system_line(tx, account_id, conversation_id, "Atendimento encerrado pelo fim da sessão.").await?;
    let plan = ClosePlan { message: None, changes: Vec::new() };
    close_in(tx, account_id, conversation_id, None, Sender::Automation, &plan, AfterClose::Nothing).await?;
    Ok(true)
}
