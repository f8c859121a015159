//! What the three Meta channels share: the webhook signature, the parsed event model, the Graph
//! API client, and [`Meta`], the handle that carries the Graph client, the secret box and the
//! media folder to whoever needs them (webhook handler, senders, media worker).

pub mod event;
pub mod graph;
pub mod probe;
pub mod signature;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::media_store::MediaStore;
use crate::secrets::{OpenError, Secret, SecretBox};
use crate::store::{MetaChannel, Store, StoreError, StoreResult};

/// The Meta side of a server.
#[derive(Clone)]
pub struct Meta {
    pub graph: graph::Graph,
    pub secrets: SecretBox,
    /// Where media files are kept (`ATENDE_MEDIA_STORE`, by default `<data-dir>/media`).
    pub media: MediaStore,
    webhooks: Arc<Mutex<WebhookCache>>,
}

/// Webhook channels by key, with when each was read.
type WebhookCache = HashMap<String, (Instant, Arc<WebhookChannel>)>;

/// A channel as its webhook needs it: the row and its opened app secret.
pub struct WebhookChannel {
    pub channel: MetaChannel,
    pub app_secret: Secret,
}

/// How long a webhook's channel is reused without reading it again: long enough to spare a
/// read per delivery under load, short enough that another host sees a rotated secret soon.
pub const WEBHOOK_CACHE_TTL: Duration = Duration::from_secs(5);
const WEBHOOK_CACHE_MAX: usize = 4096;

/// A channel's credentials, opened.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub app_secret: Secret,
    pub verify_token: Secret,
    pub access_token: Secret,
}

impl Meta {
    pub fn new(graph_api_url: &str, timeout: Duration, secrets: SecretBox, media: MediaStore) -> Meta {
        Meta { graph: graph::Graph::new(graph_api_url, timeout), secrets, media, webhooks: Arc::default() }
    }

    /// The channel whose webhook address carries `key`, from a short-lived cache.
    pub async fn webhook_channel(&self, store: &Store, key: &str) -> StoreResult<Option<Arc<WebhookChannel>>> {
        if let Some((at, found)) = self.webhooks.lock().get(key)
            && at.elapsed() < WEBHOOK_CACHE_TTL
        {
            return Ok(Some(found.clone()));
        }
        let Some(channel) = store.meta_channel_by_key(key).await? else { return Ok(None) };
        let app_secret = self
            .secrets
            .open(&channel.app_secret)
            .map_err(|e| StoreError::Internal(format!("cannot open the channel's app secret: {e}")))?;
        let found = Arc::new(WebhookChannel { channel, app_secret });
        let mut cache = self.webhooks.lock();
        if cache.len() >= WEBHOOK_CACHE_MAX {
            cache.clear();
        }
        cache.insert(key.to_string(), (Instant::now(), found.clone()));
        Ok(Some(found))
    }

    /// Forget cached webhook channels (their credentials changed).
    pub fn forget_webhooks(&self) {
        self.webhooks.lock().clear();
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
