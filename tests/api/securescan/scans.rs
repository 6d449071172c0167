//! The CI gate: start a scan, poll it while the clock moves, gate on severity; and the
//! rules around it (paths, cancel, delete, 404s, the rate limit's headers).

use serde_json::json;

use super::{AFTER, ENV, READER, WRITER, server, start_scan, v1};
use crate::helpers::assert_has;

#[tokio::test]
async fn a_ci_gate_starts_a_scan_polls_it_to_completion_and_gates_on_severity() {
    let server = server().await;
    let ci = v1(&server, WRITER);
    let created = ci.post("/scans", json!({"target_path": "/srv/ci/api/"})).await;
    assert_eq!(created.header("x-ratelimit-limit"), "60");
    assert_eq!(created.header("x-ratelimit-remaining"), "59");
    let scan = created.expect(200);
    assert_has(
        &scan,
        json!({"target_path": "/srv/ci/api", "scan_types": ["code", "dependency"], "status": "pending",
               "started_at": null, "findings_count": 0, "risk_score": null, "scanners_run": [], "scanners_skipped": []}),
    );
    let id = scan["id"].as_str().unwrap_or_default().to_string();

    server.advance("1s").await;
    let running = ci.get(&format!("/scans/{id}")).await.expect(200);
    assert_has(
        &running,
        json!({"status": "running", "started_at": "2026-11-23T14:00:00.250000", "completed_at": null}),
    );

    server.advance("30s").await;
    let done = ci.get(&format!("/scans/{id}")).await.expect(200);
    assert_has(
        &done,
        json!({"status": "completed", "completed_at": "2026-11-23T14:00:09.770000", "findings_count": 4,
               "risk_score": 74.8, "error": null, "scanners_run": ["git-hygiene", "secrets", "semgrep", "trivy"]}),
    );
    let skipped: Vec<&str> =
        done["scanners_skipped"].as_array().into_iter().flatten().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(skipped, ["bandit", "licenses", "npm-audit", "safety"]);
    assert_eq!(
        done["scanners_skipped"][0],
        json!({"name": "bandit", "reason": "not installed", "install_hint": "pip install bandit"})
    );

    // The gate: any critical finding fails the build.
    let critical = ci.get(&format!("/scans/{id}/findings?severity=critical")).await.expect(200);
    assert_eq!(critical.as_array().map(Vec::len), Some(2), "{critical}");
    let summary = ci.get(&format!("/scans/{id}/summary")).await.expect(200);
    assert_has(
        &summary,
        json!({"total_findings": 4, "critical": 2, "high": 1, "medium": 1, "low": 0, "risk_score": 74.8}),
    );
}

#[tokio::test]
async fn paths_are_checked_as_securescan_checks_them() {
    let server = server().await;
    let ci = v1(&server, WRITER);
    let missing = ci.post("/scans", json!({"target_path": "/srv/nowhere"})).await;
    assert_eq!(missing.expect(400), json!({"detail": "Path does not exist: /srv/nowhere"}));
    let system = ci.post("/scans", json!({"target_path": "/proc/self"})).await;
    assert_eq!(system.expect(400), json!({"detail": "Scanning system path not allowed: /proc/self"}));
    let empty_types = ci.post("/scans", json!({"target_path": "/srv/ci/api", "scan_types": []})).await;
    assert_eq!(empty_types.status, 422, "{}", empty_types.body);
    // Nothing was created by any of them.
    let scans = ci.get("/scans").await.expect(200);
    assert_eq!(scans.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn cancel_and_delete_follow_the_scans_state() {
    let server = server().await;
    let ci = v1(&server, WRITER);
    let id = start_scan(&server, json!({"target_path": "/srv/ci/web"})).await;
    let live = ci.delete(&format!("/scans/{id}")).await;
    assert_eq!(live.expect(409), json!({"detail": "Cannot delete scan in 'pending' state; cancel it first"}));
    server.advance("2s").await;
    let cancelled = ci.post(&format!("/scans/{id}/cancel"), json!({})).await.expect(200);
    assert_has(&cancelled, json!({"status": "cancelled", "error": "Scan cancelled by user", "scanners_run": []}));
    let again = ci.post(&format!("/scans/{id}/cancel"), json!({})).await;
    assert_eq!(again.expect(409), json!({"detail": "Cannot cancel scan in 'cancelled' state"}));
    server.advance("1m").await;
    assert_eq!(ci.get(&format!("/scans/{id}")).await.expect(200)["status"], json!("cancelled"));

    ci.delete(&format!("/scans/{AFTER}")).await.expect(204);
    let gone = ci.get(&format!("/scans/{AFTER}")).await;
    assert_eq!(gone.expect(404), json!({"detail": "Scan not found"}));
    let findings = v1(&server, READER).get(&format!("/scans/{AFTER}/findings")).await;
    assert_eq!(findings.status, 404);
    assert_eq!(ci.delete(&format!("/scans/{AFTER}")).await.status, 404);
}

#[tokio::test]
async fn forced_failures_fail_the_scan_or_the_scanner() {
    let server = server().await;
    let broken = start_scan(&server, json!({"target_path": "/srv/ci/broken"})).await;
    let flaky = start_scan(&server, json!({"target_path": "/srv/ci/flaky", "scan_types": ["dependency"]})).await;
    server.advance("30s").await;
    let env = v1(&server, ENV);
    let failed = env.get(&format!("/scans/{broken}")).await.expect(200);
    assert_has(&failed, json!({"status": "failed", "error": "Database is locked", "findings_count": 0}));
    let partial = env.get(&format!("/scans/{flaky}")).await.expect(200);
    assert_has(&partial, json!({"status": "completed", "scanners_run": [], "findings_count": 0}));
}
