//! Hostile admin input: each of these once crashed, stalled or corrupted the server. Now
//! each is a 422 that names the field at fault and changes nothing.

use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use super::{admin, world_server};

/// The whole problem of a 422 as text (the handler's `detail`, or the contract's
/// `errors` with their locations), after checking it is one.
fn refused(status: u16, problem: &Value) -> String {
    assert_eq!(status, 422, "{problem}");
    problem.to_string()
}

async fn faults(server: &MockServer) -> Value {
    let (status, list) = admin(server, Method::GET, "/faults", None).await;
    assert_eq!(status, 200);
    list
}

async fn state(server: &MockServer) -> Value {
    let (status, snapshot) = admin(server, Method::GET, "/state", None).await;
    assert_eq!(status, 200);
    snapshot
}

/// `{a0,{a1,{a2,…z}}}`, `depth` deep.
fn nested_braces(depth: usize) -> String {
    let mut pattern: String = (0..depth).map(|i| format!("{{a{i},")).collect();
    pattern.push('z');
    pattern.push_str(&"}".repeat(depth));
    pattern
}

#[tokio::test]
async fn a_fault_glob_with_deeply_nested_braces_is_refused_before_compiling() {
    let server = world_server("small", true).await;
    let (status, _) =
        admin(&server, Method::POST, "/faults", Some(json!({"action": {"kind": "drop"}, "times": 1}))).await;
    assert_eq!(status, 201);
    let before = faults(&server).await;
    for path in [nested_braces(300), nested_braces(9), "a".repeat(2000)] {
        let rule = json!({"api": "builds", "path": path, "action": {"kind": "status", "status": 503}});
        let (status, problem) = admin(&server, Method::POST, "/faults", Some(rule)).await;
        let detail = refused(status, &problem);
        assert!(detail.contains("path"), "names the field: {detail}");
    }
    assert_eq!(faults(&server).await, before, "the standing fault is still there, nothing was added");
}

#[tokio::test]
async fn status_faults_that_cannot_carry_an_error_body_are_refused() {
    let server = world_server("small", true).await;
    let (status, _) =
        admin(&server, Method::POST, "/faults", Some(json!({"action": {"kind": "drop"}, "times": 1}))).await;
    assert_eq!(status, 201);
    let before = faults(&server).await;
    for code in [100, 101, 200, 204, 304, 399] {
        let rule = json!({"api": "builds", "action": {"kind": "status", "status": code}});
        let (status, problem) = admin(&server, Method::POST, "/faults", Some(rule)).await;
        let detail = refused(status, &problem);
        assert!(detail.contains("action.status"), "{code}: names the field: {detail}");
    }
    assert_eq!(faults(&server).await, before);
    let (status, rule) = admin(
        &server,
        Method::POST,
        "/faults",
        Some(json!({"api": "builds", "action": {"kind": "status", "status": 400}})),
    )
    .await;
    assert_eq!(status, 201, "400 carries an error body: {rule}");
}

#[tokio::test]
async fn an_rng_seed_with_a_multibyte_character_is_refused() {
    let server = world_server("small", true).await;
    let before = state(&server).await;
    let mut snapshot = json!({"apis": {"builds": before["apis"]["builds"].clone()}});
    // 64 bytes, but not 64 hex digits: slicing it in pairs used to split the `é`.
    snapshot["apis"]["builds"]["rng"]["seed"] = json!(format!("0é{}", "0".repeat(61)));
    let (status, problem) = admin(&server, Method::PUT, "/state", Some(snapshot)).await;
    let detail = refused(status, &problem);
    assert!(detail.contains("rng.seed"), "{detail}");
    assert_eq!(state(&server).await, before);
}
