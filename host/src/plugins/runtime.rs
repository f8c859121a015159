//! Compile, load and call plugins.
//!
//! Loading checks the component (size, that it is a component, that its imports can be
//! satisfied and that it exports the world of its declared kind), compiles it off the async
//! runtime, and keeps the compiled artifact on disk keyed by the wasm's sha256 and the
//! engine's compatibility hash, so a restart loads it in well under a millisecond instead of
//! compiling again. A call gets a fresh store with its own fuel, memory cap and deadline; a
//! semaphore sized like the instance pool makes callers wait (up to the deadline) rather than
//! fail when every slot is busy.
//!
//! Slots are shared fairly (issue 15 part 8, noisy neighbours): a plugin resolved for an account
//! carries that account ([`LoadedPlugin::for_account`]), and one account's calls hold at most
//! [`account_share`] slots at once. Fuel and the deadline bound each call, but not how many
//! calls an account keeps running: a looping plugin fed by a flood of messages would otherwise
//! fill the whole pool (and every core), so another account's calls would wait behind it and
//! fail as `Busy` at their deadline. With the share, the looping account's surplus calls wait
//! for its own slots, and time out there.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use futures::future::BoxFuture;
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use wasmtime::Store;
use wasmtime::component::Component;

use super::bindings::types::PluginError;
use super::bindings::{field_validator, flow_step, template_renderer, variable_expander};
use super::engine::PluginEngine;
use super::failure::{PluginFailure, classify};
use super::limits::{Limits, MAX_COMPONENT_BYTES};
use super::manifest::{Manifest, PluginKind};
use super::sandbox::Sandbox;

/// A plugin ready to be called.
#[derive(Clone)]
pub struct LoadedPlugin {
    pub manifest: Arc<Manifest>,
    pub sha256: String,
    /// Size of the component, in bytes.
    pub size_bytes: usize,
    limits: Limits,
    pre: Pre,
    /// The account whose calls these are, counted against its share of the slots; `None`
    /// outside any account (loading, the command-line harness, benchmarks).
    account: Option<i64>,
}

impl LoadedPlugin {
    /// The same plugin, its calls counted as `account_id`'s (cheap: the compiled component is
    /// shared).
    pub fn for_account(&self, account_id: i64) -> LoadedPlugin {
        LoadedPlugin { account: Some(account_id), ..self.clone() }
    }

    /// The account its calls count against.
    pub fn account(&self) -> Option<i64> {
        self.account
    }
}

#[derive(Clone)]
enum Pre {
    FlowStep(flow_step::FlowStepPluginPre<Sandbox>),
    FieldValidator(field_validator::FieldValidatorPluginPre<Sandbox>),
    VariableExpander(variable_expander::VariableExpanderPluginPre<Sandbox>),
    TemplateRenderer(template_renderer::TemplateRendererPluginPre<Sandbox>),
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin").field("manifest", &self.manifest).field("sha256", &self.sha256).finish()
    }
}

/// Why a component could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LoadError(pub String);

/// The first bytes of a WebAssembly component (a core module has version 1, layer 0).
const COMPONENT_HEADER: [u8; 8] = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/// Compiles, loads and calls plugins.
pub struct PluginRuntime {
    engine: PluginEngine,
    slots: Slots,
    cache_dir: Option<PathBuf>,
}

/// The most slots of a pool of `pool` one account's calls may hold at once: a quarter of the
/// pool, and no more than half the cores (a looping call keeps a core busy until its fuel or
/// deadline runs out; the other half stays for every other account's calls and for the rest of
/// the server — ingest, the flow worker, WebSockets); at least one.
pub fn account_share(pool: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (pool / 4).min(cores / 2).max(1)
}

/// The pool's slots: one semaphore for the process, and one per account for its share.
struct Slots {
    pool: Arc<Semaphore>,
    per_account: usize,
    /// Keys are account ids, a set that stays small: nothing to prune.
    accounts: Mutex<HashMap<i64, Arc<Semaphore>>>,
}

/// The slots a call holds until it ends.
struct Held {
    _account: Option<OwnedSemaphorePermit>,
    _pool: OwnedSemaphorePermit,
}

