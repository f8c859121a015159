//! The flow document, format 1 (reference b.2): a versioned JSON envelope with stable node ids,
//! nodes with a `type` (the flow-step plugin's name), a `typeVersion` (its major version) and a
//! `config` the step's JSON Schema validates, explicit edges from `(node, port)` to a node, and
//! the layout kept apart in `ui` (ignored by the runtime, left out of the revision's hash).
//! `flows/flow-1.schema.json` is the envelope's JSON Schema, served by the API and checked
//! before a document is read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The format version this server writes.
pub const FORMAT_VERSION: &str = "1.0.0";
/// The format's major version this server reads.
pub const FORMAT_MAJOR: u64 = 1;
/// Most steps one run may take before it is stopped as a loop (F5).
pub const DEFAULT_MAX_STEPS_PER_RUN: u32 = 100;
/// A session that waits this long for the contact expires: 24 hours.
pub const DEFAULT_INACTIVITY_MS: i64 = 24 * 3600 * 1000;

/// A flow document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowDocument {
    /// The envelope's JSON Schema, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Semantic version of this format.
    pub format_version: String,
    /// The flow's id, filled in on export; ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The published revision, filled in on export; ignored on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
    pub name: String,
    /// The node the flow starts at.
    pub entry: String,
    /// Flow variables, with their starting values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variables: Vec<Variable>,
    #[serde(default)]
    pub settings: Settings,
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
    /// Layout for editors; the runtime ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui: Option<Value>,
}

/// A flow variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Variable {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// How the flow runs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// A session waiting longer than this for the contact expires (24 h if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactivity_timeout_ms: Option<i64>,
    /// Steps one run may take (100 if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_steps_per_run: Option<u32>,
    /// Where a failing step (a trap, a limit, an impossible effect) goes; absent: the chat is
    /// handed to a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_error: Option<String>,
    /// Words that jump the flow to a node whatever it waits for ("menu", "atendente").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interrupts: Vec<Interrupt>,
}

/// An interrupt: any of `keywords`, written alone, jumps to `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Interrupt {
    pub keywords: Vec<String>,
    pub to: String,
}

/// A node: an instance of a flow step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Node {
    pub id: String,
    /// The flow step's plugin name (`content`, `condition`, an integrator's step …).
    #[serde(rename = "type")]
    pub step: String,
    /// The step's major version this node was written for.
    pub type_version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default = "empty_object")]
    pub config: Value,
}

fn empty_object() -> Value {
    Value::Object(Default::default())
}

/// An edge from a node's port to a node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Edge {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub from: PortRef,
    pub to: String,
}

/// A node's output port.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortRef {
    pub node: String,
    pub port: String,
}

impl FlowDocument {
    /// Read a document that already matched the envelope's schema; the error says what is wrong.
    pub fn from_value(value: Value) -> Result<FlowDocument, String> {
        serde_json::from_value(value).map_err(|e| format!("documento de fluxo inválido: {e}"))
    }

    /// The node `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|node| node.id == id)
    }

    /// Where `(node, port)` leads, if anywhere.
    pub fn target(&self, node: &str, port: &str) -> Option<&str> {
        self.edges.iter().find(|e| e.from.node == node && e.from.port == port).map(|e| e.to.as_str())
    }

    /// The steps most runs may take.
    pub fn max_steps_per_run(&self) -> u32 {
        self.settings.max_steps_per_run.unwrap_or(DEFAULT_MAX_STEPS_PER_RUN).clamp(1, 1000)
    }

    /// How long a session may wait for the contact.
    pub fn inactivity_ms(&self) -> i64 {
        self.settings.inactivity_timeout_ms.unwrap_or(DEFAULT_INACTIVITY_MS).clamp(60_000, 30 * DEFAULT_INACTIVITY_MS)
    }

    /// The flow variables' starting values: the declared ones with their defaults, and the
    /// ones nodes set, empty until then (an unset variable reads as nothing, not as `{name}`).
    pub fn initial_variables(&self) -> BTreeMap<String, String> {
        let mut variables: BTreeMap<String, String> =
            super::check::variables_set(self).into_iter().map(|name| (name, String::new())).collect();
        variables.extend(self.variables.iter().map(|v| (v.key.clone(), v.default.clone().unwrap_or_default())));
        variables
    }

    /// The document as a revision keeps it: without export-only ids, with the format version
    /// this server writes.
    pub fn for_revision(mut self) -> FlowDocument {
        self.id = None;
        self.revision = None;
        self.format_version = FORMAT_VERSION.into();
        self
    }

    /// sha256 of the canonical JSON (sorted keys, no `ui`): equal logic, equal hash.
    pub fn content_hash(&self) -> String {
        let mut logic = self.clone();
        logic.ui = None;
        let value = serde_json::to_value(&logic).unwrap_or(Value::Null);
        // serde_json's maps are sorted (no `preserve_order`), so this text is canonical.
        hex::encode(Sha256::digest(value.to_string().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub fn sample() -> Value {
        json!({
            "formatVersion": "1.0.0",
            "name": "Boas-vindas",
            "entry": "ola",
            "nodes": [
                {"id": "ola", "type": "content", "typeVersion": 1, "config": {"messages": ["Oi!"]}},
                {"id": "fim", "type": "end", "typeVersion": 1}
            ],
            "edges": [{"from": {"node": "ola", "port": "next"}, "to": "fim"}],
            "ui": {"positions": {"ola": [0, 0]}}
        })
    }

    #[test]
    fn a_document_reads_and_finds_its_edges() {
        let doc = FlowDocument::from_value(sample()).unwrap();
        assert_eq!(doc.target("ola", "next"), Some("fim"));
        assert_eq!(doc.target("ola", "timeout"), None);
        assert_eq!(doc.node("fim").unwrap().config, json!({}));
        assert_eq!(doc.max_steps_per_run(), 100);
    }

    #[test]
    fn unknown_fields_are_refused_by_name() {
        let mut value = sample();
        value["nodes"][0]["tipo"] = json!("x");
        assert!(FlowDocument::from_value(value).unwrap_err().contains("tipo"));
    }

    #[test]
    fn the_hash_ignores_the_layout_and_key_order() {
        let doc = FlowDocument::from_value(sample()).unwrap();
        let mut moved = doc.clone();
        moved.ui = Some(json!({"positions": {"ola": [100, 40]}}));
        assert_eq!(doc.content_hash(), moved.content_hash());
        let mut changed = doc.clone();
        changed.entry = "fim".into();
        assert_ne!(doc.content_hash(), changed.content_hash());
    }
}
