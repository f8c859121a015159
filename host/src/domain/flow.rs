//! Conversation flows (F1–F5) as pure rules: the document an admin uploads ([`document`]), what
//! makes one publishable ([`check`]), what the account's settings say about business hours and
//! interrupt keywords ([`settings`]), how a run moves from node to node ([`run`]), and who
//! plays the contact in a test run ([`test_contact`]). The engine (`crate::flows`) calls these;
//! plugins, the database and the clock stay outside.

pub mod check;
pub mod document;
pub mod run;
pub mod settings;
pub mod test_contact;

pub use document::{Edge, FlowDocument, Node, PortRef};
