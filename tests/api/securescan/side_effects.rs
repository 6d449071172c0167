//! What a scan sets off: its event log over SSE (and the tokens browsers use for it),
//! notifications by SecureScan's rules, webhook deliveries queued, comments.

use reqwest::Method;
use serde_json::json;

use super::{ADMIN, AFTER, ENV, READER, WRITER, server, start_scan, v1};
use crate::helpers::{Api, assert_has};

/// The event names of an SSE body.
fn event_names(body: &serde_json::Value) -> Vec<String> {
    body.as_str().unwrap_or_default().lines().filter_map(|l| l.strip_prefix("event: ")).map(str::to_string).collect()
}

#[tokio::test]
async fn the_event_stream_replays_a_scan_and_ends_with_one_terminal_event() {
    let server = server().await;
    let id = start_scan(&server, json!({"target_path": "/srv/ci/flaky", "scan_types": ["dependency"]})).await;
    server.advance("5s").await;
    let token = v1(&server, READER).post(&format!("/scans/{id}/event-token"), json!({})).await;
    assert_eq!(token.header("cache-control"), "no-store");
    let token = token.expect(200);
    assert_eq!(token["expires_in"], json!(300));
    let token = token["token"].as_str().unwrap_or_default().to_string();
    let anonymous = Api::of(&server, "securescan").under("/api/v1");
    // A dashboard subscribes while the scan runs and follows it as the clock moves.
    let url = format!("{}/api/v1/scans/{id}/events?event_token={token}", server.url("securescan"));
    let live = tokio::spawn(async move {
        let response = crate::helpers::client().get(url).send().await.expect("subscribed");
        assert_eq!(response.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-cache"));
        response.text().await.expect("the stream ends")
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    server.advance("20s").await;
    let followed = serde_json::Value::String(live.await.expect("the stream task"));
    let names = event_names(&followed);
    assert_eq!(names[..2], ["scan.start".to_string(), "scanner.skipped".to_string()]);
    assert_eq!(names.last().map(String::as_str), Some("scan.complete"));
    assert_eq!(names.iter().filter(|n| n.starts_with("scan.c") || *n == "scan.failed").count(), 1);
    assert!(names.contains(&"scanner.failed".to_string()), "{names:?}");
    // A late subscriber is replayed the same story.
    let replay = anonymous.get(&format!("/scans/{id}/events?event_token={token}")).await.expect(200);
    assert_eq!(event_names(&replay), names);

    let other = anonymous.get(&format!("/scans/{AFTER}/events?event_token={token}")).await;
    assert_eq!(other.expect(401), json!({"detail": "Token does not match scan id"}));
    let garbage = anonymous.get(&format!("/scans/{id}/events?event_token=garbage")).await;
    assert_eq!(garbage.expect(401), json!({"detail": "Invalid or expired event token"}));
    server.advance("10m").await;
    let expired = anonymous.get(&format!("/scans/{id}/events?event_token={token}")).await;
    assert_eq!(expired.status, 401);
    // Long after, a finished scan's stream is one synthesised terminal event.
    let late = v1(&server, READER).get(&format!("/scans/{id}/events")).await.expect(200);
    assert_eq!(late, json!("event: scan.complete\ndata: {\"status\": \"completed\"}\n\n"));
}

#[tokio::test]
async fn notifications_follow_securescans_rules_and_read_all_counts_once() {
    let server = server().await;
    let before = v1(&server, ENV).get("/notifications/unread-count").await.expect(200)["count"].as_u64().unwrap_or(0);
    start_scan(&server, json!({"target_path": "/srv/ci/api"})).await;
    start_scan(&server, json!({"target_path": "/srv/ci/broken"})).await;
    start_scan(&server, json!({"target_path": "/srv/ci/flaky", "scan_types": ["dependency"]})).await;
    server.advance("30s").await;
    let env = v1(&server, ENV);
    let list = env.get("/notifications").await.expect(200);
    let kinds: Vec<&str> = list.as_array().into_iter().flatten().filter_map(|n| n["type"].as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "scan.failed").count(), 1, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "scanner.failed").count(), 1, "{kinds:?}");
    let failed = list.as_array().into_iter().flatten().find(|n| n["type"] == json!("scanner.failed"));
    assert_has(
        failed.unwrap_or(&json!(null)),
        json!({"title": "Scanner failed", "body": "trivy failed: trivy exited with code 1", "severity": "warning"}),
    );
    let unread = env.get("/notifications/unread-count").await.expect(200)["count"].as_u64().unwrap_or(0);
    assert_eq!(unread, before + 3);
    let marked = env.send(Method::PATCH, "/notifications/read-all", None).await.expect(200);
    assert_eq!(marked, json!({"marked_read": unread}));
    let again = env.send(Method::PATCH, "/notifications/read-all", None).await.expect(200);
    assert_eq!(again, json!({"marked_read": 0}));
}

#[tokio::test]
async fn webhooks_show_their_secret_once_and_queue_deliveries_for_their_events() {
    let server = server().await;
    let admin = v1(&server, ADMIN);
    let created = admin
        .post("/webhooks", json!({"name": "gate", "url": "http://127.0.0.1:9/x", "event_filter": ["scan.failed"]}))
        .await
        .expect(201);
    let id = created["id"].as_str().unwrap_or_default().to_string();
    assert!(created["secret"].as_str().is_some_and(|s| s.len() == 43), "{created}");
    let read = admin.get(&format!("/webhooks/{id}")).await.expect(200);
    assert!(read.get("secret").is_none());
    start_scan(&server, json!({"target_path": "/srv/ci/broken"})).await;
    start_scan(&server, json!({"target_path": "/srv/ci/api"})).await;
    server.advance("30s").await;
    let deliveries = admin.get(&format!("/webhooks/{id}/deliveries")).await.expect(200);
    assert_eq!(deliveries.as_array().map(Vec::len), Some(1), "{deliveries}");
    assert_has(&deliveries[0], json!({"event": "scan.failed", "webhook_id": id, "status": "pending"}));
    let test = admin.post(&format!("/webhooks/{id}/test"), json!({})).await.expect(202);
    assert_has(&test, json!({"webhook_id": id, "event": "webhook.test"}));
    admin.delete(&format!("/webhooks/{id}")).await.expect(204);
    let gone = admin.get(&format!("/webhooks/{id}")).await;
    assert_eq!(gone.expect(404), json!({"detail": "Webhook not found"}));
}

#[tokio::test]
async fn comments_are_a_thread_and_a_second_delete_is_404() {
    let server = server().await;
    let writer = v1(&server, WRITER);
    let path = "/findings/abc123/comments";
    let first = writer.post(path, json!({"text": "looking", "author": "ana"})).await.expect(201);
    writer.post(path, json!({"text": "fixed in #42"})).await.expect(201);
    let thread = v1(&server, READER).get(path).await.expect(200);
    assert_eq!(thread[0]["text"], json!("looking"));
    assert_eq!(thread.as_array().map(Vec::len), Some(2));
    let id = first["id"].as_str().unwrap_or_default();
    writer.delete(&format!("{path}/{id}")).await.expect(204);
    let again = writer.delete(&format!("{path}/{id}")).await;
    assert_eq!(again.expect(404), json!({"detail": "Comment not found"}));
}
