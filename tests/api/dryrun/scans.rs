//! PR scans: the list with DryRun's client filters, the detail with its findings and
//! `findings_result`, a repository's PR findings, and a running scan completing on the
//! manual clock.

use serde_json::json;

use super::ids::*;
use super::{ci_server, get, ids_of, ok};
use crate::helpers::assert_has;

fn scans(query: &str) -> String {
    format!("/accounts/{CI_ORG}/repositories/{API}/scans{query}")
}

#[tokio::test]
async fn scans_are_newest_first_with_status_summary_and_outcome() {
    let server = ci_server().await;
    let list = ok(&server, &scans("")).await;
    assert_eq!(ids_of(&list, "scan_id"), vec![scan(4), scan(6), scan(3), scan(2), scan(1), scan(5)]);
    assert_eq!(list["pagination"], json!({"page": 1, "per_page": 50, "total": 6, "total_pages": 1}));
    let first = &list["data"][4];
    insta::assert_json_snapshot!("completed_scan_pr_10", first);
    let running = &list["data"][0];
    // No summary, no outcome and zero counts until it completes.
    insta::assert_json_snapshot!("running_scan", running);
    let failed = &list["data"][1];
    insta::assert_json_snapshot!("failed_scan", failed);
    assert_eq!(list["data"][2]["risk_threshold"], "info", "#11 has only an info finding");
}

#[tokio::test]
async fn scan_filters_are_the_ones_dryruns_client_sends() {
    let server = ci_server().await;
    let cases = [
        ("?severity=critical", vec![scan(5)]),
        ("?severity=high", vec![scan(2), scan(1)]),
        ("?severity=low,medium", vec![scan(3), scan(1)]),
        ("?pr_number=10", vec![scan(2), scan(1)]),
        ("?date_from=2026-01-11T00:00:00Z&date_to=2026-01-13T23:59:59Z", vec![scan(3), scan(2)]),
        // Plain ISO 8601 dates: the whole of each day, UTC.
        ("?date_from=2026-01-11&date_to=2026-01-13", vec![scan(3), scan(2)]),
        ("?date_from=2026-01-13T09:00:00Z", vec![scan(4), scan(6), scan(3)]),
        ("?date_to=2026-01-10T09:00:00Z", vec![scan(1), scan(5)]),
        ("?status=running", vec![scan(4)]),
        ("?status=failed,queued", vec![scan(6)]),
        ("?pr_number=10&severity=medium", vec![scan(1)]),
        ("?per_page=2&page=2", vec![scan(3), scan(2)]),
        ("?pr_number=99", vec![]),
    ];
    for (query, expected) in cases {
        let body = ok(&server, &scans(query)).await;
        assert_eq!(ids_of(&body, "scan_id"), expected, "{query}");
    }
    let paged = ok(&server, &scans("?per_page=4&page=2")).await;
    assert_eq!(paged["pagination"], json!({"page": 2, "per_page": 4, "total": 6, "total_pages": 2}));
    let (status, body) = get(&server, &scans("?date_from=2026-01-12T00:00:00Z&date_to=2026-01-11T00:00:00Z")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body, json!({"error": "date_from must not be later than date_to"}));
    let (status, _) = get(&server, &scans("?date_from=2026-01-12&date_to=2026-01-11")).await;
    assert_eq!(status, 422, "dates reversed");
    let (status, body) = get(&server, &scans("?severity=urgent&pr_number=abc&date_from=yesterday")).await;
    assert_eq!(status, 400);
    let locations: Vec<&str> =
        body["details"].as_array().expect("details").iter().filter_map(|d| d["location"].as_str()).collect();
    assert_eq!(locations, vec!["query.severity[0]", "query.pr_number", "query.date_from"], "{body}");
}

