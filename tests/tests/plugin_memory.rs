//! A thousand hostile plugin calls in a row leave the process's memory flat (P, containment).
//! In a test binary of its own: RSS is per process, and no other test may run beside it.

use std::sync::Arc;

use atende_e2e::components::{cpf, load};
use atende_host::plugins::PluginRuntime;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .unwrap()
        .trim()
        .trim_end_matches(" kB")
        .trim()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_hostile_calls_leave_memory_flat() {
    let runtime = Arc::new(PluginRuntime::new(8, None).expect("plugin runtime"));
    let crash = Arc::new(load(&runtime, "testing", "crash").await);
    let balloon = Arc::new(load(&runtime, "testing", "balloon").await);
    // Warm up: the first calls map pool slots and code pages.
    for _ in 0..50 {
        let _ = runtime.validate(&crash, cpf("1")).await;
        let _ = runtime.validate(&balloon, cpf("1")).await;
    }
    let before = rss_kib();
    for i in 0..1000 {
        let plugin = if i % 2 == 0 { &crash } else { &balloon };
        assert!(runtime.validate(plugin, cpf("1")).await.is_err());
    }
    let after = rss_kib();
    assert!(after < before + 16 * 1024, "RSS grew from {before} KiB to {after} KiB over 1000 hostile calls");
}
