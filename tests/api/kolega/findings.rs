//! Findings: ordering, filters and paging over a repository with history; one finding;
//! status changes with their events and `resolved_at`.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, LEGACY, PAYMENTS, RW, SQLI, ids};
use crate::helpers::{Api, assert_has};

const SEVERITIES: [&str; 4] = ["critical", "high", "medium", "low"];

fn rank(severity: &Value) -> usize {
    SEVERITIES.iter().position(|s| severity == s).unwrap_or(9)
}

#[tokio::test]
async fn the_list_is_most_severe_then_most_recent_and_pages_without_gaps() {
    let k = Kolega::default().await;
    let ledger = k.get("/api/v1/repositories?limit=200").await["items"]
        .as_array()
        .and_then(|items| items.iter().find(|r| r["name"] == "acme/ledger-core"))
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .expect("ledger-core");
    let all = k.get(&format!("/api/v1/repositories/{ledger}/findings?limit=200")).await;
    let items = all["items"].as_array().expect("items");
    assert!(items.len() > 100, "generated history plus scans: {}", items.len());
    for pair in items.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let ordered = rank(&a["severity"]) < rank(&b["severity"])
            || (a["severity"] == b["severity"] && a["last_detected_at"].as_str() >= b["last_detected_at"].as_str());
        assert!(
            ordered,
            "{} {} before {} {}",
            a["severity"], a["last_detected_at"], b["severity"], b["last_detected_at"]
        );
    }
    let mut paged = Vec::new();
    let mut skip = 0;
    loop {
        let page = k.get(&format!("/api/v1/repositories/{ledger}/findings?limit=37&skip={skip}")).await;
        assert_eq!(page["total"], all["total"]);
        paged.extend(ids(&page));
        if page["has_next"] == false {
            break;
        }
        skip += 37;
    }
    assert_eq!(paged, ids(&all), "pages concatenate to the full list");
    assert_eq!(paged.iter().collect::<HashSet<_>>().len(), paged.len());

    for (query, field, value) in [
        ("severity=high", "severity", "high"),
        ("status=resolved", "status", "resolved"),
        ("scan_type=sbom_scan", "scan_type", "sbom_scan"),
    ] {
        let filtered = k.get(&format!("/api/v1/repositories/{ledger}/findings?{query}&limit=200")).await;
        let want = items.iter().filter(|f| f[field] == value).count();
        assert_eq!(filtered["total"].as_u64(), Some(want as u64), "{query}");
        assert!(filtered["items"].as_array().expect("items").iter().all(|f| f[field] == value));
    }
    let combined = k
        .get(&format!(
            "/api/v1/repositories/{ledger}/findings?severity=medium&status=open&scan_type=semgrep_scan&limit=200"
        ))
        .await;
    let want = items
        .iter()
        .filter(|f| f["severity"] == "medium" && f["status"] == "open" && f["scan_type"] == "semgrep_scan")
        .count();
    assert_eq!(combined["total"].as_u64(), Some(want as u64));
    let unknown_batch = k.get(&format!("/api/v1/repositories/{ledger}/findings?scan_batch_id=nope")).await;
    assert_eq!(unknown_batch["total"], 0);
}

#[tokio::test]
async fn one_finding_reads_like_kolegas_and_belongs_to_its_repository() {
    let k = Kolega::default().await;
    let f = k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}")).await;
    insta::assert_json_snapshot!("documented_sql_injection", f);
    let (status, body) =
        k.call(Method::GET, &format!("/api/v1/repositories/{LEGACY}/findings/{SQLI}"), Some(RW), None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body, json!({"detail": "Finding not found"}));
}

#[tokio::test]
async fn a_status_change_is_recorded_once_and_resolved_at_follows_it() {
    let k = Kolega::default().await;
    let path = format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}");
    // Resolving by hand is `resolved_manual`, reopening it `reopened`, the rest `status_changed`.
    let events = format!("/api/v1/finding-events?finding_id={SQLI}&start={}", k.now().await);
    assert_eq!(k.get(&events).await["total"], 0);
    let kolega = Api::of(&k.server, "kolega").with_key(RW);
    let resolved = kolega.patch(&path, json!({"status": "resolved"})).await.expect(200);
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolved_at"], json!(k.now().await));
    assert_eq!(resolved["updated_at"], resolved["resolved_at"]);
    let same = kolega.patch(&path, json!({"status": "resolved"})).await.expect(200);
    assert_eq!(same, resolved, "setting the same status changes nothing");
    assert_eq!(k.get(&events).await["total"], 1);

    k.advance("1h").await;
    let reopened = kolega.patch(&path, json!({"status": "open"})).await.expect(200);
    assert_has(&reopened, json!({"status": "open", "resolved_at": null}));
    let feed = k.get(&events).await;
    let changes: Vec<(&str, &str)> = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|e| Some((e["previous_status"].as_str()?, e["new_status"].as_str()?)))
        .collect();
    assert_eq!(changes, [("resolved", "open"), ("open", "resolved")]);
    let kinds: Vec<&str> =
        feed["items"].as_array().expect("items").iter().filter_map(|e| e["event_type"].as_str()).collect();
    assert_eq!(kinds, ["reopened", "resolved_manual"]);
    kolega.patch(&path, json!({"status": "ignored"})).await.expect(200);
    assert_eq!(k.get(&events).await["items"][0]["event_type"], "status_changed");
    assert_eq!(
        feed["items"][0]["metadata"],
        json!({"source": "public_api", "api_key_id": "be686b29-5a36-4451-8f79-7879478ae6bf"})
    );
}

#[tokio::test]
async fn an_unknown_filter_value_is_an_empty_page_not_a_422() {
    let k = Kolega::default().await;
    // `findings list --scan-type secrets` in Kolega's CLI: a plain string in its document.
    for query in ["severity=severe", "status=fixed", "scan_type=secrets"] {
        let page = k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings?{query}")).await;
        assert_eq!(page["total"], 0, "{query}");
        assert_eq!(page["items"], json!([]), "{query}");
    }
    let known = k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings?scan_type=secrets_scan")).await;
    assert!(known["total"].as_u64().is_some_and(|t| t > 0), "{known}");
}
