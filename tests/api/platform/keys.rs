//! API keys: the value shown once, listed without it, scopes as the spec writes them,
//! revocation at once; and the `ops` group.

use serde_json::json;

use super::{DANA, RO_KEY, RW_KEY, SAM, anonymous, as_user, ci, text};
use crate::helpers::assert_has;

#[tokio::test]
async fn a_key_is_shown_once_listed_without_its_value_and_works_as_a_bearer() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let created =
        dana.post("/v1/api-keys/", json!({"name": "ci", "scopes": ["read"], "expires_in_days": 30})).await.expect(201);
    let key = text(&created, "key");
    assert!(key.starts_with(&text(&created, "prefix")) && key.len() == 44, "{created}");
    assert_has(&created, json!({"name": "ci", "scopes": ["read"], "expires_at": "2026-04-09T09:00:00Z"}));
    let listed = dana.get("/v1/api-keys/").await.expect(200);
    assert_eq!(listed["total"], 3);
    assert!(listed["items"].as_array().is_some_and(|items| items.iter().all(|k| k.get("key").is_none())));
    assert_eq!(listed["items"][0]["name"], "ci");
    let me = anonymous(&server).with_key(&key).get("/v1/auth/me").await.expect(200);
    assert_has(&me, json!({"auth_method": "api_key", "api_key_id": created["id"], "scopes": ["read"]}));
    let again = dana.post("/v1/api-keys/", json!({"name": "ci"})).await;
    assert_eq!(again.expect(409), json!({"detail": "An API key named 'ci' already exists"}));
}

#[tokio::test]
async fn a_revoked_key_is_401_at_once() {
    let server = ci().await;
    let api = anonymous(&server).with_key(RW_KEY);
    let keys = api.get("/v1/api-keys/").await.expect(200);
    let id =
        keys["items"].as_array().and_then(|i| i.iter().find(|k| k["name"] == "github-actions")).map(|k| text(k, "id"));
    let id = id.expect("the CI key is listed");
    assert_eq!(api.delete(&format!("/v1/api-keys/{id}")).await.status, 204);
    let after = api.get("/v1/auth/me").await;
    assert_eq!(after.expect(401), json!({"detail": "API key has been revoked or has expired"}));
}

#[tokio::test]
async fn a_read_only_key_reads_and_every_write_is_403_in_the_spec_words() {
    let server = ci().await;
    let ro = anonymous(&server).with_key(RO_KEY);
    ro.get("/v1/projects/").await.expect(200);
    let denied = json!({"detail": "Not enough permissions: requires scope 'write'"});
    assert_eq!(ro.post("/v1/projects/", json!({"name": "nope"})).await.expect(403), denied);
    assert_eq!(ro.post("/v1/api-keys/", json!({"name": "x"})).await.expect(403), denied);
    let projects = as_user(&server, DANA).await.get("/v1/projects/").await.expect(200);
    assert_eq!(projects["total"], 2, "the refused create changed nothing");
}

#[tokio::test]
async fn ops_endpoints_need_the_ops_group_and_keys_cannot_grant_what_the_caller_lacks() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let not_ops = json!({"detail": "Not enough permissions: requires membership in the 'ops' group"});
    assert_eq!(dana.get("/v1/ops/limits").await.expect(403), not_ops);
    let ops_key = dana.post("/v1/api-keys/", json!({"name": "ops", "scopes": ["ops"]})).await;
    assert_eq!(ops_key.expect(403), json!({"detail": "Cannot grant scope 'ops': the caller does not hold it"}));
    let sam = as_user(&server, SAM).await;
    sam.get("/v1/ops/limits").await.expect(200);
    // A key of an operator without the ops scope is not an operator's credential.
    let key = sam.post("/v1/api-keys/", json!({"name": "rw"})).await.expect(201);
    let sam_key = anonymous(&server).with_key(&text(&key, "key"));
    assert_eq!(sam_key.get("/v1/ops/limits").await.expect(403), not_ops);
}

#[tokio::test]
async fn a_key_expires_by_the_virtual_clock() {
    let server = ci().await;
    let dana = anonymous(&server).with_key(RW_KEY);
    let created = dana.post("/v1/api-keys/", json!({"name": "short", "expires_in_days": 1})).await.expect(201);
    let short = anonymous(&server).with_key(&text(&created, "key"));
    server.advance("23h").await;
    short.get("/v1/auth/me").await.expect(200);
    server.advance("1h").await;
    let expired = short.get("/v1/auth/me").await;
    assert_eq!(expired.expect(401), json!({"detail": "API key has been revoked or has expired"}));
    let listed = dana.get("/v1/api-keys/").await.expect(200);
    assert_eq!(listed["items"][0]["name"], "short", "an expired key stays listed until deleted");
}
