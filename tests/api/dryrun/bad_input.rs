//! Bad input of every kind gets a DryRun-style error with the right status, and changes
//! nothing.

use reqwest::Method;
use serde_json::json;

use super::ids::*;
use super::{admin, ci_server, get, ok, send};
use crate::helpers::{client, fetch};

#[tokio::test]
async fn wrong_types_unknown_values_and_malformed_json_are_400_with_every_problem() {
    let server = ci_server().await;
    let state_before = admin(&server, Method::GET, "/state?api=dryrun", None).await;
    let (status, body) = send(
        &server,
        Method::POST,
        Some("ci-all"),
        &format!("/accounts/{CI_ORG}/configurations/bulk_update"),
        Some(json!({"configuration_ids": ["nope"], "updates": {"risk_threshold": "high", "show_scan_confirmation": "yes"}})),
    )
    .await;
    assert_eq!(status, 400);
    let locations: Vec<&str> =
        body["details"].as_array().expect("details").iter().filter_map(|d| d["location"].as_str()).collect();
    assert_eq!(
        locations,
        vec!["body.configuration_ids[0]", "body.updates.risk_threshold", "body.updates.show_scan_confirmation"],
        "{body}"
    );

    let response = fetch(
        client()
            .put(format!("{}/v1/accounts/{CI_ORG}/configurations/{DEFAULT_CONFIG}", server.url("dryrun")))
            .bearer_auth("ci-all")
            .header("content-type", "application/json")
            .body("{\"configuration\": {\"name\": \"x\",}}"),
    )
    .await;
    assert_eq!(response.status, 400);
    let body = response.body;
    assert!(body["error"].as_str().is_some_and(|e| e.contains("not valid JSON")), "{body}");

    let (status, body) =
        send(&server, Method::POST, Some("ci-all"), &format!("/accounts/{CI_ORG}/configurations"), None).await;
    assert_eq!(status, 400, "a missing body: {body}");
    assert_eq!(body["details"][0]["location"], "body", "a missing body: {body}");

    let state_after = admin(&server, Method::GET, "/state?api=dryrun", None).await;
    assert_eq!(state_before, state_after, "no state changed");
}

#[tokio::test]
async fn malformed_and_unknown_ids() {
    let server = ci_server().await;
    for path in [
        "/accounts/not-a-uuid/repositories".to_string(),
        format!("/accounts/{CI_ORG}/repositories/123/scans"),
        format!("/accounts/{CI_ORG}/findings/xyz/triage"),
    ] {
        let (status, body) = get(&server, &path).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body["details"][0]["location"].as_str().is_some_and(|l| l.starts_with("path.")), "{body}");
    }
    let unknown = "99999999-9999-4999-8999-999999999999";
    for path in [
        format!("/accounts/{unknown}/repositories"),
        format!("/accounts/{CI_ORG}/repositories/{unknown}/scans"),
        format!("/accounts/{CI_ORG}/repositories/{unknown}/deepscans"),
        format!("/accounts/{CI_ORG}/repositories/{API}/deepscans/{unknown}/sca_results"),
        format!("/accounts/{CI_ORG}/configurations/{unknown}"),
        format!("/accounts/{CI_ORG}/findings/{unknown}/triage"),
    ] {
        let (status, body) = get(&server, &path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body, json!({"error": "not found"}), "{path}");
    }
    let upper = ok(&server, &format!("/accounts/{}/repositories", CI_ORG.to_uppercase())).await;
    assert_eq!(upper["pagination"]["total"], 3, "ids are matched case-insensitively");
    let (status, body) = get(&server, "/no/such/route").await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body, json!({"error": "not found"}));
    let (status, _) =
        send(&server, Method::DELETE, Some("ci-all"), &format!("/accounts/{CI_ORG}/repositories"), None).await;
    assert_eq!(status, 405);
}
