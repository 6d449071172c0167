//! Who may do what, in SecureScan's words: 401 for nothing or a wrong key (with the
//! bearer challenge), 403 naming the scope, X-API-Key winning over Bearer, and the
//! credential checked before the body.

use reqwest::Method;
use serde_json::json;

use super::{ADMIN, ENV, READER, WRITER, server, v1, with_api_key};
use crate::helpers::{Api, assert_has};

#[tokio::test]
async fn no_key_and_a_wrong_key_are_401_with_the_bearer_challenge() {
    let server = server().await;
    let anonymous = Api::of(&server, "securescan").under("/api/v1").get("/scans").await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.body, json!({"detail": "X-API-Key header required"}));
    assert_eq!(anonymous.header("www-authenticate"), "Bearer");

    let wrong = with_api_key(&server, Method::GET, "/api/v1/scans", "ssk_nope", None, None).await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.body, json!({"detail": "Invalid API key"}));
    assert_eq!(wrong.header("www-authenticate"), "Bearer");
}

#[tokio::test]
async fn a_missing_scope_is_403_named_and_before_the_body_is_read() {
    let server = server().await;
    // A read-only key posting a scan, with a body that would be a 422.
    let refused = v1(&server, READER).post("/scans", json!({"scan_types": "nope"})).await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body, json!({"detail": "Requires scope: write"}));
    // A wrong key with a bad body is 401, not 422.
    let wrong = v1(&server, "garbage").post("/scans", json!({})).await;
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    // Scopes are independent: the admin-only key cannot read scans.
    let admin = v1(&server, ADMIN).get("/scans").await;
    assert_eq!(admin.expect(403), json!({"detail": "Requires scope: read"}));
}

#[tokio::test]
async fn x_api_key_wins_over_bearer() {
    let server = server().await;
    let got = with_api_key(&server, Method::GET, "/api/v1/keys/me", READER, Some(WRITER), None).await;
    assert_has(&got.body, json!({"id": "CiRead0001", "scopes": ["read"]}));
    let wrong_header = with_api_key(&server, Method::GET, "/api/v1/scans", "bad", Some(ENV), None).await;
    assert_eq!(wrong_header.status, 401);
}

#[tokio::test]
async fn the_legacy_mount_answers_from_the_same_world() {
    let server = server().await;
    let legacy = Api::of(&server, "securescan").under("/api").with_key(ENV);
    let scans = legacy.get("/scans").await.expect(200);
    let v1_scans = v1(&server, ENV).get("/scans").await.expect(200);
    assert_eq!(scans, v1_scans);
    let created = legacy.post("/scans", json!({"target_path": "/srv/ci/web"})).await.expect(200);
    let id = created["id"].as_str().unwrap_or_default();
    v1(&server, WRITER).get(&format!("/scans/{id}")).await.expect(200);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_legacy_ones_their_deprecation() {
    let server = server().await;
    let legacy = Api::of(&server, "securescan").under("/api");
    for got in [legacy.clone().with_key(ENV).get("/scans").await, legacy.get("/scans").await, legacy.get("/nope").await]
    {
        assert_eq!(got.header("deprecation"), "true", "{}", got.status);
        assert_eq!(got.header("sunset"), "Wed, 31 Dec 2026 23:59:59 GMT");
        assert_eq!(got.header("x-request-id").len(), 36);
    }
    let link = legacy.with_key(ENV).get("/scans/compare").await;
    assert_eq!(link.header("link"), "</api/v1/scans/compare>; rel=\"successor-version\"");
    let current = v1(&server, ENV).get("/scans").await;
    assert_eq!(current.header("deprecation"), "");
    let mine = crate::helpers::client()
        .get(format!("{}/health", server.url("securescan")))
        .header("x-request-id", "trace-42")
        .send()
        .await
        .expect("request sent");
    assert_eq!(mine.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("trace-42"));
}
