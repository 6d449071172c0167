//! DryRun's three-step quick start (accounts → repositories → findings), with the ids of
//! its documentation, against the default scenario and every bundled API.

use reqwest::Method;
use secmock::MockServer;
use serde_json::json;

use super::{ids_of, send};
use crate::helpers::assert_has;

const ACCOUNT: &str = "22222222-2222-2222-2222-222222222222";
const REPOSITORY: &str = "11111111-1111-1111-1111-111111111111";
const KEY: &str = "drs_demo_7f3c9a1e5b2d";

#[tokio::test]
async fn the_documented_quick_start_works_against_the_default_scenario() {
    let server = MockServer::start().await;

    // Step 1: list accounts.
    let (status, accounts) = send(&server, Method::GET, Some(KEY), "/accounts", None).await;
    assert_eq!(status, 200, "{accounts}");
    insta::assert_json_snapshot!("quick_start_accounts", accounts);
    assert_eq!(accounts["data"][0]["account_id"], ACCOUNT, "the documented account comes first");
    let (_, labs_only) = send(&server, Method::GET, Some("drs_demo_labs_4e8b0c6f"), "/accounts", None).await;
    assert_eq!(ids_of(&labs_only, "org_name"), vec!["acme-labs"]);

    // Step 2: repositories of the account.
    let (status, repos) =
        send(&server, Method::GET, Some(KEY), &format!("/accounts/{ACCOUNT}/repositories"), None).await;
    assert_eq!(status, 200, "{repos}");
    assert_eq!(repos["pagination"]["total"], 9);
    let repo = repos["data"].as_array().expect("data").iter().find(|r| r["id"] == REPOSITORY).cloned().expect("listed");
    assert_has(&repo, json!({"name": "payments-api", "full_name": "acme-payments/payments-api"}));
    let (_, labs_repos) = send(
        &server,
        Method::GET,
        Some(KEY),
        &format!("/accounts/{}/repositories", accounts["data"][1]["account_id"].as_str().expect("id")),
        None,
    )
    .await;
    assert_eq!(labs_repos["pagination"]["total"], 3, "a dozen repositories in all");

    // Step 3: findings of the repository.
    let (status, findings) =
        send(&server, Method::GET, Some(KEY), &format!("/accounts/{ACCOUNT}/repositories/{REPOSITORY}/findings"), None)
            .await;
    assert_eq!(status, 200, "{findings}");
    let items = findings["data"].as_array().expect("data");
    assert!(items.len() > 2, "the documented finding and the repository's history");
    let documented = items
        .iter()
        .find(|f| f["type"] == "Missing Authorization and IDOR in User Deletion")
        .cloned()
        .expect("the documented finding");
    let id = documented["id"].as_str().expect("id");
    assert_eq!(
        documented["dashboard_url"],
        format!("https://app.dryrun.security/risk-register/{REPOSITORY}?finding={id}")
    );
    // created_at: 17 hours before the start, plus the scan's 2m50s.
    insta::assert_json_snapshot!("quick_start_documented_finding", documented);

    // The same key with an account it cannot see.
    let (status, body) =
        send(&server, Method::GET, Some("drs_demo_labs_4e8b0c6f"), &format!("/accounts/{ACCOUNT}/repositories"), None)
            .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body, json!({"error": "not found"}));
}

#[tokio::test]
async fn the_default_scenario_is_a_believable_organisation() {
    let server = MockServer::start().await;
    let (_, all) =
        send(&server, Method::GET, Some(KEY), &format!("/accounts/{ACCOUNT}/all_findings?days=90&per_page=100"), None)
            .await;
    let total = all["pagination"]["total"].as_u64().expect("total");
    assert!(total > 100, "{total} findings in the latest scans of 90 days");
    let types: std::collections::HashSet<&str> =
        all["data"].as_array().expect("data").iter().filter_map(|f| f["finding_type"].as_str()).collect();
    assert!(types.len() >= 3, "{types:?}");
    let (_, sca) = send(
        &server,
        Method::GET,
        Some(KEY),
        &format!("/accounts/{ACCOUNT}/all_findings?days=90&finding_type=sca"),
        None,
    )
    .await;
    let first = &sca["data"][0];
    assert!(first["cve_id"].as_str().is_none_or(|c| c.starts_with("CVE-")), "{first}");
    assert!(first["package_name"].as_str().is_some());
    let (_, deepscans) = send(&server, Method::GET, Some(KEY), &format!("/accounts/{ACCOUNT}/deepscans"), None).await;
    let statuses: std::collections::HashSet<&str> =
        deepscans["data"].as_array().expect("data").iter().filter_map(|d| d["status"].as_str()).collect();
    assert!(statuses.contains("completed") && statuses.contains("running"), "{statuses:?}");
    let (_, configs) =
        send(&server, Method::GET, Some(KEY), &format!("/accounts/{ACCOUNT}/configurations"), None).await;
    assert_eq!(ids_of(&configs, "name"), vec!["Default", "Frontend", "Strict payments"]);
    let (_, insights) = send(&server, Method::GET, Some(KEY), &format!("/accounts/{ACCOUNT}/insights"), None).await;
    assert!(insights["data"]["findings"]["open"]["total"].as_u64().is_some_and(|n| n > 50), "{insights}");
}
