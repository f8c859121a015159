//! Channels: each one turns its wire format into [`crate::store::Inbound`] on the way in and
//! sends claimed outbox rows on the way out. Wire formats live only in these modules.

pub mod simulator;

use async_trait::async_trait;

use crate::store::{ClaimedSend, SendFailure};

/// Sends outbound messages through one kind of channel.
#[async_trait]
pub trait Channel: Send + Sync {
    /// Send one message; the provider's message id on success.
    async fn send(&self, send: &ClaimedSend) -> Result<String, SendFailure>;
}

/// Every channel kind the server can send through.
pub struct Channels {
    simulator: simulator::Simulator,
}

impl Default for Channels {
    fn default() -> Self {
        Channels { simulator: simulator::Simulator }
    }
}

impl Channels {
    /// The sender for a channel kind, if this server speaks it.
    pub fn for_kind(&self, kind: &str) -> Option<&dyn Channel> {
        match kind {
            simulator::KIND => Some(&self.simulator),
            _ => None,
        }
    }
}
