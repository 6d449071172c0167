//! Stateful latency and memory, for benches/stateful.sh: the generic behaviour serving
//! one collection of N items (N from the command line), loaded straight into the store.
//! Prints memory per stored item, then throughput and latency percentiles of
//! `GET /items/{id}` and `POST /items` from 32 concurrent clients for a fixed time.
//!
//! usage: stateful_load ITEMS SECONDS [--no-journal]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn item(i: usize) -> Value {
    let severity = ["critical", "high", "medium", "low"][i % 4];
    json!({
        "id": format!("{:08x}-0000-4000-8000-{:012x}", i, i),
        "title": format!("SQL injection in handler {i}"),
        "severity": severity,
        "file_path": format!("src/api/handlers/h{}.go", i % 997),
        "line": 1 + i % 5000,
        "cwe": "CWE-89",
        "created_at": "2026-01-10T08:00:00Z",
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn load(
    name: &str,
    seconds: u64,
    make: impl Fn(usize) -> reqwest::RequestBuilder + Send + Sync + Clone + 'static,
) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..32)
        .map(|t| {
            let make = make.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut n = t * 1_000_003;
                while Instant::now() < deadline {
                    let started = Instant::now();
                    let ok = make(n).send().await.map(|r| r.status().is_success()).unwrap_or(false);
                    assert!(ok, "request failed");
                    latencies.push(started.elapsed());
                    n += 7919;
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("load task"));
    }
    all.sort();
    println!(
        "{name:<22} {:>8.0} req/s   p50 {:>6.2} ms   p99 {:>6.2} ms",
        all.len() as f64 / seconds as f64,
        percentile(&all, 0.50),
        percentile(&all, 0.99)
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let items: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(10);
    let journal = !args.iter().any(|a| a == "--no-journal");
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/fixtures/items.yaml");
    let server = secmock::MockServer::builder()
        .specs([spec])
        .scenario(None)
        .strict(true)
        .configure(|c| c.journal_size = if journal { 10_000 } else { 0 })
        .start()
        .await
        .expect("bench spec loads");

    let before = rss_kib();
    let collection: serde_json::Map<String, Value> =
        (0..items).map(|i| (item(i)["id"].as_str().unwrap_or_default().to_string(), item(i))).collect();
    let snapshot = json!({"state": {"collections": {"/items": collection}, "counters": {}}});
    server.server().import_state(&BTreeMap::from([("items", &snapshot)])).expect("state imports");
    drop(snapshot);
    let after = rss_kib();
    println!(
        "{items} items, journal {}: RSS {before} KiB -> {after} KiB, {:.0} bytes per item",
        if journal { "on" } else { "off" },
        (after.saturating_sub(before) as f64 * 1024.0) / items as f64
    );

    let base = server.url("items");
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().expect("client");
    let (c, b) = (client.clone(), base.clone());
    load("GET /items/{id}", seconds, move |n| {
        c.get(format!("{b}/items/{:08x}-0000-4000-8000-{:012x}", n % items, n % items))
    })
    .await;
    let (c, b) = (client.clone(), base.clone());
    load("POST /items", seconds, move |n| {
        c.post(format!("{b}/items"))
            .json(&json!({"title": format!("finding {n}"), "severity": "high", "line": 1 + n % 900}))
    })
    .await;
}
