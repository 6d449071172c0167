//! `all_findings`: the documented query exactly. `days` bounds, `finding_type`,
//! `severity`, `repository_id`, `branch`, latest scan only vs `all_results`, newest
//! first, pagination edges, and "last N days" on the virtual clock.

use reqwest::Method;
use serde_json::json;

use super::ids::*;
use super::{admin, ci_server, get, ids_of, ok};
use crate::helpers::assert_has;

fn all(query: &str) -> String {
    format!("/accounts/{CI_ORG}/all_findings?{query}")
}

#[tokio::test]
async fn the_parameter_matrix() {
    let server = ci_server().await;
    let latest = vec![f(5), c(3), f(4), f(1), c(1), s(1)];
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("days=30", latest.clone()),
        ("days=30&finding_type=all", latest.clone()),
        ("days=30&all_results=false", latest.clone()),
        ("days=30&all_results=true", vec![f(5), c(3), f(4), f(1), f(2), f(3), c(1), c(2), s(1), s(2)]),
        ("days=365&all_results=true", vec![f(5), c(3), f(4), f(1), f(2), f(3), c(1), c(2), s(1), s(2), f(7)]),
        ("days=365", vec![f(5), c(3), f(4), f(1), c(1), s(1), f(7)]),
        ("days=3", vec![f(5), c(3)]),
        ("days=1", vec![]),
        ("days=30&branch=release/1.x", vec![c(4), s(3), f(5), f(4), f(1)]),
        ("days=30&branch=main", latest.clone()),
        ("days=30&branch=no-such-branch", vec![f(5), f(4), f(1)]),
        ("days=30&finding_type=sca", vec![s(1)]),
        ("days=30&finding_type=sca&all_results=true", vec![s(1), s(2)]),
        ("days=30&finding_type=deepscan", vec![c(3), c(1)]),
        ("days=30&finding_type=pullrequest", vec![f(4), f(1)]),
        ("days=30&finding_type=code_policy", vec![f(5)]),
        ("days=30&severity=high", vec![f(4), f(1), c(1), s(1)]),
        ("days=30&severity=critical", vec![]),
        ("days=30&severity=low,medium", vec![f(5), c(3)]),
        ("days=30&severity=medium&all_results=true", vec![f(2), c(2), s(2)]),
        ("days=30&repository_id=20000000-0000-4000-8000-000000000001", latest.clone()),
        ("days=30&repository_id=20000000-0000-4000-8000-000000000002", vec![]),
        ("days=30&finding_type=sca&branch=release/1.x&severity=critical", vec![s(3)]),
    ];
    for (query, expected) in cases {
        let body = ok(&server, &all(query)).await;
        assert_eq!(ids_of(&body, "id"), expected, "{query}");
        assert_eq!(body["pagination"]["total"], expected.len(), "{query}");
    }
}

#[tokio::test]
async fn every_type_shows_its_own_fields_and_nulls_elsewhere() {
    let server = ci_server().await;
    let body = ok(&server, &all("days=30")).await;
    let by_id =
        |id: &str| body["data"].as_array().expect("data").iter().find(|i| i["id"] == id).cloned().expect("listed");
    // Each type fills its own fields (package for SCA, PR number for pull requests, policy
    // id for code policies, branch for DeepScans) and leaves the others null.
    insta::assert_json_snapshot!("sca_s1", by_id(&s(1)));
    insta::assert_json_snapshot!("pullrequest_f1", by_id(&f(1)));
    insta::assert_json_snapshot!("code_policy_f5", by_id(&f(5)));
    insta::assert_json_snapshot!("deepscan_c3", by_id(&c(3)));
}

#[tokio::test]
async fn a_newer_scan_moves_the_latest_view_and_days_follow_the_virtual_clock() {
    let server = ci_server().await;
    server.advance("20m").await;
    let body = ok(&server, &all("days=30")).await;
    assert_eq!(ids_of(&body, "id"), vec![c(5), f(6), f(5), c(3), f(4), f(1), c(1), s(1)]);
    assert_eq!(body["data"][0]["created_at"], "2026-01-15T09:15:00Z");
    assert_eq!(body["data"][6]["scan_id"], d(4), "c1 as last reported, by the DeepScan that just completed");

    let (status, _) = admin(&server, Method::PATCH, "/clock", Some(json!({"now": "2026-02-10T09:00:00Z"}))).await;
    assert_eq!(status, 200);
    assert_eq!(ids_of(&ok(&server, &all("days=30")).await, "id"), vec![c(5), f(6), f(5), c(3), f(4)]);
    assert_eq!(ids_of(&ok(&server, &all("days=7")).await, "id"), Vec::<String>::new());
}

#[tokio::test]
async fn pagination_edges() {
    let server = ci_server().await;
    let first = ok(&server, &all("days=30&per_page=2")).await;
    assert_eq!(ids_of(&first, "id"), vec![f(5), c(3)]);
    assert_eq!(first["pagination"], json!({"page": 1, "per_page": 2, "total": 6, "total_pages": 3}));
    assert_eq!(ids_of(&ok(&server, &all("days=30&per_page=2&page=3")).await, "id"), vec![c(1), s(1)]);
    let past = ok(&server, &all("days=30&per_page=2&page=4")).await;
    assert_has(&past, json!({"data": [], "pagination": {"page": 4}}));
    let exact = ok(&server, &all("days=30&per_page=6")).await;
    assert_eq!(exact["pagination"]["total_pages"], 1);
    let max = ok(&server, &all("days=30&per_page=100&page=1")).await;
    assert_eq!(max["pagination"]["per_page"], 100);
    let none = ok(&server, &all("days=1")).await;
    assert_eq!(none["pagination"], json!({"page": 1, "per_page": 50, "total": 0, "total_pages": 0}));
}

#[tokio::test]
async fn bad_queries_are_clear_dryrun_errors() {
    let server = ci_server().await;
    let (status, body) = get(&server, &format!("/accounts/{CI_ORG}/all_findings")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body,
        json!({"error": "days is required", "details": [{"location": "query.days", "message": "is required"}]})
    );
    let cases = [
        ("days=0", "days must be greater than or equal to 1"),
        ("days=366", "days must be less than or equal to 365"),
        ("days=thirty", "days must be an integer"),
        ("days=30&finding_type=secrets", "finding_type must be one of: deepscan, pullrequest, sca, code_policy, all"),
        ("days=30&severity=high,urgent", "severity[1] must be one of: critical, high, medium, low"),
        ("days=30&per_page=101", "per_page must be less than or equal to 100"),
        ("days=30&page=0", "page must be greater than or equal to 1"),
        ("days=30&all_results=maybe", "all_results must be a boolean"),
        ("days=30&repository_id=api", "repository_id must be a valid uuid"),
    ];
    for (query, message) in cases {
        let (status, body) = get(&server, &all(query)).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["error"], message, "{query}: {body}");
    }
    let (status, body) = get(&server, &all("per_page=500&days=400")).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"], "days must be less than or equal to 365; per_page must be less than or equal to 100",
        "every problem at once"
    );
    let (status, body) = get(&server, &all("days=30&repository_id=20000000-0000-4000-8000-000000000099")).await;
    assert_eq!(status, 404, "an unknown repository_id: {body}");
    assert_eq!(body, json!({"error": "not found"}), "an unknown repository_id");
    let (status, _) = get(&server, &all(&format!("days=30&repository_id={OTHER_API}"))).await;
    assert_eq!(status, 404, "a repository of another account");
}
