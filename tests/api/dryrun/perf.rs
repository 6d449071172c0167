//! Latency of `all_findings?days=90` with the demo world and with ~100,000 findings in
//! one account. Measures and prints; asserts nothing about time. Run in release:
//! `cargo test --release --test api dryrun::perf -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use super::dryrun_server;
use crate::helpers::fetch;

/// One client for every request (building a client per request costs milliseconds).
async fn measure(label: &str, server: &secmock::MockServer, key: &str, path: &str) {
    let client = reqwest::Client::new();
    let url = format!("{}/v1{path}", server.url("dryrun"));
    let mut times: Vec<Duration> = Vec::new();
    let mut total = 0;
    for round in 0..61 {
        let started = Instant::now();
        let response = fetch(client.get(&url).bearer_auth(key)).await;
        let status = response.status;
        let body = response.body;
        if round > 0 {
            times.push(started.elapsed());
        }
        assert_eq!(status, 200, "{body}");
        total = body["pagination"]["total"].as_u64().unwrap_or(0);
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "{label:<44} {total:>7} matching  p50 {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        ms(times[times.len() - 1])
    );
}

#[tokio::test]
#[ignore = "a measurement, not a check: run it in release with --ignored --nocapture"]
async fn all_findings_latency() {
    for (scenario, key, account) in [
        ("dryrun-demo", "drs_demo_7f3c9a1e5b2d", "22222222-2222-2222-2222-222222222222"),
        ("dryrun-100k", "drs_load_test", "33333333-3333-4333-8333-333333333333"),
    ] {
        let started = Instant::now();
        let server = dryrun_server(scenario).await;
        let counts = server.server().apis().iter().flat_map(|api| api.behaviour.banner()).next().unwrap_or_default();
        eprintln!("{scenario}: {counts}; started in {:.2} s", started.elapsed().as_secs_f64());
        let base = format!("/accounts/{account}/all_findings");
        measure(&format!("{scenario} days=90"), &server, key, &format!("{base}?days=90")).await;
        measure(
            &format!("{scenario} days=90&all_results=true"),
            &server,
            key,
            &format!("{base}?days=90&all_results=true"),
        )
        .await;
        measure(
            &format!("{scenario} days=90&page=20&per_page=100"),
            &server,
            key,
            &format!("{base}?days=90&page=20&per_page=100"),
        )
        .await;
        measure(
            &format!("{scenario} days=7&severity=critical"),
            &server,
            key,
            &format!("{base}?days=7&severity=critical"),
        )
        .await;
        measure(
            &format!("{scenario} days=90&finding_type=sca&branch=main"),
            &server,
            key,
            &format!("{base}?days=90&finding_type=sca&branch=main"),
        )
        .await;
        measure(&format!("{scenario} insights"), &server, key, &format!("/accounts/{account}/insights")).await;
    }
}
