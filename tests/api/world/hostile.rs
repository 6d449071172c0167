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

/// A server running every API with the default scenario.
async fn default_server() -> MockServer {
    MockServer::builder().scenario(Some("default")).start().await.expect("the default scenario loads")
}

/// Imports `apis` and expects a 422 naming `field`; the state is what it was.
async fn refused_snapshot(server: &MockServer, apis: Value, field: &str) {
    let before = state(server).await;
    let (status, problem) = admin(server, Method::PUT, "/state", Some(json!({ "apis": apis }))).await;
    let detail = refused(status, &problem);
    assert!(detail.contains(field), "names {field}: {detail}");
    assert_eq!(state(server).await, before, "nothing changed");
}

#[tokio::test]
async fn a_kolega_snapshot_whose_finding_names_no_repository_is_refused() {
    let server = default_server().await;
    let before = state(&server).await;
    let mut kolega = before["apis"]["kolega"].clone();
    let repositories = kolega["state"]["orgs"][0]["repositories"].as_array().map_or(0, Vec::len);
    kolega["state"]["orgs"][0]["findings"][3]["repo"] = json!(4_000_000_000u64);
    let expected = format!("state.orgs[0].findings[3].repo: 4000000000 is not a repository (there are {repositories})");
    refused_snapshot(&server, json!({ "kolega": kolega }), &expected).await;

    // Every other reference a read follows is checked the same way.
    let mut cases = Vec::new();
    let mut event = before["apis"]["kolega"].clone();
    event["state"]["orgs"][0]["events"]["events"][0]["finding"] = json!(999_999);
    cases.push((event, "state.orgs[0].events.events[0].finding"));
    let mut batch = before["apis"]["kolega"].clone();
    batch["state"]["orgs"][0]["batches"][0]["findings"] = json!([999_999]);
    cases.push((batch, "state.orgs[0].batches[0].findings[0]"));
    let mut fix = before["apis"]["kolega"].clone();
    fix["state"]["orgs"][0]["fixes"][0]["repo"] = json!(77);
    cases.push((fix, "state.orgs[0].fixes[0].repo"));
    let mut timing = before["apis"]["kolega"].clone();
    timing["state"]["timing"]["fixes"]["failure_rate"] = json!(3.0);
    cases.push((timing, "state.timing.fixes.failure_rate"));
    for (snapshot, field) in cases {
        refused_snapshot(&server, json!({ "kolega": snapshot }), field).await;
    }

    let (status, _) = crate::helpers::exchange(
        crate::helpers::client()
            .get(format!("{}/api/v1/finding-events", server.url("kolega")))
            .bearer_auth(crate::kolega::RW),
        None,
    )
    .await;
    assert_eq!(status, 200, "the feed still answers");
}

#[tokio::test]
async fn a_dryrun_snapshot_whose_scans_report_what_is_not_there_is_refused() {
    let server = default_server().await;
    let before = state(&server).await;
    let dryrun = || before["apis"]["dryrun"].clone();
    let first_deepscan_code = |s: &Value| {
        s["state"]["deepscans"]
            .as_array()
            .and_then(|d| d.iter().position(|scan| scan["code"].as_array().is_some_and(|c| !c.is_empty())))
    };
    let mut cases = Vec::new();
    let mut missing = dryrun();
    missing["state"]["pr_scans"][0]["findings"] = json!([4_000_000_000u64]);
    cases.push((missing, "state.pr_scans[0].findings[0]: 4000000000 is not a finding".to_string()));
    let mut repo = dryrun();
    repo["state"]["findings"][0]["repo"] = json!(123_456);
    cases.push((repo, "state.findings[0].repo".to_string()));
    let mut key = dryrun();
    key["state"]["keys"][0]["accounts"] = json!([42]);
    cases.push((key, "state.keys[0].accounts[0]".to_string()));
    let d = first_deepscan_code(&dryrun()).expect("a DeepScan with code findings");
    let mut kind = dryrun();
    let pr_finding = kind["state"]["pr_scans"][0]["findings"].clone();
    kind["state"]["deepscans"][d]["code"] = pr_finding;
    cases.push((kind, format!("state.deepscans[{d}].code[0]")));
    let mut orphan = dryrun();
    let findings = orphan["state"]["findings"].as_array().map_or(0, Vec::len);
    let copy = orphan["state"]["findings"][0].clone();
    orphan["state"]["findings"].as_array_mut().expect("findings").push(copy);
    cases.push((orphan, format!("state.findings[{findings}]: no scan reports")));
    for (snapshot, field) in cases {
        refused_snapshot(&server, json!({ "dryrun": snapshot }), &field).await;
    }
}