#[tokio::test]
async fn a_scan_detail_has_its_findings_filterable_by_result() {
    let server = ci_server().await;
    let detail = ok(&server, &scans(&format!("/{}", scan(1)))).await;
    assert_eq!(ids_of(&json!({"data": detail["data"]["findings"]}), "id"), vec![f(1), f(2), f(3)]);
    assert_eq!(detail["pagination"], json!({"page": 1, "per_page": 50, "total": 3, "total_pages": 1}));
    insta::assert_json_snapshot!("scan_1_finding_f1", detail["data"]["findings"][0]);
    assert_eq!(
        detail["data"]["findings"][2]["triage"],
        json!({"triage_category": "false_positive", "updated_at": "2026-01-10T21:00:00Z"})
    );
    assert_eq!(detail["data"]["findings"][2]["line_end"], 40, "line_end defaults to line_start");

    let filtered = ok(&server, &scans(&format!("/{}?findings_result=failing,info", scan(1)))).await;
    assert_eq!(ids_of(&json!({"data": filtered["data"]["findings"]}), "id"), vec![f(1), f(3)]);
    assert_eq!(
        filtered["data"]["findings_count"],
        json!({"failing": 1, "risky": 1, "info": 1}),
        "counts stay unfiltered"
    );
    assert_eq!(filtered["pagination"]["total"], 2);
    let risky = ok(&server, &scans(&format!("/{}?findings_result=risky", scan(1)))).await;
    assert_eq!(risky["data"]["findings"][0]["findings_result"], "risky");
    assert_eq!(risky["data"]["risk_threshold"], "fail", "the scan fails because one finding fails");
    let page = ok(&server, &scans(&format!("/{}?per_page=1&page=3", scan(1)))).await;
    assert_eq!(ids_of(&json!({"data": page["data"]["findings"]}), "id"), vec![f(3)]);

    let rescan = ok(&server, &scans(&format!("/{}", scan(2)))).await;
    assert_eq!(ids_of(&json!({"data": rescan["data"]["findings"]}), "id"), vec![f(1), f(4)]);
    assert_eq!(rescan["data"]["findings"][0]["scan_id"], scan(2), "a carried-over finding shows the scan being read");

    let (status, body) = get(&server, &scans(&format!("/{}?findings_result=blocking", scan(1)))).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = get(&server, &format!("/accounts/{CI_ORG}/repositories/{WEB}/scans/{}", scan(1))).await;
    assert_eq!(status, 404, "a scan of another repository: {body}");
    assert_eq!(body, json!({"error": "not found"}), "a scan of another repository");
    let (status, _) = get(&server, &scans(&format!("/{}", f(1)))).await;
    assert_eq!(status, 404, "a well-formed id that is not a scan");
    let (status, _) = get(&server, &scans("/not-a-uuid")).await;
    assert_eq!(status, 400, "a malformed id is a validation error");
}

#[tokio::test]
async fn a_running_scan_completes_on_the_clock_and_its_findings_appear() {
    let server = ci_server().await;
    let path = scans(&format!("/{}", scan(4)));
    let repo_findings = format!("/accounts/{CI_ORG}/repositories/{API}/findings");
    let before = ok(&server, &path).await;
    assert_has(&before["data"], json!({"status": "running", "findings": []}));
    assert!(!ids_of(&ok(&server, &repo_findings).await, "id").contains(&f(6)));
    let (status, _) = get(&server, &format!("/accounts/{CI_ORG}/findings/{}/triage", f(6))).await;
    assert_eq!(status, 404, "a finding that has not appeared yet does not exist");

    server.advance("2m 59s").await;
    assert_eq!(ok(&server, &path).await["data"]["status"], "running");
    server.advance("1s").await;
    let after = ok(&server, &path).await;
    // Completed at 09:03 with its summary, outcome and the SSRF finding f6.
    insta::assert_json_snapshot!("scan_12_completed", after);
    let listed = ok(&server, &repo_findings).await;
    assert_eq!(ids_of(&listed, "id")[0], f(6));
}

#[tokio::test]
async fn repository_findings_are_every_pr_finding_newest_first() {
    let server = ci_server().await;
    let body = ok(&server, &format!("/accounts/{CI_ORG}/repositories/{API}/findings")).await;
    assert_eq!(ids_of(&body, "id"), vec![f(5), f(4), f(1), f(2), f(3), f(7)]);
    assert!(body.get("pagination").is_none());
    let items = body["data"].as_array().expect("data");
    assert_eq!(items[2]["scan_id"], scan(2), "f1 as last reported (by the re-scan)");
    assert_eq!(items[3]["scan_id"], scan(1));
    assert_eq!(items[0]["label"], "custom_policy");
    assert_eq!(ok(&server, &format!("/accounts/{CI_ORG}/repositories/{WEB}/findings")).await["data"], json!([]));
}
