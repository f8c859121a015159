//! The plugins a server offers: one runtime for the process (one engine, one instance pool,
//! shared by every server started in it), the shipped plugins, each prepared on its first
//! call, and the registry's cache of account-owned plugins (see [`super::registry`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tokio::sync::OnceCell;

use super::bindings::types::{Contact, CustomField, Variable};
use super::bindings::variable_expander::ExpansionRequest;
use super::boundary::image_from_plugin;
use super::failure::PluginFailure;
use super::registry::{Registry, ResolveError};
use super::runtime::{LoadedPlugin, PluginRuntime};
use super::shipped::{self, ShippedPlugin};
use crate::domain::field::{FieldValue, ImageRef};
use crate::store::Store;
use crate::store::views::{ContactView, CustomFieldView};

/// Plugin calls that may run at once in this process.
pub const CONCURRENT_CALLS: u32 = 64;

/// Name of the shipped variable expander used on outgoing text (P3).
pub const VARIABLES: &str = "variables";

/// The plugins of this process.
pub struct Plugins {
    pub runtime: PluginRuntime,
    shipped: HashMap<String, Shipped>,
    pub(super) registry: Registry,
}

/// A shipped plugin and, once called, its prepared component. Prepared on first use, not at
/// start: a compiled component (or its mapped artifact) costs memory that an idle server, or
/// one whose accounts never call that plugin, need not hold (issue 15 part 3).
struct Shipped {
    plugin: ShippedPlugin,
    loaded: OnceCell<Arc<LoadedPlugin>>,
}

static SHARED: OnceCell<Arc<Plugins>> = OnceCell::const_new();

impl Plugins {
    /// The process's plugins, started on first use with the artifact cache under `data_dir`.
    pub async fn shared(data_dir: &Path) -> anyhow::Result<Arc<Plugins>> {
        let cache = data_dir.join("plugin-cache");
        SHARED.get_or_try_init(|| async move { Plugins::start(Some(cache)).await.map(Arc::new) }).await.cloned()
    }

    /// A new runtime offering the shipped plugins, caching compiled artifacts in `cache`.
    /// Servers use [`Plugins::shared`]; a second instance is what another host would have.
    pub async fn start(cache: Option<std::path::PathBuf>) -> anyhow::Result<Plugins> {
        let runtime = PluginRuntime::new(CONCURRENT_CALLS, cache)?;
        let shipped: HashMap<String, Shipped> = shipped::all()
            .into_iter()
            .map(|plugin| (plugin.manifest.name.clone(), Shipped { plugin, loaded: OnceCell::new() }))
            .collect();
        if !shipped.contains_key(VARIABLES) {
            tracing::warn!(
                "the shipped plugins are missing (run plugins/build.sh); variables like {{nome}} stay as typed"
            );
        }
        Ok(Plugins { runtime, shipped, registry: Registry::default() })
    }

    /// Whether a plugin of this name ships with the server.
    pub fn is_shipped(&self, name: &str) -> bool {
        self.shipped.contains_key(name)
    }

    /// A shipped plugin's manifest and component, as it ships (not prepared).
    pub(super) fn shipped_plugin(&self, name: &str) -> Option<&ShippedPlugin> {
        self.shipped.get(name).map(|shipped| &shipped.plugin)
    }

    /// A shipped plugin ready to call: prepared now (from its cached artifact, else compiled)
    /// if this is its first call in this process.
    pub async fn shipped(&self, name: &str) -> Result<Option<Arc<LoadedPlugin>>, ResolveError> {
        let Some(shipped) = self.shipped.get(name) else { return Ok(None) };
        let loaded = shipped
            .loaded
            .get_or_try_init(|| async {
                let plugin = &shipped.plugin;
                self.runtime.load(plugin.manifest.clone(), &plugin.wasm).await.map(Arc::new).map_err(|error| {
                    tracing::error!(plugin = %name, error = %error.0, "shipped plugin failed to load");
                    ResolveError::Load { name: name.to_string(), error }
                })
            })
            .await?;
        Ok(Some(loaded.clone()))
    }

    /// The shipped plugins' manifests (prepares none of them).
    pub fn shipped_manifests(&self) -> impl Iterator<Item = &super::Manifest> {
        self.shipped.values().map(|shipped| &shipped.plugin.manifest)
    }

    /// Names of the shipped plugins.
    pub fn shipped_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.shipped.keys().cloned().collect();
        names.sort();
        names
    }

    /// Expand `{nome}`-style variables of a text for a contact of `account_id` (P3, C8),
    /// through the shipped `variables` plugin unless the account switched it off (then the
    /// text goes as typed).
    ///
    /// `variables` are name and value pairs beside the contact's fields (a flow's own).
    pub async fn expand(
        &self,
        store: &Store,
        account_id: i64,
        contact: &ContactView,
        text: &str,
        variables: &[(String, String)],
    ) -> Result<Expanded, ExpandError> {
        let Some(plugin) = self.resolve(store, account_id, VARIABLES).await? else {
            return Ok(Expanded { text: text.to_string(), images: vec![] });
        };
        let fields = store.custom_fields(account_id).await.map_err(ResolveError::from)?;
        let variables =
            variables.iter().map(|(name, value)| Variable { name: name.clone(), value: value.clone() }).collect();
        let request = ExpansionRequest { text: text.to_string(), contact: snapshot(contact, &fields), variables };
        let expansion = self.runtime.expand(&plugin, request).await?;
        let images = expansion
            .images
            .iter()
            .map(|image| {
                image_from_plugin(image)
                    .ok_or_else(|| PluginFailure::InvalidOutput("uma imagem com id de mídia desconhecido".into()))
            })
            .collect::<Result<_, _>>()?;
        Ok(Expanded { text: expansion.text, images })
    }
}

/// A text with its variables expanded.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    pub text: String,
    /// Pictures of image fields the text named (`{foto}`, C8), to send after it.
    pub images: Vec<ImageRef>,
}

/// Why variables could not be expanded.
#[derive(Debug, thiserror::Error)]
pub enum ExpandError {
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    Plugin(#[from] PluginFailure),
}

/// The contact as plugins see it: system fields, tag names and every custom field of the
/// account (`fields`, which give each value its type), empty where the contact has none.
pub fn snapshot(contact: &ContactView, fields: &[CustomFieldView]) -> Contact {
    // Every field of the account, empty where the contact has no value: `{plano}` of a contact
    // without a plan is an empty text, not an unknown name left as typed.
    let custom_fields = fields
        .iter()
        .map(|field| {
            let value = contact
                .custom_fields
                .get(&field.key)
                .and_then(|stored| FieldValue::from_stored(field.kind, stored))
                .unwrap_or(FieldValue::Empty);
            CustomField { key: field.key.clone(), value: (&value).into() }
        })
        .collect();
    Contact {
        id: contact.id,
        name: contact.name.clone(),
        phone: contact.phone.clone(),
        email: contact.email.clone(),
        birth_date: contact.birth_date.clone(),
        cpf: contact.cpf.clone(),
        rg: contact.rg.clone(),
        client_code: contact.client_code.clone(),
        cnpj: contact.cnpj.clone(),
        company_name: contact.company_name.clone(),
        tags: contact.tags.iter().map(|t| t.name.clone()).collect(),
        custom_fields,
    }
}
