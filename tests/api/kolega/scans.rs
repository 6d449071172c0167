//! Scan batches: states over virtual time with a per-source breakdown, failures at the
//! profile's rates, findings that appear exactly once when the batch finishes, re-scans
//! that re-detect instead of duplicating, filters, and determinism across clock moves.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, LEGACY, PAYMENTS, RW, SMALL_MONO, SMALL_REPO, SMALL_RW, ids, small_section};
use crate::helpers::assert_has;

const START: &str = "2026-05-04T08:00:00Z";

fn fast(failure_rate: f64, partial: f64) -> Value {
    let profile = json!({"queued": "2s", "creating": "4s", "scanning": "60s", "assessing": "10s",
                         "failure_rate": failure_rate, "partial_failure_rate": partial});
    json!({"scans": {"secrets_scan": profile, "semgrep_scan": profile, "deep_ai_scan": profile, "sbom_scan": profile}})
}

async fn small(timing: Value) -> Kolega {
    let k = Kolega::default().await;
    let (status, body) = k.load_section(7, START, small_section(timing, json!({}))).await;
    assert_eq!(status, 200, "{body}");
    k
}

async fn scan(k: &Kolega, repo: &str, scan_type: &str) -> String {
    let (status, batch) = k
        .call(
            Method::POST,
            &format!("/api/v1/repositories/{repo}/scans"),
            Some(SMALL_RW),
            Some(json!({"scan_type": scan_type})),
        )
        .await;
    assert_eq!(status, 202, "{batch}");
    batch["batch_id"].as_str().expect("batch id").to_string()
}

