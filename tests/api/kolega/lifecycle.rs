//! Finding lifecycle events a scan causes: a later scan resolves what the code no longer
//! holds (`resolved_auto`, naming the scan, at its completion), re-detects what it still
//! holds (moving `last_detected_at`, reopening what was resolved by hand), and the
//! scenario's history follows the same rules.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, SMALL_REPO, SMALL_RW, small_section};
use crate::helpers::{Api, assert_has};

const START: &str = "2026-05-04T08:00:00Z";

/// Fast semgrep scans whose issues stay in the code for about `lifetime`.
async fn small(lifetime: &str) -> Kolega {
    let profile = json!({"queued": "2s", "creating": "4s", "scanning": "60s", "assessing": "10s", "jitter": 0.0,
                         "finding_lifetime": lifetime});
    let k = Kolega::default().await;
    let (status, body) =
        k.load_section(7, START, small_section(json!({"scans": {"semgrep_scan": profile}}), json!({}))).await;
    assert_eq!(status, 200, "{body}");
    k
}

/// Starts a semgrep scan of the small repository; the queued batch.
async fn start_scan(k: &Kolega) -> Value {
    let (status, batch) = k
        .call(
            Method::POST,
            &format!("/api/v1/repositories/{SMALL_REPO}/scans"),
            Some(SMALL_RW),
            Some(json!({"scan_type": "semgrep_scan"})),
        )
        .await;
    assert_eq!(status, 202, "{batch}");
    batch
}

/// Runs a semgrep scan of the small repository to completion; its batch.
async fn scan(k: &Kolega) -> Value {
    let batch = start_scan(k).await;
    k.advance("90s").await;
    let id = batch["batch_id"].as_str().expect("batch id");
    get(k, &format!("/api/v1/repositories/{SMALL_REPO}/scans/{id}")).await
}

