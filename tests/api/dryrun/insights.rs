//! The daily insights digest is computed from that day's findings and scans: every
//! number below follows from `scenarios/dryrun-ci.yaml`.

use reqwest::Method;
use serde_json::json;

use super::ids::*;
use super::{ci_server, get, ok, send};
use crate::helpers::assert_has;

fn insights(query: &str) -> String {
    format!("/accounts/{CI_ORG}/insights{query}")
}

fn severities(critical: u32, high: u32, medium: u32, low: u32) -> serde_json::Value {
    json!({"critical": critical, "high": high, "medium": medium, "low": low})
}

#[tokio::test]
async fn a_day_with_a_rescan_counts_new_resolved_and_open() {
    let server = ci_server().await;
    let body = ok(&server, &insights("?date=2026-01-11")).await;
    // One new high finding in api, one (f2) resolved by the rescan, seven open. f3, marked
    // false positive the day before, was resolved then and is not resolved again.
    insta::assert_json_snapshot!("rescan_day_2026_01_11", body["data"]);
}

#[tokio::test]
async fn each_day_of_the_ci_scenario() {
    let server = ci_server().await;
    let day = |date: &str| insights(&format!("?date={date}"));
    let jan10 = ok(&server, &day("2026-01-10")).await;
    assert_eq!(jan10["data"]["findings"]["new"]["by_severity"], severities(0, 1, 1, 1));
    assert_eq!(jan10["data"]["findings"]["resolved"]["total"], 1, "f3 was triaged that evening");
    assert_eq!(jan10["data"]["findings"]["open"]["by_severity"], severities(1, 3, 3, 0));
    let jan12 = ok(&server, &day("2026-01-12")).await;
    assert_eq!(
        jan12["data"]["findings"]["new"]["by_type"],
        json!({"pullrequest": 0, "deepscan": 1, "sca": 0, "code_policy": 0})
    );
    assert_eq!(
        jan12["data"]["findings"]["resolved"],
        json!({"total": 2, "by_severity": severities(0, 0, 2, 0)}),
        "the DeepScan no longer reports c2 and s2"
    );
    assert_eq!(jan12["data"]["scans"]["deepscans"], 1);
    let jan13 = ok(&server, &day("2026-01-13")).await;
    assert_eq!(jan13["data"]["findings"]["new"]["by_type"]["code_policy"], 1);
    assert_eq!(
        jan13["data"]["findings"]["new"]["total"], 1,
        "release/1.x findings are not counted (default branch only)"
    );
    assert_eq!(
        jan13["data"]["scans"],
        json!({"pull_request_scans": 1, "failing_pull_request_scans": 0, "deepscans": 0, "failed_deepscans": 0}),
        "nor is the DeepScan of release/1.x that found them"
    );
    let quiet = ok(&server, &day("2025-06-01")).await;
    assert_has(&quiet["data"]["findings"], json!({"new": {"total": 0}, "open": {"total": 0}}));
    assert_eq!(quiet["data"]["top_repositories"], json!([]));
}

#[tokio::test]
async fn the_default_is_yesterday_and_today_fills_in_as_the_clock_moves() {
    let server = ci_server().await;
    let yesterday = ok(&server, &insights("")).await;
    assert_has(&yesterday["data"], json!({"date": "2026-01-14", "generated_at": "2026-01-15T00:05:00Z"}));
    assert_eq!(yesterday["data"]["findings"]["open"], json!({"total": 7, "by_severity": severities(1, 4, 0, 2)}));
    assert_eq!(yesterday["data"]["scans"]["pull_request_scans"], 1, "the failed scan of #14");
    assert_eq!(yesterday["data"]["scans"]["failing_pull_request_scans"], 0);

    let today = ok(&server, &insights("?date=2026-01-15")).await;
    assert_has(&today["data"], json!({"findings": {"new": {"total": 0}}, "generated_at": "2026-01-15T09:00:00Z"}));
    assert_eq!(
        today["data"]["scans"],
        json!({"pull_request_scans": 1, "failing_pull_request_scans": 0, "deepscans": 1, "failed_deepscans": 0})
    );
    server.advance("20m").await;
    let later = ok(&server, &insights("?date=2026-01-15")).await;
    assert_eq!(later["data"]["findings"]["new"]["by_severity"], severities(1, 1, 0, 0), "f6 and c5 appeared");
    assert_eq!(later["data"]["findings"]["open"]["total"], 9);
    assert_eq!(later["data"]["scans"]["failing_pull_request_scans"], 1);
    assert_eq!(later["data"]["top_repositories"][0]["new_findings"], 2);

    let other = ok(&server, &format!("/accounts/{OTHER_ORG}/insights")).await;
    assert_eq!(other["data"]["top_repositories"][0]["repository_id"], OTHER_API);
}

#[tokio::test]
async fn dates_are_validated() {
    let server = ci_server().await;
    let (status, body) = get(&server, &insights("?date=2026-01-16")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body, json!({"error": "date must not be in the future"}));
    for bad in ["2026-13-01", "15/01/2026", "2026-01-15T00:00:00Z", "yesterday"] {
        let (status, body) = get(&server, &insights(&format!("?date={bad}"))).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["details"][0]["location"], "query.date", "{bad}: {body}");
    }
}

#[tokio::test]
async fn triage_closes_a_finding_at_the_instant_it_is_set_unless_work_is_in_progress() {
    let server = ci_server().await;
    let today = || insights("?date=2026-01-15");
    let triage = format!("/accounts/{CI_ORG}/findings/{}/triage", f(4));
    let set = |category: &'static str| {
        send(&server, Method::POST, Some("ci-all"), &triage, Some(json!({"triage_category": category})))
    };
    let before = ok(&server, &today()).await["data"]["findings"].clone();
    assert_eq!(before["open"]["total"], 7);

    assert_eq!(set("in_progress").await.0, 200);
    let in_progress = ok(&server, &today()).await["data"]["findings"].clone();
    assert_eq!(in_progress, before, "work in progress leaves f4 open");

    assert_eq!(set("false_positive").await.0, 200);
    let closed = ok(&server, &today()).await["data"]["findings"].clone();
    assert_eq!(closed["resolved"]["total"], 1, "counted on the manual clock's current instant");
    assert_eq!(closed["open"]["total"], 6, "counted on the manual clock's current instant");

    let (status, _) = send(&server, Method::DELETE, Some("ci-all"), &triage, None).await;
    assert_eq!(status, 200);
    assert_eq!(ok(&server, &today()).await["data"]["findings"], before, "removing the triage reopens f4");
}
