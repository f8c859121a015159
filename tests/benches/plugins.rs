//! Plugin platform benchmark (issue 3): what a plugin call costs through the host's real path.
//!
//! 1. **Call**: `PluginRuntime::expand` — permit, fresh store with fuel, memory cap and epoch
//!    deadline, instantiate from the `InstancePre`, call, output checks, drop — for the shipped
//!    `variables` plugin on a realistic outgoing message, and in the same run for the `noop`
//!    test component (returns its input: the wasmtime floor). Targets: p50 ≤ 25 µs and
//!    ≤ 1.5 × the floor.
//! 2. **Compile on upload**: `PluginRuntime::load` with no artifact cache (check + Cranelift
//!    compile + `InstancePre`) of each shipped plugin. Target p50 ≤ 100 ms for ≤ 1 MB.
//! 3. **Cached load**: `PluginRuntime::load` when the serialized artifact is on disk (a server
//!    restart). Target ≤ 1 ms.
//! 4. **Size** of each shipped plugin. Target ≤ 200 KB.
//!
//! ```sh
//! plugins/build.sh && cargo bench -p atende-e2e --bench plugins
//! ```
//!
//! Prints a table and writes `target/bench-plugins.json`. `BENCH_CALLS` (default 20000) sets the
//! calls per plugin, `BENCH_LOADS` (default 10) the loads per measurement. Without `--bench`
//! it makes a short smoke run and writes nothing. Nothing here asserts on timings.

use atende_e2e::bench::{percentile, target_dir};
use std::time::Instant;

use anyhow::{Context, Result};
use atende_e2e::components::dist;
use atende_host::plugins::bindings::types::{Contact, Variable};
use atende_host::plugins::bindings::variable_expander::ExpansionRequest;
use atende_host::plugins::{LoadedPlugin, Manifest, PluginRuntime};
use serde_json::{Value, json};

const CALL_TARGET_US: f64 = 25.0;
const FLOOR_RATIO_TARGET: f64 = 1.5;
const COMPILE_TARGET_MS: f64 = 100.0;
const CACHED_TARGET_MS: f64 = 1.0;
const SIZE_TARGET_BYTES: u64 = 200 * 1024;
const SHIPPED: [&str; 5] = ["variables", "templates", "closing-fields", "content", "condition"];

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn files(folder: &str, name: &str) -> Result<(Manifest, Vec<u8>)> {
    let dir = dist().join(folder);
    let wasm = std::fs::read(dir.join(format!("{name}.wasm")))
        .with_context(|| format!("{name}.wasm in {}: run plugins/build.sh first", dir.display()))?;
    let manifest = Manifest::parse(&std::fs::read(dir.join(format!("{name}.manifest.json")))?)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    Ok((manifest, wasm))
}

fn summary(mut values: Vec<f64>) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    (percentile(&values, 0.5), percentile(&values, 0.99))
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

/// A contact with every system field filled, as the composer sends it.
fn request() -> ExpansionRequest {
    ExpansionRequest {
        text: "Olá {nome}! Seu pedido {pedido} saiu para entrega e chega até {data_entrega}. \
               Enviamos o comprovante para {email}. Qualquer dúvida, responda esta mensagem, <nome>. \
               Código do cliente: {codigo_cliente}."
            .into(),
        contact: Contact {
            id: 42,
            name: "Maria Souza".into(),
            phone: Some("5511999990000".into()),
            email: Some("maria@exemplo.com.br".into()),
            birth_date: Some("1990-09-07".into()),
            cpf: Some("52998224725".into()),
            rg: Some("123456789".into()),
            client_code: Some("C-42".into()),
            cnpj: None,
            company_name: None,
            tags: vec!["vip".into(), "sp".into()],
            custom_fields: vec![],
        },
        variables: vec![
            Variable { name: "pedido".into(), value: "981".into() },
            Variable { name: "data_entrega".into(), value: "05/12/2026".into() },
        ],
    }
}

/// Microseconds per call of `plugin`, `calls` times in a row (after a warm-up).
async fn time_calls(runtime: &PluginRuntime, plugin: &LoadedPlugin, calls: usize) -> Result<Vec<f64>> {
    let input = request();
    for _ in 0..calls.min(500) {
        runtime.expand(plugin, input.clone()).await?;
    }
    let mut samples = Vec::with_capacity(calls);
    for _ in 0..calls {
        let input = input.clone();
        let began = Instant::now();
        let out = runtime.expand(plugin, input).await?;
        samples.push(began.elapsed().as_secs_f64() * 1e6);
        std::hint::black_box(out);
    }
    Ok(samples)
}

