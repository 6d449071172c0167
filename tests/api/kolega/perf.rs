//! Read latency with the default scenario and with 100,000 findings in one organisation
//! (a scenario knob: `generated_findings.count`). Measures, does not assert: run with
//! `cargo test --release --test api kolega::perf -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use super::{Kolega, PAYMENTS, RW, SMALL_REPO, SMALL_RW, small_section};

async fn measure(k: &Kolega, key: &str, path: &str, rounds: usize) -> String {
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let (status, body) = k.call(Method::GET, path, Some(key), None).await;
        times.push(started.elapsed());
        assert_eq!(status, 200, "{path}: {body}");
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / rounds as u32;
    let p = |q: f64| times[((rounds as f64 * q) as usize).min(rounds - 1)];
    format!("{path:<95} mean {:>7.2} ms  p50 {:>7.2} ms  p99 {:>7.2} ms", ms(mean), ms(p(0.5)), ms(p(0.99)))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

const QUERIES_FINDINGS: &[&str] = &[
    "",
    "?limit=200",
    "?severity=high&status=open",
    "?scan_type=sbom_scan&limit=200",
    "?status=false_positive&skip=2000&limit=50",
];
const QUERIES_EVENTS: &[&str] = &[
    "",
    "?limit=200",
    "?event_type=status_changed",
    "?severity=critical&event_type=detected",
    "?start=2026-05-01T00:00:00Z&end=2026-05-02T00:00:00Z",
    "?skip=50000&limit=100",
];

#[tokio::test]
#[ignore = "measurement; run explicitly in release mode"]
async fn read_latency_default_and_100k_findings() {
    let k = Kolega::default().await;
    let mut report = vec!["default scenario:".to_string()];
    for q in QUERIES_FINDINGS {
        report.push(measure(&k, RW, &format!("/api/v1/repositories/{PAYMENTS}/findings{q}"), 200).await);
    }
    for q in QUERIES_EVENTS.iter().take(5) {
        report.push(measure(&k, RW, &format!("/api/v1/finding-events{q}"), 200).await);
    }

    let mut section = small_section(json!({}), json!({}));
    section["organizations"][0]["repositories"][0]["generated_findings"] = json!({"count": 100_000, "over": "120d"});
    let started = Instant::now();
    let (status, body) = k.load_section(9, "2026-06-01T00:00:00Z", section).await;
    assert_eq!(status, 200, "{body}");
    report.push(format!("100,000 findings: scenario loaded in {:.0} ms", ms(started.elapsed())));
    let (_, events) = k.call(Method::GET, "/api/v1/finding-events?limit=1", Some(SMALL_RW), None).await;
    report.push(format!("  ({} finding events)", events["total"]));
    for q in QUERIES_FINDINGS {
        report.push(measure(&k, SMALL_RW, &format!("/api/v1/repositories/{SMALL_REPO}/findings{q}"), 100).await);
    }
    for q in QUERIES_EVENTS {
        report.push(measure(&k, SMALL_RW, &format!("/api/v1/finding-events{q}"), 100).await);
    }
    println!("{}", report.join("\n"));
}
