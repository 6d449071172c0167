//! Big admin operations beside live traffic: a 100k-finding export once built an 82 MB
//! copy in memory and stalled the API for 1.6 s, a reset stalled an unrelated API, and
//! an import of that export got an undocumented 413.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{admin, client, exchange, fetch};

/// A DryRun world big enough that rebuilding it takes a while (about 10k findings).
fn big_dryrun() -> Value {
    let mut scenario: Value = yaml_serde::from_str(include_str!("../../../scenarios/dryrun-100k.yaml")).expect("yaml");
    scenario["apis"]["dryrun"]["accounts"][0]["history"]["pr_scans"] = json!(3000);
    scenario["name"] = json!("dryrun-10k");
    scenario
}

/// One async worker only: before, a reset held it and every other request waited for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn other_apis_answer_while_one_api_is_reset() {
    let server = secmock::MockServer::start().await;
    let (status, body) = admin(&server, Method::PUT, "/scenario", Some(json!({"scenario": big_dryrun()}))).await;
    assert_eq!(status, 200, "{body}");
    let reset = tokio::spawn(exchange(client().post(format!("{}/__secmock/reset", server.url("dryrun"))), None));
    // Kolega's answers arrive while the reset is still running.
    let kolega = format!("{}/openapi.json", server.url("kolega"));
    let mut answered_during_reset = 0;
    for _ in 0..200 {
        let status = client().get(&kolega).send().await.expect("kolega answers").status();
        assert_eq!(status, 200);
        if reset.is_finished() {
            break;
        }
        answered_during_reset += 1;
    }
    let (status, body) = reset.await.expect("reset task");
    assert_eq!(status, 200, "{body}");
    assert!(answered_during_reset > 0, "no Kolega request was answered while DryRun was being reset");
}

#[tokio::test]
async fn an_export_streams_and_imports_back() {
    let server = secmock::MockServer::start().await;
    let response = fetch(client().get(format!("{}/state?api=kolega", server.admin_url()))).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.headers["content-type"], "application/json");
    assert!(response.headers.get("content-length").is_none(), "streamed, not built whole first");
    assert!(response.body.is_object(), "a whole JSON document: {}", response.body);
    let snapshot = response.body;
    assert!(snapshot["apis"]["kolega"]["state"].is_object(), "{}", &snapshot.to_string()[..200]);
    let (status, body) = admin(&server, Method::PUT, "/state", Some(snapshot)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"imported": ["kolega"]}));
}

#[tokio::test]
async fn an_import_over_the_admin_limit_is_a_documented_413() {
    let server =
        secmock::MockServer::builder().configure(|c| c.admin_body_limit = 64 * 1024).start().await.expect("starts");
    let (_, before) = admin(&server, Method::GET, "/state?api=kolega", None).await;
    let padding = "x".repeat(100 * 1024);
    let (status, body) = admin(&server, Method::PUT, "/state", Some(json!({"apis": {}, "pad": padding}))).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["status"], 413);
    let (_, after) = admin(&server, Method::GET, "/state?api=kolega", None).await;
    assert_eq!(before, after);
    // The API ports keep their own, smaller limit.
    let big = client()
        .post(format!("{}/api/v1/repositories/r/scans", server.url("kolega")))
        .body(vec![b' '; 2 * 1024 * 1024]);
    assert_eq!(fetch(big).await.status, 413);
}
