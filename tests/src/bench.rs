//! What the benchmarks share: where they write their figures and how they read a sample.

use std::path::PathBuf;

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

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let sample: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&sample, 0.5), 50.0);
        assert_eq!(percentile(&sample, 0.99), 99.0);
        assert_eq!(percentile(&[7.0], 0.99), 7.0);
    }
}
