//! A reset or scenario load of one API builds only that API's section and leaves the
//! others exactly as they were (state, journal, faults); it is all or nothing all the
//! same: a section that does not load changes nothing, not even its own API.

use reqwest::Method;
use serde_json::{Value, json};

use super::{admin, call, world_server};
use crate::helpers::{client, exchange, fetch};

/// The notes API's state as `GET /state` exports it.
async fn notes_state(server: &secmock::MockServer) -> Value {
    let (status, state) = admin(server, Method::GET, "/state?api=notes", None).await;
    assert_eq!(status, 200, "{state}");
    state
}

async fn journal_count(server: &secmock::MockServer, api: &str) -> usize {
    let (status, journal) = admin(server, Method::GET, &format!("/journal?api={api}"), None).await;
    assert_eq!(status, 200, "{journal}");
    journal["entries"].as_array().map(Vec::len).expect("entries")
}

/// Builds and notes both changed by requests.
async fn changed_world() -> secmock::MockServer {
    let server = world_server("small", true).await;
    let (status, _) = call(&server, Method::POST, "/builds", "good", Some(json!({"name": "a"}))).await;
    assert_eq!(status, 202);
    let notes = format!("{}/notes", server.url("notes"));
    let created = fetch(client().post(&notes).json(&json!({"title": "kept"}))).await;
    assert_eq!(created.status, 201);
    server
}

async fn builds_total(server: &secmock::MockServer) -> Value {
    call(server, Method::GET, "/builds", "good", None).await.1["total"].clone()
}

#[tokio::test]
async fn a_scoped_reset_leaves_the_other_apis_state_and_journal_as_they_were() {
    let server = changed_world().await;
    let (notes_before, notes_journal) = (notes_state(&server).await, journal_count(&server, "notes").await);
    assert!(notes_journal > 0);
    let (status, info) = admin(&server, Method::POST, "/reset?api=builds", None).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["reset"], json!(["builds"]));
    assert_eq!(builds_total(&server).await, 1, "builds went back to the scenario");
    assert_eq!(notes_state(&server).await, notes_before, "notes kept its note and its RNG position");
    assert_eq!(journal_count(&server, "notes").await, notes_journal, "notes' journal was not cleared");
}

#[tokio::test]
async fn a_scoped_load_that_does_not_load_changes_nothing() {
    let server = changed_world().await;
    let (status, fault) = admin(
        &server,
        Method::POST,
        "/faults",
        Some(json!({"api": "builds", "operation_id": "create_build", "action": {"kind": "status", "status": 503}})),
    )
    .await;
    assert_eq!(status, 201, "{fault}");
    let notes_before = notes_state(&server).await;
    let builds_journal = journal_count(&server, "builds").await;
    let bad = json!({"scenario": {"name": "bad", "apis": {"builds": {"quota": "many"}}}});
    let url = format!("{}/__secmock/scenario", server.url("builds"));
    let (status, refused) = exchange(client().put(&url), Some(bad)).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["detail"].as_str().is_some_and(|d| d.starts_with("builds: ")), "{refused}");
    assert_eq!(builds_total(&server).await, 2, "the created build is still there");
    assert_eq!(journal_count(&server, "builds").await, builds_journal + 1, "not cleared: only the GET was added");
    let (_, faults) = admin(&server, Method::GET, "/faults?api=builds", None).await;
    assert_eq!(faults["faults"].as_array().map(Vec::len), Some(1), "{faults}");
    assert_eq!(notes_state(&server).await, notes_before);
}

#[tokio::test]
async fn a_scoped_load_builds_only_its_own_section() {
    let server = changed_world().await;
    let notes_before = notes_state(&server).await;
    // The notes section would not load; a load into builds alone does not build it.
    let scenario = json!({"scenario": {"name": "builds-only", "apis": {
        "builds": {"quota": 2, "builds": []},
        "notes": {"collections": "not a map"},
    }}});
    let url = format!("{}/__secmock/scenario", server.url("builds"));
    let (status, info) = exchange(client().put(&url), Some(scenario.clone())).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(builds_total(&server).await, 0);
    assert_eq!(notes_state(&server).await, notes_before);
    // The whole server, which would build both, refuses it and keeps everything.
    let (status, refused) = admin(&server, Method::PUT, "/scenario", Some(scenario)).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused["detail"].as_str().is_some_and(|d| d.starts_with("notes: ")), "{refused}");
    assert_eq!(builds_total(&server).await, 0);
    assert_eq!(notes_state(&server).await, notes_before);
}
