//! Generic stateful behaviour on a spec without handlers.

use serde_json::{Value, json};

use super::world_server;
use crate::helpers::{client, exchange};

#[tokio::test]
async fn create_read_update_list_delete() {
    let server = world_server("small", true).await;
    let base = format!("{}/notes", server.url("notes"));
    let http = client();
    let created = http.post(&base).json(&json!({"title": "Plan", "tag": "work"})).send().await.expect("sent");
    assert_eq!(created.status(), 201);
    let note: Value = created.json().await.expect("json");
    assert_eq!((&note["title"], &note["tag"]), (&json!("Plan"), &json!("work")));
    let id = note["id"].as_str().expect("generated id").to_string();
    let item = format!("{base}/{id}");

    let read: Value = http.get(&item).send().await.expect("sent").json().await.expect("json");
    assert_eq!(read, note, "GET returns what POST created");

    let patched = http.patch(&item).json(&json!({"title": "Plan B"})).send().await.expect("sent");
    assert_eq!(patched.status(), 200);
    let patched: Value = patched.json().await.expect("json");
    assert_eq!((&patched["title"], &patched["tag"], &patched["id"]), (&json!("Plan B"), &json!("work"), &json!(id)));

    let page: Value = http.get(&base).send().await.expect("sent").json().await.expect("json");
    assert_eq!((page["total"].as_i64(), page["limit"].as_i64(), page["offset"].as_i64()), (Some(2), Some(20), Some(0)));
    let filtered: Value = http.get(format!("{base}?tag=work")).send().await.expect("sent").json().await.expect("json");
    assert_eq!(filtered["items"].as_array().map(Vec::len), Some(1));
    let second: Value =
        http.get(format!("{base}?limit=1&offset=1")).send().await.expect("sent").json().await.expect("json");
    assert_eq!((second["items"][0]["id"].as_str(), second["total"].as_i64()), (Some(id.as_str()), Some(2)));

    assert_eq!(http.delete(&item).send().await.expect("sent").status(), 204);
    let gone = http.get(&item).send().await.expect("sent");
    assert_eq!(gone.status(), 404);
    assert_eq!(gone.headers()["content-type"], "application/problem+json");
    assert_eq!(http.delete(&item).send().await.expect("sent").status(), 404);
}

#[tokio::test]
async fn nested_collections_belong_to_their_parent() {
    let server = world_server("small", true).await;
    let http = client();
    let note = format!("{}/notes/3f2b8c1e-9d4a-4c6b-8e2f-1a5b7c9d0e1f", server.url("notes"));
    let (_, first) = exchange(http.post(format!("{note}/comments")), Some(json!({"text": "one"}))).await;
    let (_, second) = exchange(http.post(format!("{note}/comments")), Some(json!({"text": "two"}))).await;
    assert_eq!((first["id"].as_i64(), second["id"].as_i64()), (Some(1), Some(2)), "integer ids count up");
    let listed: Value = http.get(format!("{note}/comments")).send().await.expect("sent").json().await.expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    let one: Value = http.get(format!("{note}/comments/2")).send().await.expect("sent").json().await.expect("json");
    assert_eq!(one["text"], "two");
    let orphan = http
        .post(format!("{}/notes/missing/comments", server.url("notes")))
        .json(&json!({"text": "x"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(orphan.status(), 404, "no parent, no collection");
    let invalid = http.post(format!("{note}/comments")).json(&json!({"text": ""})).send().await.expect("sent");
    assert_eq!(invalid.status(), 422);
}

/// The generic behaviour never answers a status the operation does not declare, and a GET
/// that answers an array is not mistaken for an item read.
#[tokio::test]
async fn undeclared_refusals_and_list_lookups_follow_the_contract() {
    let server = crate::helpers::fixture_server_with(&["world/tags.yaml"], secmock::startup::builtin_behaviours).await;
    let base = server.url("tags");
    let http = client();
    let (status, created) =
        exchange(http.post(format!("{base}/tags")), Some(json!({"name": "pci", "owner": "p"}))).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().expect("id");
    assert_eq!(exchange(http.get(format!("{base}/tags/{id}")), None).await, (200, created.clone()));

    // No 404 declared for an unknown tag: the contract's own answer, not an invented 404.
    let unknown = http.get(format!("{base}/tags/no-such-tag")).send().await.expect("sent");
    assert_eq!(unknown.status(), 200);
    assert!(unknown.headers().get("x-secmock-violations").is_none());

    // A list keyed by its last segment answers 200 with an array, for any owner.
    let listed = http.get(format!("{base}/tags/owner/nobody")).send().await.expect("sent");
    assert_eq!(listed.status(), 200);
    assert!(listed.json::<Value>().await.expect("json").is_array());
}
