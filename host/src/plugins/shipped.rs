//! The default plugins that ship inside the server (built by `plugins/build.sh` into
//! `plugins/dist/default/`, embedded at build time): variables, templates, closing fields and
//! a flow step for every node kind. The server loads them at start; no manual step is needed.

use rust_embed::RustEmbed;

use super::manifest::Manifest;

#[derive(RustEmbed)]
#[folder = "../plugins/dist/default"]
#[allow_missing = true]
struct Default;

/// A shipped plugin: its manifest and component bytes.
pub struct ShippedPlugin {
    pub manifest: Manifest,
    pub wasm: Vec<u8>,
}

/// Every shipped plugin, by the names `<name>.wasm` + `<name>.manifest.json`.
pub fn all() -> Vec<ShippedPlugin> {
    let mut plugins = Vec::new();
    for file in Default::iter() {
        let Some(name) = file.strip_suffix(".wasm") else { continue };
        let (Some(wasm), Some(manifest)) = (Default::get(&file), Default::get(&format!("{name}.manifest.json"))) else {
            tracing::warn!(plugin = name, "shipped plugin without a manifest; skipped");
            continue;
        };
        match Manifest::parse(&manifest.data) {
            Ok(manifest) => plugins.push(ShippedPlugin { manifest, wasm: wasm.data.into_owned() }),
            Err(err) => tracing::warn!(plugin = name, error = %err, "shipped plugin with a bad manifest; skipped"),
        }
    }
    plugins
}
