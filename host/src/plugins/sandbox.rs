//! The state of one plugin call's store. WASI is linked because Rust's std in a
//! `wasm32-wasip2` guest imports it, but nothing is granted: no files, no network, no
//! environment, no arguments, a clock frozen at the epoch and "randomness" that is all zeros.
//! Memory and tables are capped per call; a refused growth is remembered so the failure can be
//! reported as out-of-memory rather than as a generic trap.

use std::convert::Infallible;
use std::time::Duration;

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// Store data of one plugin call.
pub struct Sandbox {
    wasi: WasiCtx,
    table: ResourceTable,
    pub(super) limiter: Caps,
}

impl Sandbox {
    /// A sandbox whose linear memories may grow to `memory_bytes`.
    pub fn new(memory_bytes: usize) -> Sandbox {
        let wasi = WasiCtx::builder()
            .wall_clock(FrozenClock)
            .monotonic_clock(FrozenClock)
            .secure_random(NoRandomness)
            .insecure_random(NoRandomness)
            .insecure_random_seed(0)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        Sandbox { wasi, table: ResourceTable::new(), limiter: Caps { memory_bytes, memory_refused: false } }
    }

    /// Whether the plugin asked for more memory than its cap.
    pub fn memory_refused(&self) -> bool {
        self.limiter.memory_refused
    }
}

impl WasiView for Sandbox {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// Memory and table caps of one call.
pub struct Caps {
    memory_bytes: usize,
    memory_refused: bool,
}

/// Table elements a plugin may have (function tables of ordinary Rust guests are far smaller).
const MAX_TABLE_ELEMENTS: usize = 20_000;

impl ResourceLimiter for Caps {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let allowed = desired <= self.memory_bytes;
        if !allowed {
            self.memory_refused = true;
        }
        Ok(allowed)
    }

    fn table_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        16
    }

    fn tables(&self) -> usize {
        16
    }

    fn memories(&self) -> usize {
        2
    }
}

/// A clock that always reads zero: plugins get "now" as an input when they need it.
struct FrozenClock;

impl wasmtime_wasi::HostWallClock for FrozenClock {
    fn resolution(&self) -> Duration {
        Duration::from_secs(1)
    }
    fn now(&self) -> Duration {
        Duration::ZERO
    }
}

impl wasmtime_wasi::HostMonotonicClock for FrozenClock {
    fn resolution(&self) -> u64 {
        1_000_000_000
    }
    fn now(&self) -> u64 {
        0
    }
}

/// A generator that yields only zeros: no randomness is granted.
struct NoRandomness;

impl rand_core_wasi::TryRng for NoRandomness {
    type Error = Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(0)
    }
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        dst.fill(0);
        Ok(())
    }
}
