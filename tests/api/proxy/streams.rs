//! Event streams stream through; an upstream that cannot be reached, or does not answer
//! in time, is a 502 or 504 in problem+json, journaled.

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use futures_util::StreamExt;
use reqwest::Method;
use serde_json::Value;

use super::proxy_to;
use super::upstream::{Upstream, nothing_listening};
use crate::helpers::{admin, client};

#[tokio::test]
async fn an_event_stream_streams_through_before_the_upstream_has_finished() {
    // The upstream sends one event, then waits for the test to have read it before it
    // sends the second: a proxy that buffered the stream would never deliver the first.
    let (go_on, wait) = tokio::sync::oneshot::channel::<()>();
    let wait = std::sync::Arc::new(parking_lot::Mutex::new(Some(wait)));
    let router = Router::new().route(
        "/events",
        get(move || {
            let wait = wait.lock().take();
            async move {
                let first = futures_util::stream::once(async { Ok::<_, std::io::Error>("data: one\n\n") });
                let second = futures_util::stream::once(async move {
                    if let Some(wait) = wait {
                        let _ = wait.await;
                    }
                    Ok("data: two\n\n")
                });
                ([("content-type", "text/event-stream")], Body::from_stream(first.chain(second)))
            }
        }),
    );
    let upstream = Upstream::start(router).await;
    let server = proxy_to(&upstream.url, true).await;
    let response = client().get(format!("{}/events", server.url("widgets"))).header("x-widget-key", "k").send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut response = response;
    let first = response.chunk().await.expect("readable").expect("a first chunk");
    assert_eq!(first.as_ref(), b"data: one\n\n");
    go_on.send(()).expect("the upstream waits");
    let mut rest = Vec::new();
    while let Some(chunk) = response.chunk().await.expect("readable") {
        rest.extend_from_slice(&chunk);
    }
    assert_eq!(rest, b"data: two\n\n");
    let (_, journal) = admin(&server, Method::GET, "/journal?api=widgets", None).await;
    assert!(journal["entries"][0]["upstream"]["unvalidated"].is_string(), "{journal}");
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_problem_and_journaled() {
    let url = nothing_listening().await;
    let server = proxy_to(&url, true).await;
    let response = client().get(format!("{}/widgets", server.url("widgets"))).header("x-widget-key", "k").send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: Value = response.json().await.expect("problem+json");
    assert!(problem["type"].as_str().is_some_and(|t| t.ends_with("/upstream-unreachable")), "{problem}");
    assert_eq!(problem["upstream"], url.as_str());
    let (_, journal) = admin(&server, Method::GET, "/journal?api=widgets", None).await;
    let entry = &journal["entries"][0];
    assert_eq!(entry["status"], 502);
    assert!(entry["upstream"]["failure"].as_str().is_some_and(|f| !f.is_empty()), "{entry}");
}

#[tokio::test]
async fn an_upstream_that_does_not_answer_in_time_is_a_504() {
    // The handler waits for a signal that never comes; the proxy's timeout (2 s) ends it.
    let (_never, wait) = tokio::sync::watch::channel(());
    let router = Router::new().route(
        "/widgets",
        get(move || {
            let mut wait = wait.clone();
            async move {
                let _ = wait.changed().await;
                "late"
            }
        }),
    );
    let upstream = Upstream::start(router).await;
    let server = proxy_to(&upstream.url, true).await;
    let response = client().get(format!("{}/widgets", server.url("widgets"))).header("x-widget-key", "k").send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), 504);
    let problem: Value = response.json().await.expect("problem+json");
    assert!(problem["type"].as_str().is_some_and(|t| t.ends_with("/upstream-timeout")), "{problem}");
}
