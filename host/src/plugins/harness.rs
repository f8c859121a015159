//! `atende plugin run`: load a component under the server's real limits and call it once with
//! a JSON input, printing the JSON output, so integrators can test a plugin without a server.

use std::path::Path;

use serde_json::Value;

use super::failure::PluginFailure;
use super::manifest::{Manifest, PluginKind};
use super::runtime::PluginRuntime;
use crate::domain::Vocabulary;

/// Why a harness run failed.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("{0}")]
    Setup(String),
    #[error(transparent)]
    Call(#[from] PluginFailure),
}

fn setup(message: impl std::fmt::Display) -> HarnessError {
    HarnessError::Setup(message.to_string())
}

/// The manifest to use: read from `manifest`, or assumed for `kind`.
pub fn manifest_for(manifest: Option<&Path>, kind: Option<&str>, component: &Path) -> Result<Manifest, HarnessError> {
    if let Some(path) = manifest {
        let bytes = std::fs::read(path).map_err(|e| setup(format!("{}: {e}", path.display())))?;
        return Manifest::parse(&bytes).map_err(setup);
    }
    let kind = kind.ok_or_else(|| setup("informe --manifest ou --kind"))?;
    let kind = PluginKind::parse(kind).ok_or_else(|| {
        setup(format!(
            "tipo '{kind}' desconhecido; use flow-step, field-validator, variable-expander ou template-renderer"
        ))
    })?;
    let name = component.file_stem().and_then(|s| s.to_str()).unwrap_or("plugin").to_lowercase().replace('_', "-");
    let config_schema = (kind == PluginKind::FlowStep).then(|| serde_json::json!({}));
    Ok(Manifest {
        name,
        version: "0.0.0".into(),
        kind,
        description: String::new(),
        config_schema,
        waits: None,
        free_slots: false,
        limits: Default::default(),
    })
}

/// Load `wasm` with `manifest` and call it once with `input`.
pub async fn run(
    runtime: &PluginRuntime,
    manifest: Manifest,
    wasm: &[u8],
    input: Value,
) -> Result<Value, HarnessError> {
    let kind = manifest.kind;
    let plugin = runtime.load(manifest, wasm).await.map_err(setup)?;
    let bad_input = |e: serde_json::Error| setup(format!("entrada JSON não corresponde ao pedido de {kind}: {e}"));
    let output = match kind {
        PluginKind::VariableExpander => {
            serde_json::to_value(runtime.expand(&plugin, serde_json::from_value(input).map_err(bad_input)?).await?)
        }
        PluginKind::FieldValidator => {
            serde_json::to_value(runtime.validate(&plugin, serde_json::from_value(input).map_err(bad_input)?).await?)
        }
        PluginKind::TemplateRenderer => {
            serde_json::to_value(runtime.render(&plugin, serde_json::from_value(input).map_err(bad_input)?).await?)
        }
        PluginKind::FlowStep => {
            serde_json::to_value(runtime.run_step(&plugin, serde_json::from_value(input).map_err(bad_input)?).await?)
        }
    };
    output.map_err(setup)
}
