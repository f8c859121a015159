//! Test runs of a flow's draft (issue 16 part 7): the editor plays the draft as it stands
//! against the simulator channel, as the admin's own test contact, on the real engine.
//!
//! The draft is kept as a *test snapshot*: a row of `flow_revisions` numbered minus the draft
//! version it was taken from. Published revisions (1, 2, …), their list and the flow's
//! published revision are untouched, a snapshot never changes (one draft version is one
//! document), so the runner reads and caches it like any revision, and a session on it goes on
//! there after the draft moves. A start input naming that revision starts it from its entry.

use super::closing::{AfterClose, ClosePlan, close_in};
use super::flow_runs::{NewInput, SessionStatus, end_live_session_in, enqueue_input};
use super::new_chat::{ChatParty, contact_chat};
use super::views::UserView;
use super::windows::{on_contact_message, windows_in};
use super::{Store, StoreResult};
use crate::args;
use crate::domain::Vocabulary;
use crate::domain::conversation::ConversationState;
use crate::domain::flow::FlowDocument;
use crate::domain::window::Sender;

/// A test run to start.
#[derive(Debug, Clone)]
pub struct FlowTest<'a> {
    pub flow_id: i64,
    /// The draft's version and its document, read together.
    pub draft_version: i64,
    pub document: &'a FlowDocument,
    /// The simulator channel it plays on, and its kind (the contact's platform).
    pub channel_id: i64,
    pub platform: &'a str,
    /// The test contact on it.
    pub phone: &'a str,
    pub name: &'a str,
}

impl FlowTest<'_> {
    /// The revision number of the snapshot of draft version `draft_version`.
    pub fn snapshot_revision(draft_version: i64) -> i64 {
        -draft_version
    }
}

impl Store {
    /// Start `test` from the entry for its test contact: snapshot the draft, find or make the
    /// contact's chat with its service window open, end what it was doing (a service a
    /// previous test opened is closed without a closing message or flow, a waiting session is
    /// interrupted) and queue the start. The chat's id.
    pub async fn start_flow_test(&self, by: &UserView, test: &FlowTest<'_>) -> StoreResult<i64> {
        let now = self.now();
        let revision = FlowTest::snapshot_revision(test.draft_version);
        let mut tx = self.begin().await?;
        tx.fetch_one::<(i64,)>(
            "SELECT id FROM flows WHERE account_id = $1 AND id = $2",
            args![by.account_id, test.flow_id],
        )
        .await?;
        tx.execute(
            "INSERT INTO flow_revisions (flow_id, account_id, revision, document, sha256, note, published_by, published_at) \
             VALUES ($1, $2, $3, $4, $5, 'teste', $6, $7) ON CONFLICT (flow_id, revision) DO NOTHING",
            args![
                test.flow_id,
                by.account_id,
                revision,
                serde_json::to_string(test.document).expect("documents serialise"),
                test.document.content_hash(),
                by.id,
                now
            ],
        )
        .await?;
        let party = ChatParty {
            account_id: by.account_id,
            channel_id: test.channel_id,
            platform: test.platform,
            external_id: test.phone,
            name: test.name,
            phone: Some(test.phone),
        };
        let chat = contact_chat(&mut tx, party, now).await?;
        // A flow meets a contact who has just written, so the test contact's service window
        // opens as the run starts; without it the simulator, which keeps WhatsApp's 24-hour
        // rule, refuses the flow's messages to a contact who never wrote.
        let (contact_id,): (i64,) =
            tx.fetch_one("SELECT contact_id FROM conversations WHERE id = $1", args![chat.conversation_id]).await?;
        let windows = windows_in(&mut tx, contact_id, test.channel_id).await?;
        on_contact_message(&mut tx, by.account_id, contact_id, test.channel_id, windows, now).await?;
        let (state,): (String,) =
            tx.fetch_one("SELECT state FROM conversations WHERE id = $1", args![chat.conversation_id]).await?;
        if state == ConversationState::Open.as_str() {
            let plan = ClosePlan { message: None, changes: vec![] };
            close_in(&mut tx, by.account_id, chat.conversation_id, Some(by), Sender::Agent, &plan, AfterClose::Nothing)
                .await?;
        }
        end_live_session_in(&mut tx, chat.conversation_id, SessionStatus::Interrupted, "teste reiniciado").await?;
        // Older snapshots of this flow go, unless a session still waits on one or a start has
        // yet to run it (another admin's test).
        tx.execute(
            "DELETE FROM flow_revisions WHERE flow_id = $1 AND revision < 0 AND revision <> $2 \
             AND revision NOT IN (SELECT revision FROM flow_sessions WHERE flow_id = $1 AND status = 'waiting') \
             AND revision NOT IN (SELECT revision FROM flow_inputs WHERE flow_id = $1 AND state = 'pending' \
             AND revision IS NOT NULL)",
            args![test.flow_id, revision],
        )
        .await?;
        let start = NewInput {
            revision: Some(revision),
            ..NewInput::start(by.account_id, chat.conversation_id, test.flow_id, None, now)
        };
        enqueue_input(&mut tx, &start).await?;
        self.commit(tx).await?;
        Ok(chat.conversation_id)
    }
}
