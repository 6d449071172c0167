//! The client flow end to end, as a client developer walks it: log in, create a project,
//! add a repository, wait for it to be ready, scan it, follow the scan, read findings
//! located in the repository's own files, triage one, and read the project's rollups.

use reqwest::Method;
use serde_json::{Value, json};

use super::{DANA, as_user, ci, text};
use crate::helpers::{Api, assert_has};

/// Every event after `after`, and the last sequence seen.
async fn events_after(api: &Api, path: &str, after: u64) -> (Vec<Value>, u64) {
    let page = api.get(&format!("{path}/events?after={after}&limit=500")).await.expect(200);
    let items = page["items"].as_array().cloned().unwrap_or_default();
    let last = items.last().and_then(|e| e["sequence"].as_u64()).unwrap_or(after);
    (items, last)
}

#[tokio::test]
async fn login_project_repository_scan_findings_in_real_files_triage_rollups() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let project = dana.post("/v1/projects/", json!({"name": "fraud"})).await.expect(201);
    let pid = text(&project, "id");
    let body = json!({"name": "fraud-api", "source_type": "git",
                      "source_url": "https://github.com/acme/fraud-api.git", "branch": "main"});
    let repo = dana.post(&format!("/v1/projects/{pid}/repositories"), body).await.expect(201);
    assert_has(&repo, json!({"project_id": pid, "name": "fraud-api", "ingest_status": "pending", "file_count": null}));
    let rid = text(&repo, "id");
    let repo_path = format!("/v1/repositories/{rid}");
    let early = dana.post(&format!("{repo_path}/scans"), json!({})).await;
    assert_eq!(early.expect(409), json!({"detail": "Repository snapshot is not ready (ingest_status: pending)"}));
    server.advance("5s").await;
    assert_eq!(dana.get(&repo_path).await.expect(200)["ingest_status"], "ingesting");
    server.advance("5s").await;
    let ready = dana.get(&repo_path).await.expect(200);
    assert_eq!(ready["ingest_status"], "ready");
    assert!(ready["commit_sha"].as_str().is_some_and(|s| s.len() == 40), "{ready}");

    let tree = dana.get(&format!("{repo_path}/source-tree")).await.expect(200);
    let paths: Vec<String> = tree["items"].as_array().into_iter().flatten().map(|e| text(e, "path")).collect();
    assert_eq!(json!(paths.len()), ready["file_count"]);

    let scan = dana.post(&format!("{repo_path}/scans"), json!({})).await.expect(202);
    assert_has(&scan, json!({"status": "queued", "progress": {"percent": 0, "phase": "queued"}}));
    let scan_path = format!("{repo_path}/scans/{}", text(&scan, "id"));
    let again = dana.post(&format!("{repo_path}/scans"), json!({})).await;
    let busy = format!("Repository already has a scan in progress ({})", text(&scan, "id"));
    assert_eq!(again.expect(409), json!({"detail": busy}));

    // Progress only grows; events arrive once each, in sequence, through the cursor.
    let (mut last_percent, mut cursor, mut seen) = (0, 0, Vec::new());
    for _ in 0..12 {
        server.advance("10s").await;
        let now = dana.get(&scan_path).await.expect(200);
        let percent = now["progress"]["percent"].as_u64().unwrap_or_default();
        assert!(percent >= last_percent, "{percent} after {last_percent}");
        last_percent = percent;
        let (new, last) = events_after(&dana, &scan_path, cursor).await;
        seen.extend(new.iter().filter_map(|e| e["sequence"].as_u64()));
        cursor = last;
    }
    assert_eq!(seen, (1..=seen.len() as u64).collect::<Vec<_>>());
    let done = dana.get(&scan_path).await.expect(200);
    assert_has(&done, json!({"status": "completed", "progress": {"percent": 100, "phase": "done"}}));
    assert!(done["artifacts"]["sarif"]["url"].is_string());
    let (all, _) = events_after(&dana, &scan_path, 0).await;
    assert_eq!(all.last().map(|e| e["type"].clone()), Some(json!("completed")));

    // Every finding is in a file of the tree, on lines that file has, with its snippet.
    let findings = dana.get(&format!("{repo_path}/findings?limit=100")).await.expect(200);
    let items = findings["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    for f in &items {
        let path = text(f, "file_path");
        assert!(paths.contains(&path), "{path} is in the tree");
        let file = dana.get(&format!("{repo_path}/source-files/{path}")).await.expect(200);
        let lines: Vec<&str> = file["content"].as_str().unwrap_or_default().lines().collect();
        let (start, end) =
            (f["start_line"].as_u64().unwrap_or(0) as usize, f["end_line"].as_u64().unwrap_or(0) as usize);
        assert!(start >= 1 && end <= lines.len(), "{path}:{start}-{end}");
        assert_eq!(lines[start - 1..end].join("\n"), text(f, "snippet"), "{path}");
    }

    // Triage one, and the rollup counts it out once dismissed.
    let first = &items[0];
    let finding_path = format!("{repo_path}/findings/{}", text(first, "id"));
    let body = json!({"status": "dismissed", "note": "test fixture"});
    let triaged = dana.send(Method::PUT, &finding_path, Some(body)).await.expect(200);
    assert_has(&triaged, json!({"status": "dismissed", "note": "test fixture"}));
    assert_eq!(triaged["status_history"].as_array().map(Vec::len), Some(2));
    let dismissed = dana.get(&format!("{repo_path}/findings?status=dismissed")).await.expect(200);
    assert_eq!(dismissed["total"], 1);
    let project = dana.get(&format!("/v1/projects/{pid}")).await.expect(200);
    let open = &project["scan_rollup"]["open_findings"];
    let sum: u64 = ["critical", "high", "medium", "low", "info"].iter().filter_map(|s| open[*s].as_u64()).sum();
    assert_eq!(sum as usize, items.len() - 1);
    assert_has(&project, json!({"repository_count": 1, "scan_rollup": {"total": 1, "completed": 1}}));
    let union = dana.get(&format!("/v1/projects/{pid}/findings?limit=100")).await.expect(200);
    assert_eq!(union["total"], findings["total"]);
    let project_events = dana.get(&format!("/v1/projects/{pid}/events?type=completed")).await.expect(200);
    assert_eq!(project_events["total"], 1);
}
