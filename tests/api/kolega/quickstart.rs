//! The quickstart from Kolega's API reference, end to end on the manual clock: list
//! repositories, trigger a deep AI scan, poll it to 100 %, read its results, review and
//! patch a finding, see the event, create a fix, poll it to completion, read its diff,
//! open a pull request, watch the quotas go down, exhaust one and get Kolega's 403.

use serde_json::{Value, json};

use super::{Kolega, RW};
use crate::helpers::Api;

#[tokio::test]
async fn the_documented_quickstart_works_end_to_end() {
    let k = Kolega::default().await;

    // Verify the key, then list repositories.
    let me = k.get("/api/v1/me").await;
    insta::assert_json_snapshot!("quickstart_me", me);
    let repos = k.get("/api/v1/repositories?limit=10").await;
    let payments = repos["items"]
        .as_array()
        .and_then(|items| items.iter().find(|r| r["name"] == "acme/payments-api"))
        .cloned()
        .expect("payments-api is listed");
    let repo = payments["id"].as_str().expect("id").to_string();
    let before = k.get("/api/v1/quotas/balance").await;

    // Trigger a deep AI scan batch: 202, queued, one unit of deep_ai_scans spent.
    let batch = k.post(&format!("/api/v1/repositories/{repo}/scans"), json!({"scan_type": "deep_ai_scan"}), 202).await;
    insta::assert_json_snapshot!("quickstart_batch_queued", batch);
    let scan = batch["batch_id"].as_str().expect("batch id").to_string();
    let after_scan = k.get("/api/v1/quotas/balance").await;
    assert_eq!(after_scan["deep_ai_scans"]["used"].as_u64(), before["deep_ai_scans"]["used"].as_u64().map(|u| u + 1));

    // Poll progress to 100 %: monotonic, placeholder entry while queued, 100 only when done.
    let progress_path = format!("/api/v1/repositories/{repo}/scans/{scan}/progress");
    let first = k.get(&progress_path).await;
    insta::assert_json_snapshot!("quickstart_progress_queued", first);
    let mut last = -1.0;
    let mut seen = Vec::new();
    let done = loop {
        let p = k.get(&progress_path).await;
        let percent = p["percent_complete"].as_f64().expect("percent");
        assert!(percent >= last, "progress went back from {last} to {percent}");
        let status = p["status"].as_str().unwrap_or_default().to_string();
        assert_eq!(percent == 100.0, status == "completed", "{p}");
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        last = percent;
        if status == "completed" {
            break p;
        }
        assert!(seen.len() < 10 && last < 100.0);
        // Small steps through the short phases so the test sees every state.
        k.advance(if status == "queued" || status == "creating_scans" { "2s" } else { "20s" }).await;
    };
    assert_eq!(seen, ["queued", "creating_scans", "scanning", "assessing", "completed"]);
    assert_eq!(done["repositories"][0]["status"], "succeeded");

    // Results: what the batch found, also in the findings list under its batch id.
    let results = k.get(&format!("/api/v1/repositories/{repo}/scans/{scan}/results")).await;
    let count = results["findings_count"].as_u64().expect("count");
    assert!(count > 0, "a deep AI scan of payments-api finds something: {results}");
    assert_eq!(done["repositories"][0]["findings_count"], count);
    let listed = k.get(&format!("/api/v1/repositories/{repo}/findings?scan_batch_id={scan}")).await;
    assert_eq!(listed["total"], count);
    let finding = listed["items"][0].clone();
    assert_eq!(finding["scan_type"], "deep_ai_scan");
    let finding_id = finding["id"].as_str().expect("finding id").to_string();

    // Review and patch the finding; the change is an event.
    let finding_path = format!("/api/v1/repositories/{repo}/findings/{finding_id}");
    assert_eq!(k.get(&finding_path).await, finding);
    let kolega = Api::of(&k.server, "kolega").with_key(RW);
    let patched = kolega.patch(&finding_path, json!({"status": "needs_manual_review"})).await.expect(200);
    assert_eq!(patched["status"], "needs_manual_review");
    let events = k.get(&format!("/api/v1/finding-events?finding_id={finding_id}")).await;
    let kinds: Vec<&str> =
        events["items"].as_array().expect("items").iter().filter_map(|e| e["event_type"].as_str()).collect();
    assert_eq!(kinds, ["status_changed", "detected"]);
    insta::assert_json_snapshot!("quickstart_status_changed_event", events["items"][0]);

    // Create a fix and poll it to completion; the diff appears then, touching the file.
    let fix = k
        .post(
            &format!("/api/v1/repositories/{repo}/fixes"),
            json!({
                "finding_ids": [finding_id],
                "title": "Remediate the deep AI finding",
                "instructions": "Preserve current API behavior and add regression coverage.",
                "source_repo": "acme/payments-api",
                "source_repo_provider": "github",
                "source_scan_branch": "main"
            }),
            201,
        )
        .await;
    assert_eq!(fix["status"], "pending");
    let fix_id = fix["id"].as_str().expect("fix id").to_string();
    let fix_path = format!("/api/v1/repositories/{repo}/fixes/{fix_id}");
    assert_eq!(k.get(&format!("{fix_path}/diff")).await["diff"], Value::Null);
    let mut steps = 0;
    let mut statuses = Vec::new();
    let finished = loop {
        let p = k.get(&format!("{fix_path}/progress")).await;
        let status = p["status"].as_str().unwrap_or_default().to_string();
        let now_steps = p["agent_steps_completed"].as_u64().expect("steps");
        assert!(now_steps >= steps, "steps went back");
        steps = now_steps;
        if statuses.last() != Some(&status) {
            statuses.push(status.clone());
        }
        if status != "pending" && status != "running" {
            break p;
        }
        assert!(statuses.len() < 5);
        k.advance("30s").await;
    };
    assert_eq!(statuses, ["pending", "running", "completed"], "{finished}");
    assert!(steps > 5 && finished["duration_seconds"].as_f64().is_some_and(|d| d > 60.0), "{finished}");
    let diff = k.get(&format!("{fix_path}/diff")).await;
    let text = diff["diff"].as_str().expect("a completed fix has a diff");
    let file = finding["file_path"].as_str().expect("file");
    assert!(text.starts_with(&format!("diff --git a/{file} b/{file}\n")), "{text}");
    assert!(text.contains("\n@@ -") && text.contains("\n+"), "{text}");

    // Open pull requests: 201 with a GitHub URL, one unit of prs spent.
    let prs = k.post(&format!("{fix_path}/pull-requests"), json!({}), 201).await;
    let pr = &prs["pull_requests"][0];
    assert!(
        pr["pr_url"].as_str().is_some_and(|u| u.starts_with("https://github.com/acme/payments-api/pull/")),
        "{prs}"
    );
    assert!(pr["branch_name"].as_str().is_some_and(|b| b.starts_with("kolega/fix-")));
    let after_pr = k.get("/api/v1/quotas/balance").await;
    assert_eq!(after_pr["prs"]["remaining"].as_u64(), before["prs"]["remaining"].as_u64().map(|r| r - 1));
    let events = k.get(&format!("/api/v1/finding-events?finding_id={finding_id}&limit=10")).await;
    let kinds: Vec<&str> =
        events["items"].as_array().expect("items").iter().filter_map(|e| e["event_type"].as_str()).collect();
    assert_eq!(kinds, ["fix_pr_created", "fix_completed", "fix_started", "fix_created", "status_changed", "detected"]);

    // Exhaust deep AI scans: the refusal is Kolega's envelope and creates nothing.
    let remaining = after_pr["deep_ai_scans"]["remaining"].as_u64().expect("remaining");
    for _ in 0..remaining {
        k.post(&format!("/api/v1/repositories/{repo}/scans"), json!({"scan_type": "deep_ai_scan"}), 202).await;
    }
    let scans_before = k.get(&format!("/api/v1/repositories/{repo}/scans")).await["total"].clone();
    let refusal =
        k.post(&format!("/api/v1/repositories/{repo}/scans"), json!({"scan_type": "deep_ai_scan"}), 403).await;
    insta::assert_json_snapshot!("quickstart_quota_refusal", refusal);
    assert_eq!(k.get(&format!("/api/v1/repositories/{repo}/scans")).await["total"], scans_before);
    let exhausted = k.get("/api/v1/quotas/balance").await;
    assert_eq!(exhausted["deep_ai_scans"]["remaining"], 0);
}
