//! The kinds of plugin the host runs (P1–P4), one WIT world each: a vocabulary the registry
//! stores and the manifest declares.

use crate::vocabulary;

vocabulary! {
    /// What a plugin does (one WIT world each).
    pub enum PluginKind {
        /// A conversation-flow step (P1).
        FlowStep = "flow-step",
        /// Validates and normalises field values (P2).
        FieldValidator = "field-validator",
        /// Expands `{variables}` in text (P3).
        VariableExpander = "variable-expander",
        /// Fills and previews templates (P4).
        TemplateRenderer = "template-renderer",
    }
}
