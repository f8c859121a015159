//! `atende-sdk`: write Atende plugins in Rust.
//!
//! An Atende plugin is a WebAssembly component that implements one *kind* of the contract in
//! `wit/plugin.wit` (package `atende:plugin@0.2.0`):
//!
//! | Kind | Trait | Export macro | Called for |
//! |---|---|---|---|
//! | `flow-step` | [`FlowStep`] | [`export_flow_step!`] | a node of a conversation flow (P1) |
//! | `field-validator` | [`FieldValidator`] | [`export_field_validator!`] | closing fields and contact data (P2) |
//! | `variable-expander` | [`VariableExpander`] | [`export_variable_expander!`] | `{nome}` in outgoing text (P3) |
//! | `template-renderer` | [`TemplateRenderer`] | [`export_template_renderer!`] | Meta template parameters (P4) |
//!
//! Plugins are pure functions of their inputs. The host grants no files, network, clock or
//! randomness, and builds a fresh instance for every call, so nothing a plugin keeps in memory
//! survives to the next call: a flow step carries what it must remember in the `state` of its
//! wait. Business outcomes (a rejected CPF, an unrecognised reply) are ordinary values;
//! [`PluginError`] is for a plugin that cannot do its job; a panic is a trap the host counts
//! against the plugin.
//!
//! # Example
//!
//! ```
//! use atende_sdk::{Effect, FlowStep, PluginError, StepInput};
//!
//! /// Greets the contact and leaves through the `next` port.
//! struct Greet;
//!
//! impl FlowStep for Greet {
//!     fn ports(_config: &str) -> Result<Vec<String>, PluginError> {
//!         Ok(vec!["next".into()])
//!     }
//!
//!     fn on_enter(_input: &StepInput) -> Result<Vec<Effect>, PluginError> {
//!         Ok(vec![Effect::send_text("Olá, {nome}!"), Effect::go_to("next")])
//!     }
//! }
//!
//! atende_sdk::export_flow_step!(Greet);
//!
//! let effects = Greet::run(atende_sdk::testing::step_input("{}", atende_sdk::Trigger::Enter)).unwrap();
//! assert_eq!(effects[1], Effect::go_to("next"));
//! ```
//!
//! Build with `cargo build --release --target wasm32-wasip2` from a `crate-type = ["cdylib"]`
//! crate: the output is a component ready to upload. `sdk/README.md` walks through it, with the
//! `manifest.json` every plugin ships with.
#![deny(missing_docs)]

// The generated ABI glue is unsafe by nature (raw pointers across the component boundary);
// it is the only unsafe code of the crate, and none of it is written by hand.
#[doc(hidden)]
#[path = "bindings.rs"]
#[allow(missing_docs, clippy::all, unsafe_code)]
pub mod __bindings;

pub mod field_validator;
pub mod flow_step;
pub mod template_renderer;
pub mod testing;
pub mod types;
pub mod variable_expander;

pub use field_validator::{FieldKind, FieldValidator, Validation, ValidationRequest};
pub use flow_step::{
    Assignment, Choice, Effect, FlowStep, InboundMessage, OutboundMessage, Slot, StepInput, TemplateSend, Trigger,
    Wait, choose,
};
pub use template_renderer::{RenderRequest, Rendered, TemplateRenderer};
pub use types::{Contact, Conversation, CustomField, FieldValue, ImageRef, Named, PluginError, Variable};
pub use variable_expander::{Expansion, ExpansionRequest, VariableExpander};

/// Version of the plugin contract (`atende:plugin@…` in `wit/plugin.wit`) this SDK speaks.
pub const CONTRACT_VERSION: &str = "0.2.0";
