//! Flows in the store (F4): an account's flows, each with a draft an admin edits freely and
//! immutable published revisions (a session stays on the revision it started on), and the
//! account's flow settings (F1: chatbot on/off, initial and closing flow, keywords, business
//! hours). Running flows is `flow_runs.rs`.

use serde::Serialize;
use utoipa::ToSchema;

use super::views::NamedRef;
use super::{Store, StoreError, StoreResult};
use crate::args;
use crate::domain::Millis;
use crate::domain::flow::FlowDocument;
use crate::domain::flow::settings::FlowSettings;

/// A flow as listed.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FlowSummary {
    pub id: i64,
    pub name: String,
    /// The newest published revision; `null` while the flow was never published.
    pub published_revision: Option<i64>,
    pub updated_at: Millis,
}

/// A flow with its draft.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FlowView {
    pub id: i64,
    pub name: String,
    /// The document being edited (format 1).
    #[schema(value_type = Object)]
    pub draft: serde_json::Value,
    pub published_revision: Option<i64>,
    /// Moves with every save of the draft: a save may name the version it started from, and is
    /// refused if another save came first (two admins editing one flow).
    pub draft_version: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A published revision.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RevisionView {
    pub revision: i64,
    /// sha256 of the revision's canonical JSON (no layout).
    pub sha256: String,
    pub note: Option<String>,
    pub published_by: Option<NamedRef>,
    pub published_at: Millis,
}

/// The account's flow settings (F1).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AccountFlows {
    /// Chatbot on: a contact who writes with no service open meets the initial flow.
    pub chatbot_enabled: bool,
    pub initial_flow_id: Option<i64>,
    /// Runs after every close (K4).
    pub closing_flow_id: Option<i64>,
    pub settings: FlowSettings,
}

crate::row! {
    struct FlowRow {
        id: i64,
        name: String,
        draft: String,
        published_revision: Option<i64>,
        draft_version: i64,
        created_at: i64,
        updated_at: i64,
    }
}

