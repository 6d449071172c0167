//! `all_findings` remembers what its filters keep until a finding appears or a scan
//! finishes (`model::listing`). These tests walk the CI world's clock across its scans'
//! completions and change triage in between, and compare every answer with one the
//! server computes afresh: a `PUT /state` of its own export rebuilds the index, and with
//! it forgets every remembered list. (Debug builds also compare each reused list with a
//! fresh one inside the server, so a wrong reuse fails there as a 500.)

use reqwest::Method;
use serde_json::{Value, json};

use super::ids::*;
use super::{admin, ci_server, ok, send};

const QUERIES: [&str; 8] = [
    "days=30",
    "days=3",
    "days=365&all_results=true",
    "days=30&branch=release/1.x",
    "days=30&finding_type=sca&all_results=true",
    "days=30&severity=high,low",
    "days=30&severity=medium&all_results=true",
    "days=30&per_page=2&page=2",
];

async fn answers(server: &secmock::MockServer) -> Vec<Value> {
    let mut out = Vec::new();
    for query in QUERIES {
        out.push(ok(server, &format!("/accounts/{CI_ORG}/all_findings?{query}")).await);
    }
    out
}

/// Every query's answer from the remembered lists, asked twice, then from a fresh index.
async fn agree(server: &secmock::MockServer, when: &str) {
    let first = answers(server).await;
    assert_eq!(answers(server).await, first, "{when}: asked again");
    let (status, export) = admin(server, Method::GET, "/state?api=dryrun", None).await;
    assert_eq!(status, 200, "{export}");
    let (status, body) = admin(server, Method::PUT, "/state", Some(export)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(answers(server).await, first, "{when}: remembered lists differ from fresh ones");
}

#[tokio::test]
async fn remembered_lists_equal_fresh_ones_as_the_clock_and_triage_move() {
    let server = ci_server().await;
    agree(&server, "at the start").await;
    let start = ok(&server, &format!("/accounts/{CI_ORG}/all_findings?days=30")).await;
    // The CI world has scans finishing in the next 20 minutes: walk across them.
    for step in 1..=5 {
        server.advance("5m").await;
        agree(&server, &format!("after {} minutes", step * 5)).await;
    }
    let later = ok(&server, &format!("/accounts/{CI_ORG}/all_findings?days=30")).await;
    assert_ne!(start["pagination"], later["pagination"], "the walk crossed a scan that changes the list");

    let triage = format!("/accounts/{CI_ORG}/findings/{}/triage", c(1));
    let (status, body) =
        send(&server, Method::POST, Some("ci-all"), &triage, Some(json!({"triage_category": "accepted_risk"}))).await;
    assert_eq!(status, 200, "{body}");
    agree(&server, "after a triage").await;
    let listed = ok(&server, &format!("/accounts/{CI_ORG}/all_findings?days=30")).await;
    let c1 = listed["data"].as_array().and_then(|d| d.iter().find(|i| i["id"] == c(1))).expect("c1 listed");
    assert_eq!(c1["triage_category"], "accepted_risk", "a remembered list still shows today's triage");

    // Back in time (a manual clock set earlier): the remembered span no longer holds.
    let (status, _) = admin(&server, Method::PATCH, "/clock", Some(json!({"now": "2026-01-10T09:00:00Z"}))).await;
    assert_eq!(status, 200);
    agree(&server, "after the clock went back").await;
    let earlier = ok(&server, &format!("/accounts/{CI_ORG}/all_findings?days=30")).await;
    assert_ne!(earlier["pagination"], later["pagination"], "going back shows fewer findings");
}
