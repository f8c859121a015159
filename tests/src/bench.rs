//! What the benchmarks share: where they write their figures and how they read a sample.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

/// The workspace's `target/` folder, where each benchmark writes its JSON figures.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// A benchmark's setting from the environment (`BENCH_…`), or its default.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

/// Whether this is the full run (`cargo bench` passes `--bench`) or the quick check `cargo test`
/// makes of the same code.
pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The databases to measure: SQLite, and PostgreSQL unless `BENCH_SKIP_PG` is set (to anything
/// but `0`).
pub fn backends() -> Vec<crate::Backend> {
    let skip = std::env::var("BENCH_SKIP_PG").is_ok_and(|v| !v.is_empty() && v != "0");
    if skip { vec![crate::Backend::Sqlite] } else { vec![crate::Backend::Sqlite, crate::Backend::Postgres] }
}

/// The `q` quantile (0 to 1) of a sorted, non-empty sample, by the nearest-rank method.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// Summary of a sample of durations in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub count: usize,
    pub mean: f64,
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

impl Stats {
    pub fn of(mut values: Vec<f64>) -> Stats {
        if values.is_empty() {
            return Stats::default();
        }
        values.sort_by(f64::total_cmp);
        let at = |q: f64| percentile(&values, q);
        Stats {
            count: values.len(),
            mean: values.iter().sum::<f64>() / values.len() as f64,
            p50: at(0.50),
            p90: at(0.90),
            p99: at(0.99),
            max: values[values.len() - 1],
        }
    }

    pub fn json(&self) -> Value {
        json!({
            "count": self.count,
            "mean_ms": round2(self.mean),
            "p50_ms": round2(self.p50),
            "p90_ms": round2(self.p90),
            "p99_ms": round2(self.p99),
            "max_ms": round2(self.max),
        })
    }
}

/// `v` rounded to two decimals, for the reports.
pub fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A `Vm…` line of `/proc/<pid>/status`, in MB.
pub fn proc_status_mb(pid: u32, key: &str) -> anyhow::Result<f64> {
    use anyhow::Context;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|l| l.starts_with(key)).with_context(|| format!("no {key} in /proc status"))?;
    let kb: f64 = line.split_whitespace().nth(1).context("malformed status line")?.parse()?;
    Ok(kb / 1024.0)
}

/// What [`post_for`] counted.
pub struct Posted {
    /// Webhooks answered 200.
    pub ok: u64,
    /// Webhooks answered otherwise, or not answered.
    pub errors: u64,
    /// How long the posting took.
    pub seconds: f64,
}

/// `posters` tasks post signed webhooks for `seconds`, each waiting for its answer before the
/// next (as Meta does per connection): poster `p`'s `n`-th body is `body(p, n)`, sent to the
/// `endpoints` in turn (as a round-robin balancer spreads them).
pub async fn post_for(
    http: &reqwest::Client,
    endpoints: Vec<String>,
    posters: usize,
    seconds: f64,
    body: impl Fn(usize, usize) -> Vec<u8> + Send + Sync + 'static,
) -> Posted {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    let (endpoints, body) = (Arc::new(endpoints), Arc::new(body));
    let (ok, errors, turn) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let started = std::time::Instant::now();
    let deadline = started + Duration::from_secs_f64(seconds);
    let mut tasks = vec![];
    for poster in 0..posters {
        let (http, endpoints, body) = (http.clone(), endpoints.clone(), body.clone());
        let (ok, errors, turn) = (ok.clone(), errors.clone(), turn.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0usize;
            while std::time::Instant::now() < deadline {
                let endpoint = &endpoints[turn.fetch_add(1, Ordering::Relaxed) as usize % endpoints.len()];
                match crate::whatsapp::post_signed(&http, endpoint, body(poster, n)).await {
                    Ok(r) if r.status() == 200 => ok.fetch_add(1, Ordering::Relaxed),
                    _ => errors.fetch_add(1, Ordering::Relaxed),
                };
                n += 1;
            }
        }));
    }
    for task in tasks {
        task.await.expect("a poster task");
    }
    Posted {
        ok: ok.load(Ordering::Relaxed),
        errors: errors.load(Ordering::Relaxed),
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// CPU time (user + system, in seconds) process `pid` has used so far, from `/proc/<pid>/stat`.
pub fn proc_cpu_seconds(pid: u32) -> anyhow::Result<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    cpu_seconds_of_stat(&stat)
}

/// The user + system CPU seconds of one `/proc/<pid>/stat` line. The command name (field 2) may
/// hold spaces and parentheses, so fields are counted from the last `)`: utime and stime are
/// fields 14 and 15, in clock ticks (100 per second on Linux).
fn cpu_seconds_of_stat(stat: &str) -> anyhow::Result<f64> {
    use anyhow::Context;
    let rest = &stat[stat.rfind(')').context("malformed /proc stat")? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| -> anyhow::Result<f64> { Ok(fields.get(i).context("short /proc stat")?.parse::<f64>()?) };
    // `rest` starts at field 3 (state): field n is at index n - 3.
    Ok((ticks(11)? + ticks(12)?) / 100.0)
}

/// The processes whose command name is `comm` (e.g. every `postgres` process: postmaster,
/// backends, writers), for summing their CPU.
pub fn pids_named(comm: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return vec![] };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == comm))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{cpu_seconds_of_stat, percentile};

    #[test]
    fn cpu_time_is_read_after_the_command_name_whatever_it_holds() {
        let stat = "4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 4 0";
        assert_eq!(cpu_seconds_of_stat(stat).unwrap(), 3.25);
        assert!(cpu_seconds_of_stat("garbage").is_err());
    }

    #[test]
    fn nearest_rank_percentiles() {
        let sample: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&sample, 0.5), 50.0);
        assert_eq!(percentile(&sample, 0.99), 99.0);
        assert_eq!(percentile(&[7.0], 0.99), 7.0);
    }
}
