//! The manual clock moves progress exactly; the scheduler fires what falls due.

use reqwest::Method;
use serde_json::json;

use super::{admin, call, world_server};
use crate::helpers::assert_has;

#[tokio::test]
async fn progress_follows_the_manual_clock_exactly() {
    let server = world_server("small", true).await;
    let (_, build) = call(&server, Method::POST, "/builds", "good", Some(json!({"name": "r"}))).await;
    let path = format!("/builds/{}", build["id"].as_str().expect("id"));
    for (advance, status, percent) in [
        (0, "queued", 0),
        (9, "queued", 0),
        (1, "running", 0),
        (20, "running", 40),
        (29, "running", 98),
        (1, "succeeded", 100),
    ] {
        let (code, clock) = admin(&server, Method::POST, "/clock/advance", Some(json!({"by": advance}))).await;
        assert_eq!(code, 200, "{clock}");
        let (_, now) = call(&server, Method::GET, &path, "good", None).await;
        assert_has(&now, json!({"status": status, "percent": percent}));
    }
    let (_, done) = call(&server, Method::GET, &path, "good", None).await;
    assert_eq!(done["finished_at"], "2026-03-01T12:01:00Z");
}

#[tokio::test]
async fn an_advance_fires_due_jobs_at_their_own_time() {
    let server = world_server("small", true).await;
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "one"}))).await;
    admin(&server, Method::POST, "/clock/advance", Some(json!({"by": "30s"}))).await;
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "two"}))).await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    let due: Vec<&str> = jobs["jobs"].as_array().expect("jobs").iter().filter_map(|j| j["due"].as_str()).collect();
    assert_eq!(due, vec!["2026-03-01T12:01:00Z", "2026-03-01T12:01:30Z"]);

    let (_, nothing) = call(&server, Method::GET, "/notifications", "good", None).await;
    assert_eq!(nothing["items"], json!([]));
    let (_, advanced) = admin(&server, Method::POST, "/clock/advance", Some(json!({"by": "PT2M"}))).await;
    assert_eq!(advanced["jobs_run"], 2);
    assert_eq!(advanced["clock"]["now"], "2026-03-01T12:02:30Z");
    let (_, fired) = call(&server, Method::GET, "/notifications", "good", None).await;
    let at: Vec<&str> = fired["items"].as_array().expect("items").iter().filter_map(|n| n["at"].as_str()).collect();
    assert_eq!(at, vec!["2026-03-01T12:01:00Z", "2026-03-01T12:01:30Z"]);
}

#[tokio::test]
async fn a_reset_drops_pending_jobs() {
    let server = world_server("small", true).await;
    call(&server, Method::POST, "/builds", "good", Some(json!({"name": "one"}))).await;
    admin(&server, Method::POST, "/reset", None).await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert_eq!(jobs["jobs"], json!([]));
    let (_, advanced) = admin(&server, Method::POST, "/clock/advance", Some(json!({"by": "1h"}))).await;
    assert_eq!(advanced["jobs_run"], 0);
}

#[tokio::test]
async fn the_clock_can_be_set_paused_scaled_and_refuses_nonsense() {
    let server = world_server("small", true).await;
    let (status, clock) = admin(&server, Method::PATCH, "/clock", Some(json!({"now": "2026-04-01T00:00:00Z"}))).await;
    assert_eq!(status, 200, "{clock}");
    assert_eq!(clock["now"], "2026-04-01T00:00:00Z", "now");
    let (_, clock) =
        admin(&server, Method::PATCH, "/clock", Some(json!({"mode": "real", "scale": 60, "paused": true}))).await;
    assert_has(&clock, json!({"mode": "real", "scale": 60.0, "paused": true}));
    let (_, resumed) = admin(&server, Method::POST, "/clock/resume", None).await;
    assert_eq!(resumed["paused"], false);
    let (status, _) = admin(&server, Method::POST, "/clock/advance", Some(json!({"by": "soon"}))).await;
    assert_eq!(status, 422);
    let (status, _) = admin(&server, Method::POST, "/clock/advance", Some(json!({"by": -5}))).await;
    assert_eq!(status, 422);
    let (status, _) = admin(&server, Method::PATCH, "/clock", Some(json!({"scale": 0}))).await;
    assert_eq!(status, 422);
}
