//! WebAssembly plugins (P1–P4): one wasmtime engine per process, components compiled once
//! and kept as `InstancePre`s, and a fresh, limited store for every call. Plugins are pure
//! functions of their inputs; what they return is checked by the host before it is used.
//!
//! - [`bindings`]: the host side of the WIT contract in `sdk/wit/` (one world per kind).
//! - [`boundary`]: the application's own types converted to and from the contract's.
//! - [`engine`]: engine configuration (pooling allocator with an on-demand fallback, fuel,
//!   epochs) and the epoch ticker.
//! - [`sandbox`]: the per-call store state: WASI with nothing granted, memory and table caps.
//! - [`limits`]: per-call budgets, the host's maxima and a plugin's own (manifest) limits.
//! - [`failure`]: what can go wrong in a call, as typed values.
//! - [`manifest`]: the manifest that comes with each component.
//! - [`runtime`]: compile, load and call.
//! - [`shipped`]: the default plugins built into the server.
//! - [`registry`]: plugins uploaded by accounts, and which plugin a name reaches per account.
//! - [`service`]: the process's runtime, shipped plugins and registry cache together.

pub mod bindings;
pub mod boundary;
pub mod effects;
pub mod engine;
pub mod failure;
pub mod harness;
pub mod limits;
pub mod manifest;
pub mod registry;
pub mod runtime;
pub mod sandbox;
pub mod service;
pub mod shipped;
pub mod wire;

pub use boundary::RenderedTemplate;
pub use failure::PluginFailure;
pub use manifest::{Manifest, PluginKind};
pub use runtime::{LoadedPlugin, PluginRuntime};
pub use service::{ExpandError, Expanded, Plugins};
