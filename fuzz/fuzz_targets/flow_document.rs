//! Feeds any bytes, as JSON, to the reading of a flow document and to the document-wide checks
//! of flow validation: `flows/envelope.rs` `read` (the envelope's JSON Schema, then
//! `FlowDocument` itself) and `domain/flow/check.rs` `check` (ids, entry, edges and their ports,
//! settings, reachability, loops without a wait, variable references). That is everything
//! `flows/validate.rs` `validate` does without an account: the rest asks the database and the
//! step plugins, which `check` receives as `NodeFacts`; here the facts are made up from the input
//! so that nodes wait or not, and their ports match the edges or not.
//!
//! Checks, besides not panicking:
//! - a document that was read, serialised again, is read again to the same document with the
//!   same content hash (export then import gives back the flow);
//! - `check` answers errors before warnings, each pointing into the document (`""` or `/…`), and
//!   the same issues for the same input;
//! - the document's derived settings stay in their ranges.

#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use atende_host::domain::flow::FlowDocument;
use atende_host::domain::flow::check::{self, Issue, NodeFacts, Severity};
use atende_host::flows::envelope;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let Ok(doc) = envelope::read(value) else { return };

    // Export, then import: the same document.
    let exported = serde_json::to_value(&doc).expect("a document serialises");
    let again = envelope::read(exported).unwrap_or_else(|issues| panic!("an exported document is refused: {issues:?}"));
    assert_eq!(doc, again, "export then import changed the document");
    assert_eq!(doc.content_hash(), again.content_hash());

    let facts = facts(&doc, data);
    let custom: BTreeSet<String> = ["plano", "foto"].into_iter().map(String::from).collect();
    let issues = check::check(&doc, &facts, &custom);
    let first_warning = issues.iter().position(|i| i.severity == Severity::Warning).unwrap_or(issues.len());
    assert!(issues[first_warning..].iter().all(|i| i.severity == Severity::Warning), "errors after warnings");
    assert!(issues.iter().all(pointer_ok), "an issue pointing outside the document: {issues:?}");
    assert_eq!(issues, check::check(&doc, &facts, &custom), "check is not deterministic");

    assert!((1..=1000).contains(&doc.max_steps_per_run()));
    assert!(doc.inactivity_ms() >= 60_000);
    let _ = doc.initial_variables();
    let _ = doc.clone().for_revision();
});

/// What the steps would have said of each node, chosen by the input's bytes: whether it waits,
/// and its ports (the ones its edges use, sometimes one edge's port missing, sometimes unknown).
fn facts(doc: &FlowDocument, data: &[u8]) -> BTreeMap<String, NodeFacts> {
    let bits = data.iter().fold(0u64, |h, b| h.rotate_left(7) ^ u64::from(*b));
    doc.nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let bit = |n: usize| bits >> ((i * 3 + n) % 64) & 1 == 1;
            let mut ports: Vec<String> =
                doc.edges.iter().filter(|e| e.from.node == node.id).map(|e| e.from.port.clone()).collect();
            if bit(1) {
                ports.pop();
                ports.push("next".into());
            }
            let ports = (!bit(2)).then_some(ports);
            let mut found = NodeFacts { waits: bit(0), ports, ..NodeFacts::default() };
            if found.ports.is_none() {
                found.issues.push(Issue::error(Some(&node.id), format!("/nodes/{i}/type"), "etapa desconhecida"));
            }
            (node.id.clone(), found)
        })
        .collect()
}

fn pointer_ok(issue: &Issue) -> bool {
    issue.pointer.is_empty() || issue.pointer.starts_with('/')
}
