//! The dashboard, computed from the world: scanner status and installation, stats,
//! trends, the directory picker, compliance.

use serde_json::json;

use super::{ADMIN, AFTER, ENV, READER, server, start_scan, v1};
use crate::helpers::assert_has;

#[tokio::test]
async fn scanner_status_is_the_registry_and_installing_makes_a_scanner_run() {
    let server = server().await;
    let env = v1(&server, ENV);
    let status = env.get("/dashboard/status").await.expect(200);
    let names: Vec<&str> =
        status["scanners"].as_array().into_iter().flatten().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names.len(), 14);
    assert_eq!(names[..3], ["semgrep", "bandit", "trivy"]);
    assert_has(
        &status["scanners"][1],
        json!({"available": false, "installable": true, "install_hint": "pip install bandit",
               "message": "bandit is not installed. Install with: pip install bandit"}),
    );
    assert!(status["checked_at"].as_str().is_some_and(|t| t.ends_with("+00:00")));

    let trivy = v1(&server, ADMIN).post("/dashboard/install/trivy", json!(null)).await;
    assert_eq!(trivy.expect(400), json!({"detail": "Scanner 'trivy' cannot be auto-installed. Install it manually."}));
    let bandit = v1(&server, ADMIN).post("/dashboard/install/bandit", json!(null)).await.expect(200);
    assert_has(&bandit, json!({"success": true, "message": "Successfully installed bandit"}));
    let id = start_scan(&server, json!({"target_path": "/srv/ci/api", "scan_types": ["code"]})).await;
    server.advance("30s").await;
    let scan = env.get(&format!("/scans/{id}")).await.expect(200);
    assert!(scan["scanners_run"].as_array().is_some_and(|r| r.contains(&json!("bandit"))), "{scan}");
}

#[tokio::test]
async fn stats_and_trends_are_computed_from_the_scans() {
    let server = server().await;
    let reader = v1(&server, READER);
    let stats = reader.get("/dashboard/stats").await.expect(200);
    assert_has(&stats, json!({"total_scans": 2, "completed_scans": 2}));
    let scans = reader.get("/scans").await.expect(200);
    let total: u64 = scans.as_array().into_iter().flatten().filter_map(|s| s["findings_count"].as_u64()).sum();
    assert_eq!(stats["total_findings"], json!(total));
    let trends = reader.get("/dashboard/trends?days=7").await.expect(200);
    let dates: Vec<&str> = trends["data"].as_array().into_iter().flatten().filter_map(|p| p["date"].as_str()).collect();
    assert_eq!(dates, ["2026-11-21", "2026-11-22"]);
    assert_eq!(reader.get("/dashboard/trends?days=0").await.status, 422);
}

#[tokio::test]
async fn compliance_coverage_comes_from_the_scans_findings() {
    let server = server().await;
    let reader = v1(&server, READER);
    let frameworks = reader.get("/compliance/frameworks").await.expect(200);
    assert_eq!(frameworks["frameworks"].as_array().map(Vec::len), Some(4));
    let coverage = reader.get(&format!("/compliance/coverage?scan_id={AFTER}")).await.expect(200);
    let owasp =
        coverage["coverage"].as_array().into_iter().flatten().find(|c| c["framework_id"] == json!("owasp-top10-2021"));
    let violated = owasp.map(|c| c["controls_violated"].clone()).unwrap_or_default();
    assert!(violated.as_array().is_some_and(|v| v.contains(&json!("A03"))), "SQL injection is A03: {violated}");
    let unknown = reader.get("/compliance/coverage?scan_id=nope").await;
    assert_eq!(unknown.expect(404), json!({"detail": "Scan not found"}));
    let missing = reader.get("/browse?path=/no/such/folder").await;
    assert_eq!(missing.expect(400), json!({"detail": "Invalid or non-existent path"}));
    let root = reader.get("/browse?path=/").await.expect(200);
    assert_has(&root, json!({"current": "/", "parent": null}));
}
