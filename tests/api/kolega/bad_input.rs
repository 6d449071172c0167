//! Malformed requests: each gets the FastAPI answer the real API gives (422 with every
//! problem, or 404 for unknown ids), and none of them changes anything: no quota spent,
//! no batch, fix or event created, no finding touched.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, PAYMENTS, RW, SQLI, SQLI_FIX};
use crate::helpers::{client, fetch};

/// Everything a bad request could have changed.
async fn world(k: &Kolega) -> Value {
    json!({
        "balance": k.get("/api/v1/quotas/balance").await,
        "events": k.get("/api/v1/finding-events?limit=1").await,
        "scans": k.get(&format!("/api/v1/repositories/{PAYMENTS}/scans?limit=1")).await,
        "fixes": k.get(&format!("/api/v1/repositories/{PAYMENTS}/fixes?limit=1")).await,
        "finding": k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}")).await,
        "fix": k.get(&format!("/api/v1/repositories/{PAYMENTS}/fixes/{SQLI_FIX}")).await,
    })
}

type Case = (Method, String, Option<Value>, u16, &'static str, Value);

#[tokio::test]
async fn malformed_requests_get_fastapi_errors_and_change_nothing() {
    let k = Kolega::default().await;
    let before = world(&k).await;
    let repo = format!("/api/v1/repositories/{PAYMENTS}");
    let long_title = "x".repeat(201);
    // (method, path, body, status, pydantic error type, loc)
    let cases: Vec<Case> = vec![
        (
            Method::POST,
            format!("{repo}/scans"),
            Some(json!({"scan_type": "dast_scan"})),
            422,
            "enum",
            json!(["body", "scan_type"]),
        ),
        (
            Method::POST,
            format!("{repo}/scans"),
            Some(json!({"scan_type": 5})),
            422,
            "string_type",
            json!(["body", "scan_type"]),
        ),
        (Method::POST, format!("{repo}/scans"), Some(json!({})), 422, "missing", json!(["body", "scan_type"])),
        (
            Method::PATCH,
            format!("{repo}/findings/{SQLI}"),
            Some(json!({"status": "fixed"})),
            422,
            "enum",
            json!(["body", "status"]),
        ),
        (Method::PATCH, format!("{repo}/findings/{SQLI}"), Some(json!({})), 422, "missing", json!(["body", "status"])),
        (
            Method::POST,
            format!("{repo}/fixes"),
            Some(json!({"title": "", "instructions": "i", "source_repo": "acme/payments-api"})),
            422,
            "string_too_short",
            json!(["body", "title"]),
        ),
        (
            Method::POST,
            format!("{repo}/fixes"),
            Some(json!({"title": long_title, "instructions": "i", "source_repo": "acme/payments-api"})),
            422,
            "string_too_long",
            json!(["body", "title"]),
        ),
        (
            Method::POST,
            format!("{repo}/fixes"),
            Some(json!({"finding_ids": [], "title": "t", "instructions": "i", "source_repo": "a/b"})),
            422,
            "too_short",
            json!(["body", "finding_ids"]),
        ),
        (
            Method::POST,
            format!("{repo}/fixes"),
            Some(json!({"title": "t", "instructions": "i", "source_repo": "a/b", "source_repo_provider": "bitbucket"})),
            422,
            "enum",
            json!(["body", "source_repo_provider"]),
        ),
        (
            Method::POST,
            format!("{repo}/fixes"),
            Some(json!({"title": "t", "source_repo": "a/b"})),
            422,
            "missing",
            json!(["body", "instructions"]),
        ),
        (
            Method::POST,
            format!("{repo}/fixes/{SQLI_FIX}/refine"),
            Some(json!({"instructions": ""})),
            422,
            "string_too_short",
            json!(["body", "instructions"]),
        ),
        (
            Method::POST,
            format!("{repo}/fixes/{SQLI_FIX}/pull-requests"),
            Some(json!({"title": 7})),
            422,
            "string_type",
            json!(["body", "title"]),
        ),
        (Method::GET, format!("{repo}/scans?scan_type=dast"), None, 422, "enum", json!(["query", "scan_type"])),
        (Method::GET, format!("{repo}/findings?skip=-1"), None, 422, "greater_than_equal", json!(["query", "skip"])),
        (Method::GET, format!("{repo}/scans?limit=1000"), None, 422, "less_than_equal", json!(["query", "limit"])),
        (Method::GET, "/api/v1/finding-events?end=2026-13-01T00:00:00Z".into(), None, 422, "", json!(["query", "end"])),
    ];
    for (method, path, body, status, kind, loc) in cases {
        let (got, reply) = k.call(method.clone(), &path, Some(RW), body.clone()).await;
        assert_eq!(got, status, "{method} {path} {body:?}: {reply}");
        if !kind.is_empty() {
            assert_eq!(reply["detail"][0]["type"], kind, "{method} {path} {body:?}: {reply}");
        }
        assert_eq!(reply["detail"][0]["loc"], loc, "{method} {path}: {reply}");
    }

    // Invalid JSON, and a body that is not an object.
    let url = format!("{}{repo}/scans", k.server.url("kolega"));
    let response =
        fetch(client().post(&url).bearer_auth(RW).header("content-type", "application/json").body("{\"scan_type\": "))
            .await;
    assert_eq!(response.status, 422);
    let body = response.body;
    assert_eq!(body["detail"][0]["type"], "json_invalid");

    // Unknown ids on every write.
    for (method, path, body, detail) in [
        (
            Method::POST,
            "/api/v1/repositories/nope/scans".to_string(),
            json!({"scan_type": "deep_ai_scan"}),
            "Repository not found",
        ),
        (Method::PATCH, format!("{repo}/findings/nope"), json!({"status": "ignored"}), "Finding not found"),
        (Method::POST, format!("{repo}/fixes/nope/refine"), json!({"instructions": "again"}), "Fix not found"),
        (Method::POST, format!("{repo}/fixes/nope/pull-requests"), json!({}), "Fix not found"),
    ] {
        let (got, reply) = k.call(method, &path, Some(RW), Some(body)).await;
        assert_eq!(got, 404, "{path}: {reply}");
        assert_eq!(reply, json!({"detail": detail}), "{path}");
    }
    assert_eq!(world(&k).await, before, "nothing changed");
}

#[tokio::test]
async fn validation_comes_before_lookups_and_lists_every_problem() {
    let k = Kolega::default().await;
    let (status, body) = k
        .call(Method::POST, "/api/v1/repositories/nope/fixes", Some(RW), Some(json!({"title": "", "source_repo": 3})))
        .await;
    assert_eq!(status, 422, "422 before the unknown repository's 404: {body}");
    let locs: Vec<&Value> = body["detail"].as_array().expect("detail").iter().map(|d| &d["loc"]).collect();
    assert_eq!(locs.len(), 3, "{body}");
    let (status, _) = k.call(Method::GET, "/api/v1/repositories/nope/findings?limit=0", Some(RW), None).await;
    assert_eq!(status, 422);
    let (status, _) = k.call(Method::GET, "/api/v1/repositories/nope/findings", Some(RW), None).await;
    assert_eq!(status, 404);
}
