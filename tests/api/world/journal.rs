//! The request journal and the contract violations, through the admin API.

use reqwest::Method;
use serde_json::json;

use super::{admin, call, world_server};
use crate::helpers::{assert_has, fetch};

#[tokio::test]
async fn every_request_is_journaled_with_credentials_redacted_and_filters_work() {
    let server = world_server("small", true).await;
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "x"}))).await;
    call(&server, Method::GET, "/builds/nope", "good", None).await;
    call(&server, Method::GET, "/quota", "wrong", None).await;
    let (status, journal) = admin(&server, Method::GET, "/journal?api=builds", None).await;
    assert_eq!(status, 200, "{journal}");
    let entries = journal["entries"].as_array().expect("entries");
    let statuses: Vec<i64> = entries.iter().filter_map(|e| e["status"].as_i64()).collect();
    assert_eq!(statuses, vec![401, 404, 202], "newest first");
    let created = &entries[2];
    assert_eq!(created["operation_id"], "create_build");
    assert_eq!(created["body"], r#"{"name":"x"}"#);
    assert_eq!(created["at"], "2026-03-01T12:00:00Z");
    let auth =
        created["headers"].as_array().expect("headers").iter().find(|h| h[0] == "authorization").expect("auth header");
    assert_eq!(auth[1], "Bearer good…[redacted]");

    let (_, only_404) = admin(&server, Method::GET, "/journal?status=404", None).await;
    assert_eq!(only_404["entries"].as_array().map(Vec::len), Some(1));
    let (_, by_op) = admin(&server, Method::GET, "/journal?operation_id=get_quota&limit=5", None).await;
    assert_eq!(by_op["entries"][0]["status"], 401);

    let (status, _) = admin(&server, Method::DELETE, "/journal", None).await;
    assert_eq!(status, 204);
    let (_, empty) = admin(&server, Method::GET, "/journal", None).await;
    assert_eq!(empty["entries"], json!([]));
    let (status, problem) = admin(&server, Method::GET, "/journal?limit=0&status=abc", None).await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"].as_array().map(Vec::len), Some(2), "every problem at once: {problem}");
}

#[tokio::test]
async fn violations_are_counted_listed_and_cleared() {
    let server = world_server("small", false).await;
    let response =
        fetch(crate::helpers::client().get(format!("{}/broken", server.url("builds"))).bearer_auth("good")).await;
    assert_eq!(response.status, 200, "non-strict: the bad answer goes out");
    assert_eq!(response.headers["x-secmock-violations"], "1");
    let (_, violations) = admin(&server, Method::GET, "/violations", None).await;
    assert_eq!(violations["total"], 1);
    assert_eq!(violations["by_api"], json!({"builds": 1}));
    let v = &violations["violations"][0];
    assert_has(v, json!({"api": "builds", "path": "/broken"}));
    assert_eq!(v["violation"]["operation_id"], "broken");
    assert_eq!(v["violation"]["pointer"], "/ok");
    let (_, journaled) = admin(&server, Method::GET, "/journal?violations_only=true", None).await;
    assert_eq!(journaled["entries"][0]["violations"][0]["kind"], "schema");

    let (status, _) = admin(&server, Method::DELETE, "/violations", None).await;
    assert_eq!(status, 204);
    let (_, cleared) = admin(&server, Method::GET, "/violations", None).await;
    assert_has(&cleared, json!({"total": 0, "violations": []}));
    let (_, journal) = admin(&server, Method::GET, "/journal", None).await;
    assert_eq!(journal["entries"].as_array().map(Vec::len), Some(1), "the request itself is still journaled");
}

#[tokio::test]
async fn strict_mode_turns_a_violation_into_a_500_problem() {
    let server = world_server("small", true).await;
    let (status, problem) = call(&server, Method::GET, "/broken", "good", None).await;
    assert_eq!(status, 500);
    assert_eq!(problem["type"], "https://secmock.dev/problems/contract-violation");
    assert_eq!(problem["violations"][0]["pointer"], "/ok");
    assert_eq!(server.violations().len(), 1);
}
