//! The `apis.kolega` scenario section: its schema, precise refusals (with the path of the
//! bad value) for sections that would not load or would make the API break its contract,
//! and a world that survives a snapshot round trip and a reset.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, PAYMENTS, RW, small_section};

async fn refused(k: &Kolega, section: Value) -> String {
    let (status, body) = k.load_section(1, "2026-05-04T08:00:00Z", section).await;
    assert_eq!(status, 422, "{body}");
    body.to_string()
}

#[tokio::test]
async fn bad_sections_are_refused_with_the_path_and_the_reason() {
    let k = Kolega::default().await;
    let mut section = small_section(json!({}), json!({}));
    section["organizations"][0]["keys"][0]["key"] = json!("sk_live_123");
    assert!(
        refused(&k, section)
            .await
            .contains("organizations[0].keys[0].key: a key is 'kcp_live_' followed by at least 16 letters or digits")
    );

    let mut section = small_section(json!({}), json!({}));
    section["organizations"][0]["repositories"][0]["colour"] = json!("red");
    let message = refused(&k, section).await;
    assert!(
        message.contains("organizations[0].repositories[0]") && message.contains("unknown field `colour`"),
        "{message}"
    );

    let mut section = small_section(json!({}), json!({}));
    section["organizations"][0]["repositories"][0]["findings"] =
        json!([{"check_id": "acme.custom-rule", "detected_ago": "2d"}]);
    let message = refused(&k, section).await;
    assert!(message.contains("organizations[0].repositories[0].findings[0].scan_type is required for a check_id that is not in the catalog"), "{message}");

    let mut section = small_section(json!({}), json!({}));
    section["organizations"][0]["repositories"][0]["findings"] = json!([{"check_id": "python.lang.security.deserialization.pickle.avoid-pickle", "cvss_base_score": 11.5, "detected_ago": "2d"}]);
    let message = refused(&k, section).await;
    assert!(
        message.contains("PublicFindingResponse") && message.contains("cvss_base_score"),
        "the contract refuses it: {message}"
    );

    let mut section = small_section(json!({}), json!({}));
    section["organizations"][0]["repositories"][0]["findings"] =
        json!([{"id": "f1", "check_id": "stripe-access-token", "detected_ago": "2d"}]);
    section["organizations"][0]["repositories"][0]["fixes"] =
        json!([{"finding_ids": ["f1"], "title": "t", "ago": "1m", "outcome": "completed", "pull_request": true}]);
    let message = refused(&k, section).await;
    assert!(
        message.contains("fixes[0].pull_request: the fix must complete at least 10 minutes before the clock start"),
        "{message}"
    );

    let section = small_section(json!({"scans": {"deep_ai_scan": {"failure_rate": 2}}}), json!({}));
    assert!(refused(&k, section).await.contains("timing.scans.deep_ai_scan.failure_rate must be between 0 and 1"));

    let mut section = small_section(json!({}), json!({}));
    section["organizations"][0]["repositories"][0]["scans"] =
        json!([{"scan_type": "sbom_scan", "ago": "3d", "outcome": "partial_failure"}]);
    assert!(refused(&k, section).await.contains("partial_failure needs a repository with two or more sources"));

    // The default world is untouched by refused loads.
    assert_eq!(k.get("/api/v1/me").await["organization_name"], "Acme Corp");
}

#[tokio::test]
async fn the_scenario_schema_describes_the_section() {
    let k = Kolega::default().await;
    let (status, schema) = k.admin(Method::GET, "/scenario-schema", None).await;
    assert_eq!(status, 200);
    let kolega = &schema["properties"]["apis"]["properties"]["kolega"];
    assert_eq!(kolega["required"], json!(["organizations"]));
    assert_eq!(kolega["additionalProperties"], false);
    let text = kolega.to_string();
    assert!(!text.contains("$defs") && !text.contains("\"$ref\""), "self-contained: it is embedded in a larger schema");
    for field in ["generated_findings", "severity_mix", "partial_failure_rate", "repositories_max", "pull_request"] {
        assert!(text.contains(field), "{field}");
    }
}

#[tokio::test]
async fn a_snapshot_round_trip_and_a_reset_restore_the_world() {
    let k = Kolega::default().await;
    let initial = k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings?limit=200")).await;
    k.post(&format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "semgrep_scan"}), 202).await;
    k.advance("10m").await;
    let changed = json!({
        "findings": k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings?severity=high&limit=200")).await,
        "events": k.get("/api/v1/finding-events?event_type=detected&limit=200").await,
    });
    let (_, snapshot) = k.admin(Method::GET, "/state?api=kolega", None).await;
    k.admin(Method::POST, "/reset", None).await;
    let reset = k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings?limit=200")).await;
    assert_eq!(reset, initial, "a reset reloads the scenario exactly");
    let (status, body) = k.admin(Method::PUT, "/state", Some(snapshot)).await;
    assert_eq!(status, 200, "{body}");
    k.admin(Method::PATCH, "/clock", Some(json!({"now": "2026-01-15T09:10:00Z"}))).await;
    let restored = json!({
        "findings": k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings?severity=high&limit=200")).await,
        "events": k.get("/api/v1/finding-events?event_type=detected&limit=200").await,
    });
    assert_eq!(restored, changed, "indexes are rebuilt after an import");
    let (status, _) = k.call(Method::GET, "/api/v1/me", Some(RW), None).await;
    assert_eq!(status, 200, "keys work after an import");
}
