//! Isolation is total: an id, an event, a journal entry, a fault, a stub, a clock move or
//! a scheduled job of one world is invisible to every other world and to the default one.

use reqwest::Method;
use secmock::MockServer;
use serde_json::json;

use super::{PAYMENTS, create, kolega, progress, start_scan};
use crate::helpers::{Api, admin, client, fetch};

/// Worlds `a` and `b` beside the default one: Kolega in each (a, b, default).
async fn worlds_a_and_b(server: &MockServer) -> (Api, Api, Api) {
    create(server, json!({"name": "a"})).await;
    create(server, json!({"name": "b"})).await;
    (kolega(server, Some("a")), kolega(server, Some("b")), kolega(server, None))
}

#[tokio::test]
async fn ids_clocks_and_jobs_stay_in_their_world() {
    let server = MockServer::start().await;
    let (a, b, default) = worlds_a_and_b(&server).await;

    let in_a = start_scan(&a).await;
    b.get(&progress(&in_a)).await.expect(404);
    default.get(&progress(&in_a)).await.expect(404);
    let in_b = start_scan(&b).await;
    // The same seed and scenario make the same first id in each world: ids are the
    // world's own, and a scan that exists in both answers from each world's state.
    assert_eq!(in_a, in_b, "worlds are deterministic like servers");
    default.get(&progress(&in_b)).await.expect(404);

    // A's clock moves; B's scan and clock do not.
    let (status, moved) = admin(&server, Method::POST, "/w/a/clock/advance", Some(json!({"by": "3h"}))).await;
    assert_eq!(status, 200, "{moved}");
    let done = a.get(&progress(&in_a)).await.expect(200);
    let waiting = b.get(&progress(&in_b)).await.expect(200);
    assert_ne!(done["status"], waiting["status"], "A: {done} B: {waiting}");
    assert_eq!(waiting["status"], "queued", "{waiting}");
    let clock = |world: &'static str| {
        let server = &server;
        async move { admin(server, Method::GET, &format!("{world}/clock"), None).await.1["now"].clone() }
    };
    assert_ne!(clock("/w/a").await, clock("/w/b").await);
    assert_eq!(clock("/w/b").await, clock("").await, "B and the default world started together and stood still");
    // The work in progress each world shows is its own.
    let queued = |world: &'static str| {
        let server = &server;
        async move {
            let (_, jobs) = admin(server, Method::GET, &format!("{world}/jobs"), None).await;
            let work = jobs["work"].as_array().cloned().unwrap_or_default();
            work.iter().filter(|w| w["status"] == "queued").count()
        }
    };
    assert_eq!((queued("").await, queued("/w/a").await, queued("/w/b").await), (0, 0, 1));
}

#[tokio::test]
async fn journals_faults_and_stubs_belong_to_one_world() {
    let server = MockServer::start().await;
    let (a, b, default) = worlds_a_and_b(&server).await;
    let repository = format!("/api/v1/repositories/{PAYMENTS}");

    // A fault in A (through A's admin API under the API's own port).
    let faults = format!("{}/w/a/__secmock/faults", server.url("kolega"));
    let fault = json!({"api": "kolega", "action": {"kind": "status", "status": 503}});
    let added = fetch(client().post(&faults).json(&fault)).await;
    assert_eq!(added.status, 201, "{:?}", added.body);
    a.get(&repository).await.expect(503);
    b.get(&repository).await.expect(200);
    default.get(&repository).await.expect(200);
    let (_, listed) = admin(&server, Method::GET, "/w/b/faults", None).await;
    assert_eq!(listed["faults"], json!([]), "{listed}");

    // A stub in B (through the admin port's prefix).
    let stub = json!({"api": "kolega", "request": {"method": "GET", "path": "/api/v1/repositories/{repository_id}"},
                      "response": {"status": 404, "body": {"detail": "stubbed in b"}}});
    let (status, body) = admin(&server, Method::POST, "/w/b/stubs", Some(stub)).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(b.get(&repository).await.expect(404), json!({"detail": "stubbed in b"}));
    default.get(&repository).await.expect(200);
    let (_, stubs) = admin(&server, Method::GET, "/stubs", None).await;
    assert_eq!(stubs["stubs"], json!([]), "{stubs}");

    // Each journal holds its own world's requests, and only those.
    let journal = |world: &'static str| {
        let server = &server;
        async move {
            let (_, journal) = admin(server, Method::GET, &format!("{world}/journal"), None).await;
            let entries = journal["entries"].as_array().cloned().unwrap_or_default();
            entries.iter().map(|e| e["status"].as_u64().unwrap_or_default()).collect::<Vec<_>>()
        }
    };
    assert_eq!(journal("/w/a").await, vec![503]);
    assert_eq!(journal("/w/b").await, vec![404, 200]);
    assert_eq!(journal("").await, vec![200, 200]);
}

#[tokio::test]
async fn the_header_selects_a_world_for_clients_that_keep_their_base_url() {
    let server = MockServer::start().await;
    create(&server, json!({"name": "hdr"})).await;
    let batch = start_scan(&kolega(&server, Some("hdr"))).await;
    let url = format!("{}{}", server.url("kolega"), progress(&batch));
    let seen = fetch(client().get(&url).bearer_auth(super::RW).header("x-secmock-world", "hdr")).await;
    assert_eq!(seen.status, 200, "{:?}", seen.body);
    let unseen = fetch(client().get(&url).bearer_auth(super::RW)).await;
    assert_eq!(unseen.status, 404);
    let default = fetch(client().get(&url).bearer_auth(super::RW).header("x-secmock-world", "default")).await;
    assert_eq!(default.status, 404, "`default` names the default world");
}
