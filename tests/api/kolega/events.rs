//! The finding-events feed: organisation-wide, newest first, ids stable across polls (a
//! dedupe key), every filter, the time window, and unknown ids giving empty pages.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, PAYMENTS, RW, SQLI};
use crate::helpers::assert_has;

async fn whole_feed(k: &Kolega, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut skip = 0;
    loop {
        let page = k.get(&format!("/api/v1/finding-events?limit=200&skip={skip}&{query}")).await;
        out.extend(page["items"].as_array().cloned().unwrap_or_default());
        if page["has_next"] == false {
            assert_eq!(page["total"].as_u64(), Some(out.len() as u64));
            return out;
        }
        skip += 200;
    }
}

#[tokio::test]
async fn the_feed_is_newest_first_with_ids_that_survive_new_events() {
    let k = Kolega::default().await;
    let first = whole_feed(&k, "").await;
    assert!(first.len() > 200, "history gives a long feed: {}", first.len());
    let stamps: Vec<&str> = first.iter().filter_map(|e| e["event_timestamp"].as_str()).collect();
    let times: Vec<jiff::Timestamp> = stamps.iter().filter_map(|s| s.parse().ok()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "reverse-chronological");
    let first_ids: Vec<&str> = first.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(first_ids.iter().collect::<HashSet<_>>().len(), first.len(), "ids are unique");
    let kinds: HashSet<&str> = first.iter().filter_map(|e| e["event_type"].as_str()).collect();
    for kind in [
        "detected",
        "status_changed",
        "resolved_auto",
        "fix_created",
        "fix_started",
        "fix_completed",
        "fix_failed",
        "fix_pr_created",
    ] {
        assert!(kinds.contains(kind), "history has {kind} events");
    }

    // New activity lands on top; what a poller already saw keeps its id and content.
    k.call(
        Method::PATCH,
        &format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}"),
        Some(RW),
        Some(json!({"status": "ignored"})),
    )
    .await;
    k.post(&format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "secrets_scan"}), 202).await;
    k.advance("1h").await;
    let second = whole_feed(&k, "").await;
    assert!(second.len() > first.len());
    assert_eq!(&second[second.len() - first.len()..], &first[..], "old events unchanged");
    assert_eq!(second[second.len() - first.len() - 1]["event_type"], "status_changed");
}

#[tokio::test]
async fn every_filter_narrows_the_feed_and_unknown_ids_give_empty_pages() {
    let k = Kolega::default().await;
    let all = whole_feed(&k, "").await;
    let checks: [(&str, &str, &str); 5] = [
        ("repository_id", "repository_id", PAYMENTS),
        ("finding_id", "finding_id", SQLI),
        ("scan_type", "scan_type", "sbom_scan"),
        ("severity", "severity", "critical"),
        ("event_type", "event_type", "detected"),
    ];
    for (param, field, value) in checks {
        let filtered = whole_feed(&k, &format!("{param}={value}")).await;
        let want: Vec<&Value> = all.iter().filter(|e| e[field] == value).collect();
        assert_eq!(filtered.iter().collect::<Vec<_>>(), want, "{param}={value}");
        assert!(!filtered.is_empty(), "{param}={value}");
    }
    let both = whole_feed(&k, &format!("repository_id={PAYMENTS}&event_type=detected&severity=high")).await;
    let want = all
        .iter()
        .filter(|e| e["repository_id"] == PAYMENTS && e["event_type"] == "detected" && e["severity"] == "high")
        .count();
    assert_eq!(both.len(), want);

    // start is inclusive, end exclusive.
    let pivot = all[all.len() / 2]["event_timestamp"].as_str().expect("timestamp").to_string();
    let at: jiff::Timestamp = pivot.parse().expect("parses");
    let since = whole_feed(&k, &format!("start={pivot}")).await;
    let before = whole_feed(&k, &format!("end={pivot}")).await;
    assert_eq!(since.len() + before.len(), all.len());
    assert!(since.iter().all(|e| {
        e["event_timestamp"].as_str().and_then(|s| s.parse::<jiff::Timestamp>().ok()).is_some_and(|t| t >= at)
    }));
    assert!(before.iter().all(|e| {
        e["event_timestamp"].as_str().and_then(|s| s.parse::<jiff::Timestamp>().ok()).is_some_and(|t| t < at)
    }));
    let window = whole_feed(&k, &format!("start={pivot}&end={pivot}&event_type=detected")).await;
    assert!(window.is_empty());

    for query in ["repository_id=00000000-0000-4000-8000-000000000000", "finding_id=nope"] {
        let page = k.get(&format!("/api/v1/finding-events?{query}")).await;
        assert_has(&page, json!({"total": 0, "has_next": false}));
    }
}

#[tokio::test]
async fn feed_parameters_are_validated() {
    let k = Kolega::default().await;
    for (query, kind) in [("limit=201", "less_than_equal"), ("skip=-1", "greater_than_equal")] {
        let (status, body) = k.call(Method::GET, &format!("/api/v1/finding-events?{query}"), Some(RW), None).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(body["detail"][0]["type"], kind, "{query}: {body}");
    }
    let (status, body) = k.call(Method::GET, "/api/v1/finding-events?start=yesterday", Some(RW), None).await;
    assert_eq!(status, 422, "{body}");
    assert_has(
        &body["detail"][0],
        json!({"type": "datetime_from_date_parsing", "loc": ["query", "start"], "input": "yesterday"}),
    );
    let default = k.get("/api/v1/finding-events").await;
    assert_eq!(default["limit"], 100);
}

#[tokio::test]
async fn text_filters_are_plain_strings_and_an_unknown_value_matches_nothing() {
    let k = Kolega::default().await;
    // Kolega's published document types these as strings: the CLI's own help example
    // (`--event-type finding_created`) is a value no event has, not a 422.
    for query in ["event_type=finding_created", "severity=severe", "scan_type=dast_scan"] {
        let page = k.get(&format!("/api/v1/finding-events?{query}")).await;
        assert_has(&page, json!({"items": [], "total": 0, "has_next": false}));
    }
    let detected = k.get("/api/v1/finding-events?event_type=detected&limit=1").await;
    assert!(detected["total"].as_u64().is_some_and(|t| t > 0), "{detected}");
}

#[tokio::test]
async fn start_and_end_take_what_pydantic_reads_as_a_datetime() {
    let k = Kolega::default().await;
    let all = k.get("/api/v1/finding-events?start=2025-12-06T00:00:00Z&limit=1").await["total"].clone();
    for start in ["2025-12-06", "2025-12-06T00:00:00", "2025-12-06 00:00", "1764979200", "1764979200000"] {
        let page = k.get(&format!("/api/v1/finding-events?start={start}&limit=1")).await;
        assert_eq!(page["total"], all, "{start}");
    }
}
