//! The plugin registry: which plugin an account's calls reach under a name, and uploads.
//!
//! A name resolves to the account's own plugin (its highest version, when switched on) or to a
//! shipped plugin the account has not switched off; an account cannot take a shipped plugin's
//! name, so the two never compete. A plugin of one account is invisible to every other one.
//! Uploads are checked exactly as the runtime loads them (real component, the world of its
//! kind, nothing imported that the host does not grant, size cap) before any row is written.
//! Prepared versions are kept in a bounded cache keyed by what they are made of (component and
//! manifest), so each host compiles (or loads the cached artifact of) a version once and
//! instantiates it per call.

use std::num::NonZeroUsize;
use std::sync::Arc;

use lru::LruCache;
use parking_lot::Mutex;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::manifest::{Manifest, PluginKind};
use super::runtime::{LoadError, LoadedPlugin};
use super::service::Plugins;
use super::shipped::ShippedPlugin;
use crate::domain::Millis;
use crate::store::{AccountPlugin, NewPluginVersion, PluginVersion, Store, StoreError};

/// Prepared account-plugin versions kept per host.
const CACHED_VERSIONS: usize = 256;

/// Where a plugin comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PluginOrigin {
    /// Ships inside the server; available to every account.
    Shipped,
    /// Uploaded by the account's admins; nobody else sees it.
    Account,
}

/// A plugin as admins see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PluginView {
    /// Row id of an account plugin; `null` for shipped plugins (address them by name).
    pub id: Option<i64>,
    pub name: String,
    pub kind: PluginKind,
    pub origin: PluginOrigin,
    /// Whether the account's calls reach it.
    pub enabled: bool,
    pub description: String,
    /// The version calls use (the highest semantic version).
    pub version: String,
    /// Every version kept, highest first (one for shipped plugins).
    pub versions: Vec<PluginVersionView>,
}

/// One version of a plugin.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PluginVersionView {
    pub version: String,
    /// sha256 of the component, hex.
    pub sha256: String,
    pub size_bytes: i64,
    /// Who uploaded it (`null` for shipped plugins or a deleted user).
    pub uploaded_by: Option<i64>,
    pub created_at: Option<Millis>,
}

/// Why an upload was refused.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// The manifest is not valid; the message names the field.
    #[error("{0}")]
    Manifest(String),
    /// The component cannot be used; the message says why.
    #[error("{0}")]
    Component(String),
    /// The name is a shipped plugin's.
    #[error("o nome '{0}' é de um plugin que vem com o Atende; escolha outro nome")]
    ShippedName(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a name could not be resolved to a callable plugin.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored version no longer loads (e.g. the host stopped granting an import).
    #[error("o plugin '{name}' não pôde ser carregado: {error}")]
    Load { name: String, error: LoadError },
}

/// The per-host cache of prepared account-plugin versions.
pub struct Registry {
    prepared: Mutex<LruCache<String, Arc<LoadedPlugin>>>,
}

/// A version's cache key: the same component under the same manifest is the same plugin,
/// whichever account, row or database it came from.
fn cache_key(version: &PluginVersion) -> String {
    let mut hasher = Sha256::new();
    hasher.update(version.sha256.as_bytes());
    hasher.update([0]);
    hasher.update(version.manifest.as_bytes());
    hex::encode(hasher.finalize())
}

impl Default for Registry {
    fn default() -> Self {
        Registry { prepared: Mutex::new(LruCache::new(NonZeroUsize::new(CACHED_VERSIONS).expect("non-zero"))) }
    }
}

impl Registry {
    fn get(&self, version: &PluginVersion) -> Option<Arc<LoadedPlugin>> {
        self.prepared.lock().get(&cache_key(version)).cloned()
    }

    fn put(&self, version: &PluginVersion, plugin: Arc<LoadedPlugin>) {
        self.prepared.lock().put(cache_key(version), plugin);
    }
}

impl Plugins {
    /// Check and store an uploaded version of one of the account's plugins.
    pub async fn upload(
        &self,
        store: &Store,
        account_id: i64,
        user_id: i64,
        manifest: &[u8],
        component: Vec<u8>,
    ) -> Result<AccountPlugin, UploadError> {
        let manifest = Manifest::parse(manifest).map_err(UploadError::Manifest)?;
        if self.is_shipped(&manifest.name) {
            return Err(UploadError::ShippedName(manifest.name));
        }
        let loaded = self.runtime.load(manifest.clone(), &component).await.map_err(|e| UploadError::Component(e.0))?;
        let sha256 = hex::encode(Sha256::digest(&component));
        let plugin = store
            .add_plugin_version(NewPluginVersion {
                account_id,
                uploaded_by: user_id,
                name: &manifest.name,
                version: &manifest.version,
                kind: manifest.kind,
                manifest_json: serde_json::to_string(&manifest).expect("manifests serialise"),
                sha256: &sha256,
                component,
            })
            .await?;
        if let Some(version) = plugin.versions.iter().find(|v| v.version == manifest.version) {
            self.registry.put(version, Arc::new(loaded));
        }
        Ok(plugin)
    }

