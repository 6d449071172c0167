//! Fixes: creation rules, the run over time (heartbeat, diff), refine, cancel, pull
//! requests and the refusals between them, and the finding events each step writes.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, LEGACY, PAYMENTS, RW, SMALL_REPO, SMALL_RW, SQLI, SQLI_FIX, small_section};
use crate::helpers::assert_has;

fn fix_body(findings: &[&str]) -> Value {
    json!({"finding_ids": findings, "title": "Parameterize invoice queries", "instructions": "Use bound parameters.", "source_repo": "acme/payments-api"})
}

/// `POST …/cancel` has no body.
async fn cancel(k: &Kolega, fix_path: &str, status: u16) -> Value {
    let (got, body) = k.call(Method::POST, &format!("{fix_path}/cancel"), Some(RW), None).await;
    assert_eq!(got, status, "{body}");
    body
}

async fn event_kinds(k: &Kolega, finding: &str) -> Vec<String> {
    let feed = k.get(&format!("/api/v1/finding-events?finding_id={finding}&limit=50")).await;
    feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| e["event_type"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn creating_a_fix_needs_the_repositorys_own_findings() {
    let k = Kolega::default().await;
    let path = format!("/api/v1/repositories/{PAYMENTS}/fixes");
    let before = k.get(&path).await["total"].clone();
    let events_before = k.get("/api/v1/finding-events").await["total"].clone();
    for unknown in ["nope", "00000000-0000-4000-8000-000000000000"] {
        let reply = k.post(&path, fix_body(&[SQLI, unknown]), 404).await;
        assert_eq!(reply["detail"], format!("Finding not found: {unknown} is not a finding of this repository"));
    }
    let (status, _) =
        k.call(Method::POST, &format!("/api/v1/repositories/{LEGACY}/fixes"), Some(RW), Some(fix_body(&[SQLI]))).await;
    assert_eq!(status, 404, "a finding of another repository");
    let mut elsewhere = fix_body(&[SQLI]);
    elsewhere["source_repo"] = json!("evil/other");
    let reply = k.post(&path, elsewhere, 404).await;
    assert_eq!(reply["detail"], "Source repository not found: evil/other is not a source of this repository");
    assert_eq!(k.get(&path).await["total"], before, "nothing created");
    assert_eq!(k.get("/api/v1/finding-events").await["total"], events_before, "no event written");

    // Optional as published: a fix driven by instructions alone; the provider defaults to GitHub.
    let minimal = k.post(&path, json!({"title": "Harden session cookies", "instructions": "Set Secure and HttpOnly.", "source_repo": "acme/payments-api"}), 201).await;
    // No findings, provider github, branch the source's default (main).
    insta::assert_json_snapshot!("minimal_fix", minimal);
    let with = k.post(&path, fix_body(&[SQLI]), 201).await;
    let listed = k.get(&format!("{path}?finding_id={SQLI}")).await;
    assert_eq!(listed["items"][0]["id"], with["id"], "newest first, filtered by finding");
    assert_eq!(listed["total"], 2, "the new fix and the documented one");
}

#[tokio::test]
async fn a_fix_runs_reports_a_heartbeat_and_shows_its_diff_when_done() {
    let k = Kolega::default().await;
    let fix = k.post(&format!("/api/v1/repositories/{PAYMENTS}/fixes"), fix_body(&[SQLI]), 201).await;
    let path = format!("/api/v1/repositories/{PAYMENTS}/fixes/{}", fix["id"].as_str().expect("id"));
    let pending = k.get(&format!("{path}/progress")).await;
    insta::assert_json_snapshot!("pending_fix_progress", pending);
    assert_eq!(pending["fix_id"], fix["id"]);
    k.advance("64s").await;
    let running = k.get(&format!("{path}/progress")).await;
    assert_eq!(running["status"], "running");
    assert!(running["agent_steps_completed"].as_u64().is_some_and(|s| s >= 5), "{running}");
    assert_eq!(running["duration_seconds"].as_f64(), Some(60.0));
    assert!(running["latest_activity_at"].as_str() <= Some(k.now().await.as_str()));
    assert_eq!(k.get(&format!("{path}/diff")).await["diff"], Value::Null);
    let got = k.get(&path).await;
    assert!(got["source_base_commit_sha"].as_str().is_some_and(|s| s.len() == 40));

    k.advance("10m").await;
    let done = k.get(&format!("{path}/progress")).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["latest_activity_at"], done["completed_at"]);
    let diff = k.get(&format!("{path}/diff")).await;
    let text = diff["diff"].as_str().expect("diff");
    assert!(text.starts_with("diff --git a/src/payments/db/queries.py b/src/payments/db/queries.py\nindex "), "{text}");
    assert!(text.contains("@@ -42,3 +42,4 @@ def find_orders_by_customer(conn, customer_id, status=None):"), "{text}");
    assert!(text.contains("\n-    sql = f\"SELECT") && text.contains("\n+    params = [customer_id]"), "{text}");
    assert_eq!(event_kinds(&k, SQLI).await[..3], ["fix_completed", "fix_started", "fix_created"]);
}

#[tokio::test]
async fn refine_cancel_and_pull_requests_follow_the_fix_status() {
    let k = Kolega::default().await;
    let fix = k.post(&format!("/api/v1/repositories/{PAYMENTS}/fixes"), fix_body(&[SQLI]), 201).await;
    let path = format!("/api/v1/repositories/{PAYMENTS}/fixes/{}", fix["id"].as_str().expect("id"));
    let refine = json!({"instructions": "Also cover the status filter."});

    let early = k.post(&format!("{path}/pull-requests"), json!({}), 409).await;
    assert_eq!(
        early["detail"],
        json!({"detail": "Fix is not completed (current status: pending)", "error_code": "OPERATION_FAILED"})
    );
    let early = k.post(&format!("{path}/refine"), refine.clone(), 409).await;
    assert_eq!(
        early["detail"],
        json!({"detail": "Fix can only be refined when completed (current status: pending)", "error_code": "OPERATION_FAILED"})
    );

    k.advance("15m").await;
    let prs = k
        .post(
            &format!("{path}/pull-requests"),
            json!({"title": "fix: bind invoice query params", "branch_name": "security/invoice-sqli"}),
            201,
        )
        .await;
    assert_eq!(prs["pull_requests"][0]["branch_name"], "security/invoice-sqli");
    let again = k.post(&format!("{path}/pull-requests"), json!({}), 409).await;
    assert_eq!(
        again["detail"],
        json!({"detail": "Pull requests already exist for this fix", "error_code": "OPERATION_FAILED"})
    );
    let refused = cancel(&k, &path, 409).await;
    assert_eq!(
        refused["detail"],
        json!({"detail": "Only pending or running fixes can be cancelled (current status: completed)", "error_code": "OPERATION_FAILED"})
    );

    // Refine: running again at once, pull request kept, updated when the run completes.
    let refined = k.post(&format!("{path}/refine"), refine, 200).await;
    assert_has(&refined, json!({"status": "running", "completed_at": null}));
    assert_eq!(refined["started_at"], json!(k.now().await));
    assert_eq!(refined["pull_requests"], prs["pull_requests"]);
    assert_eq!(k.get(&format!("{path}/diff")).await["diff"], Value::Null);
    k.advance("15m").await;
    let diff = k.get(&format!("{path}/diff")).await;
    assert!(
        diff["diff"].as_str().is_some_and(|d| d.contains(
            "diff --git a/tests/security/test_regressions.py b/tests/security/test_regressions.py\nnew file mode 100644"
        )),
        "{diff}"
    );
    assert_eq!(event_kinds(&k, SQLI).await[..4], ["fix_pr_updated", "fix_completed", "fix_started", "fix_pr_created"]);

    // Cancel: a running fix stops, and stays stopped.
    let other = k.post(&format!("/api/v1/repositories/{PAYMENTS}/fixes"), fix_body(&[SQLI]), 201).await;
    let other_path = format!("/api/v1/repositories/{PAYMENTS}/fixes/{}", other["id"].as_str().expect("id"));
    k.advance("30s").await;
    let cancelled = cancel(&k, &other_path, 200).await;
    assert_has(&cancelled, json!({"status": "cancelled", "completed_at": k.now().await}));
    k.advance("1h").await;
    let later = k.get(&format!("{other_path}/progress")).await;
    assert_eq!(later["status"], "cancelled");
    let twice = cancel(&k, &other_path, 409).await;
    assert_eq!(
        twice["detail"],
        json!({"detail": "Only pending or running fixes can be cancelled (current status: cancelled)", "error_code": "OPERATION_FAILED"})
    );
    k.post(&format!("{other_path}/pull-requests"), json!({}), 409).await;
    assert_eq!(event_kinds(&k, SQLI).await[0], "fix_cancelled");
}

#[tokio::test]
async fn failed_runs_have_no_diff_and_pull_requests_go_to_the_fixs_provider() {
    let k = Kolega::default().await;
    let section = small_section(json!({"fixes": {"failure_rate": 1.0}}), json!({}));
    let (status, body) = k.load_section(3, "2026-05-04T08:00:00Z", section).await;
    assert_eq!(status, 200, "{body}");
    let (_, fix) = k
        .call(
            Method::POST,
            &format!("/api/v1/repositories/{SMALL_REPO}/fixes"),
            Some(SMALL_RW),
            Some(json!({"title": "t", "instructions": "i", "source_repo": "test/api"})),
        )
        .await;
    k.advance("1h").await;
    let path = format!("/api/v1/repositories/{SMALL_REPO}/fixes/{}", fix["id"].as_str().expect("id"));
    let (_, failed) = k.call(Method::GET, &format!("{path}/progress"), Some(SMALL_RW), None).await;
    assert_eq!(failed["status"], "failed");
    assert!(failed["error_message"].as_str().is_some_and(|m| m.starts_with("Agent stopped: ")));
    let (_, diff) = k.call(Method::GET, &format!("{path}/diff"), Some(SMALL_RW), None).await;
    assert_eq!(diff["diff"], Value::Null);

    // The documented fix already has a GitHub pull request; a GitLab fix gets a merge request.
    let k = Kolega::default().await;
    let documented = k.get(&format!("/api/v1/repositories/{PAYMENTS}/fixes/{SQLI_FIX}")).await;
    assert!(
        documented["pull_requests"][0]["pr_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://github.com/acme/payments-api/pull/"))
    );
    let gitlab = k.post(&format!("/api/v1/repositories/{PAYMENTS}/fixes"),
        json!({"title": "Mirror fix", "instructions": "Same change.", "source_repo": "acme/payments-api", "source_repo_provider": "gitlab"}), 201).await;
    k.advance("15m").await;
    let path = format!("/api/v1/repositories/{PAYMENTS}/fixes/{}", gitlab["id"].as_str().expect("id"));
    let prs = k.post(&format!("{path}/pull-requests"), json!({}), 201).await;
    assert!(
        prs["pull_requests"][0]["pr_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://gitlab.com/acme/payments-api/-/merge_requests/")),
        "{prs}"
    );
}

