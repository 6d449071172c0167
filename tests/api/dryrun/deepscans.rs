//! DeepScans: listed per account and per repository, progressing queued → running →
//! completed on a manual clock, with code findings (`results`) and dependency findings
//! (`sca_results`) filterable by severity.

use reqwest::Method;
use serde_json::json;

use super::ids::*;
use super::{admin, ci_server, get, ids_of, ok};
use crate::helpers::assert_has;

fn repo_path(rest: &str) -> String {
    format!("/accounts/{CI_ORG}/repositories/{API}/deepscans{rest}")
}

#[tokio::test]
async fn deepscans_are_listed_newest_first_per_account_and_repository() {
    let server = ci_server().await;
    let account = ok(&server, &format!("/accounts/{CI_ORG}/deepscans")).await;
    assert_eq!(ids_of(&account, "id"), vec![d(4), d(3), d(2), d(5), d(1)]);
    assert!(account.get("pagination").is_none());
    insta::assert_json_snapshot!("completed_full_deepscan_d1", account["data"][4]);
    // A failed incremental DeepScan: no branch, no commit, no findings.
    insta::assert_json_snapshot!("failed_incremental_deepscan_d5", account["data"][3]);
    assert_eq!(
        account["data"][2]["branch"], "main",
        "a DeepScan without a branch in the scenario is of the default branch"
    );
    assert_eq!(account["data"][1]["branch"], "release/1.x");
    assert_eq!(ids_of(&ok(&server, &repo_path("")).await, "id"), ids_of(&account, "id"));
    assert_eq!(ok(&server, &format!("/accounts/{CI_ORG}/repositories/{WEB}/deepscans")).await["data"], json!([]));
}

#[tokio::test]
async fn a_deepscan_progresses_on_the_manual_clock() {
    let server = ci_server().await;
    let (status, _) = admin(&server, Method::PATCH, "/clock", Some(json!({"now": "2026-01-15T08:56:00Z"}))).await;
    assert_eq!(status, 200);
    let status_of = |body: &serde_json::Value| {
        let scan = body["data"].as_array().expect("data").iter().find(|s| s["id"] == d(4)).cloned().expect("d4");
        (scan["status"].clone(), scan["completed_at"].clone(), scan["code_findings_count"].clone())
    };
    let results = repo_path(&format!("/{}/results", d(4)));
    let steps = [
        ("0s", "queued", json!(null), 0),
        ("59s", "queued", json!(null), 0),
        ("1s", "running", json!(null), 0),
        ("17m 59s", "running", json!(null), 0),
        ("1s", "completed", json!("2026-01-15T09:15:00Z"), 3),
    ];
    for (by, status, completed_at, count) in steps {
        server.advance(by).await;
        let list = ok(&server, &repo_path("")).await;
        assert_eq!(status_of(&list), (json!(status), completed_at, json!(count)), "after {by}");
        let page = ok(&server, &results).await;
        assert_eq!(page["pagination"]["total"], count, "after {by}");
    }
    let done = ok(&server, &results).await;
    assert_eq!(ids_of(&done, "id"), vec![c(5), c(1), c(3)], "most severe first");
    assert_eq!(done["data"][0]["created_at"], "2026-01-15T09:15:00Z");
    assert_eq!(
        done["data"][1]["created_at"], "2026-01-05T09:20:00Z",
        "a carried-over finding keeps its first appearance"
    );
    let sca = ok(&server, &repo_path(&format!("/{}/sca_results", d(4)))).await;
    assert_eq!(ids_of(&sca, "id"), vec![s(1)]);
}

#[tokio::test]
async fn code_and_sca_results_have_the_documented_fields() {
    let server = ci_server().await;
    let code = ok(&server, &repo_path(&format!("/{}/results", d(1)))).await;
    assert_eq!(ids_of(&code, "id"), vec![c(1), c(2)]);
    insta::assert_json_snapshot!("code_finding_c1", code["data"][0]);
    assert_has(&code["data"][1], json!({"technical_details": null, "impact": null}));
    let sca = ok(&server, &repo_path(&format!("/{}/sca_results", d(1)))).await;
    assert_eq!(ids_of(&sca, "id"), vec![s(1), s(2)]);
    insta::assert_json_snapshot!("sca_finding_s2", sca["data"][1]);
    assert_eq!(sca["data"][0]["cvss_score"], 7.7);
    let medium = ok(&server, &repo_path(&format!("/{}/sca_results?severity=medium", d(1)))).await;
    assert_eq!(ids_of(&medium, "id"), vec![s(2)]);
    let critical = ok(&server, &repo_path(&format!("/{}/sca_results?severity=critical,high&per_page=1", d(1)))).await;
    assert_eq!(ids_of(&critical, "id"), vec![s(1)]);
    assert_eq!(critical["pagination"]["total"], 1, "pagination/total");
    let release = ok(&server, &repo_path(&format!("/{}/sca_results", d(3)))).await;
    assert_has(&release["data"][0], json!({"severity": "critical", "package_name": "minimist"}));
    let failed = ok(&server, &repo_path(&format!("/{}/results", d(5)))).await;
    assert_eq!(failed["data"], json!([]));

    let (status, body) =
        get(&server, &format!("/accounts/{CI_ORG}/repositories/{WEB}/deepscans/{}/results", d(1))).await;
    assert_eq!(status, 404, "a DeepScan of another repository: {body}");
    assert_eq!(body, json!({"error": "not found"}), "a DeepScan of another repository");
    let (status, _) = get(&server, &repo_path(&format!("/{}/results?severity=severe", d(1)))).await;
    assert_eq!(status, 400);
}
