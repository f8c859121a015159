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

/// The component bytes and manifest (as JSON) of `<folder>/<name>`.
pub fn files(folder: &str, name: &str) -> (Vec<u8>, serde_json::Value) {
    let dir = dist().join(folder);
    let wasm = std::fs::read(dir.join(format!("{name}.wasm")))
        .unwrap_or_else(|e| panic!("{name}.wasm missing in {} ({e}): run plugins/build.sh first", dir.display()));
    let manifest = serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.manifest.json"))).unwrap()).unwrap();
    (wasm, manifest)
}

/// The upload form of the registry API: a `manifest` part and a `component` part.
pub fn upload_form(manifest: &serde_json::Value, wasm: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .part("manifest", reqwest::multipart::Part::text(manifest.to_string()).file_name("manifest.json"))
        .part("component", reqwest::multipart::Part::bytes(wasm).file_name("plugin.wasm"))
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
