//! Every curl example of DryRun's documentation, sent as written (`Authorization: Bearer`,
//! `Content-Type: application/json`, the documented bodies) with the placeholders filled
//! from the CI scenario, checking the status and the shape of each answer.

use reqwest::Method;
use serde_json::{Value, json};

use super::ci_server;
use super::ids::*;
use crate::helpers::client;

/// What an answer must look like.
enum Shape {
    /// `{"data": [...]}` with at least this many items and these keys on the first.
    List(usize, &'static [&'static str]),
    /// `{"data": [...], "pagination": {...}}`.
    Page(usize, &'static [&'static str]),
    /// `{"data": {...}}` with these keys.
    One(&'static [&'static str]),
}

const FINDING: &[&str] =
    &["id", "dashboard_url", "severity", "type", "description", "filename", "line_start", "line_end", "created_at"];
const SCA: &[&str] = &[
    "id",
    "dashboard_url",
    "title",
    "description",
    "severity",
    "package_name",
    "package_version",
    "package_ecosystem",
    "cve_id",
    "cvss_score",
    "fixed_version",
    "remediation",
    "locations",
    "references",
    "created_at",
];

#[tokio::test]
async fn every_documented_curl_example_works() {
    let server = ci_server().await;
    let base = format!("{}/v1", server.url("dryrun"));
    let account = format!("/accounts/{CI_ORG}");
    let repo = format!("{account}/repositories/{API}");
    let examples: Vec<(Method, String, Option<Value>, u16, Shape)> = vec![
        (
            Method::GET,
            "/accounts".into(),
            None,
            200,
            Shape::List(2, &["account_id", "org_name", "provider_type", "active"]),
        ),
        (
            Method::GET,
            format!("{account}/repositories"),
            None,
            200,
            Shape::Page(3, &["id", "name", "provider_repo_id", "enabled", "configuration_id"]),
        ),
        (
            Method::GET,
            format!("{repo}/scans"),
            None,
            200,
            Shape::Page(
                6,
                &[
                    "scan_id",
                    "dashboard_url",
                    "pr_number",
                    "pr_title",
                    "pr_status",
                    "scan_date",
                    "status",
                    "summary",
                    "risk_threshold",
                ],
            ),
        ),
        (
            Method::GET,
            format!("{repo}/scans/{}", scan(1)),
            None,
            200,
            Shape::One(&["scan_id", "findings", "findings_count", "risk_threshold"]),
        ),
        (Method::GET, format!("{repo}/findings"), None, 200, Shape::List(6, FINDING)),
        (
            Method::GET,
            format!("{account}/all_findings?days=30"),
            None,
            200,
            Shape::Page(6, &["id", "finding_type", "title", "severity", "dashboard_url", "repository_id"]),
        ),
        (
            Method::POST,
            format!("{account}/findings/{}/triage", f(1)),
            Some(json!({"triage_category": "false_positive"})),
            200,
            Shape::One(&["finding_id", "triage_category", "triaged"]),
        ),
        (
            Method::GET,
            format!("{account}/findings/{}/triage", f(1)),
            None,
            200,
            Shape::One(&["finding_id", "triage_category", "triaged", "updated_at"]),
        ),
        (
            Method::DELETE,
            format!("{account}/findings/{}/triage", f(1)),
            None,
            200,
            Shape::One(&["previous_triage_category"]),
        ),
        (
            Method::GET,
            format!("{account}/deepscans"),
            None,
            200,
            Shape::List(5, &["id", "branch", "commit_sha", "created_at", "type"]),
        ),
        (
            Method::GET,
            format!("{repo}/deepscans"),
            None,
            200,
            Shape::List(5, &["id", "branch", "commit_sha", "created_at", "type"]),
        ),
        (
            Method::GET,
            format!("{repo}/deepscans/{}/results", d(1)),
            None,
            200,
            Shape::Page(
                2,
                &[
                    "id",
                    "dashboard_url",
                    "title",
                    "description",
                    "severity",
                    "technical_details",
                    "impact",
                    "remediation",
                    "locations",
                    "created_at",
                ],
            ),
        ),
        (Method::GET, format!("{repo}/deepscans/{}/sca_results", d(1)), None, 200, Shape::Page(2, SCA)),
        (Method::GET, format!("{account}/configurations"), None, 200, Shape::List(2, &["id", "name", "configuration"])),
        (
            Method::POST,
            format!("{account}/configurations"),
            Some(
                json!({"configuration": {"name": "My Config", "configuration": {"comment": "disabled", "risk_threshold": 0, "analyzers": {}}}, "repositories": []}),
            ),
            201,
            Shape::One(&["id", "name", "configuration"]),
        ),
        (
            Method::POST,
            format!("{account}/configurations/assign_repositories"),
            Some(json!({"configuration_id": STRICT_CONFIG, "repository_ids": [API]})),
            200,
            Shape::One(&["assigned_count", "assigned"]),
        ),
        (
            Method::POST,
            format!("{account}/configurations/bulk_update"),
            Some(json!({"configuration_ids": [DEFAULT_CONFIG, STRICT_CONFIG], "updates": {"risk_threshold": 5}})),
            200,
            Shape::One(&["updated_count", "results"]),
        ),
        (
            Method::GET,
            format!("{account}/configurations/{DEFAULT_CONFIG}"),
            None,
            200,
            Shape::One(&["id", "name", "configuration", "repository_ids"]),
        ),
        (
            Method::PUT,
            format!("{account}/configurations/{DEFAULT_CONFIG}"),
            Some(json!({"configuration": {"name": "Updated Config", "configuration": {"risk_threshold": 5}}})),
            200,
            Shape::One(&["id", "name"]),
        ),
        (
            Method::DELETE,
            format!("{account}/configurations/{DEFAULT_CONFIG}"),
            None,
            200,
            Shape::One(&["id", "deleted"]),
        ),
        (
            Method::GET,
            format!("{account}/analyzers"),
            None,
            200,
            Shape::List(10, &["slug", "name", "description", "enabled"]),
        ),
        (
            Method::GET,
            format!("{account}/custom_policies"),
            None,
            200,
            Shape::List(1, &["id", "name", "description", "enabled"]),
        ),
        (
            Method::GET,
            format!("{account}/insights?date=2026-01-15"),
            None,
            200,
            Shape::One(&["account_id", "date", "findings", "scans", "top_repositories"]),
        ),
    ];
    for (method, path, body, status, shape) in examples {
        let mut request = client()
            .request(method.clone(), format!("{base}{path}"))
            .header("Authorization", "Bearer ci-all")
            .header("Accept", "application/json");
        if let Some(body) = &body {
            request = request.header("Content-Type", "application/json").body(body.to_string());
        }
        let response = request.send().await.expect("sent");
        let got = response.status().as_u16();
        let answer: Value = response.json().await.expect("a JSON answer");
        assert_eq!(got, status, "{method} {path}: {answer}");
        let first = match shape {
            Shape::List(min, keys) | Shape::Page(min, keys) => {
                let items = answer["data"].as_array().unwrap_or_else(|| panic!("{path}: {answer}"));
                assert!(items.len() >= min, "{path}: {} items", items.len());
                assert_eq!(answer.get("pagination").is_some(), matches!(shape, Shape::Page(..)), "{path}");
                (items[0].clone(), keys)
            }
            Shape::One(keys) => (answer["data"].clone(), keys),
        };
        for key in first.1 {
            assert!(first.0.get(*key).is_some(), "{method} {path}: no '{key}' in {}", first.0);
        }
    }
}
