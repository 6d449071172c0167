//! The Rust conveniences a test reaches for first: `advance` runs every job that falls
//! due (not only the clock), `reset`, `load_scenario` and `journal`.

use serde_json::json;

use crate::securescan::{WRITER, server, v1};

#[tokio::test]
async fn advance_runs_every_job_that_falls_due_in_one_call() {
    let server = server().await;
    let ci = v1(&server, WRITER);
    let mut ids = Vec::new();
    for _ in 0..2 {
        let scan = ci.post("/scans", json!({"target_path": "/srv/ci/api/"})).await.expect(200);
        ids.push(scan["id"].as_str().unwrap_or_default().to_string());
    }
    let ran = server.advance("1h").await;
    assert!(ran >= 4, "each scan starts and completes: {ran} jobs ran");
    for id in &ids {
        assert_eq!(ci.get(&format!("/scans/{id}")).await.expect(200)["status"], "completed");
    }
    assert_eq!(server.advance(std::time::Duration::from_secs(60)).await, 0, "nothing left to run");
}

#[tokio::test]
async fn reset_load_scenario_and_journal_work_in_process() {
    let server = server().await;
    let ci = v1(&server, WRITER);
    ci.post("/scans", json!({"target_path": "/srv/ci/api/"})).await.expect(200);
    let journal = server.journal();
    assert_eq!(
        (journal[0].method.as_str(), journal[0].path.as_str(), journal[0].status),
        ("POST", "/api/v1/scans", 200)
    );
    server.reset();
    assert!(server.journal().is_empty(), "a reset empties the journal");
    server.load_scenario("default").expect("the default scenario loads");
    assert_eq!(ci.get("/scans").await.status, 401, "the CI keys are gone with their scenario");
    let err = server.load_scenario("nope").expect_err("an unknown scenario");
    assert!(err.contains("nope"), "{err}");
}
