//! Feeds any bytes to the WhatsApp Cloud API webhook parser, through the dispatch the webhook
//! handler uses (`http::webhooks::parse` with kind `whatsapp`, which is
//! `channels/whatsapp/inbound.rs` `parse`). A body comes from the internet (signed, but by
//! whoever holds the app secret, and Meta's shapes change), so the parser must answer an error or
//! events for every input, never panic.
//!
//! Checks, besides not panicking:
//! - every event names its channel, and every message, status and echo its id;
//! - texts are cut to `MAX_INBOUND_TEXT` characters and profile names to 120 (a hostile body
//!   cannot make a giant row);
//! - times are positive (an item without a usable timestamp takes `now`);
//! - the parser reads the JSON, not its spelling: the body re-serialised by serde_json parses
//!   to the same events.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/webhook.rs"]
mod webhook;

fuzz_target!(|body: &[u8]| {
    webhook::check("whatsapp", body);
});
