//! The default plugins that ship inside the server (built by `plugins/build.sh` into
//! `plugins/dist/default/`, embedded at build time): variables, templates, closing fields and
//! a flow step for every node kind. No manual step is needed: the server reads their manifests
//! at start and prepares each component on its first call ([`super::service::Plugins`]).

use std::borrow::Cow;

use rust_embed::RustEmbed;

use super::manifest::Manifest;

#[derive(RustEmbed)]
#[folder = "../plugins/dist/default"]
#[allow_missing = true]
struct Default;

/// A shipped plugin: its manifest and component bytes.
pub struct ShippedPlugin {
    pub manifest: Manifest,
    /// Borrowed from the binary in a release build: an idle server copies none of them.
    pub wasm: Cow<'static, [u8]>,
    /// The component's SHA-256 in hex, as the plugin list shows it.
    pub sha256: String,
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
            Ok(manifest) => plugins.push(ShippedPlugin {
                manifest,
                sha256: hex::encode(wasm.metadata.sha256_hash()),
                wasm: wasm.data,
            }),
            Err(err) => tracing::warn!(plugin = name, error = %err, "shipped plugin with a bad manifest; skipped"),
        }
    }
    plugins
}
