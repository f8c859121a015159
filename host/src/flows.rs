//! The flow engine (F1–F5, P1): admins upload versioned flow documents; the engine validates
//! them against the step plugins that run their nodes, and runs each contact's session durably.
//!
//! - [`envelope`]: the document's JSON Schema, served by the API and checked before reading.
//! - [`steps`]: a node's flow-step plugin, at the major version the node was written for.
//! - [`validate`]: what makes a flow publishable, with every problem naming node and field.
//! - [`runner`]: one run — the steps an input sets off, plugin calls outside any transaction —
//!   as a [`crate::store::FlowRun`] the store writes in one.
//! - [`worker`]: claims queued inputs (one conversation at a time, in order, on any host),
//!   runs them and writes them.
//!
//! The rules are [`crate::domain::flow`]; what a run does to the chat goes through the
//! application layer ([`crate::service`]) and the store's one write path.

pub mod envelope;
pub mod palette;
pub mod runner;
pub mod steps;
pub mod validate;
pub mod worker;
