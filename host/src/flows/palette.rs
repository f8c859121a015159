//! The step types an account may put in a flow (issue 16 part 2): the shipped flow steps and the
//! account's own uploaded ones, each switched on, with what an editor needs to offer them — the
//! title and description from the manifest, the configuration's JSON Schema, the major version a
//! new node pins. Read from the manifests alone: listing them prepares no component.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::plugins::{Manifest, PluginKind, Plugins};
use crate::store::{Store, StoreResult};

/// Where a step type comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StepOrigin {
    Shipped,
    Account,
}

/// A step type on the palette.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StepType {
    /// What a node's `type` names.
    #[serde(rename = "type")]
    pub step: String,
    /// The major version a new node pins (`typeVersion`).
    pub type_version: u64,
    /// The full semantic version installed.
    pub version: String,
    pub origin: StepOrigin,
    /// The configuration schema's `title`, else the name.
    pub title: String,
    pub description: String,
    /// JSON Schema of a node's `config`.
    #[schema(value_type = Object)]
    pub config_schema: Value,
    /// Whether a node of this type may wait (for the contact, or a wake-up).
    pub waits: bool,
}

impl StepType {
    fn of(manifest: &Manifest, origin: StepOrigin) -> Option<StepType> {
        if manifest.kind != PluginKind::FlowStep {
            return None;
        }
        let schema = manifest.config_schema.clone().unwrap_or_else(|| Value::Object(Default::default()));
        let title = schema["title"].as_str().map(str::to_string).unwrap_or_else(|| manifest.name.clone());
        Some(StepType {
            step: manifest.name.clone(),
            type_version: semver::Version::parse(&manifest.version).map(|v| v.major).unwrap_or(0),
            version: manifest.version.clone(),
            origin,
            title,
            description: manifest.description.clone(),
            config_schema: schema,
            waits: manifest.may_wait(),
        })
    }
}

/// The step types `account_id` may use, by title.
pub async fn palette(plugins: &Plugins, store: &Store, account_id: i64) -> StoreResult<Vec<StepType>> {
    let switches = store.shipped_plugin_switches(account_id).await?;
    let mut steps: Vec<StepType> = plugins
        .shipped_manifests()
        .filter(|manifest| switches.get(&manifest.name).copied().unwrap_or(true))
        .filter_map(|manifest| StepType::of(manifest, StepOrigin::Shipped))
        .collect();
    for plugin in store.account_plugins(account_id).await? {
        let active = plugin.active().filter(|_| plugin.enabled).and_then(Manifest::of);
        steps.extend(active.and_then(|manifest| StepType::of(&manifest, StepOrigin::Account)));
    }
    steps.sort_by(|a, b| a.title.to_lowercase().cmp(&b.title.to_lowercase()).then_with(|| a.step.cmp(&b.step)));
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(kind: PluginKind, schema: Option<Value>) -> Manifest {
        Manifest {
            name: "crm-lookup".into(),
            version: "2.3.1".into(),
            kind,
            description: "Busca o cliente no CRM.".into(),
            config_schema: schema,
            waits: Some(false),
            free_slots: false,
            limits: Default::default(),
        }
    }

    #[test]
    fn a_flow_step_is_offered_with_its_schema_title_and_major_version() {
        let schema = serde_json::json!({"title": "Buscar no CRM", "type": "object"});
        let step = StepType::of(&manifest(PluginKind::FlowStep, Some(schema.clone())), StepOrigin::Account).unwrap();
        assert_eq!(step.step, "crm-lookup");
        assert_eq!(step.title, "Buscar no CRM");
        assert_eq!(step.type_version, 2);
        assert_eq!(step.config_schema, schema);
        assert!(!step.waits);
        let untitled = StepType::of(&manifest(PluginKind::FlowStep, Some(serde_json::json!({}))), StepOrigin::Shipped);
        assert_eq!(untitled.unwrap().title, "crm-lookup", "the name when the schema has no title");
    }

    #[test]
    fn other_kinds_of_plugin_are_not_steps() {
        assert_eq!(StepType::of(&manifest(PluginKind::VariableExpander, None), StepOrigin::Account), None);
    }
}
