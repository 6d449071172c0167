//! What a scan exports: reports (HTML, SARIF, and PDF as the real server without its PDF
//! extra fails) and SBOMs (generate, then read, export and list them consistently).

use serde_json::json;

use super::{AFTER, ENV, READER, WRITER, server, start_scan, v1};
use crate::helpers::assert_has;

#[tokio::test]
async fn a_completed_scan_reports_as_sarif_html_and_not_as_pdf() {
    let server = server().await;
    let reader = v1(&server, READER);
    let sarif = reader.get(&format!("/scans/{AFTER}/report?format=sarif")).await;
    assert_eq!(sarif.header("content-type"), "application/sarif+json");
    assert_eq!(sarif.header("content-disposition"), "attachment; filename=\"securescan-22222222.sarif.json\"");
    let doc = sarif.expect(200);
    assert_eq!(doc["version"], json!("2.1.0"));
    assert_eq!(doc["runs"][0]["invocations"], json!([{"executionSuccessful": true}]));
    assert_eq!(doc["runs"][0]["results"].as_array().map(Vec::len), Some(4));
    assert_eq!(doc["runs"][0]["results"][0]["level"], json!("error"));
    let html = reader.get(&format!("/scans/{AFTER}/report")).await;
    assert!(html.header("content-type").starts_with("text/html"));
    assert!(html.body.as_str().unwrap_or_default().contains("/srv/ci/api"));
    let pdf = reader.get(&format!("/scans/{AFTER}/report?format=pdf")).await;
    assert_eq!(pdf.expect(500), json!("Internal Server Error"));

    let id = start_scan(&server, json!({"target_path": "/srv/ci/api"})).await;
    let early = reader.get(&format!("/scans/{id}/report")).await;
    assert_eq!(early.expect(400), json!({"detail": "Scan must be completed to generate a report"}));
    let unknown = reader.get("/scans/nope/report").await;
    assert_eq!(unknown.expect(404), json!({"detail": "Scan not found"}));
}

#[tokio::test]
async fn an_sbom_generated_is_the_one_read_exported_and_listed() {
    let server = server().await;
    let generated = v1(&server, WRITER)
        .post(&format!("/sbom/generate?target_path=/srv/ci/api&format=spdx&scan_id={AFTER}"), json!(null))
        .await
        .expect(200);
    assert_has(&generated, json!({"format": "spdx", "document": {"spdxVersion": "SPDX-2.3", "name": "api"}}));
    let id = generated["sbom_id"].as_str().unwrap_or_default().to_string();
    let count = generated["component_count"].as_u64().unwrap_or(0);
    assert!(count > 0, "{generated}");
    let stored = v1(&server, READER).get(&format!("/sbom/{id}")).await.expect(200);
    assert_eq!(stored["components"].as_array().map(Vec::len), Some(count as usize));
    assert_eq!(stored["scan_id"], json!(AFTER));
    let cdx = v1(&server, READER).get(&format!("/sbom/{id}/export?format=cyclonedx")).await.expect(200);
    assert_eq!(cdx["serialNumber"], json!(format!("urn:uuid:{id}")));
    let history = v1(&server, READER).get("/sbom/history").await.expect(200);
    assert_has(&history[0], json!({"id": id, "component_count": count}));
    assert_eq!(v1(&server, READER).get(&format!("/sbom/scan/{AFTER}")).await.expect(200)[0]["id"], json!(id));

    let xml = v1(&server, ENV).post("/sbom/generate?target_path=/srv/ci/api&format=xml", json!(null)).await;
    assert_eq!(xml.expect(400), json!({"detail": "format must be 'cyclonedx' or 'spdx'"}));
    let missing = v1(&server, READER).get("/sbom/nope").await;
    assert_eq!(missing.expect(404), json!({"detail": "SBOM not found"}));
}
