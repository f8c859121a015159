//! The application layer: one operation per action a person, a job or a flow takes — send a
//! text, a file or a template, close, assign, forward, start a new chat, schedule a message,
//! edit a contact's data, receive a webhook — each applying every rule of that action. HTTP
//! handlers parse, call one of these and map its [`Error`]; jobs and flows call the same
//! operations, so an agent's click and a flow's step go through the same code.
//!
//! Where the rules live: pure rules in [`crate::domain`] (window, content limits, closing,
//! assignment …); what must hold in the transaction that writes (the window and a blocked
//! contact at send time, a template's approval, assignment) in the store's write path, which
//! these operations call; what needs a plugin (variables, template rendering, field
//! validation) here, before the write.
//!
//! Layout:
//! - [`error`]: what an operation answers when it cannot do what was asked.
//! - [`sending`]: texts with variables (C8, C13), typed content, files (C9, C15).
//! - [`templates`]: a template chosen, checked and rendered (C7, C14, P4).
//! - [`closing`]: close now or later with closing fields (K1–K5); assign and forward (S13, S14).
//! - [`flows`]: saving, validating, publishing and exporting flows; settings; forward to flow.
//! - [`appointments`]: availability, free slots, appointments and their calendar (S9).
//! - [`fields`]: contact data, custom and closing fields through the validator plugin (P2).
//! - [`contacts`]: editing a contact's data and fields (S1–S3, K5).
//! - [`new_chat`]: "Novo chat" (L5).
//! - [`scheduled`]: scheduled template messages (S7).
//! - [`inbound`]: the inbound pipeline: ingest and Meta's webhook batches.
//! - [`media`]: files users upload, kept under their sha256.
//! - [`media_library`]: stickers and files saved once and sent from the composer (C11).
//! - [`users`]: users of an account: names, e-mails and passwords (A3, A4).

pub mod appointments;
pub mod broadcasts;
pub mod closing;
pub mod companies;
pub mod contact_imports;
pub mod contacts;
pub mod contacts_csv;
pub mod data_rights;
pub mod error;
pub mod fields;
pub mod flow_tests;
pub mod flows;
pub mod inbound;
pub mod media;
pub mod media_library;
pub mod new_chat;
pub mod resellers;
pub mod scheduled;
pub mod sending;
pub mod sessions;
pub mod templates;
pub mod users;

use std::sync::Arc;

pub use error::{Error, Result};

use crate::media_store::MediaStore;
use crate::plugins::Plugins;
use crate::store::Store;

/// The operations, over the store and the plugins; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub plugins: Arc<Plugins>,
    /// Where uploaded and downloaded files are kept.
    pub media: MediaStore,
}

impl App {
    pub fn new(store: Store, plugins: Arc<Plugins>, media: MediaStore) -> Self {
        App { store, plugins, media }
    }
}
