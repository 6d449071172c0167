//! Triage: set, read, replace, remove (idempotently), on findings of every type, and the
//! category showing wherever the finding is listed.

use reqwest::Method;
use serde_json::json;

use super::ids::*;
use super::{ci_server, ok, send};
use crate::helpers::{assert_has, fetch};

fn triage(finding: &str) -> String {
    format!("/accounts/{CI_ORG}/findings/{finding}/triage")
}

#[tokio::test]
async fn triage_round_trip_on_a_deepscan_finding() {
    let server = ci_server().await;
    let untriaged = ok(&server, &triage(&c(1))).await;
    insta::assert_json_snapshot!("untriaged_c1", untriaged);
    let (status, set) =
        send(&server, Method::POST, Some("ci-all"), &triage(&c(1)), Some(json!({"triage_category": "accepted_risk"})))
            .await;
    assert_eq!(status, 200);
    insta::assert_json_snapshot!("triaged_c1_accepted_risk", set);
    assert_eq!(ok(&server, &triage(&c(1))).await, set);
    let listed = ok(&server, &format!("/accounts/{CI_ORG}/all_findings?days=30&finding_type=deepscan")).await;
    assert_eq!(listed["data"][1]["id"], c(1));
    assert_eq!(listed["data"][1]["triage_category"], "accepted_risk");

    server.advance("1h").await;
    let (_, replaced) =
        send(&server, Method::POST, Some("ci-all"), &triage(&c(1)), Some(json!({"triage_category": "wont_fix"}))).await;
    assert_has(&replaced["data"], json!({"triage_category": "wont_fix", "updated_at": "2026-01-15T10:00:00Z"}));

    server.advance("30m").await;
    let (status, removed) = send(&server, Method::DELETE, Some("ci-all"), &triage(&c(1)), None).await;
    assert_eq!(status, 200);
    // The answer names what was removed.
    insta::assert_json_snapshot!("triage_c1_removed", removed);
    let after = ok(&server, &triage(&c(1))).await;
    assert_has(&after["data"], json!({"triaged": false, "updated_at": "2026-01-15T10:30:00Z"}));
    let (status, again) = send(&server, Method::DELETE, Some("ci-all"), &triage(&c(1)), None).await;
    assert_eq!(status, 200, "removing twice is fine: {again}");
    assert_eq!(again["data"]["previous_triage_category"], json!(null), "removing twice is fine");
}

#[tokio::test]
async fn triage_shows_on_pr_findings_wherever_they_are_listed() {
    let server = ci_server().await;
    for category in ["false_positive", "wont_fix", "accepted_risk", "in_progress"] {
        let (status, body) =
            send(&server, Method::POST, Some("ci-all"), &triage(&f(1)), Some(json!({"triage_category": category})))
                .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["triage_category"], category, "data/triage_category");
    }
    let expected = json!({"triage_category": "in_progress", "updated_at": "2026-01-15T09:00:00Z"});
    let detail = ok(&server, &format!("/accounts/{CI_ORG}/repositories/{API}/scans/{}", scan(1))).await;
    assert_eq!(detail["data"]["findings"][0]["triage"], expected);
    let rescan = ok(&server, &format!("/accounts/{CI_ORG}/repositories/{API}/scans/{}", scan(2))).await;
    assert_eq!(rescan["data"]["findings"][0]["triage"], expected, "the same finding in the re-scan");
    let findings = ok(&server, &format!("/accounts/{CI_ORG}/repositories/{API}/findings")).await;
    let listed = findings["data"].as_array().expect("data").iter().find(|i| i["id"] == f(1)).cloned().expect("f1");
    assert_eq!(listed["triage"], expected);
    let all = ok(&server, &format!("/accounts/{CI_ORG}/all_findings?days=30&finding_type=pullrequest")).await;
    assert_eq!(all["data"][1]["triage_category"], "in_progress");

    for (finding, kind) in [(s(1), "sca"), (f(5), "code_policy"), (f(7), "pullrequest")] {
        let (status, body) = send(
            &server,
            Method::POST,
            Some("ci-all"),
            &triage(&finding),
            Some(json!({"triage_category": "false_positive"})),
        )
        .await;
        assert_eq!(status, 200, "{finding}: {body}");
        assert_eq!(body["data"]["finding_type"], kind, "{finding}");
    }
}

#[tokio::test]
async fn bad_triage_requests_change_nothing() {
    let server = ci_server().await;
    let path = triage(&f(2));
    let bodies =
        [json!({"triage_category": "duplicate"}), json!({}), json!({"triage_category": 3}), json!(["false_positive"])];
    for body in bodies {
        let (status, answer) = send(&server, Method::POST, Some("ci-all"), &path, Some(body.clone())).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert!(answer["details"][0]["location"].as_str().is_some_and(|l| l.starts_with("body")), "{answer}");
    }
    let response = fetch(
        crate::helpers::client()
            .post(format!("{}/v1{path}", server.url("dryrun")))
            .bearer_auth("ci-all")
            .header("content-type", "application/json")
            .body("{\"triage_category\": "),
    )
    .await;
    assert_eq!(response.status, 400);
    assert_eq!(ok(&server, &path).await["data"]["triaged"], false, "nothing changed");

    let not_found = json!({"error": "not found"});
    for finding in ["60000000-0000-4000-8000-000000000099".to_string(), f(9), scan(1)] {
        let (status, body) = send(
            &server,
            Method::POST,
            Some("ci-all"),
            &triage(&finding),
            Some(json!({"triage_category": "wont_fix"})),
        )
        .await;
        assert_eq!(status, 404, "{finding}: {body}");
        assert_eq!(body, not_found, "{finding}");
    }
    let (status, _) =
        send(&server, Method::GET, Some("ci-all"), &format!("/accounts/{OTHER_ORG}/findings/{}/triage", f(9)), None)
            .await;
    assert_eq!(status, 200, "f9 is found through its own account");
}