/// Loads `scenario` inline and expects a 422 naming each of `fields`; the loaded scenario
/// and every API's state are what they were.
async fn refused_scenario(server: &MockServer, scenario: Value, fields: &[&str]) {
    let (_, loaded) = admin(server, Method::GET, "/scenario", None).await;
    let before = state(server).await;
    let started = std::time::Instant::now();
    let (status, problem) = admin(server, Method::PUT, "/scenario", Some(json!({ "scenario": scenario }))).await;
    let detail = refused(status, &problem);
    for field in fields {
        assert!(detail.contains(field), "names {field}: {detail}");
    }
    assert!(started.elapsed().as_secs() < 5, "refused before building: {:?}", started.elapsed());
    let (_, after) = admin(server, Method::GET, "/scenario", None).await;
    assert_eq!(after["name"], loaded["name"]);
    assert_eq!(state(server).await, before, "nothing changed");
}

fn kolega_repo(name: &str, count: u64) -> Value {
    json!({"name": name, "generated_findings": {"count": count}})
}

fn kolega_section(repositories: Vec<Value>) -> Value {
    json!({"organizations": [{
        "name": "Tiny", "keys": [{"key": "kcp_live_0123456789abcdef", "name": "k", "scopes": ["read"]}],
        "repositories": repositories,
    }]})
}

#[tokio::test]
async fn counts_with_no_bound_are_refused_before_anything_is_built() {
    let server = default_server().await;
    // 277 bytes that once asked for twenty million findings and aborted the process.
    let huge = json!({"apis": {"kolega": kolega_section(vec![kolega_repo("acme/a", 20_000_000)])}});
    refused_scenario(&server, huge, &["organizations[0].repositories[0].generated_findings.count", "1000000"]).await;
    // Each repository within its bound, the section not: the product is checked.
    let repos = (0..3).map(|i| kolega_repo(&format!("acme/r{i}"), 400_000)).collect();
    let multiplied = json!({"apis": {"kolega": kolega_section(repos)}});
    refused_scenario(&server, multiplied, &["organizations[0].repositories[2]", "findings", "1000000"]).await;
    let long_name = json!({"apis": {"kolega": kolega_section(vec![kolega_repo(&"a/".repeat(6000), 1)])}});
    refused_scenario(&server, long_name, &["organizations[0].repositories[0].name"]).await;

    let account = |extra: Value| {
        let mut a = json!({"org_name": "tiny", "generated_repositories": 10});
        if let (Some(a), Some(extra)) = (a.as_object_mut(), extra.as_object()) {
            a.extend(extra.clone());
        }
        json!({"apis": {"dryrun": {"accounts": [a]}}})
    };
    refused_scenario(&server, account(json!({"history": {"pr_scans": 2_000_000}})), &["accounts[0].history.pr_scans"])
        .await;
    refused_scenario(
        &server,
        account(json!({"generated_repositories": 10_000, "history": {"days": 3650, "deepscan_every": "1h"}})),
        &["accounts[0].history", "scans"],
    )
    .await;
    refused_scenario(
        &server,
        account(json!({"history": {"days": 3650, "deepscan_every": "1d", "new_per_deepscan": 1000}})),
        &["accounts[0].history", "findings"],
    )
    .await;
    let branch = json!({"name": "svc", "default_branch": "b".repeat(300)});
    refused_scenario(
        &server,
        account(json!({"repositories": [branch]})),
        &["accounts[0].repositories[0].default_branch"],
    )
    .await;
}

#[tokio::test]
async fn a_refused_scenario_leaves_the_standing_faults_and_the_clock_alone() {
    let server = world_server("small", true).await;
    let standing = json!({"api": "builds", "path": "/never", "action": {"kind": "latency", "ms": 5}});
    assert_eq!(admin(&server, Method::POST, "/faults", Some(standing)).await.0, 201);
    let (_, clock_before) = admin(&server, Method::GET, "/clock", None).await;
    let (faults_before, state_before) = (faults(&server).await, state(&server).await);
    let bad = [
        json!({"faults": [{"action": {"kind": "status", "status": 204}}]}),
        json!({"faults": [{"api": "nope", "action": {"kind": "drop"}}]}),
        json!({"clock": {"start": "2030-01-01T00:00:00Z"}, "faults": [{"path": nested_braces(40), "action": {"kind": "drop"}}]}),
    ];
    for scenario in bad {
        let (status, problem) = admin(&server, Method::PUT, "/scenario", Some(json!({"scenario": scenario}))).await;
        assert!(refused(status, &problem).contains("faults[0]"), "{problem}");
    }
    assert_eq!(faults(&server).await, faults_before, "no fault changed");
    assert_eq!(state(&server).await, state_before, "no state changed");
    let (_, clock_after) = admin(&server, Method::GET, "/clock", None).await;
    assert_eq!(clock_before["now"], clock_after["now"]);
}