/// Each catalog rule's vulnerable snippet, by id, read from the catalog's data files.
fn catalog_snippets() -> std::collections::HashMap<String, String> {
    let files = [
        include_str!("../../../src/catalog/data/secrets.yaml"),
        include_str!("../../../src/catalog/data/sast.yaml"),
        include_str!("../../../src/catalog/data/ai.yaml"),
        include_str!("../../../src/catalog/data/dependencies.yaml"),
    ];
    let mut snippets = std::collections::HashMap::new();
    for text in files {
        let rules: Vec<Value> = yaml_serde::from_str(text).expect("catalog data parses");
        for rule in rules {
            if let (Some(id), Some(snippet)) = (rule["id"].as_str(), rule["snippet"].as_str()) {
                snippets.insert(id.to_string(), snippet.to_string());
            }
        }
    }
    snippets
}

/// The lines a unified diff removes from `path`.
fn removed_lines<'a>(diff: &'a str, path: &str) -> Option<Vec<&'a str>> {
    let header = format!("diff --git a/{path} b/{path}\n");
    let start = diff.find(&header)? + header.len();
    let section = &diff[start..];
    let section = &section[..section.find("diff --git ").unwrap_or(section.len())];
    Some(section.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).map(|l| &l[1..]).collect())
}

/// Checks that a completed fix's diff patches each of its findings: the finding's own file,
/// with removed lines from the snippet its rule flags.
async fn assert_diff_patches_its_findings(
    k: &Kolega,
    repo: &str,
    fix: &Value,
    snippets: &std::collections::HashMap<String, String>,
) -> usize {
    let fix_path = format!("/api/v1/repositories/{repo}/fixes/{}", fix["id"].as_str().expect("id"));
    let Some(diff) = k.get(&format!("{fix_path}/diff")).await["diff"].as_str().map(str::to_string) else { return 0 };
    let mut by_file: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for finding_id in fix["finding_ids"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        let finding = k.get(&format!("/api/v1/repositories/{repo}/findings/{finding_id}")).await;
        let (file, check_id) =
            (finding["file_path"].as_str().expect("file"), finding["check_id"].as_str().expect("check"));
        by_file.entry(file.to_string()).or_default().push(check_id.to_string());
    }
    let mut checked = 0;
    for (file, check_ids) in &by_file {
        let removed = removed_lines(&diff, file)
            .unwrap_or_else(|| panic!("fix {fix_path} does not touch {file} ({check_ids:?}):\n{diff}"));
        let known: Vec<&String> = check_ids.iter().filter_map(|c| snippets.get(c)).collect();
        if known.len() == check_ids.len() {
            for line in removed {
                let flagged = known.iter().any(|snippet| snippet.lines().any(|s| s == line));
                assert!(flagged, "fix {fix_path}: {line:?} in {file} is not in the snippet of {check_ids:?}");
            }
        }
        checked += check_ids.len();
    }
    checked
}

