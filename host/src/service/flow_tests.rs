//! Test runs of a flow's draft (issue 16 part 7): the editor's "Testar" starts the draft as it
//! is saved, from its entry, for the admin's own test contact on the account's simulator
//! channel (made when the account has none). The conversation is then played through the
//! simulator's own API and the session read like any other, so a test runs on exactly the code
//! real contacts meet, and never reaches a real contact or Meta. Starting again restarts it.

use serde::Serialize;
use utoipa::ToSchema;

use super::flows::has_errors;
use super::{App, Error, Result};
use crate::channels::simulator;
use crate::domain::flow::test_contact::test_contact;
use crate::flows::validate;
use crate::store::FlowTest;
use crate::store::views::UserView;

/// A test run started.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FlowTestRun {
    pub flow_id: i64,
    /// The snapshot of the draft it runs (below zero: never a published revision).
    pub revision: i64,
    /// The test contact's chat (its sessions: `GET /api/v1/conversations/{id}/flow-sessions`).
    pub conversation_id: i64,
    pub simulator: TestSimulator,
}

/// Where the test contact writes: the simulator channel's key and the contact's phone, as the
/// simulator's API (`/api/v1/simulator/{key}/…`) takes them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TestSimulator {
    pub key: String,
    pub phone: String,
    pub name: String,
}

/// The name a simulator channel made for test runs gets.
const TEST_CHANNEL_NAME: &str = "Simulador";

impl App {
    /// Start (or restart) a test run of flow `flow_id`'s draft for `by`. A draft with errors
    /// is refused with them, as publishing refuses it.
    pub async fn start_flow_test(&self, by: &UserView, flow_id: i64) -> Result<FlowTestRun> {
        let flow = self.store.flow(by.account_id, flow_id).await?;
        let doc = Self::read_flow(flow.draft)?;
        let issues = validate::validate(self, by.account_id, &doc).await?.issues;
        if has_errors(&issues) {
            return Err(Error::InvalidFlow(issues));
        }
        let channels = self.store.channels(by.account_id).await?;
        let channel = match channels.into_iter().find(|c| c.kind == simulator::KIND) {
            Some(channel) => channel,
            None => {
                let key = crate::auth::random_token();
                self.store.create_channel(by.account_id, simulator::KIND, TEST_CHANNEL_NAME, &key).await?
            }
        };
        let key = channel
            .simulator_url
            .as_deref()
            .and_then(|url| url.strip_prefix("/simulator/"))
            .ok_or_else(|| Error::Internal(format!("the simulator channel {} has no key", channel.id)))?
            .to_string();
        let contact = test_contact(by.id, &by.name);
        let test = FlowTest {
            flow_id,
            draft_version: flow.draft_version,
            document: &doc,
            channel_id: channel.id,
            platform: simulator::KIND,
            phone: &contact.phone,
            name: &contact.name,
        };
        let conversation_id = self.store.start_flow_test(by, &test).await?;
        Ok(FlowTestRun {
            flow_id,
            revision: FlowTest::snapshot_revision(flow.draft_version),
            conversation_id,
            simulator: TestSimulator { key, phone: contact.phone, name: contact.name },
        })
    }
}
