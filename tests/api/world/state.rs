//! State that sticks, resets, scenario switches, snapshots and determinism.

use reqwest::Method;
use serde_json::json;

use super::{admin, call, world_server};
use crate::helpers::fetch;

#[tokio::test]
async fn created_builds_stick_and_spend_quota() {
    let server = world_server("small", true).await;
    let (status, build) = call(&server, Method::POST, "/builds", "good", Some(json!({"name": "release"}))).await;
    assert_eq!(status, 202, "{build}");
    assert_eq!(build["status"], "queued");
    let id = build["id"].as_str().expect("id");
    let (status, again) = call(&server, Method::GET, &format!("/builds/{id}"), "good", None).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["name"], "release", "name");
    let (_, list) = call(&server, Method::GET, "/builds", "good", None).await;
    assert_eq!(list["total"], 2, "the scenario's build and the new one");
    let (_, quota) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(quota, json!({"limit": 5, "used": 1, "remaining": 4}));
}

#[tokio::test]
async fn reset_returns_to_the_scenario() {
    let server = world_server("small", true).await;
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "a"}))).await;
    admin(&server, Method::POST, "/clock/advance", Some(json!({"by": "1h"}))).await;
    let (status, info) = admin(&server, Method::POST, "/reset", None).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["name"], "small");
    assert_eq!(info["clock"]["now"], "2026-03-01T12:00:00Z", "the clock is back at the scenario's start");
    let (_, list) = call(&server, Method::GET, "/builds", "good", None).await;
    assert_eq!(list["total"], 1);
    let (_, quota) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(quota["used"], 0);
}

#[tokio::test]
async fn scoped_reset_touches_only_its_api() {
    let server = world_server("small", true).await;
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "a"}))).await;
    let notes = format!("{}/notes", server.url("notes"));
    let created = fetch(crate::helpers::client().post(&notes).json(&json!({"title": "kept"}))).await;
    assert_eq!(created.status, 201);
    let url = format!("{}/__secmock/reset", server.url("builds"));
    let reset = fetch(crate::helpers::client().post(url)).await;
    assert_eq!(reset.status, 200);
    let (_, list) = call(&server, Method::GET, "/builds", "good", None).await;
    assert_eq!(list["total"], 1, "builds went back to the scenario");
    let page = fetch(crate::helpers::client().get(&notes)).await.body;
    assert_eq!(page["total"], 2, "notes kept the created note");
}

#[tokio::test]
async fn switching_scenarios_by_name_and_inline() {
    let server = world_server("small", true).await;
    let (status, info) = admin(&server, Method::PUT, "/scenario", Some(json!({"name": "exhausted"}))).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["name"], "exhausted", "name");
    let (status, body) = call(&server, Method::POST, "/builds", "good", Some(json!({"name": "x"}))).await;
    assert_eq!(status, 403);
    assert_eq!(body, json!({"detail": "build quota exhausted"}));

    let inline = json!({"scenario": {"name": "roomy", "seed": 1, "apis": {"builds": {"quota": 100}}}});
    let (status, info) = admin(&server, Method::PUT, "/scenario", Some(inline)).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["name"], "roomy", "name");
    let (_, quota) = call(&server, Method::GET, "/quota", "good", None).await;
    assert_eq!(quota["limit"], 100);

    let (status, problem) = admin(&server, Method::PUT, "/scenario", Some(json!({"name": "no-such"}))).await;
    assert_eq!(status, 404, "{problem}");
}