#[tokio::test]
async fn a_fixs_diff_patches_the_findings_it_fixes() {
    let k = Kolega::default().await;
    let snippets = catalog_snippets();
    let repos = k.get("/api/v1/repositories?limit=200").await;
    let mut checked = 0;
    for repo in repos["items"].as_array().expect("items") {
        let repo = repo["id"].as_str().expect("id");
        let fixes = k.get(&format!("/api/v1/repositories/{repo}/fixes?limit=200")).await;
        for fix in fixes["items"].as_array().expect("items") {
            checked += assert_diff_patches_its_findings(&k, repo, fix, &snippets).await;
        }
    }
    assert!(checked > 0, "the default scenario has fixes with findings");

    // A created fix on one finding of each rule, in every repository that takes fixes.
    let (mut created, mut together) = (vec![], vec![]);
    for repo in repos["items"].as_array().expect("items").iter().filter(|r| r["archived"] != true) {
        let repo_name = repo["repositories"][0]["full_name"].clone();
        let repo = repo["id"].as_str().expect("id").to_string();
        let findings = k.get(&format!("/api/v1/repositories/{repo}/findings?limit=200")).await;
        let mut seen = std::collections::HashSet::new();
        let items = findings["items"].as_array().expect("items");
        together.push((
            repo.clone(),
            repo_name.clone(),
            items.iter().take(12).map(|f| f["id"].clone()).collect::<Vec<_>>(),
        ));
        for finding in items {
            if !seen.insert(finding["check_id"].clone()) {
                continue;
            }
            let body = json!({"finding_ids": [finding["id"]], "title": "Fix it", "instructions": "Fix it.", "source_repo": repo_name});
            let (status, fix) =
                k.call(Method::POST, &format!("/api/v1/repositories/{repo}/fixes"), Some(RW), Some(body)).await;
            assert_eq!(status, 201, "{fix}");
            created.push((repo.clone(), fix));
        }
    }
    assert!(created.len() > 20, "fixes on many rules: {}", created.len());
    // And one fix on many findings at once, per repository.
    for (repo, source, ids) in &together {
        let body = json!({"finding_ids": ids, "title": "Fix them", "instructions": "Fix them.", "source_repo": source});
        let (status, fix) =
            k.call(Method::POST, &format!("/api/v1/repositories/{repo}/fixes"), Some(RW), Some(body)).await;
        assert_eq!(status, 201, "{fix}");
        created.push((repo.clone(), fix));
    }
    k.advance("15m").await;
    let mut patched = 0;
    for (repo, fix) in &created {
        let fix = k.get(&format!("/api/v1/repositories/{repo}/fixes/{}", fix["id"].as_str().expect("id"))).await;
        patched += assert_diff_patches_its_findings(&k, repo, &fix, &snippets).await;
    }
    assert!(patched > 20, "most created fixes complete: {patched}");
}
