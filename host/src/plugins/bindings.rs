//! Host bindings of the plugin contract (`sdk/wit/plugin.wit`), one module per world, sharing
//! one copy of the `types` interface. Exports are called asynchronously so that a long call
//! yields to the runtime at every epoch tick.

/// `flow-step-plugin` (P1); its bindings also define the shared `types` interface.
pub mod flow_step {
    wasmtime::component::bindgen!({
        path: "../sdk/wit",
        world: "flow-step-plugin",
        exports: { default: async },
        additional_derives: [serde::Serialize, serde::Deserialize],
    });
    pub use exports::atende::plugin::flow_step::*;
}

/// Types shared by every plugin kind (`atende:plugin/types`).
pub use flow_step::atende::plugin::types;

/// `field-validator-plugin` (P2).
pub mod field_validator {
    wasmtime::component::bindgen!({
        path: "../sdk/wit",
        world: "field-validator-plugin",
        exports: { default: async },
        additional_derives: [serde::Serialize, serde::Deserialize],
        with: { "atende:plugin/types": super::types },
    });
    pub use exports::atende::plugin::field_validator::*;
}

/// `variable-expander-plugin` (P3).
pub mod variable_expander {
    wasmtime::component::bindgen!({
        path: "../sdk/wit",
        world: "variable-expander-plugin",
        exports: { default: async },
        additional_derives: [serde::Serialize, serde::Deserialize],
        with: { "atende:plugin/types": super::types },
    });
    pub use exports::atende::plugin::variable_expander::*;
}

/// `template-renderer-plugin` (P4).
pub mod template_renderer {
    wasmtime::component::bindgen!({
        path: "../sdk/wit",
        world: "template-renderer-plugin",
        exports: { default: async },
        additional_derives: [serde::Serialize, serde::Deserialize],
        with: { "atende:plugin/types": super::types },
    });
    pub use exports::atende::plugin::template_renderer::*;
}
