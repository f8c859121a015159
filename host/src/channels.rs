//! Channels: each one turns its wire format into [`crate::store::Inbound`] on the way in and
//! sends claimed outbox rows on the way out. Wire formats live only in these modules:
//! [`simulator`] (CH4), [`whatsapp`] (CH1), [`messenger`] (CH2), [`instagram`] (CH3), and the
//! pieces the Meta channels share in [`meta`].

pub mod instagram;
pub mod messenger;
pub mod meta;
pub mod simulator;
pub mod whatsapp;

use async_trait::async_trait;

use crate::store::{ClaimedSend, SendFailure, Store};

/// Sends outbound messages through one kind of channel.
#[async_trait]
pub trait Channel: Send + Sync {
    /// Send one message; the provider's message id on success.
    async fn send(&self, send: &ClaimedSend) -> Result<String, SendFailure>;
}

/// Every channel kind the server can send through.
pub struct Channels {
    simulator: simulator::Simulator,
    whatsapp: Option<whatsapp::WhatsApp>,
    messenger: Option<messenger::Messenger>,
}

impl Default for Channels {
    /// The simulator only.
    fn default() -> Self {
        Channels { simulator: simulator::Simulator, whatsapp: None, messenger: None }
    }
}

impl Channels {
    /// The simulator and the Meta channels.
    pub fn new(meta: meta::Meta, store: Store) -> Channels {
        Channels {
            simulator: simulator::Simulator,
            whatsapp: Some(whatsapp::WhatsApp { meta: meta.clone(), store: store.clone() }),
            messenger: Some(messenger::Messenger { meta, store }),
        }
    }

    /// The sender for a channel kind, if this server speaks it.
    pub fn for_kind(&self, kind: &str) -> Option<&dyn Channel> {
        match kind {
            simulator::KIND => Some(&self.simulator),
            whatsapp::KIND => self.whatsapp.as_ref().map(|c| c as &dyn Channel),
            messenger::KIND | instagram::KIND => self.messenger.as_ref().map(|c| c as &dyn Channel),
            _ => None,
        }
    }

    /// The WhatsApp sender (mark-as-read).
    pub fn whatsapp(&self) -> Option<&whatsapp::WhatsApp> {
        self.whatsapp.as_ref()
    }
}
