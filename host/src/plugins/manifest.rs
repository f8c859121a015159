//! The manifest that comes with every component: name, semver version, kind, description,
//! for flow steps the JSON Schema of the node configuration, and optional limits within the
//! host's maxima. Validation errors say which field is wrong.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::limits::{Limits, ManifestLimits};
use crate::store::PluginVersion;

pub use crate::domain::plugin::PluginKind;

/// A plugin's manifest (`manifest.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Lowercase letters, digits and hyphens; unique per owner.
    pub name: String,
    /// Semantic version, e.g. `1.2.0`.
    pub version: String,
    pub kind: PluginKind,
    #[serde(default)]
    pub description: String,
    /// JSON Schema of a flow node's configuration (flow steps only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub config_schema: Option<serde_json::Value>,
    /// Whether a node of this flow step may wait (for the contact, or a wake-up); a cycle of
    /// steps that never wait is refused when a flow is published. Flow steps only; `true` if
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waits: Option<bool>,
    /// Whether a node of this flow step is handed the account's free appointment slots (S9:
    /// the scheduling step). Flow steps only; `false` if absent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free_slots: bool,
    #[serde(default)]
    pub limits: ManifestLimits,
}

impl Manifest {
    /// The manifest a stored version was uploaded with (it was checked then).
    pub fn of(version: &PluginVersion) -> Option<Manifest> {
        Manifest::parse(version.manifest.as_bytes()).ok()
    }

    /// Parse and check a manifest; the error names the offending field.
    pub fn parse(json: &[u8]) -> Result<Manifest, String> {
        let manifest: Manifest = serde_json::from_slice(json).map_err(|e| format!("manifesto inválido: {e}"))?;
        manifest.check()?;
        Ok(manifest)
    }

    /// Check every field.
    pub fn check(&self) -> Result<(), String> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= 64
            && self.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !self.name.starts_with('-');
        if !name_ok {
            return Err(format!("name '{}' inválido: use de 1 a 64 letras minúsculas, dígitos e hífens", self.name));
        }
        semver::Version::parse(&self.version)
            .map_err(|e| format!("version '{}' não é uma versão semântica: {e}", self.version))?;
        match (&self.kind, &self.config_schema) {
            (PluginKind::FlowStep, None) => return Err("config_schema é obrigatório para plugins flow-step".into()),
            (PluginKind::FlowStep, Some(schema)) => {
                jsonschema::meta::validate(schema)
                    .map_err(|e| format!("config_schema não é um JSON Schema válido: {e}"))?;
            }
            (_, Some(_)) => return Err("config_schema só vale para plugins flow-step".into()),
            (_, None) => {}
        }
        if self.waits.is_some() && self.kind != PluginKind::FlowStep {
            return Err("waits só vale para plugins flow-step".into());
        }
        if self.free_slots && self.kind != PluginKind::FlowStep {
            return Err("free_slots só vale para plugins flow-step".into());
        }
        Limits::within_maxima(self.limits)?;
        Ok(())
    }

    /// Whether a node of this step may wait.
    pub fn may_wait(&self) -> bool {
        self.waits.unwrap_or(true)
    }

    /// The call budget of this plugin.
    pub fn call_limits(&self) -> Limits {
        Limits::within_maxima(self.limits).unwrap_or(super::limits::HOST_MAXIMA)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: serde_json::Value) -> Result<Manifest, String> {
        Manifest::parse(json.to_string().as_bytes())
    }

    #[test]
    fn a_good_manifest_parses() {
        let m =
            parse(serde_json::json!({"name": "variables", "version": "1.0.0", "kind": "variable-expander"})).unwrap();
        assert_eq!(m.kind, PluginKind::VariableExpander);
        let step = parse(serde_json::json!({
            "name": "menu", "version": "0.2.1", "kind": "flow-step",
            "config_schema": {"type": "object", "properties": {"text": {"type": "string"}}}
        }))
        .unwrap();
        assert!(step.config_schema.is_some());
    }

    #[test]
    fn each_bad_field_is_named() {
        let base = serde_json::json!({"name": "x", "version": "1.0.0", "kind": "field-validator"});
        let with = |k: &str, v: serde_json::Value| {
            let mut m = base.clone();
            m[k] = v;
            parse(m).unwrap_err()
        };
        assert!(with("name", "Com Espaço".into()).contains("name"));
        assert!(with("version", "1.0".into()).contains("version"));
        assert!(with("kind", "magic".into()).contains("kind") || with("kind", "magic".into()).contains("variant"));
        assert!(with("limits", serde_json::json!({"fuel": 0})).contains("fuel"));
        assert!(with("config_schema", serde_json::json!({"type": "object"})).contains("flow-step"));
        assert!(
            parse(serde_json::json!({"name": "m", "version": "1.0.0", "kind": "flow-step"}))
                .unwrap_err()
                .contains("config_schema")
        );
        assert!(
            parse(
                serde_json::json!({"name": "m", "version": "1.0.0", "kind": "flow-step", "config_schema": {"type": 5}})
            )
            .unwrap_err()
            .contains("JSON Schema")
        );
        assert!(Manifest::parse(b"{not json").unwrap_err().contains("manifesto"));
    }
}
