//! Every fault kind, added through the admin API, against the builds fixture.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use super::{admin, call, world_server};
use crate::helpers::fetch;

async fn add(server: &secmock::MockServer, rule: serde_json::Value) -> serde_json::Value {
    let (status, body) = admin(server, Method::POST, "/faults", Some(rule)).await;
    assert_eq!(status, 201, "{body}");
    body
}

#[tokio::test]
async fn status_fault_answers_in_the_apis_own_format_a_limited_number_of_times() {
    let server = world_server("small", true).await;
    add(&server, json!({"api": "builds", "operation_id": "create_build", "times": 2, "action": {"kind": "status", "status": 503}})).await;
    for _ in 0..2 {
        let (status, body) = call(&server, Method::POST, "/builds", "good", Some(json!({"name": "x"}))).await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body, json!({"detail": "Service Unavailable"}));
    }
    let (status, _) = call(&server, Method::POST, "/builds", "good", Some(json!({"name": "x"}))).await;
    assert_eq!(status, 202, "the fault is spent");
    let (_, quota) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(quota["used"], 1, "faulted requests spent nothing");
    let (_, faults) = admin(&server, Method::GET, "/faults", None).await;
    assert_eq!(faults["faults"][0]["fired"], 2);
}

#[tokio::test]
async fn latency_fault_delays_the_answer() {
    let server = world_server("small", true).await;
    add(&server, json!({"api": "builds", "path": "/quota", "action": {"kind": "latency", "ms": 300}})).await;
    let started = Instant::now();
    let (status, _) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300), "answered after {:?}", started.elapsed());
}

#[tokio::test]
async fn drop_and_reset_faults_close_the_connection_without_an_answer() {
    let server = world_server("small", true).await;
    let rule = add(&server, json!({"api": "builds", "path": "/quota", "times": 1, "action": {"kind": "drop"}})).await;
    let url = format!("{}/quota", server.url("builds"));
    let dropped = reqwest::Client::new().get(&url).bearer_auth("good").send().await;
    assert!(dropped.is_err(), "dropped: {dropped:?}");
    let (status, _) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(status, 200, "the rule fired once");
    let (status, _) = admin(&server, Method::DELETE, &format!("/faults/{}", rule["id"]), None).await;
    assert_eq!(status, 204);
    let (status, _) = admin(&server, Method::DELETE, &format!("/faults/{}", rule["id"]), None).await;
    assert_eq!(status, 404, "already removed");
}

#[tokio::test]
async fn reset_fault_resets_the_connection() {
    let server = world_server("small", true).await;
    add(&server, json!({"api": "builds", "method": "GET", "path": "/quota", "action": {"kind": "reset"}})).await;
    let url = format!("{}/quota", server.url("builds"));
    let reset = reqwest::Client::new().get(&url).bearer_auth("good").send().await;
    assert!(reset.is_err(), "reset: {reset:?}");
    let (status, _) = call(&server, Method::GET, "/builds", "good", None).await;
    assert_eq!(status, 200, "other routes are untouched");
}

#[tokio::test]
async fn rate_limit_fault_answers_429_with_retry_after_on_the_virtual_clock() {
    let server = world_server("small", true).await;
    add(
        &server,
        json!({"api": "builds", "path": "/builds", "action": {"kind": "rate_limit", "limit": 2, "window_seconds": 60}}),
    )
    .await;
    let url = format!("{}/builds", server.url("builds"));
    let client = crate::helpers::client();
    for _ in 0..2 {
        assert_eq!(fetch(client.get(&url).bearer_auth("good")).await.status, 200);
    }
    admin(&server, Method::POST, "/clock/advance", Some(json!({"by": 20}))).await;
    let limited = fetch(client.get(&url).bearer_auth("good")).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.headers["retry-after"], "40");
    assert_eq!(limited.body, json!({"detail": "Too Many Requests"}));
    admin(&server, Method::POST, "/clock/advance", Some(json!({"by": 41}))).await;
    assert_eq!(fetch(client.get(&url).bearer_auth("good")).await.status, 200);
}

#[tokio::test]
async fn probability_zero_never_fires_and_bad_rules_are_refused() {
    let server = world_server("small", true).await;
    add(&server, json!({"api": "builds", "probability": 0.0, "action": {"kind": "status", "status": 500}})).await;
    for _ in 0..20 {
        assert_eq!(call(&server, Method::GET, "/quota", "good", None).await.0, 200);
    }
    for bad in [
        json!({"action": {"kind": "status", "status": 999}}),
        json!({"probability": 2, "action": {"kind": "drop"}}),
        json!({"action": {"kind": "explode"}}),
        json!({"api": "nope", "action": {"kind": "drop"}}),
        json!({"path": "[", "action": {"kind": "drop"}}),
    ] {
        let (status, problem) = admin(&server, Method::POST, "/faults", Some(bad.clone())).await;
        assert_eq!(status, 422, "{bad} → {problem}");
        assert!(problem["title"].is_string(), "problem+json: {problem}");
    }
    let (status, _) = admin(&server, Method::DELETE, "/faults", None).await;
    assert_eq!(status, 204);
}

/// A fault for every API leaves the admin API alone, on its own port and under the
/// `/__secmock/` mount: it is how the fault is removed again.
#[tokio::test]
async fn faults_never_touch_the_admin_api() {
    let server = world_server("small", true).await;
    add(&server, json!({"action": {"kind": "status", "status": 503}})).await;
    let (status, _) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(status, 503, "the API is faulted");
    let (status, _) = admin(&server, Method::GET, "/health", None).await;
    assert_eq!(status, 200, "the admin API is not");
    let mounted = fetch(crate::helpers::client().get(format!("{}/__secmock/health", server.url("builds")))).await;
    assert_eq!(mounted.status, 200, "nor its mount on the API's port");
    let (status, _) = admin(&server, Method::DELETE, "/faults", None).await;
    assert_eq!(status, 204);
    let (status, _) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(status, 200);
}
