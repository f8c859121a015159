//! Real plugin components for tests: the shipped plugins and the hostile fixtures that
//! `plugins/build.sh` puts in `plugins/dist/{default,testing}/`.

use std::path::PathBuf;

use atende_host::plugins::bindings::field_validator::{FieldKind, ValidationRequest};
use atende_host::plugins::{LoadedPlugin, Manifest, PluginRuntime};

/// Where `plugins/build.sh` writes the components.
pub fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../plugins/dist")
}

/// Load `<folder>/<name>.wasm` with its manifest.
pub async fn load(runtime: &PluginRuntime, folder: &str, name: &str) -> LoadedPlugin {
    let dir = dist().join(folder);
    let wasm = std::fs::read(dir.join(format!("{name}.wasm")))
        .unwrap_or_else(|e| panic!("{name}.wasm missing in {} ({e}): run plugins/build.sh first", dir.display()));
    let manifest = Manifest::parse(&std::fs::read(dir.join(format!("{name}.manifest.json"))).unwrap()).unwrap();
    runtime.load(manifest, &wasm).await.unwrap_or_else(|e| panic!("{name} loads: {e}"))
}

/// A required CPF field with `input` typed into it.
pub fn cpf(input: &str) -> ValidationRequest {
    ValidationRequest {
        key: "cpf".into(),
        label: "CPF".into(),
        kind: FieldKind::Cpf,
        required: true,
        options: vec![],
        input: input.into(),
    }
}
