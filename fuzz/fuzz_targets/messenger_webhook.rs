//! Feeds any bytes to the Messenger Platform webhook parser (`channels/messenger/inbound.rs`
//! `parse`), as a Facebook Page's (`object: page`) and as an Instagram account's
//! (`object: instagram`) webhook, through the dispatch the webhook handler uses
//! (`http::webhooks::parse` with kind `messenger`, then `instagram`). Both read the same
//! `entry[].messaging[]` shape, so one input exercises both.
//!
//! Checks, besides not panicking, the same properties as `whatsapp_webhook` (see
//! `common/webhook.rs`): ids and channels present, texts bounded, times positive, and the body
//! re-serialised by serde_json parses to the same events.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common/webhook.rs"]
mod webhook;

fuzz_target!(|body: &[u8]| {
    webhook::check("messenger", body);
    webhook::check("instagram", body);
});
