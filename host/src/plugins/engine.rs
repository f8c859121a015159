//! The process's one wasmtime engine: Cranelift, component model, fuel and epoch interruption,
//! the pooling allocator sized for the number of concurrent calls (falling back to on-demand
//! allocation where the address space is too small for the pool), and a 1 ms epoch ticker so
//! a running plugin yields to the async runtime at least every millisecond.

use std::time::Duration;

use wasmtime::component::Linker;
use wasmtime::{Config, Engine, InstanceAllocationStrategy, OptLevel, PoolingAllocationConfig};

use super::limits::HOST_MAXIMA;
use super::sandbox::Sandbox;

/// Memory of a pool slot reset in place rather than decommitted (covers a Rust guest's
/// stack, data and early heap).
const KEEP_RESIDENT_BYTES: usize = 2 << 20;

/// Table bytes reset in place (tables are cleared whole, so keep this near a guest's real
/// function table rather than the pool's 20,000-element slot).
const TABLE_KEEP_RESIDENT_BYTES: usize = 32 << 10;

/// How often the epoch advances.
pub const EPOCH_TICK: Duration = Duration::from_millis(1);

/// The engine and the linker every plugin is instantiated with.
pub struct PluginEngine {
    pub engine: Engine,
    pub linker: Linker<Sandbox>,
    /// Whether the pooling allocator is in use (else on-demand allocation).
    pub pooling: bool,
}

fn config(pool_slots: Option<u32>) -> Config {
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        // Guests arrive optimised by LLVM; Cranelift's own optimiser cost ~40% more compile time
        // on upload (≈120 ms vs ≈75 ms for the shipped plugins) for no measurable gain on a
        // call, which is dominated by instantiation (tests/benches/plugins.rs).
        .cranelift_opt_level(OptLevel::None)
        .epoch_interruption(true)
        .consume_fuel(true)
        .max_wasm_stack(256 << 10)
        // One thread compiles: a plugin compiles in tens of milliseconds, and each extra
        // compiling thread leaves a malloc arena the process keeps (≈25 MB after the shipped
        // plugins compile on a fresh data dir, tests/benches/foundation.rs idle RSS).
        .parallel_compilation(false);
    if let Some(slots) = pool_slots {
        let mut pool = PoolingAllocationConfig::new();
        pool.total_component_instances(slots)
            .total_core_instances(4 * slots)
            .total_memories(2 * slots)
            .total_tables(4 * slots)
            .total_stacks(slots)
            .max_memory_size(HOST_MAXIMA.memory_bytes)
            .max_memories_per_component(2)
            .max_tables_per_component(16)
            .max_component_instance_size(1 << 20)
            .max_core_instance_size(1 << 20)
            .table_elements(20_000)
            // Reset a slot by rewriting only its dirty pages (the kernel's PAGEMAP_SCAN tells
            // which) instead of madvise: no page faults when the slot is reused and no TLB
            // shootdown across cores, which dominate a small call on a virtual machine.
            .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
            .table_keep_resident(TABLE_KEEP_RESIDENT_BYTES);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    }
    config
}

impl PluginEngine {
    /// An engine for up to `concurrent_calls` plugin calls at once.
    pub fn new(concurrent_calls: u32) -> anyhow::Result<PluginEngine> {
        let (engine, pooling) = match Engine::new(&config(Some(concurrent_calls))) {
            Ok(engine) => (engine, true),
            Err(err) => {
                tracing::warn!(error = %err, "pooling allocator unavailable; using on-demand allocation");
                (Engine::new(&config(None)).map_err(|e| anyhow::anyhow!("{e:#}"))?, false)
            }
        };
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(|e| anyhow::anyhow!("{e:#}"))?;
        start_ticker(&engine);
        Ok(PluginEngine { engine, linker, pooling })
    }

    /// Identifies compiled artifacts this engine can load (its configuration and version).
    pub fn compatibility_hash(&self) -> String {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.engine.precompile_compatibility_hash().hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    }
}

/// Advance the epoch every tick until the engine is dropped.
fn start_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("plugin-epoch".into())
        .spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(EPOCH_TICK);
            }
        })
        .expect("spawn the epoch ticker");
}
