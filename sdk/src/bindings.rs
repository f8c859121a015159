//! The code `wit-bindgen` generates from `wit/plugin.wit`, one module per plugin world.
//!
//! Not part of the public API: plugin authors use the traits and the `export_*!` macros of the
//! crate root, which expand to paths in here. The module is `pub` only because those macros
//! expand in the plugin's crate.
//!
//! Each world is generated with `pub_export_macro: true`. With that option `wit-bindgen` leaves
//! the world's exports out of this crate's own component-type section and emits them only where
//! the export macro is invoked, so a plugin that exports one kind is not required to export the
//! three others.

/// The `flow-step-plugin` world; also the one place the shared `types` interface is generated.
pub mod flow_step {
    wit_bindgen::generate!({
        world: "flow-step-plugin",
        path: "wit",
        pub_export_macro: true,
        default_bindings_module: "atende_sdk::__bindings::flow_step",
        additional_derives: [PartialEq],
    });
}

/// The `field-validator-plugin` world.
pub mod field_validator {
    wit_bindgen::generate!({
        world: "field-validator-plugin",
        path: "wit",
        pub_export_macro: true,
        default_bindings_module: "atende_sdk::__bindings::field_validator",
        additional_derives: [PartialEq],
        // One Rust type per WIT type across the four worlds.
        with: { "atende:plugin/types@0.2.0": crate::__bindings::flow_step::atende::plugin::types },
    });
}

/// The `variable-expander-plugin` world.
pub mod variable_expander {
    wit_bindgen::generate!({
        world: "variable-expander-plugin",
        path: "wit",
        pub_export_macro: true,
        default_bindings_module: "atende_sdk::__bindings::variable_expander",
        additional_derives: [PartialEq],
        with: { "atende:plugin/types@0.2.0": crate::__bindings::flow_step::atende::plugin::types },
    });
}

/// The `template-renderer-plugin` world.
pub mod template_renderer {
    wit_bindgen::generate!({
        world: "template-renderer-plugin",
        path: "wit",
        pub_export_macro: true,
        default_bindings_module: "atende_sdk::__bindings::template_renderer",
        additional_derives: [PartialEq],
        with: { "atende:plugin/types@0.2.0": crate::__bindings::flow_step::atende::plugin::types },
    });
}
