//! Scans: cancel, filters, the `after` cursor, quotas and findings filters.

use reqwest::Method;
use serde_json::{Value, json};

use super::{BILLING_WORKER, DANA, FIRST_SCAN, PAYMENTS_API, RW_KEY, SAM, anonymous, as_user, ci, text};
use crate::helpers::assert_has;

#[tokio::test]
async fn a_cancelled_scan_is_kept_cancelled_and_cannot_be_cancelled_again() {
    let server = ci().await;
    // A key: an access token would expire in the hour this test waits.
    let dana = anonymous(&server).with_key(RW_KEY);
    let repo = format!("/v1/repositories/{PAYMENTS_API}");
    let scan = dana.post(&format!("{repo}/scans"), json!({"analyzers": ["sast"]})).await.expect(202);
    let path = format!("{repo}/scans/{}", text(&scan, "id"));
    server.advance("30s").await;
    let cancelled = dana.delete(&path).await.expect(200);
    assert_has(&cancelled, json!({"status": "cancelled", "finished_at": "2026-03-10T09:00:30Z"}));
    server.advance("1h").await;
    let later = dana.get(&path).await.expect(200);
    assert_eq!(later["status"], "cancelled", "status");
    assert_eq!(later["progress"], cancelled["progress"], "progress");
    let again = dana.delete(&path).await;
    assert_eq!(again.expect(409), json!({"detail": "Scan already finished (status: cancelled)"}));
    let events = dana.get(&format!("{path}/events")).await.expect(200);
    let items = events["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.last().map(|e| e["type"].clone()), Some(json!("cancelled")));
    assert!(dana.get(&format!("{repo}/findings?scan_id={}", text(&scan, "id"))).await.expect(200)["total"] == 0);
}

#[tokio::test]
async fn a_scan_whose_analyzer_crashes_fails_halfway_through_it_with_its_error() {
    let server = ci().await;
    let sam = anonymous(&server).with_key(&sam_key(&server).await);
    let repo = format!("/v1/repositories/{BILLING_WORKER}");
    server.advance("1m").await;
    let scan = sam.post(&format!("{repo}/scans"), json!({})).await.expect(202);
    let path = format!("{repo}/scans/{}", text(&scan, "id"));
    // queued 5 s, preparing 15 s, then sast, secrets, sca 20 s each: iac starts at 80 s
    // and crashes 10 s into it.
    server.advance("89s").await;
    let running = sam.get(&path).await.expect(200);
    assert_has(&running, json!({"status": "running", "error": null, "progress": {"current_analyzer": "iac"}}));
    server.advance("1s").await;
    let failed = sam.get(&path).await.expect(200);
    assert_has(
        &failed,
        json!({"status": "failed", "error": "checkov exited with status 137 (out of memory)",
               "finished_at": "2026-03-10T09:02:30Z",
               "artifacts": {"sarif": null, "sbom": null, "report": null}}),
    );
    server.advance("1h").await;
    let later = sam.get(&path).await.expect(200);
    assert_has(&later, json!({"status": "failed", "progress": failed["progress"]}));
    let events = sam.get(&format!("{path}/events")).await.expect(200);
    let kinds: Vec<Value> = events["items"].as_array().into_iter().flatten().map(|e| e["type"].clone()).collect();
    assert_eq!(kinds[kinds.len() - 2..], [json!("error"), json!("failed")]);
    assert!(!kinds.contains(&json!("completed")), "{kinds:?}");
    assert_eq!(sam.get(&format!("{repo}/findings")).await.expect(200)["total"], 0);
    assert_eq!(sam.delete(&path).await.expect(409), json!({"detail": "Scan already finished (status: failed)"}));
    // Without iac the same repository scans to completion.
    let whole = sam.post(&format!("{repo}/scans"), json!({"analyzers": ["sast", "secrets"]})).await.expect(202);
    server.advance("1h").await;
    let done = sam.get(&format!("{repo}/scans/{}", text(&whole, "id"))).await.expect(200);
    assert_eq!(done["status"], "completed");
}

/// A read-write key of Sam's: an access token would expire in the hours these tests wait.
async fn sam_key(server: &secmock::MockServer) -> String {
    let sam = as_user(server, SAM).await;
    let key = sam.post("/v1/api-keys/", json!({"name": "ci", "scopes": ["read", "write"]})).await.expect(201);
    text(&key, "key")
}

#[tokio::test]
async fn findings_filter_by_severity_status_and_scan() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let repo = format!("/v1/repositories/{PAYMENTS_API}");
    let all = dana.get(&format!("{repo}/findings?limit=100")).await.expect(200);
    let total = all["total"].as_u64().unwrap_or_default();
    assert!(total > 0);
    let mut by_severity = 0;
    for severity in ["critical", "high", "medium", "low", "info"] {
        let page = dana.get(&format!("{repo}/findings?severity={severity}&limit=100")).await.expect(200);
        let items = page["items"].as_array().cloned().unwrap_or_default();
        assert!(items.iter().all(|f| f["severity"] == severity));
        by_severity += items.len() as u64;
    }
    assert_eq!(by_severity, total);
    let of_scan = dana.get(&format!("{repo}/findings?scan_id={FIRST_SCAN}&limit=100")).await.expect(200);
    assert_eq!(of_scan["total"], total);
    let none = dana.get(&format!("{repo}/findings?status=confirmed")).await.expect(200);
    assert_eq!(none["total"], 0);
    let bad = dana.get(&format!("{repo}/findings?severity=severe")).await;
    assert_eq!(bad.status, 422);
}

#[tokio::test]
async fn a_later_scan_inherits_triage_by_fingerprint() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let repo = format!("/v1/repositories/{PAYMENTS_API}");
    let first = dana.get(&format!("{repo}/findings?limit=1")).await.expect(200)["items"][0].clone();
    let path = format!("{repo}/findings/{}", text(&first, "id"));
    dana.send(Method::PUT, &path, Some(json!({"status": "confirmed", "note": "real"}))).await.expect(200);
    let scan = dana.post(&format!("{repo}/scans"), json!({})).await.expect(202);
    server.advance("10m").await;
    let newer = dana.get(&format!("{repo}/findings?scan_id={}&limit=100", text(&scan, "id"))).await.expect(200);
    let same = newer["items"].as_array().into_iter().flatten().find(|f| f["fingerprint"] == first["fingerprint"]);
    let same = same.expect("found again");
    assert_has(same, json!({"status": "confirmed", "note": "real"}));
    assert_ne!(same["id"], first["id"]);
}

#[tokio::test]
async fn the_scenario_scan_and_its_most_severe_finding_are_as_documented() {
    // Every id and time here follows from platform-ci: nothing needs redacting.
    let server = ci().await;
    let dana = anonymous(&server).with_key(RW_KEY);
    let repo = format!("/v1/repositories/{PAYMENTS_API}");
    let scan = dana.get(&format!("{repo}/scans/{FIRST_SCAN}")).await.expect(200);
    insta::assert_json_snapshot!("platform_ci_first_scan", scan, {".artifacts.*.url" => "[signed url]", ".artifacts.*.expires_at" => "[in an hour]"});
    let first = dana.get(&format!("{repo}/findings?limit=1")).await.expect(200);
    let path = format!("{repo}/findings/{}", text(&first["items"][0], "id"));
    insta::assert_json_snapshot!("platform_ci_first_finding", dana.get(&path).await.expect(200));
}
