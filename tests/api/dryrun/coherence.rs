//! Generated and written data hang together (issue 19, item 13): no repository was
//! connected before its account existed, and every pull request's head branch is named
//! after its title, in every shipped scenario with a DryRun section.

use jiff::Timestamp;
use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use super::{admin, send};

const SHIPPED: [(&str, &str); 4] = [
    ("dryrun-ci", "ci-all"),
    ("dryrun-demo", "drs_demo_7f3c9a1e5b2d"),
    ("default", "drs_demo_7f3c9a1e5b2d"),
    ("dryrun-100k", "drs_load_test"),
];

fn time(value: &Value) -> Timestamp {
    value.as_str().and_then(|t| t.parse().ok()).unwrap_or_else(|| panic!("not a timestamp: {value}"))
}

/// Every word of the branch's name (after its `feature/`-like prefix) is in the title.
fn fits(branch: &str, title: &str) -> bool {
    let title = title.to_lowercase();
    let name = branch.rsplit('/').next().unwrap_or(branch);
    name.split(['-', '_']).all(|w| title.contains(w))
}

async fn all_pages(server: &MockServer, key: &str, path: &str) -> Vec<Value> {
    let mut items = Vec::new();
    for page in 1.. {
        let (status, body) =
            send(server, Method::GET, Some(key), &format!("{path}?per_page=100&page={page}"), None).await;
        assert_eq!(status, 200, "{path}: {body}");
        items.extend(body["data"].as_array().cloned().unwrap_or_default());
        if page >= body["pagination"]["total_pages"].as_u64().unwrap_or(0) {
            break;
        }
    }
    items
}

#[tokio::test]
async fn repositories_are_no_older_than_their_accounts_and_branches_fit_their_titles() {
    let mut pull_requests = 0;
    for (scenario, key) in SHIPPED {
        let server = MockServer::builder().scenario(Some(scenario)).strict(true).start().await.expect("it loads");
        let (_, accounts) = send(&server, Method::GET, Some(key), "/accounts", None).await;
        for account in accounts["data"].as_array().into_iter().flatten() {
            let id = account["account_id"].as_str().unwrap_or_default();
            for repo in all_pages(&server, key, &format!("/accounts/{id}/repositories")).await {
                let name = &repo["name"];
                assert!(
                    time(&repo["created_at"]) >= time(&account["created_at"]),
                    "{scenario}: {name} was created before its account"
                );
                if scenario == "dryrun-100k" {
                    continue; // 31,000 PR scans: the generator is the same as the demo's.
                }
                let r = repo["id"].as_str().unwrap_or_default();
                for scan in all_pages(&server, key, &format!("/accounts/{id}/repositories/{r}/scans")).await {
                    let (title, branch) = (scan["pr_title"].as_str(), scan["head_branch"].as_str());
                    let (title, branch) = (title.unwrap_or_default(), branch.unwrap_or_default());
                    assert!(fits(branch, title), "{scenario}: {name}: '{branch}' for '{title}'");
                    pull_requests += 1;
                }
            }
        }
    }
    assert!(pull_requests > 300, "{pull_requests} PR scans checked");
}

#[tokio::test]
async fn a_scenario_that_connects_a_repository_before_its_account_is_refused() {
    let server = super::ci_server().await;
    let scenario = json!({"scenario": {"name": "inline", "apis": {"dryrun": {
        "keys": [{"key": "k", "accounts": ["org"]}],
        "accounts": [{"org_name": "org", "created_at": "30d", "repositories": [{"name": "api", "created_at": "40d"}]}],
    }}}});
    let (status, body) = admin(&server, Method::PUT, "/scenario", Some(scenario)).await;
    assert_eq!(status, 422, "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("repositories[0].created_at: before the account was created"), "{detail}");
}
