//! Generic stateful behaviour on a spec without handlers.

use serde_json::json;

use super::world_server;
use crate::helpers::Api;

#[tokio::test]
async fn create_read_update_list_delete() {
    let server = world_server("small", true).await;
    let notes = Api::of(&server, "notes");
    let note = notes.post("/notes", json!({"title": "Plan", "tag": "work"})).await.expect(201);
    insta::assert_json_snapshot!("created_note", note, {".id" => "[id]"});
    let id = note["id"].as_str().expect("generated id").to_string();
    let item = format!("/notes/{id}");

    assert_eq!(notes.get(&item).await.expect(200), note, "GET returns what POST created");

    let patched = notes.patch(&item, json!({"title": "Plan B"})).await.expect(200);
    insta::assert_json_snapshot!("patched_note", patched, {".id" => "[id]"});
    assert_eq!(patched["id"], id);

    let page = notes.get("/notes").await.expect(200);
    insta::assert_json_snapshot!("notes_page", page, {".items[].id" => "[id]"});
    let filtered = notes.get("/notes?tag=work").await.expect(200);
    assert_eq!(filtered["items"].as_array().map(Vec::len), Some(1));
    let second = notes.get("/notes?limit=1&offset=1").await.expect(200);
    assert_eq!(second["items"][0]["id"], id);
    assert_eq!(second["total"], 2);

    notes.delete(&item).await.expect(204);
    let gone = notes.get(&item).await;
    assert_eq!(gone.header("content-type"), "application/problem+json");
    gone.expect(404);
    notes.delete(&item).await.expect(404);
}

#[tokio::test]
async fn nested_collections_belong_to_their_parent() {
    let server = world_server("small", true).await;
    let notes = Api::of(&server, "notes");
    let comments = "/notes/3f2b8c1e-9d4a-4c6b-8e2f-1a5b7c9d0e1f/comments";
    let first = notes.post(comments, json!({"text": "one"})).await.expect(201);
    let second = notes.post(comments, json!({"text": "two"})).await.expect(201);
    assert_eq!([&first["id"], &second["id"]], [1, 2], "integer ids count up");
    assert_eq!(notes.get(comments).await.expect(200).as_array().map(Vec::len), Some(2));
    assert_eq!(notes.get(&format!("{comments}/2")).await.expect(200)["text"], "two");
    notes.post("/notes/missing/comments", json!({"text": "x"})).await.expect(404);
    notes.post(comments, json!({"text": ""})).await.expect(422);
}

/// The generic behaviour never answers a status the operation does not declare, and a GET
/// that answers an array is not mistaken for an item read.
#[tokio::test]
async fn undeclared_refusals_and_list_lookups_follow_the_contract() {
    let server = crate::helpers::fixture_crud_server(&["world/tags.yaml"]).await;
    let tags = Api::of(&server, "tags");
    let created = tags.post("/tags", json!({"name": "pci", "owner": "p"})).await.expect(201);
    let id = created["id"].as_str().expect("id");
    assert_eq!(tags.get(&format!("/tags/{id}")).await.expect(200), created);

    // No 404 declared for an unknown tag: the contract's own answer, not an invented 404.
    let unknown = tags.get("/tags/no-such-tag").await;
    assert_eq!(unknown.header("x-secmock-violations"), "");
    unknown.expect(200);

    // A list keyed by its last segment answers 200 with an array, for any owner.
    assert!(tags.get("/tags/owner/nobody").await.expect(200).is_array());
}

#[tokio::test]
async fn a_nested_create_is_found_at_its_top_level_path_and_listed_under_its_parent_only() {
    let server = crate::helpers::fixture_crud_server(&["nested-toplevel.yaml"]).await;
    let api = Api::of(&server, "nested");
    let first = api.post("/projects", json!({"name": "payments"})).await.expect(201);
    let other = api.post("/projects", json!({"name": "platform"})).await.expect(201);
    let (p1, p2) = (first["id"].as_str().unwrap_or_default(), other["id"].as_str().unwrap_or_default());
    let repo = api.post(&format!("/projects/{p1}/repositories"), json!({"name": "payments-api"})).await.expect(201);
    assert_eq!(repo["name"], "payments-api", "the item is what was sent");
    let item = format!("/repositories/{}", repo["id"].as_str().unwrap_or_default());
    assert_eq!(api.get(&item).await.expect(200), repo, "found at the top-level path");
    let mine = api.get(&format!("/projects/{p1}/repositories")).await.expect(200);
    assert_eq!(mine["total"], 1, "total");
    assert_eq!(mine["items"][0]["id"], repo["id"], "items/id");
    let theirs = api.get(&format!("/projects/{p2}/repositories")).await.expect(200);
    assert_eq!(theirs["total"], 0, "another project's list does not show it");
    let unknown = api.post("/projects/nope/repositories", json!({"name": "x"})).await;
    unknown.expect(404);
    api.delete(&item).await.expect(204);
    api.get(&item).await.expect(404);
    assert_eq!(api.get(&format!("/projects/{p1}/repositories")).await.expect(200)["total"], 0);
}