/// Milliseconds per `load` of each shipped plugin, `loads` times, through `runtime`.
async fn time_loads(runtime: &PluginRuntime, loads: usize) -> Result<Vec<f64>> {
    let mut samples = Vec::new();
    for name in SHIPPED {
        let (manifest, wasm) = files("default", name)?;
        for _ in 0..loads {
            let began = Instant::now();
            let loaded = runtime.load(manifest.clone(), &wasm).await.map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
            samples.push(began.elapsed().as_secs_f64() * 1e3);
            drop(loaded);
        }
    }
    Ok(samples)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let full = std::env::args().any(|a| a == "--bench");
    let calls = if full { env_or("BENCH_CALLS", 20_000) } else { 200 };
    let loads = if full { env_or("BENCH_LOADS", 10) } else { 1 };

    // 1. Calls, plugin and floor interleaved in rounds so that machine noise hits both alike.
    let runtime = PluginRuntime::new(64, None)?;
    let (manifest, wasm) = files("default", "variables")?;
    let variables = runtime.load(manifest, &wasm).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let (manifest, wasm) = files("testing", "noop")?;
    let noop = runtime.load(manifest, &wasm).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let expanded = runtime.expand(&variables, request()).await?;
    anyhow::ensure!(
        expanded.text.starts_with("Olá Maria Souza! Seu pedido 981"),
        "variables expands: {}",
        expanded.text
    );
    let (mut plugin_us, mut floor_us) = (Vec::new(), Vec::new());
    let rounds = 10;
    for _ in 0..rounds {
        plugin_us.extend(time_calls(&runtime, &variables, calls / rounds).await?);
        floor_us.extend(time_calls(&runtime, &noop, calls / rounds).await?);
    }
    let (plugin_p50, plugin_p99) = summary(plugin_us);
    let (floor_p50, floor_p99) = summary(floor_us);
    let ratio = plugin_p50 / floor_p50;

    // 2. Compile on upload: no cache, so every load compiles.
    let (compile_p50, compile_p99) = summary(time_loads(&PluginRuntime::new(4, None)?, loads).await?);

    // 3. Cached load: the first load of each plugin writes the artifact; the timed ones read it.
    let cache = tempfile::tempdir()?;
    let cached_runtime = PluginRuntime::new(4, Some(cache.path().to_path_buf()))?;
    time_loads(&cached_runtime, 1).await?;
    let (cached_p50, cached_p99) = summary(time_loads(&cached_runtime, loads).await?);

    // 4. Sizes.
    let mut sizes = serde_json::Map::new();
    let mut largest = 0;
    for name in SHIPPED {
        let size = std::fs::metadata(dist().join("default").join(format!("{name}.wasm")))?.len();
        largest = largest.max(size);
        sizes.insert(name.into(), json!(size));
    }

    println!(
        "Plugin platform ({} allocator, {calls} calls per plugin)",
        if runtime.pooling() { "pooling" } else { "on-demand" }
    );
    println!(
        "  call  variables      p50 {plugin_p50:8.1} µs  p99 {plugin_p99:8.1} µs   target p50 ≤ {CALL_TARGET_US} µs: {}",
        verdict(plugin_p50 <= CALL_TARGET_US)
    );
    println!("  call  noop (floor)   p50 {floor_p50:8.1} µs  p99 {floor_p99:8.1} µs");
    println!(
        "  ratio variables/floor at p50: {ratio:.2}   target ≤ {FLOOR_RATIO_TARGET}: {}",
        verdict(ratio <= FLOOR_RATIO_TARGET)
    );
    println!(
        "  compile on upload    p50 {compile_p50:8.1} ms  p99 {compile_p99:8.1} ms   (largest {largest} bytes) target p50 ≤ {COMPILE_TARGET_MS} ms: {}",
        verdict(compile_p50 <= COMPILE_TARGET_MS)
    );
    println!(
        "  cached artifact load p50 {cached_p50:8.3} ms  p99 {cached_p99:8.3} ms   target ≤ {CACHED_TARGET_MS} ms: {}",
        verdict(cached_p50 <= CACHED_TARGET_MS)
    );
    for name in SHIPPED {
        println!("  size  {name:<15} {:>8} bytes", sizes[name]);
    }
    println!(
        "  largest shipped plugin {largest} bytes   target ≤ {SIZE_TARGET_BYTES}: {}",
        verdict(largest <= SIZE_TARGET_BYTES)
    );

    if full {
        let report = json!({
            "pooling": runtime.pooling(),
            "calls_per_plugin": calls,
            "call_us": {
                "variables": {"p50": plugin_p50, "p99": plugin_p99},
                "noop_floor": {"p50": floor_p50, "p99": floor_p99},
                "ratio_p50": ratio,
            },
            "compile_on_upload_ms": {"p50": compile_p50, "p99": compile_p99},
            "cached_load_ms": {"p50": cached_p50, "p99": cached_p99},
            "sizes_bytes": Value::Object(sizes),
        });
        let path = target_dir().join("bench-plugins.json");
        std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
        println!("  written to {}", path.display());
    }
    Ok(())
}
