//! A webhook receiver's view: scan events POSTed when the clock reaches them, signed with
//! the subscription's secret as SecureScan signs them, retried on the clock, every
//! attempt in the delivery log.

use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{ADMIN, server, start_scan, v1};
use crate::helpers::{Seen, assert_has, webhook_receiver};

/// A receiver on loopback that answers the first `refusals` posts 500.
async fn receiver(refusals: usize) -> (String, Seen) {
    webhook_receiver(refusals, StatusCode::OK).await
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn scan_complete_is_posted_signed_when_the_clock_gets_there_and_retried_after_a_500() {
    let server = server().await;
    let (url, seen) = receiver(1).await;
    let admin = v1(&server, ADMIN);
    let hook =
        admin.post("/webhooks", json!({"name": "ci", "url": url, "event_filter": ["scan.complete"]})).await.expect(201);
    let (id, secret) = (hook["id"].as_str().unwrap_or_default(), hook["secret"].as_str().unwrap_or_default());
    let scan = start_scan(&server, json!({"target_path": "/srv/ci/api"})).await;
    server.advance("5s").await;
    assert!(seen.lock().is_empty(), "nothing before the scan completes");
    server.advance("10s").await;
    server.advance("10s").await;
    let posts = seen.lock().clone();
    assert_eq!(posts.len(), 2, "refused once, then delivered 5 s later");
    let (headers, body) = &posts[1];
    assert_eq!(header(headers, "x-securescan-event"), "scan.complete");
    assert_eq!(header(headers, "x-securescan-webhook-id"), id);
    let signature = header(headers, "x-securescan-signature");
    let (t, v1_sig) = signature.strip_prefix("t=").and_then(|s| s.split_once(",v1=")).unwrap_or_default();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v1_sig, expected);
    let payload: Value = serde_json::from_slice(body).unwrap_or_default();
    assert_has(&payload, json!({"event": "scan.complete", "data": {"scan_id": scan, "findings_count": 4}}));
    let log = admin.get(&format!("/webhooks/{id}/deliveries")).await.expect(200);
    assert_has(&log[0], json!({"event": "scan.complete", "status": "succeeded", "attempt": 2, "response_code": 200}));
}
