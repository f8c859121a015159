//! What one step of a flow did, as its session's history keeps it (issue 16 part 7): the
//! editor's test panel lists it beside the conversation, and the chat's history of flows shows
//! it. Derived from the run's actions the step added and the flow variables it set, so what
//! is listed is what the store wrote.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::flow_runs::{FieldWrite, FlowAction};
use crate::domain::Millis;
use crate::domain::assignment::AssignmentRule;
use crate::domain::message;

/// One thing a step did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepEffect {
    /// A message to the contact, as the chat list previews it.
    Sent { preview: String },
    /// A line in the history the contact never sees.
    Note { text: String },
    /// A contact field written (`key` as in `{key}`; an empty value clears it).
    Field { key: String, value: String },
    /// A tag added (or removed).
    Tag { name: String, added: bool },
    /// A service opened by this rule: people take over.
    Service { assignment: AssignmentRule },
    /// An appointment booked.
    Booking { starts_at: Millis, ends_at: Millis },
    /// A flow variable set.
    Variable { name: String, value: String },
}

impl StepEffect {
    /// What `action` shows as: one effect each, or one per field of a system field write.
    pub fn of(action: &FlowAction) -> Vec<StepEffect> {
        match action {
            FlowAction::Send { content, .. } => {
                let (kind, text, _) = content.to_stored();
                vec![StepEffect::Sent { preview: message::preview(kind, text.as_deref()) }]
            }
            FlowAction::SystemLine(text) => vec![StepEffect::Note { text: text.clone() }],
            FlowAction::SetField(FieldWrite::Custom { key, value }) => {
                let value = match value {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                vec![StepEffect::Field { key: key.clone(), value }]
            }
            FlowAction::SetField(FieldWrite::System(patch)) => patch
                .fields_set()
                .into_iter()
                .map(|(key, value)| StepEffect::Field { key: key.into(), value: value.into() })
                .collect(),
            FlowAction::Tag { name, add } => vec![StepEffect::Tag { name: name.clone(), added: *add }],
            FlowAction::OpenService(rule) => vec![StepEffect::Service { assignment: *rule }],
            FlowAction::Book { starts_at, ends_at, .. } => {
                vec![StepEffect::Booking { starts_at: *starts_at, ends_at: *ends_at }]
            }
        }
    }

    /// The variables a step set: those of `after` that are new or changed since `before`.
    pub fn variables_set(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<StepEffect> {
        after
            .iter()
            .filter(|(name, value)| before.get(*name) != Some(value))
            .map(|(name, value)| StepEffect::Variable { name: name.clone(), value: value.clone() })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::ContactPatch;
    use crate::domain::content::{Content, Text};

    #[test]
    fn a_sent_message_shows_as_its_preview_and_a_system_field_write_as_each_field_set() {
        let send = FlowAction::Send { content: Content::Text(Text::plain("Oi, Maria!")), author: "Boas-vindas".into() };
        assert_eq!(StepEffect::of(&send), [StepEffect::Sent { preview: "Oi, Maria!".into() }]);
        let patch = ContactPatch {
            name: Some("Maria".into()),
            email: Some("maria@example.com".into()),
            ..ContactPatch::default()
        };
        assert_eq!(
            StepEffect::of(&FlowAction::SetField(FieldWrite::System(patch))),
            [
                StepEffect::Field { key: "nome".into(), value: "Maria".into() },
                StepEffect::Field { key: "email".into(), value: "maria@example.com".into() },
            ]
        );
        let custom = FieldWrite::Custom { key: "plano".into(), value: serde_json::json!("ouro") };
        assert_eq!(
            StepEffect::of(&FlowAction::SetField(custom)),
            [StepEffect::Field { key: "plano".into(), value: "ouro".into() }]
        );
        let rule = AssignmentRule::Department { department_id: 4 };
        assert_eq!(StepEffect::of(&FlowAction::OpenService(rule)), [StepEffect::Service { assignment: rule }]);
    }

    #[test]
    fn only_variables_new_or_changed_by_the_step_are_listed() {
        let before = BTreeMap::from([("a".to_string(), "1".to_string()), ("b".to_string(), "2".to_string())]);
        let after = BTreeMap::from([
            ("a".to_string(), "1".to_string()),
            ("b".to_string(), "3".to_string()),
            ("c".to_string(), "4".to_string()),
        ]);
        assert_eq!(
            StepEffect::variables_set(&before, &after),
            [
                StepEffect::Variable { name: "b".into(), value: "3".into() },
                StepEffect::Variable { name: "c".into(), value: "4".into() },
            ]
        );
    }

    #[test]
    fn effects_are_stored_and_shown_tagged_by_kind() {
        let json = serde_json::to_value(StepEffect::Tag { name: "vip".into(), added: true }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "tag", "name": "vip", "added": true}));
        let service = StepEffect::Service { assignment: AssignmentRule::Department { department_id: 2 } };
        let json = serde_json::to_value(&service).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "service", "assignment": {"rule": "department", "department_id": 2}})
        );
        assert_eq!(serde_json::from_value::<StepEffect>(json).unwrap(), service);
    }
}