async fn get(k: &Kolega, path: &str) -> Value {
    let (status, body) = k.call(Method::GET, path, Some(SMALL_RW), None).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

fn items(page: &Value) -> Vec<Value> {
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_later_scan_resolves_what_the_code_no_longer_holds() {
    let k = small("1h").await;
    scan(&k).await;
    let open = items(&get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/findings?status=open&limit=200")).await);
    assert!(!open.is_empty());
    // A day later every issue has left the code: the next scan resolves them all.
    k.advance("1d").await;
    let second = scan(&k).await;
    let resolved = get(&k, "/api/v1/finding-events?event_type=resolved_auto&limit=200").await;
    assert_eq!(resolved["total"].as_u64(), Some(open.len() as u64), "{resolved}");
    for event in items(&resolved) {
        assert_has(
            &event,
            json!({"previous_status": "open", "new_status": "resolved", "event_timestamp": second["completed_at"],
                   "metadata": {"scan_batch_id": second["batch_id"]}}),
        );
        assert!(event["scan_id"].is_string(), "{event}");
        let finding = get(
            &k,
            &format!("/api/v1/repositories/{SMALL_REPO}/findings/{}", event["finding_id"].as_str().unwrap_or("")),
        )
        .await;
        assert_has(&finding, json!({"status": "resolved", "resolved_at": second["completed_at"]}));
    }
}

#[tokio::test]
async fn a_later_scan_re_detects_what_the_code_holds_and_reopens_it() {
    let k = small("30d").await;
    let first = scan(&k).await;
    let list = format!("/api/v1/repositories/{SMALL_REPO}/findings?limit=200");
    let before = items(&get(&k, &list).await);
    let target = before[0]["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/repositories/{SMALL_REPO}/findings/{target}");
    let kolega = Api::of(&k.server, "kolega").with_key(SMALL_RW);
    kolega.patch(&path, json!({"status": "resolved"})).await.expect(200);
    k.advance("1h").await;
    let second = scan(&k).await;
    assert_ne!(first["batch_id"], second["batch_id"]);
    let events = get(&k, &format!("/api/v1/finding-events?finding_id={target}")).await;
    let kinds: Vec<&str> =
        events["items"].as_array().expect("items").iter().filter_map(|e| e["event_type"].as_str()).collect();
    assert_eq!(kinds, ["reopened", "resolved_manual", "detected"]);
    assert_has(
        &events["items"][0],
        json!({"previous_status": "resolved", "new_status": "open", "event_timestamp": second["completed_at"],
               "metadata": {"scan_batch_id": second["batch_id"]}}),
    );
    // Everything the first scan found is still there, detected again by the second.
    for f in before {
        let now =
            get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/findings/{}", f["id"].as_str().unwrap_or(""))).await;
        assert_has(&now, json!({"status": "open", "last_detected_at": second["completed_at"]}));
    }
    assert_eq!(get(&k, "/api/v1/finding-events?event_type=resolved_auto").await["total"], 0);
}

#[tokio::test]
async fn history_resolves_a_finding_only_through_a_scan_it_names() {
    let k = Kolega::default().await;
    let mut skip = 0;
    let mut auto = 0;
    loop {
        let page = k.get(&format!("/api/v1/finding-events?event_type=resolved_auto&limit=200&skip={skip}")).await;
        for event in items(&page) {
            assert!(event["scan_id"].is_string(), "{event}");
            let (repo, batch) = (
                event["repository_id"].as_str().unwrap_or(""),
                event["metadata"]["scan_batch_id"].as_str().unwrap_or(""),
            );
            let batch = k.get(&format!("/api/v1/repositories/{repo}/scans/{batch}")).await;
            assert_eq!(batch["completed_at"], event["event_timestamp"], "{event}");
            assert_eq!(batch["scan_type"], event["scan_type"], "{event}");
            auto += 1;
        }
        if page["has_next"] != true {
            break;
        }
        skip += 200;
    }
    assert!(auto > 0, "history has scans that stopped finding something");
    let manual = k.get("/api/v1/finding-events?event_type=resolved_manual&limit=1").await;
    assert!(manual["total"].as_u64().is_some_and(|n| n > 0), "and findings a person resolved: {manual}");
}

#[tokio::test]
async fn a_source_scan_shows_what_its_batch_will_report_before_the_batch_ends() {
    let k = small("30d").await;
    scan(&k).await;
    let batch = start_scan(&k).await;
    let id = batch["batch_id"].as_str().expect("batch id");
    // The source scan has succeeded; the batch is still assessing.
    k.advance("70s").await;
    let progress = get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/scans/{id}/progress")).await;
    assert_eq!(progress["status"], "assessing", "{progress}");
    let shown = progress["repositories"][0]["findings_count"].clone();
    k.advance("1m").await;
    let results = get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/scans/{id}/results")).await;
    assert_eq!(shown, results["findings_count"], "{results}");
}

/// The findings and the whole feed, as a client would see them.
async fn observable(k: &Kolega) -> (Value, Value) {
    let findings = get(k, &format!("/api/v1/repositories/{SMALL_REPO}/findings?limit=200")).await;
    let feed = get(k, "/api/v1/finding-events?limit=200").await;
    (findings, feed)
}

#[tokio::test]
async fn a_clock_jump_and_small_steps_resolve_the_same_findings() {
    let mut seen = Vec::new();
    for steps in [1, 12] {
        let k = small("4h").await;
        scan(&k).await;
        for _ in 0..steps {
            k.advance(&format!("{}m", 12 * 60 / steps)).await;
        }
        scan(&k).await;
        seen.push(observable(&k).await);
    }
    assert!(kinds(&seen[0].1).contains(&"resolved_auto".to_string()), "{}", seen[0].1);
    assert_eq!(seen[0], seen[1]);
}

fn kinds(feed: &Value) -> Vec<String> {
    items(feed).iter().filter_map(|e| e["event_type"].as_str().map(str::to_string)).collect()
}
