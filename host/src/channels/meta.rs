//! What the three Meta channels share: the webhook signature, the parsed event model, the Graph
//! API client, and [`Meta`], the handle that carries the Graph client, the secret box and the
//! media folder to whoever needs them (webhook handler, senders, media worker).

pub mod event;
pub mod graph;
pub mod signature;

use std::path::PathBuf;
use std::time::Duration;

use crate::secrets::{OpenError, Secret, SecretBox};
use crate::store::MetaChannel;

/// The Meta side of a server.
#[derive(Clone)]
pub struct Meta {
    pub graph: graph::Graph,
    pub secrets: SecretBox,
    /// Where media files are kept (`<data-dir>/media`).
    pub media_dir: PathBuf,
}

/// A channel's credentials, opened.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub app_secret: Secret,
    pub verify_token: Secret,
    pub access_token: Secret,
}

impl Meta {
    pub fn new(graph_api_url: &str, timeout: Duration, secrets: SecretBox, media_dir: PathBuf) -> Meta {
        Meta { graph: graph::Graph::new(graph_api_url, timeout), secrets, media_dir }
    }

    /// Open the sealed credentials of a channel.
    pub fn credentials(&self, channel: &MetaChannel) -> Result<Credentials, OpenError> {
        Ok(Credentials {
            app_secret: self.secrets.open(&channel.app_secret)?,
            verify_token: self.secrets.open(&channel.verify_token)?,
            access_token: self.secrets.open(&channel.access_token)?,
        })
    }
}