impl FlowRow {
    fn into_view(self) -> FlowView {
        FlowView {
            id: self.id,
            name: self.name,
            draft: serde_json::from_str(&self.draft).unwrap_or(serde_json::Value::Null),
            published_revision: self.published_revision,
            draft_version: self.draft_version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

crate::row! {
    struct RevisionRow {
        revision: i64,
        sha256: String,
        note: Option<String>,
        published_by: Option<i64>,
        published_by_name: Option<String>,
        published_at: i64,
    }
}

fn name_taken(name: &str) -> impl Fn(StoreError) -> StoreError + '_ {
    move |err| match err {
        StoreError::Conflict(_) => StoreError::Conflict(format!("Já existe um fluxo chamado '{name}'.")),
        other => other,
    }
}

impl Store {
    /// Create a flow with `draft` (a document already read and named `name`).
    pub async fn create_flow(&self, account_id: i64, name: &str, draft: &FlowDocument) -> StoreResult<FlowView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (id,): (i64,) = tx
            .fetch_one(
                "INSERT INTO flows (account_id, name, draft, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
                 RETURNING id",
                args![account_id, name, serde_json::to_string(draft).expect("documents serialise"), now],
            )
            .await
            .map_err(name_taken(name))?;
        self.commit(tx).await?;
        self.flow(account_id, id).await
    }

    /// The account's flows, by name.
    pub async fn flows(&self, account_id: i64) -> StoreResult<Vec<FlowSummary>> {
        let rows: Vec<(i64, String, Option<i64>, i64)> = self
            .read()
            .await?
            .fetch_all(
                "SELECT id, name, published_revision, updated_at FROM flows WHERE account_id = $1 ORDER BY name, id",
                args![account_id],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, published_revision, updated_at)| FlowSummary { id, name, published_revision, updated_at })
            .collect())
    }

    /// A flow of the account with its draft.
    pub async fn flow(&self, account_id: i64, flow_id: i64) -> StoreResult<FlowView> {
        let row: FlowRow = self
            .read()
            .await?
            .fetch_one(
                &format!("SELECT {} FROM flows WHERE account_id = $1 AND id = $2", FlowRow::COLUMNS),
                args![account_id, flow_id],
            )
            .await?;
        Ok(row.into_view())
    }

    /// Replace a flow's draft (and its name, the draft's). With `expected_version`, only if the
    /// draft is still at that version: another save in between is a [`StoreError::DraftConflict`]
    /// and nothing is written.
    pub async fn save_draft(
        &self,
        account_id: i64,
        flow_id: i64,
        draft: &FlowDocument,
        expected_version: Option<i64>,
    ) -> StoreResult<FlowView> {
        let mut tx = self.begin().await?;
        let changed = tx
            .execute(
                "UPDATE flows SET name = $1, draft = $2, updated_at = $3, draft_version = draft_version + 1 \
                 WHERE account_id = $4 AND id = $5 AND ($6 IS NULL OR draft_version = $6)",
                args![
                    draft.name.trim(),
                    serde_json::to_string(draft).expect("documents serialise"),
                    self.now(),
                    account_id,
                    flow_id,
                    expected_version
                ],
            )
            .await
            .map_err(name_taken(draft.name.trim()))?;
        if changed == 0 {
            let found: Option<(i64,)> = tx
                .fetch_optional(
                    "SELECT draft_version FROM flows WHERE account_id = $1 AND id = $2",
                    args![account_id, flow_id],
                )
                .await?;
            let (current,) = found.ok_or(StoreError::NotFound)?;
            return Err(StoreError::DraftConflict(format!(
                "Outra pessoa alterou este rascunho depois que você o abriu (versão {current}, não {}): \
                 recarregue o dela ou salve o seu por cima.",
                expected_version.unwrap_or_default()
            )));
        }
        self.commit(tx).await?;
        self.flow(account_id, flow_id).await
    }

    /// Delete a flow, its revisions and its sessions; an account that used it as initial or
    /// closing flow has none then.
    pub async fn delete_flow(&self, account_id: i64, flow_id: i64) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        tx.execute(
            "UPDATE accounts SET initial_flow_id = CASE WHEN initial_flow_id = $1 THEN NULL ELSE initial_flow_id END, \
             closing_flow_id = CASE WHEN closing_flow_id = $1 THEN NULL ELSE closing_flow_id END WHERE id = $2",
            args![flow_id, account_id],
        )
        .await?;
        let deleted =
            tx.execute("DELETE FROM flows WHERE account_id = $1 AND id = $2", args![account_id, flow_id]).await?;
        if deleted == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await
    }

    /// Publish `document` (validated) as the flow's next revision; new sessions start on it.
    pub async fn publish_flow(
        &self,
        account_id: i64,
        flow_id: i64,
        by_user_id: i64,
        document: &FlowDocument,
        note: Option<&str>,
    ) -> StoreResult<RevisionView> {
        let now = self.now();
        let mut tx = self.begin().await?;
        let (current,): (Option<i64>,) = tx
            .fetch_one(
                "SELECT published_revision FROM flows WHERE account_id = $1 AND id = $2",
                args![account_id, flow_id],
            )
            .await?;
        let revision = current.unwrap_or(0) + 1;
        tx.execute(
            "INSERT INTO flow_revisions (flow_id, account_id, revision, document, sha256, note, published_by, published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            args![
                flow_id,
                account_id,
                revision,
                serde_json::to_string(document).expect("documents serialise"),
                document.content_hash(),
                note,
                by_user_id,
                now
            ],
        )
        .await?;
        tx.execute(
            "UPDATE flows SET published_revision = $1, updated_at = $2 WHERE id = $3",
            args![revision, now, flow_id],
        )
        .await?;
        self.commit(tx).await?;
        self.revisions(account_id, flow_id)
            .await?
            .into_iter()
            .find(|r| r.revision == revision)
            .ok_or(StoreError::NotFound)
    }

    /// The flow's published revisions, newest first (not the test snapshots of its draft,
    /// numbered below zero: `flow_tests.rs`).
    pub async fn revisions(&self, account_id: i64, flow_id: i64) -> StoreResult<Vec<RevisionView>> {
        let mut read = self.read().await?;
        read.fetch_one::<(i64,)>("SELECT id FROM flows WHERE account_id = $1 AND id = $2", args![account_id, flow_id])
            .await?;
        let rows: Vec<RevisionRow> = read
            .fetch_all(
                "SELECT r.revision, r.sha256, r.note, r.published_by, u.name AS published_by_name, r.published_at \
                 FROM flow_revisions r LEFT JOIN users u ON u.id = r.published_by \
                 WHERE r.account_id = $1 AND r.flow_id = $2 AND r.revision > 0 ORDER BY r.revision DESC",
                args![account_id, flow_id],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| RevisionView {
                revision: r.revision,
                sha256: r.sha256,
                note: r.note,
                published_by: r.published_by.map(|id| NamedRef { id, name: r.published_by_name.unwrap_or_default() }),
                published_at: r.published_at,
            })
            .collect())
    }

    /// A published revision's document.
    pub async fn flow_revision(&self, account_id: i64, flow_id: i64, revision: i64) -> StoreResult<FlowDocument> {
        let (document,): (String,) = self
            .read()
            .await?
            .fetch_one(
                "SELECT document FROM flow_revisions WHERE account_id = $1 AND flow_id = $2 AND revision = $3",
                args![account_id, flow_id, revision],
            )
            .await?;
        serde_json::from_str(&document).map_err(|e| StoreError::Internal(format!("revisão de fluxo ilegível: {e}")))
    }

    /// The account's flows that have a published revision, with it: `(flow_id, revision)`.
    pub async fn published_flows(&self, account_id: i64) -> StoreResult<Vec<(i64, i64)>> {
        self.read()
            .await?
            .fetch_all(
                "SELECT id, published_revision FROM flows WHERE account_id = $1 AND published_revision IS NOT NULL",
                args![account_id],
            )
            .await
    }

    /// The account's flow settings.
    pub async fn account_flows(&self, account_id: i64) -> StoreResult<AccountFlows> {
        let (chatbot_enabled, initial_flow_id, closing_flow_id, settings): (bool, Option<i64>, Option<i64>, String) = self
            .read()
            .await?
            .fetch_one(
                "SELECT chatbot_enabled, initial_flow_id, closing_flow_id, flow_settings FROM accounts WHERE id = $1",
                args![account_id],
            )
            .await?;
        Ok(AccountFlows {
            chatbot_enabled,
            initial_flow_id,
            closing_flow_id,
            settings: serde_json::from_str(&settings).unwrap_or_default(),
        })
    }

    /// Replace the account's flow settings; the flows named must be the account's.
    pub async fn set_account_flows(&self, account_id: i64, flows: &AccountFlows) -> StoreResult<AccountFlows> {
        let mut tx = self.begin().await?;
        for (id, which) in [(flows.initial_flow_id, "inicial"), (flows.closing_flow_id, "de encerramento")] {
            if let Some(id) = id {
                let found: Option<(Option<i64>,)> = tx
                    .fetch_optional(
                        "SELECT published_revision FROM flows WHERE account_id = $1 AND id = $2",
                        args![account_id, id],
                    )
                    .await?;
                match found {
                    None => return Err(StoreError::Rejected(format!("O fluxo {which} não existe nesta conta."))),
                    Some((None,)) => {
                        return Err(StoreError::Rejected(format!("Publique o fluxo {which} antes de escolhê-lo.")));
                    }
                    Some(_) => {}
                }
            }
        }
        tx.execute(
            "UPDATE accounts SET chatbot_enabled = $1, initial_flow_id = $2, closing_flow_id = $3, flow_settings = $4 \
             WHERE id = $5",
            args![
                flows.chatbot_enabled,
                flows.initial_flow_id,
                flows.closing_flow_id,
                serde_json::to_string(&flows.settings).expect("settings serialise"),
                account_id
            ],
        )
        .await?;
        self.commit(tx).await?;
        self.account_flows(account_id).await
    }
}
