//! Findings of a scan: filters, order and limit, fingerprints that survive a rescan,
//! compare, and triage carried across scans.

use serde_json::json;

use super::{AFTER, BEFORE, READER, WRITER, server, start_scan, v1};
use crate::helpers::assert_has;

#[tokio::test]
async fn findings_are_listed_most_severe_first_filtered_and_limited() {
    let server = server().await;
    let reader = v1(&server, READER);
    let all = reader.get(&format!("/scans/{AFTER}/findings")).await.expect(200);
    let severities: Vec<&str> = all.as_array().into_iter().flatten().filter_map(|f| f["severity"].as_str()).collect();
    assert_eq!(severities, ["critical", "critical", "high", "medium"]);
    assert_has(
        &all[2],
        json!({"scan_id": AFTER, "scanner": "semgrep", "scan_type": "code", "cwe": "CWE-89", "state": null}),
    );
    let top = reader.get(&format!("/scans/{AFTER}/findings?limit=1")).await.expect(200);
    assert_eq!(top.as_array().map(Vec::len), Some(1));
    let deps = reader.get(&format!("/scans/{AFTER}/findings?scan_type=dependency")).await.expect(200);
    assert_has(&deps[0], json!({"scanner": "trivy", "rule_id": "CVE-2020-14343", "metadata": {"package": "PyYAML"}}));
    let none = reader.get(&format!("/scans/{AFTER}/findings?severity=HIGH")).await.expect(200);
    assert_eq!(none, json!([]));
    let bad_limit = reader.get(&format!("/scans/{AFTER}/findings?limit=0")).await;
    assert_eq!(bad_limit.status, 422);
    let unknown = reader.get("/scans/nope/findings").await;
    assert_eq!(unknown.expect(404), json!({"detail": "Scan not found"}));
}

#[tokio::test]
async fn compare_names_new_fixed_and_unchanged_findings() {
    let server = server().await;
    let reader = v1(&server, READER);
    let diff = reader.get(&format!("/scans/compare?scan_a={BEFORE}&scan_b={AFTER}")).await.expect(200);
    assert_has(&diff, json!({"summary": {"new_count": 2, "fixed_count": 1, "unchanged_count": 2}}));
    assert_eq!(diff["fixed_findings"][0]["rule_id"], json!("python.lang.security.deserialization.pickle.avoid-pickle"));
    let missing = reader.get(&format!("/scans/compare?scan_a=nope&scan_b={AFTER}")).await;
    assert_eq!(missing.expect(404), json!({"detail": "Scan A not found"}));
}

#[tokio::test]
async fn a_rescan_keeps_fingerprints_and_triage_follows_them() {
    let server = server().await;
    let before = v1(&server, READER).get(&format!("/scans/{AFTER}/findings")).await.expect(200);
    let fingerprint = before[0]["fingerprint"].as_str().unwrap_or_default().to_string();
    assert_eq!(fingerprint.len(), 64);
    let verdict = v1(&server, WRITER)
        .patch(&format!("/findings/{fingerprint}/state"), json!({"status": "false_positive", "note": "test key"}))
        .await
        .expect(200);
    assert_has(&verdict, json!({"fingerprint": fingerprint, "status": "false_positive", "updated_by": null}));

    let id = start_scan(&server, json!({"target_path": "/srv/ci/api"})).await;
    server.advance("30s").await;
    let rescan = v1(&server, READER).get(&format!("/scans/{id}/findings")).await.expect(200);
    let same = rescan.as_array().into_iter().flatten().find(|f| f["fingerprint"] == json!(fingerprint));
    assert_has(same.unwrap_or(&json!(null)), json!({"state": {"status": "false_positive", "note": "test key"}}));
}