impl Slots {
    fn new(pool: usize, per_account: usize) -> Slots {
        Slots { pool: Arc::new(Semaphore::new(pool)), per_account, accounts: Mutex::new(HashMap::new()) }
    }

    /// A slot for a call of `account`, waiting until `deadline` at most. The account's own
    /// share is taken first, so a call waiting behind its account's other calls holds no slot
    /// of the pool meanwhile.
    async fn acquire(&self, account: Option<i64>, deadline: Instant) -> Result<Held, PluginFailure> {
        let account = match account {
            Some(id) => {
                let share = self
                    .accounts
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .entry(id)
                    .or_insert_with(|| Arc::new(Semaphore::new(self.per_account)))
                    .clone();
                Some(Self::take(share, deadline).await?)
            }
            None => None,
        };
        Ok(Held { _account: account, _pool: Self::take(self.pool.clone(), deadline).await? })
    }

    /// A permit of `semaphore`: a free one is the common case; only a full one costs a timer.
    async fn take(semaphore: Arc<Semaphore>, deadline: Instant) -> Result<OwnedSemaphorePermit, PluginFailure> {
        match semaphore.clone().try_acquire_owned() {
            Ok(permit) => Ok(permit),
            Err(_) => tokio::time::timeout_at(deadline.into(), semaphore.acquire_owned())
                .await
                .map_err(|_| PluginFailure::Busy)?
                .map_err(|_| PluginFailure::Busy),
        }
    }
}

fn describe(error: PluginError) -> String {
    match error {
        PluginError::InvalidConfig(m) => format!("configuração inválida: {m}"),
        PluginError::InvalidInput(m) => m,
        PluginError::Unsupported(m) => format!("não suportado: {m}"),
        PluginError::Internal(m) => format!("erro interno do plugin: {m}"),
    }
}

type CallFuture<'a, R> = BoxFuture<'a, wasmtime::Result<Result<R, PluginError>>>;

impl PluginRuntime {
    /// A runtime for up to `concurrent_calls` simultaneous calls, at most
    /// [`account_share`] of them of one account, caching compiled artifacts in `cache_dir`
    /// when given.
    pub fn new(concurrent_calls: u32, cache_dir: Option<PathBuf>) -> anyhow::Result<PluginRuntime> {
        let engine = PluginEngine::new(concurrent_calls)?;
        if let Some(dir) = &cache_dir {
            std::fs::create_dir_all(dir)?;
        }
        let pool = concurrent_calls as usize;
        Ok(PluginRuntime { engine, slots: Slots::new(pool, account_share(pool)), cache_dir })
    }

    /// How many calls of one account may run at once.
    pub fn account_share(&self) -> usize {
        self.slots.per_account
    }

    /// Whether instances come from the pooling allocator.
    pub fn pooling(&self) -> bool {
        self.engine.pooling
    }

    /// Check, compile (or load the cached artifact of) and prepare a component.
    pub async fn load(&self, manifest: Manifest, wasm: &[u8]) -> Result<LoadedPlugin, LoadError> {
        manifest.check().map_err(LoadError)?;
        if wasm.len() > MAX_COMPONENT_BYTES {
            return Err(LoadError(format!("o componente tem {} bytes; o máximo é {MAX_COMPONENT_BYTES}", wasm.len())));
        }
        if !wasm.starts_with(&COMPONENT_HEADER) {
            return Err(LoadError("o arquivo não é um componente WebAssembly (compile para wasm32-wasip2)".into()));
        }
        let sha256 = hex::encode(Sha256::digest(wasm));
        let component = self.component(&sha256, wasm).await?;
        let instance_pre = self
            .engine
            .linker
            .instantiate_pre(&component)
            .map_err(|e| LoadError(format!("o componente importa o que o Atende não oferece: {e:#}")))?;
        let wrong_world = |e: wasmtime::Error| {
            LoadError(format!("o componente não exporta o mundo {}-plugin do contrato: {e:#}", manifest.kind))
        };
        let pre = match manifest.kind {
            PluginKind::FlowStep => {
                Pre::FlowStep(flow_step::FlowStepPluginPre::new(instance_pre).map_err(wrong_world)?)
            }
            PluginKind::FieldValidator => {
                Pre::FieldValidator(field_validator::FieldValidatorPluginPre::new(instance_pre).map_err(wrong_world)?)
            }
            PluginKind::VariableExpander => Pre::VariableExpander(
                variable_expander::VariableExpanderPluginPre::new(instance_pre).map_err(wrong_world)?,
            ),
            PluginKind::TemplateRenderer => Pre::TemplateRenderer(
                template_renderer::TemplateRendererPluginPre::new(instance_pre).map_err(wrong_world)?,
            ),
        };
        Ok(LoadedPlugin {
            limits: manifest.call_limits(),
            manifest: Arc::new(manifest),
            sha256,
            size_bytes: wasm.len(),
            pre,
            account: None,
        })
    }

