//! What admins do with flows (F4) and agents with a chat's flow (S16, F3): a document is read
//! against the envelope's schema and validated against the account's steps on every save — a
//! draft may keep its problems, which the answer lists — and publishing refuses a flow with
//! errors; export gives a revision's canonical JSON; the account's flow settings (F1); forward
//! to flow (S16); a conversation's sessions with their steps, and ending a waiting one.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{App, Error, Result};
use crate::domain::flow::FlowDocument;
use crate::domain::flow::check::{Issue, Severity};
use crate::flows::envelope;
use crate::flows::palette::{self, StepType};
use crate::flows::validate::{self, Validation};
use crate::store::views::{ConversationView, UserView};
use crate::store::{AccountFlows, FlowView, RevisionView};

/// A flow saved, with what its validation found (a draft may have errors; publishing may not).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FlowSaved {
    pub flow: FlowView,
    pub issues: Vec<Issue>,
    /// Each node's output ports, where they could be learned, as validation answers them.
    pub ports: BTreeMap<String, Vec<String>>,
}

impl FlowSaved {
    fn new(flow: FlowView, validation: Validation) -> FlowSaved {
        FlowSaved { flow, issues: validation.issues, ports: validation.ports }
    }
}

/// Whether `issues` hold an error.
pub(super) fn has_errors(issues: &[Issue]) -> bool {
    issues.iter().any(|issue| issue.severity == Severity::Error)
}

impl App {
    /// `value` read as a flow document, or every place it breaks the envelope.
    pub(super) fn read_flow(value: Value) -> Result<FlowDocument> {
        let doc = envelope::read(value).map_err(Error::InvalidFlow)?;
        Ok(doc.for_revision())
    }

    /// Validate a document without saving it (the dry run): its problems.
    pub async fn check_flow(&self, account_id: i64, value: Value) -> Result<Validation> {
        match Self::read_flow(value) {
            Ok(doc) => validate::validate(self, account_id, &doc).await,
            Err(Error::InvalidFlow(issues)) => Ok(Validation::issues(issues)),
            Err(other) => Err(other),
        }
    }

    /// The step types the account may put in a flow (the editor's palette).
    pub async fn flow_steps(&self, account_id: i64) -> Result<Vec<StepType>> {
        Ok(palette::palette(&self.plugins, &self.store, account_id).await?)
    }

    /// Create a flow from a document (an upload or an import: always a draft).
    pub async fn create_flow(&self, account_id: i64, value: Value) -> Result<FlowSaved> {
        let doc = Self::read_flow(value)?;
        let validation = validate::validate(self, account_id, &doc).await?;
        let flow = self.store.create_flow(account_id, doc.name.trim(), &doc).await?;
        Ok(FlowSaved::new(flow, validation))
    }

    /// Replace a flow's draft; with `expected_version`, only if no other save came since that
    /// version (issue 16 part 8).
    pub async fn save_flow(
        &self,
        account_id: i64,
        flow_id: i64,
        value: Value,
        expected_version: Option<i64>,
    ) -> Result<FlowSaved> {
        self.store.flow(account_id, flow_id).await?;
        let doc = Self::read_flow(value)?;
        let validation = validate::validate(self, account_id, &doc).await?;
        let flow = self.store.save_draft(account_id, flow_id, &doc, expected_version).await?;
        Ok(FlowSaved::new(flow, validation))
    }

    /// Publish the flow's draft as its next revision, if it has no errors; new sessions start
    /// on it, running ones finish on theirs.
    pub async fn publish_flow(&self, by: &UserView, flow_id: i64, note: Option<&str>) -> Result<RevisionView> {
        let flow = self.store.flow(by.account_id, flow_id).await?;
        let doc = Self::read_flow(flow.draft)?;
        let issues = validate::validate(self, by.account_id, &doc).await?.issues;
        if has_errors(&issues) {
            return Err(Error::InvalidFlow(issues));
        }
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        Ok(self.store.publish_flow(by.account_id, flow_id, by.id, &doc, note).await?)
    }

    /// A flow as a file: a published revision's canonical JSON with its id and revision, or
    /// the draft when no revision is asked for.
    pub async fn export_flow(&self, account_id: i64, flow_id: i64, revision: Option<i64>) -> Result<Value> {
        let flow = self.store.flow(account_id, flow_id).await?;
        let mut doc = match revision {
            Some(revision) => self.store.flow_revision(account_id, flow_id, revision).await?,
            None => Self::read_flow(flow.draft)?,
        };
        doc.id = Some(flow.id);
        doc.revision = revision;
        serde_json::to_value(doc).map_err(|e| Error::Internal(format!("flow export: {e}")))
    }

    /// Replace the account's flow settings (F1).
    pub async fn set_account_flows(&self, account_id: i64, flows: AccountFlows) -> Result<AccountFlows> {
        flows.settings.check().map_err(Error::Invalid)?;
        Ok(self.store.set_account_flows(account_id, &flows).await?)
    }

    /// "Encaminhar para fluxo" (S16).
    pub async fn forward_to_flow(&self, by: &UserView, conversation_id: i64, flow_id: i64) -> Result<ConversationView> {
        Ok(self.store.forward_to_flow(by, conversation_id, flow_id).await?)
    }
}