    /// The plugin the account's calls reach under `name`, if any is on; its calls count against
    /// the account's share of the runtime's slots ([`LoadedPlugin::for_account`]).
    pub async fn resolve(
        &self,
        store: &Store,
        account_id: i64,
        name: &str,
    ) -> Result<Option<Arc<LoadedPlugin>>, ResolveError> {
        if self.is_shipped(name) {
            if !store.shipped_plugin_enabled(account_id, name).await? {
                return Ok(None);
            }
            let shipped = self.shipped(name).await?;
            return Ok(shipped.map(|plugin| Arc::new(plugin.for_account(account_id))));
        }
        let Some(plugin) = store.account_plugin_named(account_id, name).await? else { return Ok(None) };
        let Some(active) = plugin.active().filter(|_| plugin.enabled) else { return Ok(None) };
        if let Some(prepared) = self.registry.get(active) {
            return Ok(Some(Arc::new(prepared.for_account(account_id))));
        }
        let load_error = |error| ResolveError::Load { name: name.to_string(), error };
        let manifest = Manifest::of(active).ok_or_else(|| {
            load_error(LoadError(format!("o manifesto guardado da versão {} é inválido", active.version)))
        })?;
        let component = store.plugin_component(account_id, active.id).await?;
        let loaded = Arc::new(self.runtime.load(manifest, &component).await.map_err(load_error)?);
        let resolved = Arc::new(loaded.for_account(account_id));
        self.registry.put(active, loaded);
        Ok(Some(resolved))
    }

    /// Every plugin the account has: the shipped ones, then its own.
    pub async fn catalogue(&self, store: &Store, account_id: i64) -> Result<Vec<PluginView>, StoreError> {
        let switches = store.shipped_plugin_switches(account_id).await?;
        let mut items: Vec<PluginView> = self
            .shipped_names()
            .into_iter()
            .filter_map(|name| self.shipped_plugin(&name))
            .map(|plugin| {
                let enabled = switches.get(&plugin.manifest.name).copied().unwrap_or(true);
                shipped_view(plugin, enabled)
            })
            .collect();
        items.extend(store.account_plugins(account_id).await?.iter().map(account_view));
        Ok(items)
    }

    /// A shipped plugin as the account sees it.
    pub async fn shipped_view(&self, store: &Store, account_id: i64, name: &str) -> Result<PluginView, StoreError> {
        let plugin = self.shipped_plugin(name).ok_or(StoreError::NotFound)?;
        Ok(shipped_view(plugin, store.shipped_plugin_enabled(account_id, name).await?))
    }
}

fn shipped_view(plugin: &ShippedPlugin, enabled: bool) -> PluginView {
    let manifest = &plugin.manifest;
    PluginView {
        id: None,
        name: manifest.name.clone(),
        kind: manifest.kind,
        origin: PluginOrigin::Shipped,
        enabled,
        description: manifest.description.clone(),
        version: manifest.version.clone(),
        versions: vec![PluginVersionView {
            version: manifest.version.clone(),
            sha256: plugin.sha256.clone(),
            size_bytes: plugin.wasm.len() as i64,
            uploaded_by: None,
            created_at: None,
        }],
    }
}

/// An account plugin as the API shows it.
pub fn account_view(plugin: &AccountPlugin) -> PluginView {
    let active = plugin.active();
    PluginView {
        id: Some(plugin.id),
        name: plugin.name.clone(),
        kind: plugin.kind,
        origin: PluginOrigin::Account,
        enabled: plugin.enabled,
        description: active.and_then(Manifest::of).map(|m| m.description).unwrap_or_default(),
        version: active.map(|v| v.version.clone()).unwrap_or_default(),
        versions: plugin
            .versions
            .iter()
            .map(|v| PluginVersionView {
                version: v.version.clone(),
                sha256: v.sha256.clone(),
                size_bytes: v.size_bytes,
                uploaded_by: v.uploaded_by,
                created_at: Some(v.created_at),
            })
            .collect(),
    }
}
