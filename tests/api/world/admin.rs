//! The admin API itself: its contract, its scoping, and keys and scopes through it.

use reqwest::Method;
use serde_json::json;

use super::{admin, call, world_server};
use crate::helpers::{assert_has, client, exchange, fetch};

#[tokio::test]
async fn health_apis_and_its_own_spec() {
    let server = world_server("small", true).await;
    let (status, health) = admin(&server, Method::GET, "/health", None).await;
    assert_eq!(status, 200, "{health}");
    assert_has(&health, json!({"status": "ok", "scenario": "small"}));
    let (_, apis) = admin(&server, Method::GET, "/apis", None).await;
    let names: Vec<&str> = apis["apis"].as_array().expect("apis").iter().filter_map(|a| a["name"].as_str()).collect();
    assert_eq!(names, vec!["builds", "notes"]);
    assert_eq!(apis["apis"][0]["base_url"], server.url("builds"));
    let (status, spec) = admin(&server, Method::GET, "/openapi.json", None).await;
    assert_eq!(status, 200, "{spec}");
    assert_eq!(spec["info"]["title"], "secmock admin API", "info/title");
    let (_, schema) = admin(&server, Method::GET, "/scenario-schema", None).await;
    assert!(schema.pointer("/properties/apis/properties/notes").is_some(), "{schema}");
}

#[tokio::test]
async fn mounted_admin_is_scoped_to_its_api() {
    let server = world_server("small", true).await;
    call(&server, Method::GET, "/quota", "good", None).await;
    fetch(client().get(format!("{}/notes", server.url("notes")))).await;
    let scoped = format!("{}/__secmock", server.url("builds"));
    let journal = fetch(client().get(format!("{scoped}/journal"))).await.body;
    assert!(journal["entries"].as_array().expect("entries").iter().all(|e| e["api"] == "builds"), "{journal}");
    let other = fetch(client().get(format!("{scoped}/journal?api=notes"))).await;
    assert_eq!(other.status, 404);
    let fault = json!({"action": {"kind": "status", "status": 503}});
    let (_, rule) = exchange(client().post(format!("{scoped}/faults")), Some(fault)).await;
    assert_eq!(rule["api"], "builds", "a fault added through the mount is the mount's");
    let apis = fetch(client().get(format!("{scoped}/apis"))).await.body;
    assert_eq!(apis["apis"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn keys_and_scopes_are_enforced_through_the_behaviour() {
    let server = world_server("small", true).await;
    let (status, body) = call(&server, Method::GET, "/quota", "wrong", None).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body, json!({"detail": "Invalid API key"}));
    let (status, body) = call(&server, Method::POST, "/builds", "readonly", Some(json!({"name": "x"}))).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body, json!({"detail": "Requires scope: write"}));
    let (status, _) = call(&server, Method::GET, "/builds", "readonly", None).await;
    assert_eq!(status, 200);
    let missing = fetch(client().get(format!("{}/quota", server.url("builds")))).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.headers["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn bad_admin_input_is_a_problem_and_changes_nothing() {
    let server = world_server("small", true).await;
    for (method, path, body) in [
        (Method::PUT, "/scenario", json!({})),
        (Method::PUT, "/scenario", json!({"name": 5})),
        (Method::PATCH, "/clock", json!({"now": "yesterday"})),
        (Method::POST, "/clock/advance", json!({})),
        (Method::PUT, "/state", json!({"apis": {"nope": {}}})),
    ] {
        let (status, problem) = admin(&server, method.clone(), path, Some(body.clone())).await;
        assert!(matches!(status, 404 | 422), "{method} {path} {body} → {status} {problem}");
        assert!(problem["title"].is_string() && problem["status"] == status, "{problem}");
    }
    let (_, clock) = admin(&server, Method::GET, "/clock", None).await;
    assert_eq!(clock["now"], "2026-03-01T12:00:00Z");
    let malformed = fetch(
        client()
            .post(format!("{}/faults", server.admin_url()))
            .header("content-type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_eq!(malformed.status, 422);
    assert_eq!(malformed.headers["content-type"], "application/problem+json");
}
