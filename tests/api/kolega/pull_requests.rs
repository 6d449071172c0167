//! What happens to a fix's pull request, at the rates `timing.fixes` sets: it merges
//! (`resolved_pr_merged`, or `resolved_pr_linked` through a developer's linked pull
//! request) and the fix's findings are resolved for good, or opening or updating it fails
//! (`pr_creation_failed`, `pr_update_failed`). The scenario's history follows the same
//! rules.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, SMALL_REPO, SMALL_RW, small_section};
use crate::helpers::assert_has;

async fn call(k: &Kolega, method: Method, path: &str, body: Option<Value>, want: u16) -> Value {
    let (status, reply) = k.call(method, path, Some(SMALL_RW), body).await;
    assert_eq!(status, want, "{path}: {reply}");
    reply
}

/// A small world with `fixes` timing, one semgrep scan done, and a completed fix of its
/// first two findings; the fix's path and its findings.
async fn fixed(fixes: Value) -> (Kolega, String, Vec<String>) {
    let k = Kolega::default().await;
    let scans = json!({"semgrep_scan": {"scanning": "60s", "finding_lifetime": "300d"}});
    let section = small_section(json!({"scans": scans, "fixes": fixes}), json!({}));
    let (status, body) = k.load_section(11, "2026-05-04T08:00:00Z", section).await;
    assert_eq!(status, 200, "{body}");
    let repo = format!("/api/v1/repositories/{SMALL_REPO}");
    call(&k, Method::POST, &format!("{repo}/scans"), Some(json!({"scan_type": "semgrep_scan"})), 202).await;
    k.advance("5m").await;
    let found = call(&k, Method::GET, &format!("{repo}/findings?limit=2"), None, 200).await;
    let findings: Vec<String> =
        found["items"].as_array().expect("items").iter().filter_map(|f| f["id"].as_str().map(str::to_string)).collect();
    assert_eq!(findings.len(), 2, "{found}");
    let body = json!({"finding_ids": findings, "title": "t", "instructions": "i", "source_repo": "test/api"});
    let fix = call(&k, Method::POST, &format!("{repo}/fixes"), Some(body), 201).await;
    k.advance("10m").await;
    let path = format!("{repo}/fixes/{}", fix["id"].as_str().expect("id"));
    assert_eq!(call(&k, Method::GET, &path, None, 200).await["status"], "completed");
    (k, path, findings)
}

