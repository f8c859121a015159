//! The flow document's envelope, format 1: its JSON Schema (`flow-1.schema.json`), served at
//! `GET /api/v1/flows/schema` for editors, and checked before a document is read, so that a
//! malformed upload is refused with the place it is wrong.

use std::sync::LazyLock;

use serde_json::Value;

use crate::domain::flow::FlowDocument;
use crate::domain::flow::check::Issue;

/// The schema's text.
const SCHEMA: &str = include_str!("flow-1.schema.json");

static SCHEMA_VALUE: LazyLock<Value> = LazyLock::new(|| serde_json::from_str(SCHEMA).expect("the flow schema is JSON"));

static VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| jsonschema::validator_for(&SCHEMA_VALUE).expect("the flow schema is a JSON Schema"));

/// The envelope's JSON Schema.
pub fn schema() -> &'static Value {
    &SCHEMA_VALUE
}

/// Read `value` as a flow document: every place it breaks the envelope's schema, or the
/// document.
pub fn read(value: Value) -> Result<FlowDocument, Vec<Issue>> {
    let issues: Vec<Issue> = VALIDATOR
        .iter_errors(&value)
        .map(|error| {
            let pointer = error.instance_path().to_string();
            Issue::error(None, pointer.clone(), format!("O documento não segue o formato em \"{pointer}\": {error}"))
        })
        .collect();
    if !issues.is_empty() {
        return Err(issues);
    }
    FlowDocument::from_value(value).map_err(|message| vec![Issue::error(None, "", message)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_good_document_reads_and_a_bad_one_says_where() {
        let good = json!({"formatVersion": "1.0.0", "name": "F", "entry": "a", "nodes": [{"id": "a", "type": "end", "typeVersion": 1}]});
        assert!(read(good).is_ok());
        let bad = json!({"formatVersion": "1.0.0", "name": "F", "entry": "a", "nodes": [{"id": "a", "type": "end"}], "extra": 1});
        let issues = read(bad).unwrap_err();
        let pointers: Vec<&str> = issues.iter().map(|i| i.pointer.as_str()).collect();
        assert!(pointers.contains(&"") && pointers.contains(&"/nodes/0"), "{issues:?}");
    }
}
