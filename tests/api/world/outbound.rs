//! Webhooks from a behaviour: delivered when the virtual clock reaches them, retried on
//! the clock, refused where the scenario does not allow them, dropped by a reset.

use axum::http::StatusCode;
use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use super::jobs::jobs;
use crate::helpers::{Seen, admin, assert_has, client, exchange, fixture, webhook_receiver};

pub(super) async fn jobs_server() -> MockServer {
    MockServer::builder()
        .specs([fixture("world/jobs.yaml")])
        .scenario(None)
        .behaviour("jobs", jobs())
        .start()
        .await
        .expect("the jobs fixture loads")
}

/// A receiver on loopback that answers the first `refusals` posts 500.
async fn receiver(refusals: usize) -> (String, Seen) {
    webhook_receiver(refusals, StatusCode::NO_CONTENT).await
}

async fn start_job(server: &MockServer, webhook_url: &str) -> Value {
    let request = client().post(format!("{}/jobs", server.url("jobs")));
    let (status, job) = exchange(request, Some(json!({"name": "nightly", "webhook_url": webhook_url}))).await;
    assert_eq!(status, 202, "{job}");
    job
}

async fn deliveries(server: &MockServer) -> Vec<Value> {
    let (status, body) = exchange(client().get(format!("{}/deliveries", server.url("jobs"))), None).await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_webhook_is_posted_when_the_clock_reaches_it_and_retried_on_the_clock() {
    let server = jobs_server().await;
    let (url, seen) = receiver(1).await;
    let job = start_job(&server, &url).await;
    server.advance("59s").await;
    assert!(seen.lock().is_empty(), "not before the job finishes");
    server.advance("1s").await;
    assert_eq!(seen.lock().len(), 1, "posted by the time advance returns");
    let first = deliveries(&server).await;
    assert_eq!(first.len(), 1);
    assert_has(&first[0], json!({"status": 500, "last": false}));
    assert_eq!(first[0]["at"], "2026-01-15T09:01:00Z");
    server.advance("1m").await;
    let all = deliveries(&server).await;
    assert_eq!(all.len(), 2);
    assert_has(&all[1], json!({"status": 204, "last": true}));
    let (headers, body) = seen.lock()[1].clone();
    assert_eq!(headers["x-jobs-signature"], "t=1768467720,v1=fixture", "signed at the retry's own time");
    let body: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(body, json!({"event": "job.finished", "job_id": job["id"]}));
    let (status, listed) = admin(&server, Method::GET, "/outbound?api=jobs", None).await;
    assert_eq!(status, 200, "{listed}");
    let attempts = listed["attempts"].as_array().cloned().unwrap_or_default();
    assert_eq!(attempts.iter().map(|a| a["status"].as_u64()).collect::<Vec<_>>(), [Some(500), Some(204)]);
    assert_has(&attempts[0], json!({"label": "job.finished", "url": url.as_str()}));
}

#[tokio::test]
async fn a_host_the_scenario_does_not_allow_is_refused_without_retries() {
    let server = jobs_server().await;
    start_job(&server, "http://192.0.2.10:8080/hook").await;
    start_job(&server, "https://hooks.example.test/hook").await;
    server.advance("1h").await;
    let errors: Vec<String> =
        deliveries(&server).await.iter().map(|d| d["error"].as_str().unwrap_or_default().to_string()).collect();
    assert_eq!(errors.len(), 2, "one attempt each: {errors:?}");
    assert!(errors[0].starts_with("destination not allowed: '192.0.2.10' (192.0.2.10)"), "{errors:?}");
    assert!(errors[1].starts_with("https is not supported by secmock"), "{errors:?}");
}

#[tokio::test]
async fn the_allow_list_is_a_checked_scenario_field() {
    let server = jobs_server().await;
    let bad = json!({"scenario": {"outbound": {"allow_hosts": ["hooks.example.test", "10.0.0.0/40"]}}});
    let (status, body) = admin(&server, Method::PUT, "/scenario", Some(bad)).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.to_string().contains("outbound.allow_hosts[1]: '10.0.0.0/40': the prefix length must be 0 to 32"),
        "{body}"
    );
    let good = json!({"scenario": {"outbound": {"allow_hosts": ["hooks.example.test", "*.ci.test", "10.0.0.0/8"]}}});
    let (status, body) = admin(&server, Method::PUT, "/scenario", Some(good)).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_reset_drops_pending_webhooks() {
    let server = jobs_server().await;
    let (url, seen) = receiver(0).await;
    start_job(&server, &url).await;
    assert_eq!(server.world().outbound.pending("jobs"), 1);
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert!(
        jobs["jobs"][0]["label"].as_str().is_some_and(|l| l.starts_with("outbound job.finished to http://127.0.0.1:")),
        "{jobs}"
    );
    server.reset();
    assert_eq!(server.world().outbound.pending("jobs"), 0);
    server.advance("1h").await;
    assert!(seen.lock().is_empty());
    assert!(deliveries(&server).await.is_empty());
}
