//! Event streams that follow the virtual clock, through a real server: each `advance`
//! pushes the events it makes due, the stream ends after the last, and a late subscriber
//! gets the whole story at once.

use std::time::Duration;

use serde_json::json;

use super::outbound::jobs_server;
use crate::helpers::{client, exchange};

/// Reads the stream until `needle` has arrived; everything read.
async fn read_until(response: &mut reqwest::Response, needle: &str) -> String {
    let mut text = String::new();
    while !text.contains(needle) {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk())
            .await
            .unwrap_or_else(|_| panic!("no '{needle}' in time; had {text:?}"))
            .expect("readable");
        let Some(chunk) = chunk else { panic!("the stream ended before '{needle}'; had {text:?}") };
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    text
}

async fn ended(response: &mut reqwest::Response) -> bool {
    let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("in time");
    chunk.expect("readable").is_none()
}

#[tokio::test]
async fn a_subscriber_sees_each_event_as_the_clock_reaches_it_then_the_end() {
    let server = jobs_server().await;
    let base = server.url("jobs");
    let (_, job) = exchange(client().post(format!("{base}/jobs")), Some(json!({"name": "nightly"}))).await;
    let mut events =
        client().get(format!("{base}/jobs/{}/events", job["id"].as_str().expect("id"))).send().await.expect("sent");
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let first = read_until(&mut events, "queued").await;
    assert_eq!(first, "event: status\nid: 0\ndata: {\"status\":\"queued\"}\n\n");
    server.advance("10s").await;
    assert!(!read_until(&mut events, "running").await.contains("finished"));
    server.advance("1h").await;
    read_until(&mut events, "finished").await;
    assert!(ended(&mut events).await, "the stream ends after the last event");
}

#[tokio::test]
async fn a_late_subscriber_gets_the_replay_and_an_unknown_job_is_404() {
    let server = jobs_server().await;
    let base = server.url("jobs");
    let (_, job) = exchange(client().post(format!("{base}/jobs")), Some(json!({"name": "nightly"}))).await;
    server.advance("5m").await;
    let mut events =
        client().get(format!("{base}/jobs/{}/events", job["id"].as_str().expect("id"))).send().await.expect("sent");
    let story = read_until(&mut events, "finished").await;
    assert_eq!(story.matches("event: status").count(), 3, "{story}");
    assert!(ended(&mut events).await);
    let (status, _) = exchange(client().get(format!("{base}/jobs/nope/events")), None).await;
    assert_eq!(status, 404);
}
