//! The worlds admin API: creation with its defaults and choices, listing, reset, delete
//! (which stops the world's jobs), names checked by the contract, duplicates and the cap
//! refused, unknown worlds 404 in each API's own dialect, changing nothing.

use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use super::{create, kolega, start_scan};
use crate::helpers::{Api, admin, assert_has, client, fetch};

#[tokio::test]
async fn a_world_is_created_listed_reset_and_deleted() {
    let server = MockServer::start().await;
    let world = create(&server, json!({"name": "ci-1", "seed": 9, "clock": {"start": "2026-03-01T00:00:00Z"}})).await;
    assert_has(
        &world,
        json!({"name": "ci-1", "default": false, "scenario": "default", "seed": 9, "requests": 0,
               "clock": {"now": "2026-03-01T00:00:00Z", "mode": "manual"}}),
    );
    let urls = world["urls"].as_object().expect("urls");
    assert_eq!(urls.len(), server.urls().len());
    for (api, url) in urls {
        assert_eq!(url.as_str(), Some(format!("{}/w/ci-1", server.url(api)).as_str()));
    }
    let generated = create(&server, json!({})).await;
    assert_eq!(generated["name"], "w1");

    kolega(&server, Some("ci-1")).get("/api/v1/quotas/balance").await.expect(200);
    let (status, listed) = admin(&server, Method::GET, "/worlds", None).await;
    assert_eq!(status, 200);
    let names: Vec<&str> =
        listed["worlds"].as_array().expect("worlds").iter().filter_map(|w| w["name"].as_str()).collect();
    assert_eq!(names, ["default", "ci-1", "w1"]);
    assert_eq!(listed["limit"], 1000);
    assert_eq!(listed["worlds"][1]["requests"], 1);

    let (status, moved) = admin(&server, Method::POST, "/w/ci-1/clock/advance", Some(json!({"by": "1h"}))).await;
    assert_eq!(status, 200, "{moved}");
    let (status, reset) = admin(&server, Method::POST, "/worlds/ci-1/reset", None).await;
    assert_eq!(status, 200, "{reset}");
    assert_eq!(reset["clock"]["now"], "2026-03-01T00:00:00Z", "back to the world's own start");
    let (_, journal) = admin(&server, Method::GET, "/w/ci-1/journal", None).await;
    assert_eq!(journal["entries"], json!([]));

    let (status, _) = admin(&server, Method::DELETE, "/worlds/ci-1", None).await;
    assert_eq!(status, 204);
    let (status, _) = admin(&server, Method::GET, "/worlds/ci-1", None).await;
    assert_eq!(status, 404);
    let (status, gone) = admin(&server, Method::DELETE, "/worlds/default", None).await;
    assert_eq!(status, 409, "{gone}");
}

#[tokio::test]
async fn a_world_loads_the_scenario_it_names_or_is_not_created() {
    let server = MockServer::start().await;
    let world = create(&server, json!({"name": "quota", "scenario": "kolega-quota-exhausted"})).await;
    assert_eq!(world["scenario"], "kolega-quota-exhausted");
    let (status, _) = admin(&server, Method::POST, "/worlds", Some(json!({"name": "x", "scenario": "no-such"}))).await;
    assert_eq!(status, 404);
    let bad = json!({"name": "x", "scenario": {"apis": {"nope": {}}}});
    let (status, problem) = admin(&server, Method::POST, "/worlds", Some(bad)).await;
    assert_eq!(status, 422, "{problem}");
    let (_, listed) = admin(&server, Method::GET, "/worlds", None).await;
    assert_eq!(listed["worlds"].as_array().map(Vec::len), Some(2), "nothing half-made: {listed}");
}

#[tokio::test]
async fn names_are_checked_duplicates_and_the_cap_refused() {
    let server = MockServer::builder().configure(|c| c.max_worlds = 2).start().await.expect("starts");
    for bad in ["a/b", "-x", "", "é", &"x".repeat(65)] {
        let (status, problem) = admin(&server, Method::POST, "/worlds", Some(json!({"name": bad}))).await;
        assert_eq!(status, 422, "{bad:?}: {problem}");
    }
    create(&server, json!({"name": "one"})).await;
    for taken in ["one", "default"] {
        let (status, problem) = admin(&server, Method::POST, "/worlds", Some(json!({"name": taken}))).await;
        assert_eq!(status, 409, "{problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("exists")), "{problem}");
    }
    create(&server, json!({"name": "two"})).await;
    let (status, problem) = admin(&server, Method::POST, "/worlds", Some(json!({"name": "three"}))).await;
    assert_eq!(status, 409, "{problem}");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("limit")), "{problem}");
    let (status, _) = admin(&server, Method::DELETE, "/worlds/one", None).await;
    assert_eq!(status, 204);
    create(&server, json!({"name": "three"})).await;
}