async fn get(k: &Kolega, path: &str) -> Value {
    let (status, body) = k.call(Method::GET, path, Some(SMALL_RW), None).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[tokio::test]
async fn a_multi_source_batch_creates_scans_one_by_one_and_reports_each() {
    let k = small(fast(0.0, 0.0)).await;
    let id = scan(&k, SMALL_MONO, "semgrep_scan").await;
    let progress = format!("/api/v1/repositories/{SMALL_MONO}/scans/{id}/progress");
    let queued = get(&k, &progress).await;
    // One pending entry per source, in the repository's order.
    insta::assert_json_snapshot!("multi_source_queued", queued);

    k.advance("4s").await;
    let creating = get(&k, &progress).await;
    // Scans are created one at a time: the first is queued for a scanner, the rest wait.
    insta::assert_json_snapshot!("multi_source_creating", creating);

    k.advance("30s").await;
    let scanning = get(&k, &progress).await;
    assert_has(&scanning, json!({"status": "scanning", "scans_created": 3}));
    assert!(
        scanning["repositories"]
            .as_array()
            .expect("repos")
            .iter()
            .all(|r| r["status"] == "running" && r["findings_count"].is_null())
    );
    let percent = scanning["percent_complete"].as_f64().expect("percent");
    assert!(percent > 5.0 && percent < 85.0, "{percent}");
    let results = get(&k, &format!("/api/v1/repositories/{SMALL_MONO}/scans/{id}/results")).await;
    assert_has(&results, json!({"status": "scanning", "findings_count": 0}));

    k.advance("5m").await;
    let done = get(&k, &progress).await;
    insta::assert_json_snapshot!("multi_source_completed", done);
    let per_source: u64 =
        done["repositories"].as_array().expect("repos").iter().filter_map(|r| r["findings_count"].as_u64()).sum();
    let results = get(&k, &format!("/api/v1/repositories/{SMALL_MONO}/scans/{id}/results")).await;
    assert_eq!(results["findings_count"], per_source);
    let batch = get(&k, &format!("/api/v1/repositories/{SMALL_MONO}/scans/{id}")).await;
    assert_eq!(batch["completed_at"], done["completed_at"]);
}

#[tokio::test]
async fn failure_rates_give_failed_and_partial_failure_batches() {
    let k = small(fast(1.0, 0.0)).await;
    let id = scan(&k, SMALL_REPO, "secrets_scan").await;
    k.advance("10m").await;
    let failed = get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/scans/{id}/progress")).await;
    assert_has(&failed, json!({"status": "failed", "percent_complete": 100.0}));
    assert!(
        failed["error_message"].as_str().is_some_and(|m| m.starts_with("Repository scan failed: test/api: ")),
        "{failed}"
    );
    assert_eq!(failed["repositories"][0]["status"], "failed");
    assert!(failed["repositories"][0]["status_reason"].is_string());
    let results = get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/scans/{id}/results")).await;
    assert_has(&results, json!({"status": "failed", "findings_count": 0}));

    let k = small(fast(0.0, 1.0)).await;
    let id = scan(&k, SMALL_MONO, "sbom_scan").await;
    k.advance("10m").await;
    let partial = get(&k, &format!("/api/v1/repositories/{SMALL_MONO}/scans/{id}/progress")).await;
    assert_eq!(partial["status"], "partial_failure");
    let failed = partial["scans_failed"].as_u64().expect("failed");
    assert!((1..3).contains(&failed));
    assert_eq!(partial["scans_completed"].as_u64(), Some(3 - failed));
    assert!(
        partial["error_message"]
            .as_str()
            .is_some_and(|m| m.starts_with(&format!("{failed} of 3 repository scans failed: ")))
    );
    for r in partial["repositories"].as_array().expect("repos") {
        assert_eq!(r["status"] == "failed", r["findings_count"].is_null(), "{r}");
    }
    // A single-source repository cannot partly fail.
    let id = scan(&k, SMALL_REPO, "sbom_scan").await;
    k.advance("10m").await;
    assert_eq!(get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/scans/{id}")).await["status"], "completed");
}

#[tokio::test]
async fn findings_appear_exactly_once_and_a_rescan_re_detects_them() {
    let k = small(fast(0.0, 0.0)).await;
    let first = scan(&k, SMALL_REPO, "semgrep_scan").await;
    let findings = format!("/api/v1/repositories/{SMALL_REPO}/findings?limit=200");
    assert_eq!(get(&k, &findings).await["total"], 0);
    k.advance("90s").await;
    let after = get(&k, &findings).await;
    let count = after["total"].as_u64().expect("total");
    assert!(count > 0);
    k.advance("1h").await;
    assert_eq!(get(&k, &findings).await, after, "reads and time add nothing");
    let feed = get(&k, "/api/v1/finding-events?event_type=detected&limit=200").await;
    assert_eq!(feed["total"], count, "one detected event per finding");
    assert!(
        feed["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|e| e["metadata"]["scan_batch_id"] == first.as_str() && e["scan_id"].is_string())
    );

    let second = scan(&k, SMALL_REPO, "semgrep_scan").await;
    k.advance("90s").await;
    let results = get(&k, &format!("/api/v1/repositories/{SMALL_REPO}/scans/{second}/results")).await;
    let again = get(&k, &findings).await["total"].as_u64().expect("total");
    let reported = results["findings_count"].as_u64().expect("count");
    assert!(
        again < count + reported,
        "some findings were re-detected rather than duplicated ({count} + {reported} -> {again})"
    );
    let first_ids: Vec<String> = ids(&get(&k, &format!("{findings}&scan_batch_id={first}")).await);
    let second_ids: Vec<String> = ids(&get(&k, &format!("{findings}&scan_batch_id={second}")).await);
    assert!(second_ids.iter().any(|id| first_ids.contains(id)));
}

#[tokio::test]
async fn the_list_filters_by_type_and_current_status_newest_first() {
    let k = small(fast(0.0, 0.0)).await;
    let older = scan(&k, SMALL_REPO, "secrets_scan").await;
    k.advance("2m").await;
    let newer = scan(&k, SMALL_REPO, "sbom_scan").await;
    let list = |q: &str| format!("/api/v1/repositories/{SMALL_REPO}/scans?{q}");
    assert_eq!(ids(&get(&k, &list("")).await), [newer.clone(), older.clone()]);
    assert_eq!(ids(&get(&k, &list("scan_type=secrets_scan")).await), std::slice::from_ref(&older));
    assert_eq!(ids(&get(&k, &list("status=completed")).await), std::slice::from_ref(&older));
    assert_eq!(ids(&get(&k, &list("status=queued")).await), std::slice::from_ref(&newer));
    k.advance("3m").await;
    assert_eq!(ids(&get(&k, &list("status=completed")).await), [newer.clone(), older]);
    assert_eq!(get(&k, &list("status=scanning")).await["total"], 0);
    // A plain string in Kolega's document: `running` is no batch status, so nothing matches.
    assert_eq!(get(&k, &list("status=running")).await["total"], 0);
    let (status, body) = k.call(Method::GET, &list("scan_type=dast_scan"), Some(SMALL_RW), None).await;
    assert_eq!(status, 422, "scan_type stays an enum here: {body}");
    assert_eq!(body["detail"][0]["type"], "enum", "scan_type stays an enum here");
}

#[tokio::test]
async fn unknown_and_misplaced_batch_ids_are_404() {
    let k = Kolega::default().await;
    let batch =
        k.post(&format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "secrets_scan"}), 202).await;
    let id = batch["batch_id"].as_str().expect("id");
    for path in [
        format!("/api/v1/repositories/{LEGACY}/scans/{id}"),
        format!("/api/v1/repositories/{PAYMENTS}/scans/00000000-0000-4000-8000-000000000000/progress"),
        format!("/api/v1/repositories/{PAYMENTS}/scans/nope/results"),
    ] {
        let (status, body) = k.call(Method::GET, &path, Some(RW), None).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body, json!({"detail": "Scan not found"}), "{path}");
    }
}

/// Everything a client can read about one repository, plus the whole event feed.
async fn observable(k: &Kolega) -> Value {
    json!({
        "scans": get(k, &format!("/api/v1/repositories/{SMALL_MONO}/scans")).await,
        "findings": get(k, &format!("/api/v1/repositories/{SMALL_MONO}/findings?limit=200")).await,
        "events": get(k, "/api/v1/finding-events?limit=200").await,
    })
}

#[tokio::test]
async fn a_jump_of_an_hour_and_small_steps_give_the_same_world() {
    let jump = small(fast(0.0, 0.5)).await;
    let steps = small(fast(0.0, 0.5)).await;
    for k in [&jump, &steps] {
        scan(k, SMALL_MONO, "semgrep_scan").await;
        k.advance("20s").await;
        scan(k, SMALL_MONO, "deep_ai_scan").await;
    }
    jump.advance("1h").await;
    for _ in 0..60 {
        steps.advance("1m").await;
        get(&steps, &format!("/api/v1/repositories/{SMALL_MONO}/findings")).await;
        get(&steps, "/api/v1/finding-events").await;
    }
    let (a, b) = (observable(&jump).await, observable(&steps).await);
    assert!(a["findings"]["total"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(a, b);
}
