//! Operational endpoints: limits from the scenario, workers whose heartbeats advance with
//! the clock, health and readiness, and the 429 of a scan quota.

use reqwest::Method;
use serde_json::json;

use super::{PAYMENTS, RW_KEY, SAM, anonymous, as_user, ci, load_section, text};
use crate::helpers::assert_has;

#[tokio::test]
async fn limits_come_from_the_scenario_and_workers_beat_with_the_clock() {
    let server = ci().await;
    let sam = as_user(&server, SAM).await;
    let limits = sam.get("/v1/ops/limits").await.expect(200);
    assert_has(
        &limits,
        json!({"max_concurrent_scans_per_user": 2, "max_scans_per_day_per_user": 5,
                               "max_api_keys_per_user": 25}),
    );
    let before = sam.get("/v1/ops/workers").await.expect(200);
    assert_eq!(before["total"], 5);
    let stale = sam.get("/v1/ops/workers?state=stale").await.expect(200);
    assert_eq!(stale["total"], 1, "total");
    assert_eq!(stale["items"][0]["worker_id"], "sessions-1", "items/worker_id");
    server.advance("1m").await;
    let after = sam.get("/v1/ops/workers?queue=ingest").await.expect(200);
    let was = before["items"].as_array().into_iter().flatten().find(|w| w["worker_id"] == "ingest-1");
    let was = was.map(|w| text(w, "last_heartbeat_at")).unwrap_or_default();
    assert!(text(&after["items"][0], "last_heartbeat_at") > was, "{after}");
    assert_eq!(after["items"][0]["state"], "idle");
}

#[tokio::test]
async fn readiness_names_the_dependency_the_scenario_marks_down() {
    let server = ci().await;
    let api = anonymous(&server);
    assert_eq!(api.get("/v1/readyz").await.expect(200)["status"], "ready");
    assert_eq!(api.get("/v1/healthz").await.expect(200)["status"], "ok");
    load_section(&server, json!({"signing_secret": "another-secret-0123456789", "users": [], "unavailable": ["s3"]}))
        .await;
    let down = api.get("/v1/readyz").await.expect(503);
    assert_has(
        &down,
        json!({"detail": "Dependency unavailable: s3", "status": "not_ready", "failing": ["s3"],
                             "checks": {"s3": {"status": "error"}, "postgres": {"status": "ok"}}}),
    );
}

#[tokio::test]
async fn readiness_follows_an_outage_fault_while_it_lasts() {
    let server = ci().await;
    let api = anonymous(&server);
    let rule = json!({"api": "platform", "action": {"kind": "outage", "dependency": "sqs"}});
    let (status, added) = crate::helpers::admin(&server, Method::POST, "/faults", Some(rule)).await;
    assert_eq!(status, 201, "{added}");
    let down = api.get("/v1/readyz").await.expect(503);
    assert_has(
        &down,
        json!({"detail": "Dependency unavailable: sqs", "failing": ["sqs"],
               "checks": {"sqs": {"status": "error"}, "s3": {"status": "ok"}}}),
    );
    assert_eq!(api.get("/v1/healthz").await.expect(200)["status"], "ok", "an outage changes no request by itself");
    let id = added["id"].as_u64().unwrap_or_default();
    let (status, _) = crate::helpers::admin(&server, Method::DELETE, &format!("/faults/{id}"), None).await;
    assert_eq!(status, 204);
    assert_eq!(api.get("/v1/readyz").await.expect(200)["status"], "ready");
}

#[tokio::test]
async fn a_scan_quota_is_429_with_retry_after() {
    let server = ci().await;
    // A key: access tokens would expire over the day this test spans.
    let dana = anonymous(&server).with_key(RW_KEY);
    let mut repos = Vec::new();
    for name in ["a", "b", "c"] {
        let body =
            json!({"name": name, "source_type": "git", "source_url": format!("https://github.com/acme/{name}.git")});
        let repo = dana.post(&format!("/v1/projects/{PAYMENTS}/repositories"), body).await.expect(201);
        repos.push(format!("/v1/repositories/{}/scans", text(&repo, "id")));
    }
    server.advance("1m").await;
    dana.post(&repos[0], json!({})).await.expect(202);
    dana.post(&repos[1], json!({})).await.expect(202);
    let third = dana.post(&repos[2], json!({})).await;
    assert!(third.header("retry-after").parse::<u64>().is_ok_and(|s| s >= 1), "{:?}", third.headers);
    assert_eq!(
        third.expect(429),
        json!({"detail": "Scan quota exceeded: 2 scans in progress (max_concurrent_scans_per_user: 2)"})
    );
    for _ in 0..3 {
        server.advance("10m").await;
        dana.post(&repos[2], json!({})).await.expect(202);
    }
    server.advance("10m").await;
    let daily = dana.post(&repos[0], json!({})).await;
    assert_eq!(
        daily.expect(429),
        json!({"detail": "Scan quota exceeded: 5 scans today (max_scans_per_day_per_user: 5)"})
    );
}