#[tokio::test]
async fn an_unknown_world_is_a_404_in_the_apis_own_dialect_and_changes_nothing() {
    let server = MockServer::start().await;
    let before = server.journal().len();
    for api in ["kolega", "dryrun", "securescan", "platform"] {
        let unknown = fetch(client().get(format!("{}/w/nope/anything", server.url(api)))).await;
        let missing = fetch(client().get(format!("{}/no-such-path", server.url(api)))).await;
        assert_eq!((unknown.status, missing.status), (404, 404), "{api}");
        let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
        assert_eq!(keys(&unknown.body), keys(&missing.body), "{api}: {:?} vs {:?}", unknown.body, missing.body);
    }
    let by_header = fetch(
        client().get(format!("{}/api/v1/quotas/balance", server.url("kolega"))).header("x-secmock-world", "nope"),
    )
    .await;
    assert_eq!(by_header.status, 404);
    let admin_port = fetch(client().get(format!("{}/w/nope/journal", server.admin_url()))).await;
    assert_eq!(admin_port.status, 404);
    assert_eq!(admin_port.header("content-type"), "application/problem+json");
    // Only the four unknown paths of the default world were journaled.
    assert_eq!(server.journal().len(), before + 4);
}

#[tokio::test]
async fn deleting_a_world_stops_its_jobs() {
    let server = MockServer::start().await;
    // SecureScan schedules its scans' events (and webhook deliveries) as jobs.
    let world = server.create_world(Some("doomed"), Some("securescan-ci")).expect("created");
    let securescan = Api::of(&server, "securescan").under("/w/doomed/api/v1").with_key(crate::securescan::WRITER);
    securescan.post("/scans", json!({"target_path": "/srv/ci/web"})).await.expect(200);
    assert!(!world.world().scheduler.pending().is_empty(), "the scan's events are scheduled");
    let (status, _) = admin(&server, Method::DELETE, "/worlds/doomed", None).await;
    assert_eq!(status, 204);
    assert!(world.world().scheduler.pending().is_empty(), "its pending jobs are cancelled");
    kolega(&server, Some("doomed")).get("/api/v1/quotas/balance").await.expect(404);
    assert!(server.named_world("doomed").is_none());
}

#[tokio::test]
async fn the_rust_handle_has_the_servers_conveniences() {
    let server = MockServer::start().await;
    let world = server.create_world(Some("rust"), None).expect("created");
    assert_eq!(world.url("kolega"), format!("{}/w/rust", server.url("kolega")));
    let batch = start_scan(&kolega(&server, Some("rust"))).await;
    assert_eq!(world.journal().len(), 1);
    assert!(server.journal().is_empty());
    world.advance("3h").await;
    let done = kolega(&server, Some("rust")).get(&super::progress(&batch)).await.expect(200);
    assert_ne!(done["status"], "queued", "{done}");
    world.reset();
    assert!(world.journal().is_empty());
    assert!(server.delete_world("rust"));
    assert!(server.create_world(Some("bad/name"), None).is_err());
}

#[tokio::test]
async fn a_named_worlds_journal_keeps_its_own_smaller_budget() {
    let server = MockServer::builder()
        .configure(|c| {
            c.journal_bytes = 1024 * 1024;
            c.world_journal_bytes = 8 * 1024;
        })
        .start()
        .await
        .expect("starts");
    let world = server.create_world(Some("small"), None).expect("created");
    for _ in 0..40 {
        fetch(client().get(format!("{}/openapi.json", world.url("kolega")))).await.expect(200);
        fetch(client().get(format!("{}/openapi.json", server.url("kolega")))).await.expect(200);
    }
    let kept = world.journal().len();
    assert!(kept > 0 && kept < 40, "the world's journal dropped its oldest beyond 8 KiB: kept {kept}");
    assert_eq!(server.journal().len(), 40, "the default world keeps --journal-bytes");
}
