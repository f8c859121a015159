//! `atende-sdk`: the crate plugin authors use to write Atende WebAssembly plugins.
//!
//! The plugin contract (WIT in `sdk/wit/`), the traits per plugin kind and the export macro
//! arrive with the plugin-platform issue; until then this crate only reserves the name and
//! its place in the workspace.
#![deny(missing_docs)]

/// Version of the plugin contract this SDK speaks.
pub const CONTRACT_VERSION: &str = "0.1.0";