async fn events(k: &Kolega, kind: &str) -> Vec<Value> {
    let page = call(k, Method::GET, &format!("/api/v1/finding-events?event_type={kind}&limit=200"), None, 200).await;
    page["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_merged_pull_request_resolves_the_fixs_findings_for_good() {
    let (k, path, findings) = fixed(json!({"pr_merge_rate": 1.0, "pr_merge_after": "2h", "pr_link_rate": 0.0})).await;
    let opened = call(&k, Method::POST, &format!("{path}/pull-requests"), Some(json!({})), 201).await;
    assert_has(&opened["pull_requests"][0], json!({"merge_status": "open", "merged_at": null}));
    k.advance("4h").await;
    let fix = call(&k, Method::GET, &path, None, 200).await;
    let pr = &fix["pull_requests"][0];
    assert_eq!(pr["merge_status"], "merged", "{fix}");
    let merged = events(&k, "resolved_pr_merged").await;
    assert_eq!(merged.len(), 2);
    for (event, finding) in merged.iter().rev().zip(&findings) {
        assert_has(
            event,
            json!({"finding_id": finding, "previous_status": "open", "new_status": "resolved",
                   "event_timestamp": pr["merged_at"],
                   "metadata": {"fix_id": fix["id"], "pr_number": pr["pr_number"], "pr_url": pr["pr_url"]}}),
        );
    }
    // The code no longer holds them: a later scan does not reopen them.
    let repo = format!("/api/v1/repositories/{SMALL_REPO}");
    call(&k, Method::POST, &format!("{repo}/scans"), Some(json!({"scan_type": "semgrep_scan"})), 202).await;
    k.advance("5m").await;
    assert!(events(&k, "reopened").await.is_empty());
    for finding in &findings {
        let f = call(&k, Method::GET, &format!("{repo}/findings/{finding}"), None, 200).await;
        assert_has(&f, json!({"status": "resolved", "resolved_at": pr["merged_at"]}));
    }
}

#[tokio::test]
async fn a_merge_through_a_linked_pull_request_is_resolved_pr_linked() {
    let (k, path, _) = fixed(json!({"pr_merge_rate": 1.0, "pr_merge_after": "1h", "pr_link_rate": 1.0})).await;
    call(&k, Method::POST, &format!("{path}/pull-requests"), Some(json!({})), 201).await;
    k.advance("2h").await;
    assert_eq!(events(&k, "resolved_pr_linked").await.len(), 2);
    assert!(events(&k, "resolved_pr_merged").await.is_empty());
}

#[tokio::test]
async fn opening_a_pull_request_can_fail_and_spends_nothing() {
    let (k, path, _) = fixed(json!({"pr_creation_failure_rate": 1.0})).await;
    let quota = || call(&k, Method::GET, "/api/v1/quotas/balance", None, 200);
    let before = quota().await["prs"]["used"].clone();
    let reply = call(&k, Method::POST, &format!("{path}/pull-requests"), Some(json!({})), 201).await;
    assert_eq!(reply["pull_requests"], json!([]));
    let fix = call(&k, Method::GET, &format!("{path}/progress"), None, 200).await;
    assert_eq!(fix["status"], "pr_creation_failed");
    assert!(fix["error_message"].as_str().is_some_and(|m| m.starts_with("Failed to create pull request")));
    assert_eq!(quota().await["prs"]["used"], before);
    assert!(events(&k, "fix_pr_created").await.is_empty());
    // A retry is allowed (and fails again at this rate).
    call(&k, Method::POST, &format!("{path}/pull-requests"), Some(json!({})), 201).await;
}

#[tokio::test]
async fn pushing_a_refined_run_can_fail() {
    let (k, path, _) = fixed(json!({"pr_update_failure_rate": 1.0, "pr_merge_rate": 0.0})).await;
    call(&k, Method::POST, &format!("{path}/pull-requests"), Some(json!({})), 201).await;
    call(&k, Method::POST, &format!("{path}/refine"), Some(json!({"instructions": "again"})), 200).await;
    k.advance("15m").await;
    let fix = call(&k, Method::GET, &format!("{path}/progress"), None, 200).await;
    assert_eq!(fix["status"], "pr_update_failed", "{fix}");
    assert!(events(&k, "fix_pr_updated").await.is_empty());
    assert_eq!(events(&k, "fix_completed").await.len(), 4, "both runs completed, for two findings");
}

#[tokio::test]
async fn history_merges_pull_requests_by_the_same_rules() {
    let k = Kolega::default().await;
    let documented = k.get(&format!("/api/v1/repositories/{}/fixes/{}", super::PAYMENTS, super::SQLI_FIX)).await;
    assert_eq!(documented["pull_requests"][0]["merge_status"], "open", "pinned open by the scenario");

    let mut section = small_section(json!({"fixes": {"pr_merge_after": "1h", "pr_link_rate": 0.0}}), json!({}));
    let finding = "44444444-4444-4444-8444-444444444444";
    section["organizations"][0]["repositories"][0]["findings"] = json!([{"id": finding,
        "check_id": "python.lang.security.audit.formatted-sql-query.formatted-sql-query",
        "file_path": "src/db.py", "detected_ago": "3d"}]);
    section["organizations"][0]["repositories"][0]["fixes"] = json!([{"finding_ids": [finding], "title": "t",
        "ago": "2d", "outcome": "completed", "pull_request": true, "pr_merged": true}]);
    let (status, body) = k.load_section(5, "2026-05-04T08:00:00Z", section).await;
    assert_eq!(status, 200, "{body}");
    let fixes = call(&k, Method::GET, &format!("/api/v1/repositories/{SMALL_REPO}/fixes"), None, 200).await;
    let pr = &fixes["items"][0]["pull_requests"][0];
    assert_eq!(pr["merge_status"], "merged", "{fixes}");
    let merged = events(&k, "resolved_pr_merged").await;
    assert_eq!(merged.len(), 1);
    assert_has(&merged[0], json!({"finding_id": finding, "event_timestamp": pr["merged_at"]}));
}
