//! Instagram Messaging (CH3): the webhook has Messenger's `entry[].messaging[]` shape under
//! `object: instagram` and is read by [`super::messenger::inbound`]; what is Instagram's own is
//! the story mention (L1: it updates the chat, shows only in All, opens no service, does open a
//! session) and the shorter text limit. Sending goes through the same Send API.

/// The channel kind (and contact platform) of Instagram accounts.
pub const KIND: &str = "instagram";

/// `object` of Instagram webhooks.
pub const OBJECT: &str = "instagram";

/// Instagram refuses texts of 1000 characters or more.
pub const MAX_TEXT_CHARS: usize = 999;