    /// The compiled component: from the artifact cache, or compiled now (off the async runtime)
    /// and cached.
    async fn component(&self, sha256: &str, wasm: &[u8]) -> Result<Component, LoadError> {
        let artifact =
            self.cache_dir.as_ref().map(|dir| dir.join(format!("{sha256}-{}.cwasm", self.engine.compatibility_hash())));
        if let Some(path) = &artifact
            && path.exists()
        {
            // SAFETY: the cache folder holds only artifacts this server serialized itself
            // (written below, named by the sha256 of the wasm they came from); wasmtime also
            // refuses artifacts of another version or configuration.
            // The workspace denies unsafe code; this is the one site allowed (see Cargo.toml).
            #[allow(unsafe_code)]
            let loaded = unsafe { Component::deserialize_file(&self.engine.engine, path) };
            match loaded {
                Ok(component) => return Ok(component),
                Err(err) => tracing::warn!(error = %err, path = %path.display(), "discarding unusable plugin artifact"),
            }
        }
        let engine = self.engine.engine.clone();
        let bytes = wasm.to_vec();
        let component = tokio::task::spawn_blocking(move || Component::new(&engine, &bytes))
            .await
            .map_err(|e| LoadError(format!("a compilação foi interrompida: {e}")))?
            .map_err(|e| LoadError(format!("o componente não pôde ser compilado: {e:#}")))?;
        if let Some(path) = artifact
            && let Ok(serialized) = component.serialize()
        {
            let temporary = path.with_extension("tmp");
            if std::fs::write(&temporary, serialized).and_then(|_| std::fs::rename(&temporary, &path)).is_err() {
                tracing::warn!(path = %path.display(), "could not cache a compiled plugin");
            }
        }
        Ok(component)
    }