#[tokio::test]
async fn a_scenario_the_contract_refuses_is_rejected_precisely_and_changes_nothing() {
    let server = world_server("small", true).await;
    let (status, problem) = admin(&server, Method::PUT, "/scenario", Some(json!({"name": "bad-build"}))).await;
    assert_eq!(status, 422);
    let detail = problem["detail"].as_str().expect("detail");
    assert!(detail.contains("builds[0]") && detail.contains("/name"), "{detail}");
    let (_, info) = admin(&server, Method::GET, "/scenario", None).await;
    assert_eq!(info["name"], "small", "the loaded scenario is untouched");

    let unknown = json!({"scenario": {"apis": {"nope": {}}}});
    let (status, problem) = admin(&server, Method::PUT, "/scenario", Some(unknown)).await;
    assert_eq!(status, 422);
    assert!(problem["detail"].as_str().unwrap_or_default().contains("'nope'"), "{problem}");
}

#[tokio::test]
async fn snapshots_round_trip() {
    let server = world_server("small", true).await;
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "before"}))).await;
    let (status, snapshot) = admin(&server, Method::GET, "/state?api=builds", None).await;
    assert_eq!(status, 200);
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "after"}))).await;
    let (status, imported) = admin(&server, Method::PUT, "/state", Some(snapshot)).await;
    assert_eq!(status, 200, "{imported}");
    assert_eq!(imported, json!({"imported": ["builds"]}));
    let (_, list) = call(&server, Method::GET, "/builds", "good", None).await;
    let names: Vec<&str> = list["items"].as_array().expect("items").iter().filter_map(|b| b["name"].as_str()).collect();
    assert_eq!(names, vec!["nightly", "before"]);

    let (status, _) = admin(&server, Method::PUT, "/state", Some(json!({"apis": {"builds": {"state": 5}}}))).await;
    assert_eq!(status, 422, "a snapshot of the wrong shape is refused");
    let (_, list) = call(&server, Method::GET, "/builds", "good", None).await;
    assert_eq!(list["total"], 2, "and changes nothing");
}

/// Snapshots of several APIs are restored all or nothing: one bad snapshot and no API
/// changes, not even those checked before it.
#[tokio::test]
async fn a_set_of_snapshots_imports_all_or_nothing() {
    let server = world_server("small", true).await;
    let (status, snapshot) = admin(&server, Method::GET, "/state", None).await;
    assert_eq!(status, 200);
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "kept"}))).await;
    let builds = snapshot["apis"]["builds"].clone();
    assert!(builds.is_object(), "{snapshot}");
    let mixed = json!({"apis": {"builds": builds, "notes": {"state": 5}}});
    let (status, problem) = admin(&server, Method::PUT, "/state", Some(mixed)).await;
    assert_eq!(status, 422, "{problem}");
    assert!(problem.to_string().contains("notes"), "the refusal names the API: {problem}");
    let (_, list) = call(&server, Method::GET, "/builds", "good", None).await;
    assert_eq!(list["total"], 2, "builds, checked first and valid, was not imported either");
}

/// The same scenario, seed, clock and requests give byte-identical answers, ids included.
#[tokio::test]
async fn runs_are_deterministic() {
    async fn run() -> Vec<String> {
        let server = world_server("small", true).await;
        let mut out = Vec::new();
        for name in ["a", "b", "c"] {
            let body = crate::helpers::client()
                .post(format!("{}/builds", server.url("builds")))
                .bearer_auth("good")
                .json(&json!({"name": name}))
                .send()
                .await
                .expect("sent");
            out.push(body.text().await.expect("text"));
            admin(&server, Method::POST, "/clock/advance", Some(json!({"by": 25}))).await;
        }
        for path in ["/builds", "/notifications"] {
            let body = crate::helpers::client()
                .get(format!("{}{path}", server.url("builds")))
                .bearer_auth("good")
                .send()
                .await
                .expect("sent");
            out.push(body.text().await.expect("text"));
        }
        let notes = crate::helpers::client()
            .post(format!("{}/notes", server.url("notes")))
            .json(&json!({"title": "t"}))
            .send()
            .await
            .expect("sent");
        out.push(notes.text().await.expect("text"));
        out
    }
    let first = run().await;
    assert_eq!(first, run().await);
    assert!(first.iter().all(|b| !b.contains("\"detail\"")), "{first:?}");
}
