//! `GET /journal/stream`: entries as they are recorded, nothing lost between what was held
//! and what follows, filtered and scoped like `GET /journal`, clears told, and the token
//! required like on every admin call.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use super::sse::Events;
use crate::helpers::{Api, admin};

const DRYRUN_KEY: &str = "drs_demo_7f3c9a1e5b2d";

#[tokio::test]
async fn a_request_appears_on_the_stream_as_it_is_answered() {
    let server = secmock::MockServer::start().await;
    let mut events = Events::open(&format!("{}/journal/stream", server.admin_url()), &[]).await;
    let dryrun = Api::of(&server, "dryrun").under("/v1").with_key(DRYRUN_KEY);
    dryrun.get("/accounts").await.expect(200);
    let event = events.next().await;
    assert_eq!(event.name, "entry");
    assert_eq!(event.data["api"], "dryrun");
    assert_eq!(event.data["path"], "/v1/accounts");
    assert_eq!(event.data["status"], 200);
    assert_eq!(event.id.as_deref(), Some(event.data["id"].to_string().as_str()), "the event id is the entry's");
    let authorization = event.data["headers"].as_array().expect("headers").iter().find(|h| h[0] == "authorization");
    assert_eq!(authorization.expect("kept")[1], "Bearer drs_…[redacted]", "credentials stay redacted");
}

#[tokio::test]
async fn after_an_id_the_held_entries_come_first_oldest_first_then_live_ones() {
    let server = secmock::MockServer::start().await;
    let dryrun = Api::of(&server, "dryrun").under("/v1").with_key(DRYRUN_KEY);
    for path in ["/accounts", "/nope-1", "/nope-2"] {
        dryrun.get(path).await;
    }
    let url = format!("{}/journal/stream?after=1", server.admin_url());
    let mut events = Events::open(&url, &[]).await;
    let held: Vec<String> = vec![events.next().await, events.next().await]
        .into_iter()
        .map(|e| e.data["path"].as_str().expect("path").to_string())
        .collect();
    assert_eq!(held, vec!["/v1/nope-1", "/v1/nope-2"]);
    dryrun.get("/nope-3").await;
    assert_eq!(events.next().await.data["path"], "/v1/nope-3", "then the live ones, none twice");
    // An EventSource that reconnects sends the last id it saw.
    let mut resumed = Events::open(&format!("{}/journal/stream", server.admin_url()), &[("last-event-id", "3")]).await;
    assert_eq!(resumed.next().await.data["path"], "/v1/nope-3");
}

#[tokio::test]
async fn an_id_from_before_a_restart_is_told_everything_it_held_is_gone() {
    let server = secmock::MockServer::start().await;
    Api::of(&server, "dryrun").under("/v1").get("/first").await.expect(404);
    let url = format!("{}/journal/stream?after=5000", server.admin_url());
    let mut events = Events::open(&url, &[]).await;
    let cleared = events.next().await;
    assert_eq!((cleared.name.as_str(), &cleared.data), ("cleared", &json!({"api": null})));
    assert_eq!(events.next().await.data["path"], "/v1/first", "then what this journal holds");
}

#[tokio::test]
async fn the_stream_is_filtered_and_a_mount_sees_only_its_api() {
    let server = secmock::MockServer::start().await;
    let scoped = format!("{}/__secmock/journal/stream", server.url("kolega"));
    let mut kolega_only = Events::open(&scoped, &[]).await;
    let url = format!("{}/journal/stream?status=404&path=/v1/*", server.admin_url());
    let mut not_found = Events::open(&url, &[]).await;
    Api::of(&server, "dryrun").under("/v1").get("/missing").await.expect(404);
    Api::of(&server, "dryrun").under("/v1").with_key(DRYRUN_KEY).get("/accounts").await.expect(200);
    Api::of(&server, "kolega").get("/api/v1/me").await.expect(401);
    let event = kolega_only.next().await;
    assert_eq!((event.data["api"].as_str(), event.data["status"].as_u64()), (Some("kolega"), Some(401)));
    let event = not_found.next().await;
    assert_eq!((event.data["path"].as_str(), event.data["status"].as_u64()), (Some("/v1/missing"), Some(404)));
    assert!(not_found.next_within(Duration::from_millis(300)).await.is_none(), "nothing else matched");
    let (status, problem) = admin(&server, Method::GET, "/journal/stream?api=nope", None).await;
    assert_eq!(status, 404, "{problem}");
}

#[tokio::test]
async fn a_cleared_journal_is_told_to_followers() {
    let server = secmock::MockServer::start().await;
    let mut events = Events::open(&format!("{}/journal/stream", server.admin_url()), &[]).await;
    admin(&server, Method::DELETE, "/journal?api=kolega", None).await;
    let event = events.next().await;
    assert_eq!((event.name.as_str(), &event.data), ("cleared", &json!({"api": "kolega"})));
    admin(&server, Method::POST, "/reset", None).await;
    assert_eq!(events.next().await.data, json!({"api": null}), "a reset clears every API's requests");
}

#[tokio::test]
async fn with_a_token_the_stream_needs_it_and_never_takes_it_from_the_url() {
    let server = secmock::MockServer::builder()
        .configure(|c| c.admin_token = Some("t0ken-for-tests".into()))
        .start()
        .await
        .expect("starts");
    let url = format!("{}/journal/stream", server.admin_url());
    let refused = crate::helpers::client().get(&url).send().await.expect("sent");
    assert_eq!(refused.status(), 401);
    let in_query = crate::helpers::client().get(format!("{url}?token=t0ken-for-tests")).send().await.expect("sent");
    assert_eq!(in_query.status(), 401, "a token in a URL is not accepted");
    let mut events = Events::open(&url, &[("authorization", "Bearer t0ken-for-tests")]).await;
    Api::of(&server, "kolega").get("/api/v1/me").await.expect(401);
    assert_eq!(events.next().await.data["api"], "kolega");
}

#[tokio::test]
async fn a_subscriber_that_never_reads_does_not_hold_requests_up_and_is_told_what_it_missed() {
    let server = secmock::MockServer::start().await;
    let mut stalled = Events::open(&format!("{}/journal/stream", server.admin_url()), &[]).await;
    // Far more than the channel holds (1,024 events) and the sockets buffer (each entry
    // keeps 16 KiB of headers: 40 MB in all), sent while the stream is not read: every one
    // is answered.
    let url = format!("{}/v1/nope", server.url("dryrun"));
    let filler = "x".repeat(1000);
    let requests = secmock::world::journal::EVENTS_BUFFERED + 1476;
    for _ in 0..requests / 100 {
        let calls = (0..100).map(|_| {
            let mut request = crate::helpers::client().get(&url);
            for i in 0..16 {
                request = request.header(format!("x-filler-{i}"), &filler);
            }
            request.send()
        });
        for response in futures_util::future::join_all(calls).await {
            assert_eq!(response.expect("answered").status(), 404);
        }
    }
    let mut missed = None;
    for _ in 0..=requests {
        let event = stalled.next().await;
        if event.name == "lagged" {
            missed = event.data["missed"].as_u64();
            break;
        }
    }
    assert!(missed.is_some_and(|n| n >= 1), "told it missed {missed:?}");
}