    /// Run `call` in a fresh store under `plugin`'s limits, in a task of its own.
    ///
    /// The guest runs in its own task, not in the caller's: a caller that drives several
    /// futures in one task (the broadcast worker renders several recipients' templates side by
    /// side) would otherwise poll its other futures only between the guest's epoch yields, so
    /// one looping plugin would add up to a tick to every await of the work beside it.
    /// Its own task also keeps its slots until the guest has really stopped.
    async fn call<R: Send + 'static>(
        &self,
        plugin: &LoadedPlugin,
        input_bytes: usize,
        call: impl for<'a> FnOnce(&'a mut Store<Sandbox>) -> CallFuture<'a, R> + Send + 'static,
    ) -> Result<R, PluginFailure> {
        let limits = plugin.limits;
        if input_bytes > limits.max_input_bytes {
            return Err(PluginFailure::InputTooLarge(input_bytes));
        }
        let deadline = Instant::now() + limits.timeout;
        let slots = self.slots.acquire(plugin.account, deadline).await?;
        let mut store = Store::new(&self.engine.engine, Sandbox::new(limits.memory_bytes));
        store.limiter(|sandbox| &mut sandbox.limiter);
        store.set_fuel(limits.fuel).map_err(|e| PluginFailure::Instantiate(format!("{e:#}")))?;
        // Guest code yields to the async runtime at every epoch tick, so the timeout can
        // cancel it; the timeout also bounds host-side waits a guest might start (a WASI
        // sleep on the monotonic clock).
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);
        let running = tokio::spawn(async move {
            let _slots = slots;
            let result = match tokio::time::timeout_at(deadline.into(), call(&mut store)).await {
                Err(_) => Err(PluginFailure::Timeout),
                Ok(Err(error)) => Err(classify(&error, store.data().memory_refused())),
                Ok(Ok(Err(error))) => Err(PluginFailure::Plugin(describe(error))),
                Ok(Ok(Ok(result))) => Ok(result),
            };
            (result, store.get_fuel().unwrap_or(limits.fuel))
        });
        let (result, left) = match running.await {
            Ok(finished) => finished,
            // Only a panic of the host's own code gets here (a guest's panic is a trap).
            Err(error) => (Err(PluginFailure::Trap(format!("a chamada foi interrompida: {error}"))), limits.fuel),
        };
        let fuel = limits.fuel.saturating_sub(left);
        let outcome = result.as_ref().err().map_or("ok", PluginFailure::metric_label);
        crate::metrics::plugin_call(crate::domain::Vocabulary::as_str(plugin.manifest.kind), outcome, fuel);
        result
    }

    fn wrong_kind(plugin: &LoadedPlugin, wanted: PluginKind) -> PluginFailure {
        PluginFailure::InvalidOutput(format!(
            "o plugin {} é {}, não {wanted}",
            plugin.manifest.name, plugin.manifest.kind
        ))
    }

    /// Expand the variables of a text (P3).
    pub async fn expand(
        &self,
        plugin: &LoadedPlugin,
        request: variable_expander::ExpansionRequest,
    ) -> Result<variable_expander::Expansion, PluginFailure> {
        let Pre::VariableExpander(pre) = &plugin.pre else {
            return Err(Self::wrong_kind(plugin, PluginKind::VariableExpander));
        };
        let pre = pre.clone();
        let size = request.text.len()
            + super::wire::contact_size(&request.contact)
            + super::wire::variables_size(&request.variables);
        let expansion = self
            .call(plugin, size, move |store| {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    instance.atende_plugin_variable_expander().call_expand(&mut *store, &request).await
                })
            })
            .await?;
        let out =
            expansion.text.len() + expansion.images.iter().map(|i| i.media_id.len() + i.mime_type.len()).sum::<usize>();
        if out > plugin.limits.max_output_bytes {
            return Err(PluginFailure::OutputTooLarge(out));
        }
        Ok(expansion)
    }

    /// Validate and normalise a field value (P2).
    pub async fn validate(
        &self,
        plugin: &LoadedPlugin,
        request: field_validator::ValidationRequest,
    ) -> Result<field_validator::Validation, PluginFailure> {
        let Pre::FieldValidator(pre) = &plugin.pre else {
            return Err(Self::wrong_kind(plugin, PluginKind::FieldValidator));
        };
        let pre = pre.clone();
        let size = request.input.len()
            + request.label.len()
            + request.key.len()
            + request.options.iter().map(String::len).sum::<usize>();
        let validation = self
            .call(plugin, size, move |store| {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    instance.atende_plugin_field_validator().call_validate(&mut *store, &request).await
                })
            })
            .await?;
        let out = match &validation {
            field_validator::Validation::Valid(value) => super::wire::field_value_size(value),
            field_validator::Validation::Rejected(message) => message.len(),
        };
        if out > plugin.limits.max_output_bytes {
            return Err(PluginFailure::OutputTooLarge(out));
        }
        Ok(validation)
    }

    /// Fill a template and render its preview (P4).
    pub async fn render(
        &self,
        plugin: &LoadedPlugin,
        request: template_renderer::RenderRequest,
    ) -> Result<template_renderer::Rendered, PluginFailure> {
        let Pre::TemplateRenderer(pre) = &plugin.pre else {
            return Err(Self::wrong_kind(plugin, PluginKind::TemplateRenderer));
        };
        let pre = pre.clone();
        let size = request.components.len()
            + request.positional.iter().map(String::len).sum::<usize>()
            + request.named.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
        let rendered = self
            .call(plugin, size, move |store| {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    instance.atende_plugin_template_renderer().call_render(&mut *store, &request).await
                })
            })
            .await?;
        let out = rendered.preview.len() + rendered.send_components.len();
        if out > plugin.limits.max_output_bytes {
            return Err(PluginFailure::OutputTooLarge(out));
        }
        serde_json::from_str::<serde_json::Value>(&rendered.send_components)
            .map_err(|e| PluginFailure::InvalidOutput(format!("send-components não é JSON: {e}")))?;
        Ok(rendered)
    }

    /// The output ports of a node of the flow step `plugin` with `config` (JSON), in order.
    pub async fn step_ports(&self, plugin: &LoadedPlugin, config: &str) -> Result<Vec<String>, PluginFailure> {
        let Pre::FlowStep(pre) = &plugin.pre else {
            return Err(Self::wrong_kind(plugin, PluginKind::FlowStep));
        };
        let pre = pre.clone();
        let config = config.to_string();
        let ports = self
            .call(plugin, config.len(), move |store| {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    instance.atende_plugin_flow_step().call_ports(&mut *store, &config).await
                })
            })
            .await?;
        if ports.len() > 64 || ports.iter().any(|p| p.trim().is_empty() || p.chars().count() > 64) {
            return Err(PluginFailure::InvalidOutput("as portas devem ser até 64 nomes de 1 a 64 caracteres".into()));
        }
        Ok(ports)
    }

    /// Run a flow step (P1); every effect is checked before it is returned.
    pub async fn run_step(
        &self,
        plugin: &LoadedPlugin,
        input: flow_step::StepInput,
    ) -> Result<Vec<flow_step::Effect>, PluginFailure> {
        let Pre::FlowStep(pre) = &plugin.pre else {
            return Err(Self::wrong_kind(plugin, PluginKind::FlowStep));
        };
        let pre = pre.clone();
        let size = input.config.len()
            + super::wire::contact_size(&input.contact)
            + super::wire::variables_size(&input.variables)
            + input.free_slots.iter().map(|slot| 17 + slot.local.len()).sum::<usize>()
            + input.state.as_ref().map_or(0, String::len);
        let effects = self
            .call(plugin, size, move |store| {
                Box::pin(async move {
                    let instance = pre.instantiate_async(&mut *store).await?;
                    instance.atende_plugin_flow_step().call_run(&mut *store, &input).await
                })
            })
            .await?;
        let out: usize = effects.iter().map(super::wire::effect_size).sum();
        if out > plugin.limits.max_output_bytes {
            return Err(PluginFailure::OutputTooLarge(out));
        }
        for effect in &effects {
            super::effects::check(effect).map_err(PluginFailure::InvalidOutput)?;
        }
        Ok(effects)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn one_account_holds_at_most_its_share_and_the_others_still_get_slots() {
        let slots = Slots::new(4, 2);
        // A deadline already past: a call gets a slot only if one is free now.
        let now = Instant::now();
        let first = slots.acquire(Some(1), now).await.expect("a free slot");
        let _second = slots.acquire(Some(1), now).await.expect("within the account's share");
        assert!(
            matches!(slots.acquire(Some(1), now).await, Err(PluginFailure::Busy)),
            "past its share the account waits for its own slots, though the pool has two free"
        );
        let _other = slots.acquire(Some(2), now).await.expect("another account is not held back by the first");
        let _host = slots.acquire(None, now).await.expect("a call of no account takes from the pool alone");
        assert_eq!(slots.pool.available_permits(), 0);
        drop(first);
        slots.acquire(Some(1), now).await.expect("the slot the account freed is its own again");
    }

    #[tokio::test]
    async fn a_call_waiting_for_its_account_holds_no_slot_of_the_pool() {
        let slots = Arc::new(Slots::new(3, 1));
        let held = slots.acquire(Some(1), Instant::now()).await.unwrap();
        let waiting = {
            let slots = slots.clone();
            tokio::spawn(async move { slots.acquire(Some(1), Instant::now() + Duration::from_secs(30)).await.is_ok() })
        };
        // The test runtime has one thread: the spawned call runs at our yields, and once it
        // holds a handle on the account's semaphore beside the map's and the held permit's, it
        // is queued on it (nothing awaits between the look-up and the queue).
        while Arc::strong_count(&slots.accounts.lock().unwrap()[&1]) < 3 {
            tokio::task::yield_now().await;
        }
        assert_eq!(slots.pool.available_permits(), 2, "the waiting call takes nothing from the other accounts");
        drop(held);
        assert!(waiting.await.unwrap(), "it runs once its account's slot is free");
    }

    #[test]
    fn an_account_gets_a_quarter_of_the_pool_at_most_and_half_the_cores() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(account_share(1), 1, "at least one");
        assert!(account_share(64) <= 16 && account_share(64) <= (cores / 2).max(1));
        assert!(account_share(64) >= 1);
    }
}
