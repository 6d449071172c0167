//! Scan artifacts: the pre-signed URLs a completed scan lists resolve on the platform's
//! own port to the bytes whose size and digest it lists; SARIF reports the scan's own
//! findings; a tampered or expired URL is 403, and an `s3` outage 503.

use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{FIRST_SCAN, PAYMENTS_API, RW_KEY, anonymous, ci};
use crate::helpers::{assert_has, client};

async fn fetch(url: &str) -> (u16, String, Vec<u8>) {
    let response = client().get(url).send().await.expect("the artifact URL answers");
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, kind, response.bytes().await.map(|b| b.to_vec()).unwrap_or_default())
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn artifact_urls_serve_the_listed_bytes_until_they_expire() {
    let server = ci().await;
    let dana = anonymous(&server).with_key(RW_KEY);
    let repo = format!("/v1/repositories/{PAYMENTS_API}");
    let scan = dana.get(&format!("{repo}/scans/{FIRST_SCAN}")).await.expect(200);
    let findings = dana.get(&format!("{repo}/findings?scan_id={FIRST_SCAN}&limit=100")).await.expect(200);
    for name in ["sarif", "sbom", "report"] {
        let reference = &scan["artifacts"][name];
        let url = reference["url"].as_str().unwrap_or_default();
        assert!(url.starts_with(&server.url("platform")), "{url}");
        let (status, kind, bytes) = fetch(url).await;
        assert_eq!(status, 200, "{name}: {}", String::from_utf8_lossy(&bytes));
        assert!(kind.starts_with(reference["media_type"].as_str().unwrap_or("?")), "{name}: {kind}");
        assert_has(reference, json!({"size_bytes": bytes.len(), "sha256": hex(&bytes)}));
    }
    // SARIF: one result per finding of the scan, at the finding's own file and lines.
    let (_, _, sarif) = fetch(scan["artifacts"]["sarif"]["url"].as_str().unwrap_or_default()).await;
    let sarif: Value = serde_json::from_slice(&sarif).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    let items = findings["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), items.len());
    for (result, finding) in results.iter().zip(&items) {
        let place = &result["locations"][0]["physicalLocation"];
        let expected = json!({"artifactLocation": {"uri": finding["file_path"]},
                              "region": {"startLine": finding["start_line"], "endLine": finding["end_line"]}});
        assert_has(place, expected);
    }
    // The SBOM lists the packages of the repository's own manifest.
    let (_, _, sbom) = fetch(scan["artifacts"]["sbom"]["url"].as_str().unwrap_or_default()).await;
    let sbom: Value = serde_json::from_slice(&sbom).expect("CycloneDX is JSON");
    assert_has(&sbom, json!({"bomFormat": "CycloneDX", "metadata": {"component": {"name": "payments-api"}}}));
    let manifest = dana.get(&format!("{repo}/source-files/requirements.txt")).await.expect(200);
    let content = manifest["content"].as_str().unwrap_or_default().to_string();
    let components = sbom["components"].as_array().cloned().unwrap_or_default();
    assert!(!components.is_empty());
    for c in &components {
        let name = c["name"].as_str().unwrap_or("?");
        assert!(content.contains(name), "{name} is not in requirements.txt:\n{content}");
    }

    let url = scan["artifacts"]["report"]["url"].as_str().unwrap_or_default().to_string();
    let tampered = url.replace(FIRST_SCAN, "00000000-0000-4000-8000-000000000000");
    let (status, _, body) = fetch(&tampered).await;
    assert_eq!(status, 403);
    assert_eq!(body, br#"{"detail":"The request signature does not match"}"#);
    let rule = json!({"api": "platform", "action": {"kind": "outage", "dependency": "s3"}});
    let (status, added) = crate::helpers::admin(&server, Method::POST, "/faults", Some(rule)).await;
    assert_eq!(status, 201);
    assert_eq!(fetch(&url).await.0, 503);
    crate::helpers::admin(&server, Method::DELETE, &format!("/faults/{}", added["id"]), None).await;
    server.advance("61m").await;
    let (status, _, body) = fetch(&url).await;
    assert_eq!(status, 403);
    assert_eq!(body, br#"{"detail":"Request has expired"}"#);
    let again = dana.get(&format!("{repo}/scans/{FIRST_SCAN}")).await.expect(200);
    assert_eq!(
        fetch(again["artifacts"]["report"]["url"].as_str().unwrap_or_default()).await.0,
        200,
        "a fresh answer signs afresh"
    );
}

#[tokio::test]
async fn a_scan_lists_artifacts_once_completed_and_an_sbom_only_when_sca_ran() {
    let server = ci().await;
    let dana = anonymous(&server).with_key(RW_KEY);
    let scan =
        dana.post(&format!("/v1/repositories/{PAYMENTS_API}/scans"), json!({"analyzers": ["sast"]})).await.expect(202);
    assert_eq!(scan["artifacts"], json!({"sarif": null, "sbom": null, "report": null}));
    server.advance("10m").await;
    let done = dana
        .get(&format!("/v1/repositories/{PAYMENTS_API}/scans/{}", scan["id"].as_str().unwrap_or_default()))
        .await
        .expect(200);
    assert_eq!(done["artifacts"]["sbom"], Value::Null, "no sca, no SBOM");
    let sarif = done["artifacts"]["sarif"]["url"].as_str().unwrap_or_default().to_string();
    assert_eq!(fetch(&sarif).await.0, 200);
    let (status, _, body) = fetch(&sarif.replace("results.sarif", "sbom.cdx.json")).await;
    assert_eq!(status, 403, "another file is another signature: {}", String::from_utf8_lossy(&body));
}
