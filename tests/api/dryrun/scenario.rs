//! The `apis.dryrun` scenario section: refused at load with a precise message when it
//! would make the API answer outside its contract, deterministic for a seed, and reset /
//! snapshot friendly.

use reqwest::Method;
use serde_json::{Value, json};

use super::ids::*;
use super::{admin, ci_server, dryrun_server, ids_of, ok, send};

/// A one-account scenario whose only repository is `repo`.
fn scenario_with(repo: Value, extra: Value) -> Value {
    let mut dryrun = json!({
        "keys": [{"key": "k", "accounts": ["org"]}],
        "accounts": [{"org_name": "org", "repositories": [repo]}],
    });
    if let (Some(target), Some(more)) = (dryrun.as_object_mut(), extra.as_object()) {
        for (k, v) in more {
            target.insert(k.clone(), v.clone());
        }
    }
    json!({"scenario": {"name": "inline", "apis": {"dryrun": dryrun}}})
}

async fn refused(server: &secmock::MockServer, scenario: Value) -> String {
    let (status, body) = admin(server, Method::PUT, "/scenario", Some(scenario)).await;
    assert_eq!(status, 422, "{body}");
    body["detail"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn scenarios_that_would_break_the_contract_are_refused_precisely() {
    let server = ci_server().await;
    let bad_sha =
        scenario_with(json!({"name": "api", "pr_scans": [{"pr_number": 1, "at": "1d", "head_sha": "XYZ"}]}), json!({}));
    let message = refused(&server, bad_sha).await;
    assert!(message.contains("accounts[0].repositories[0].pr_scans[0]: Scan at '/head_sha'"), "{message}");

    let sca_error = scenario_with(
        json!({"name": "api", "deepscans": [{"at": "1d", "sca": [{"severity": "error", "package_name": "x", "package_version": "1", "package_ecosystem": "npm"}]}]}),
        json!({}),
    );
    let message = refused(&server, sca_error).await;
    assert!(
        message.contains("accounts[0].repositories[0].deepscans[0].sca[0]: ScaFinding at '/severity'"),
        "{message}"
    );

    let ecosystem = scenario_with(
        json!({"name": "api", "deepscans": [{"at": "1d", "sca": [{"severity": "low", "package_name": "x", "package_version": "1", "package_ecosystem": "apt"}]}]}),
        json!({}),
    );
    assert!(refused(&server, ecosystem).await.contains("ScaFinding at '/package_ecosystem'"));

    let cases = [
        (
            json!({"name": "api"}),
            json!({"keys": [{"key": "k", "accounts": ["nope"]}]}),
            "keys[0].accounts: no account 'nope'",
        ),
        (json!({"name": "api", "configuration": "Strict"}), json!({}), "no configuration 'Strict' in this account"),
        (
            json!({"name": "api", "id": "not-a-uuid"}),
            json!({}),
            "accounts[0].repositories[0].id: 'not-a-uuid' is not a UUID",
        ),
        (
            json!({"name": "api", "pr_scans": [{"pr_number": 1, "at": "soon"}]}),
            json!({}),
            "pr_scans[0].at: 'soon' is neither",
        ),
        (
            json!({"name": "api", "pr_scans": [{"pr_number": 1, "at": "1d", "outcome": "failed", "generated_findings": 2}]}),
            json!({}),
            "a failed scan reports no findings",
        ),
        (
            json!({"name": "api", "pr_scans": [{"pr_number": 1, "at": "1d", "carry_over": ["60000000-0000-4000-8000-000000000001"]}]}),
            json!({}),
            "no earlier finding",
        ),
        (json!({"name": "api", "colour": "blue"}), json!({}), "unknown field `colour`"),
        (json!({"name": "api"}), json!({"timing": {"pr_scan": {"queued": "1m", "running": "0s"}}}), "timing.pr_scan"),
    ];
    for (repo, extra, expected) in cases {
        let message = refused(&server, scenario_with(repo, extra)).await;
        assert!(message.contains(expected), "expected '{expected}' in '{message}'");
    }
    let reused = scenario_with(
        json!({"name": "api", "id": "20000000-0000-4000-8000-000000000001", "pr_scans": [{"id": "20000000-0000-4000-8000-000000000001", "pr_number": 1, "at": "1d"}]}),
        json!({}),
    );
    assert!(refused(&server, reused).await.contains("is used twice"));
    let analyzer = json!({"scenario": {"apis": {"dryrun": {"accounts": [{"org_name": "o", "configurations": [{"name": "c", "analyzers": {"sqli": true}}]}]}}}});
    assert!(refused(&server, analyzer).await.contains("accounts[0].configurations[0]: unknown analyzer: sqli"));

    // The refused scenarios changed nothing.
    assert_eq!(ok(&server, &format!("/accounts/{CI_ORG}/repositories")).await["pagination"]["total"], 3);
}

#[tokio::test]
async fn a_seed_gives_the_same_world_and_another_seed_another() {
    let a = dryrun_server("dryrun-demo").await;
    let b = dryrun_server("dryrun-demo").await;
    let path = "/accounts/22222222-2222-2222-2222-222222222222/all_findings?days=90&all_results=true&per_page=100";
    let (_, first) = send(&a, Method::GET, Some("drs_demo_7f3c9a1e5b2d"), path, None).await;
    let (_, second) = send(&b, Method::GET, Some("drs_demo_7f3c9a1e5b2d"), path, None).await;
    assert_eq!(first, second);
    assert!(first["pagination"]["total"].as_u64().is_some_and(|n| n > 100), "{}", first["pagination"]);
    let reseeded = secmock::MockServer::builder()
        .specs([std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("specs/dryrun/openapi.yaml")])
        .scenario(Some("dryrun-demo"))
        .seed(99)
        .start()
        .await
        .expect("starts");
    let (_, other) = send(&reseeded, Method::GET, Some("drs_demo_7f3c9a1e5b2d"), path, None).await;
    assert_ne!(ids_of(&first, "id"), ids_of(&other, "id"));
}

#[tokio::test]
async fn reset_and_snapshots_restore_triage_and_configurations() {
    let server = ci_server().await;
    let triage = format!("/accounts/{CI_ORG}/findings/{}/triage", f(2));
    let (_, snapshot) = admin(&server, Method::GET, "/state?api=dryrun", None).await;
    send(&server, Method::POST, Some("ci-all"), &triage, Some(json!({"triage_category": "wont_fix"}))).await;
    send(&server, Method::DELETE, Some("ci-all"), &format!("/accounts/{CI_ORG}/configurations/{STRICT_CONFIG}"), None)
        .await;
    assert_eq!(ok(&server, &triage).await["data"]["triaged"], true);

    let (status, body) = admin(&server, Method::PUT, "/state", Some(snapshot)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(ok(&server, &triage).await["data"]["triaged"], false, "the snapshot is back (and its index rebuilt)");
    assert_eq!(
        ok(&server, &format!("/accounts/{CI_ORG}/configurations/{STRICT_CONFIG}")).await["data"]["name"],
        "Strict"
    );
    assert_eq!(ok(&server, &format!("/accounts/{CI_ORG}/all_findings?days=30")).await["pagination"]["total"], 6);

    send(&server, Method::POST, Some("ci-all"), &triage, Some(json!({"triage_category": "wont_fix"}))).await;
    let (status, _) = admin(&server, Method::POST, "/reset", None).await;
    assert_eq!(status, 200);
    assert_eq!(ok(&server, &triage).await["data"]["triaged"], false);
}

#[tokio::test]
async fn the_scenario_schema_describes_the_dryrun_section() {
    let server = ci_server().await;
    let (status, schema) = admin(&server, Method::GET, "/scenario-schema", None).await;
    assert_eq!(status, 200);
    let section = &schema["properties"]["apis"]["properties"]["dryrun"];
    assert!(section["properties"]["accounts"].is_object(), "{section}");
    assert!(section["properties"]["keys"].is_object());
    assert_eq!(section["additionalProperties"], false);
}

#[test]
fn the_dryrun_only_demo_is_the_default_scenarios_dryrun_section() {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let read = |name: &str| secmock::spec::read_document(&dir.join(name)).expect("a scenario file");
    let default = read("default.yaml");
    let demo = read("dryrun-demo.yaml");
    assert_eq!(
        default["apis"]["dryrun"], demo["apis"]["dryrun"],
        "keep scenarios/dryrun-demo.yaml in step with default.yaml"
    );
    assert_eq!(default["seed"], demo["seed"]);
}
