//! Compile, load and call plugins.
//!
//! Loading checks the component (size, that it is a component, that its imports can be
//! satisfied and that it exports the world of its declared kind), compiles it off the async
//! runtime, and keeps the compiled artifact on disk keyed by the wasm's sha256 and the
//! engine's compatibility hash, so a restart loads it in well under a millisecond instead of
//! compiling again. A call gets a fresh store with its own fuel, memory cap and deadline; a
//! semaphore sized like the instance pool makes callers wait (up to the deadline) rather than
//! fail when every slot is busy.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use futures::future::BoxFuture;
use sha2::{Digest, Sha256};
use tokio::sync::Semaphore;
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
pub struct LoadedPlugin {
    pub manifest: Manifest,
    pub sha256: String,
    /// Size of the component, in bytes.
    pub size_bytes: usize,
    limits: Limits,
    pre: Pre,
}

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
    permits: Arc<Semaphore>,
    cache_dir: Option<PathBuf>,
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
    /// A runtime for up to `concurrent_calls` simultaneous calls, caching compiled artifacts
    /// in `cache_dir` when given.
    pub fn new(concurrent_calls: u32, cache_dir: Option<PathBuf>) -> anyhow::Result<PluginRuntime> {
        let engine = PluginEngine::new(concurrent_calls)?;
        if let Some(dir) = &cache_dir {
            std::fs::create_dir_all(dir)?;
        }
        Ok(PluginRuntime { engine, permits: Arc::new(Semaphore::new(concurrent_calls as usize)), cache_dir })
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
        Ok(LoadedPlugin { limits: manifest.call_limits(), manifest, sha256, size_bytes: wasm.len(), pre })
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

    /// Run `call` in a fresh store under `plugin`'s limits.
    async fn call<R: Send>(
        &self,
        plugin: &LoadedPlugin,
        input_bytes: usize,
        call: impl for<'a> FnOnce(&'a mut Store<Sandbox>) -> CallFuture<'a, R> + Send,
    ) -> Result<R, PluginFailure> {
        let limits = plugin.limits;
        if input_bytes > limits.max_input_bytes {
            return Err(PluginFailure::InputTooLarge(input_bytes));
        }
        let deadline = Instant::now() + limits.timeout;
        // A free slot is the common case; only a full pool costs a timer.
        let _permit = match self.permits.try_acquire() {
            Ok(permit) => permit,
            Err(_) => tokio::time::timeout_at(deadline.into(), self.permits.acquire())
                .await
                .map_err(|_| PluginFailure::Busy)?
                .map_err(|_| PluginFailure::Busy)?,
        };
        let mut store = Store::new(&self.engine.engine, Sandbox::new(limits.memory_bytes));
        store.limiter(|sandbox| &mut sandbox.limiter);
        store.set_fuel(limits.fuel).map_err(|e| PluginFailure::Instantiate(format!("{e:#}")))?;
        // Guest code yields to the async runtime at every epoch tick, so the timeout can
        // cancel it; the timeout also bounds host-side waits a guest might start (a WASI
        // sleep on the monotonic clock).
        store.set_epoch_deadline(1);
        store.epoch_deadline_async_yield_and_update(1);
        let result = match tokio::time::timeout_at(deadline.into(), call(&mut store)).await {
            Err(_) => Err(PluginFailure::Timeout),
            Ok(Err(error)) => Err(classify(&error, store.data().memory_refused())),
            Ok(Ok(Err(error))) => Err(PluginFailure::Plugin(describe(error))),
            Ok(Ok(Ok(result))) => Ok(result),
        };
        let fuel = limits.fuel.saturating_sub(store.get_fuel().unwrap_or(limits.fuel));
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
