//! Key management as an operator runs it: issue a key (shown once), use it, see it in the
//! list, introspect it, revoke it, and the lockout rule.

use serde_json::json;

use super::{ADMIN, ENV, READER, server, v1};
use crate::helpers::assert_has;

#[tokio::test]
async fn an_issued_key_works_until_it_is_revoked() {
    let server = server().await;
    let admin = v1(&server, ADMIN);
    let created = admin.post("/keys", json!({"name": "nightly", "scopes": ["read"]})).await.expect(201);
    let key = created["key"].as_str().expect("the key, once").to_string();
    let id = created["id"].as_str().expect("an id").to_string();
    assert!(key.starts_with(&format!("ssk_{id}_")) && key.len() == 47, "{key}");
    assert_has(&created, json!({"name": "nightly", "scopes": ["read"], "prefix": &key[..16], "revoked_at": null}));

    let me = v1(&server, &key).get("/keys/me").await.expect(200);
    assert!(me.get("key").is_none(), "the secret is never shown again: {me}");
    assert_has(&me, json!({"id": id, "name": "nightly"}));
    assert!(me["last_used_at"].is_string(), "using a key stamps it: {me}");

    let listed = admin.get("/keys").await.expect(200);
    assert_eq!(listed[0]["id"], id, "newest first: {listed}");
    assert_eq!(listed.as_array().map(Vec::len), Some(4));
    // Two keys issued at one (manual-clock) instant: the later one is listed first.
    let second = admin.post("/keys", json!({"name": "second"})).await.expect(201);
    assert_eq!(admin.get("/keys").await.expect(200)[0]["id"], second["id"]);

    admin.delete(&format!("/keys/{id}")).await.expect(204);
    admin.delete(&format!("/keys/{id}")).await.expect(204);
    let revoked = v1(&server, &key).get("/scans").await;
    assert_eq!(revoked.expect(401), json!({"detail": "Invalid API key"}));
    let listed = admin.get("/keys").await.expect(200);
    assert!(listed[1]["revoked_at"].is_string(), "{listed}");
}

#[tokio::test]
async fn unknown_keys_and_the_env_key_have_no_record() {
    let server = server().await;
    let missing = v1(&server, ADMIN).delete("/keys/NoSuchKey0").await;
    assert_eq!(missing.expect(404), json!({"detail": "Key not found"}));
    let env = v1(&server, ENV).get("/keys/me").await;
    assert_eq!(env.expect(404), json!({"detail": "Not authenticated via DB key"}));
    let default_scope = v1(&server, ENV).post("/keys", json!({"name": "x"})).await.expect(201);
    assert_eq!(default_scope["scopes"], json!(["read"]));
    let reader = v1(&server, READER).post("/keys", json!({"name": "x"})).await;
    assert_eq!(reader.expect(403), json!({"detail": "Requires scope: admin"}));
}

#[tokio::test]
async fn the_last_admin_key_is_kept_when_auth_is_required_without_an_env_key() {
    let server = server().await;
    let section = json!({"auth_required": true, "keys": [
        {"key": "ssk_OnlyAdmin1_secretsecretsecretsecretsecretsecre", "name": "only admin", "scopes": ["admin"]}]});
    let scenario = json!({"name": "lockout", "seed": 1, "apis": {"securescan": section}});
    let (status, body) =
        crate::helpers::admin(&server, reqwest::Method::PUT, "/scenario", Some(json!({"scenario": scenario}))).await;
    assert_eq!(status, 200, "{body}");
    let admin = v1(&server, "ssk_OnlyAdmin1_secretsecretsecretsecretsecretsecre");
    let refused = admin.delete("/keys/OnlyAdmin1").await;
    assert_eq!(refused.status, 409);
    assert_eq!(refused.body, json!({"detail": "Cannot revoke the last admin key when AUTH_REQUIRED=1"}));
    admin.get("/keys/me").await.expect(200);
}
