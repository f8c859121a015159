//! A node's step: the flow-step plugin its `type` names, on for the account (shipped, or the
//! account's own upload), at the major version its `typeVersion` asks for; and the check of a
//! node's configuration against that step's JSON Schema (compiled once per plugin version).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use parking_lot::Mutex;
use serde_json::Value;

use crate::domain::flow::Node;
use crate::domain::plugin::PluginKind;
use crate::plugins::{LoadedPlugin, Plugins};
use crate::store::Store;

/// Compiled configuration schemas, by the plugin version's sha256.
static SCHEMAS: LazyLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = LazyLock::new(Default::default);

/// The step that runs `node` for `account_id`, or why there is none (in Portuguese).
pub async fn resolve(
    plugins: &Plugins,
    store: &Store,
    account_id: i64,
    node: &Node,
) -> Result<Arc<LoadedPlugin>, String> {
    let plugin = match plugins.resolve(store, account_id, &node.step).await {
        Ok(Some(plugin)) => plugin,
        Ok(None) => return Err(format!("A etapa \"{}\" não existe ou está desligada nesta conta.", node.step)),
        Err(err) => return Err(format!("A etapa \"{}\" não pôde ser carregada: {err}", node.step)),
    };
    if plugin.manifest.kind != PluginKind::FlowStep {
        return Err(format!("\"{}\" não é uma etapa de fluxo (é {}).", node.step, plugin.manifest.kind));
    }
    let major = semver::Version::parse(&plugin.manifest.version).map(|v| v.major).unwrap_or(0);
    if major != node.type_version {
        return Err(format!(
            "O nó pede a versão {} da etapa \"{}\", mas a instalada é a {}.",
            node.type_version, node.step, plugin.manifest.version
        ));
    }
    Ok(plugin)
}

/// Where `config` breaks `plugin`'s configuration schema: `(pointer inside the config, message)`.
pub fn config_problems(plugin: &LoadedPlugin, config: &Value) -> Vec<(String, String)> {
    let Some(schema) = &plugin.manifest.config_schema else { return Vec::new() };
    let validator = {
        let mut cache = SCHEMAS.lock();
        match cache.get(&plugin.sha256) {
            Some(validator) => validator.clone(),
            None => match jsonschema::validator_for(schema) {
                Ok(validator) => {
                    let validator = Arc::new(validator);
                    cache.insert(plugin.sha256.clone(), validator.clone());
                    validator
                }
                Err(err) => return vec![(String::new(), format!("o esquema da etapa é inválido: {err}"))],
            },
        }
    };
    validator.iter_errors(config).map(|error| (error.instance_path().to_string(), error.to_string())).collect()
}
