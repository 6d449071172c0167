//! DryRun Security Simple API tests: the documented quick start and curl examples, and
//! every behaviour behind them, against strict servers (a response outside the contract
//! is a 500 and a journal violation; a dropped `MockServer` fails the test on any).
//!
//! Most tests use `scenarios/dryrun-ci.yaml`, whose every id, time and count is known;
//! the quick start runs against the default scenario.

mod accounts;
mod all_findings;
mod bad_input;
mod coherence;
mod configurations;
mod deepscans;
mod docs_examples;
mod insights;
mod listing_memo;
mod perf;
mod quickstart;
mod reconcile;
mod scans;
mod scenario;
mod snapshot;
mod triage;

use std::path::PathBuf;

use reqwest::Method;
use secmock::MockServer;
use serde_json::Value;

use crate::helpers::Api;
pub(crate) use crate::helpers::admin;

/// The CI scenario's ids.
pub(crate) mod ids {
    pub(crate) const CI_ORG: &str = "10000000-0000-4000-8000-000000000001";
    pub(crate) const OTHER_ORG: &str = "10000000-0000-4000-8000-000000000002";
    pub(crate) const API: &str = "20000000-0000-4000-8000-000000000001";
    pub(crate) const WEB: &str = "20000000-0000-4000-8000-000000000002";
    pub(crate) const LEGACY: &str = "20000000-0000-4000-8000-000000000003";
    pub(crate) const OTHER_API: &str = "20000000-0000-4000-8000-000000000004";
    pub(crate) const DEFAULT_CONFIG: &str = "30000000-0000-4000-8000-000000000001";
    pub(crate) const STRICT_CONFIG: &str = "30000000-0000-4000-8000-000000000002";
    pub(crate) const CARD_POLICY: &str = "40000000-0000-4000-8000-000000000001";

    /// PR scans: #10 twice, #11, #12 (running at the start), #13 (40 days old), #14 (failed).
    pub(crate) fn scan(n: u32) -> String {
        format!("50000000-0000-4000-8000-{n:012}")
    }
    /// PR findings f1..f7 in ci-org, f9 in other-org.
    pub(crate) fn f(n: u32) -> String {
        format!("60000000-0000-4000-8000-{n:012}")
    }
    /// DeepScans d1..d5.
    pub(crate) fn d(n: u32) -> String {
        format!("70000000-0000-4000-8000-{n:012}")
    }
    /// DeepScan code findings c1..c5.
    pub(crate) fn c(n: u32) -> String {
        format!("80000000-0000-4000-8000-{n:012}")
    }
    /// SCA findings s1..s3.
    pub(crate) fn s(n: u32) -> String {
        format!("90000000-0000-4000-8000-{n:012}")
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A strict server over the DryRun contract alone, with `scenario` (a name or a path).
pub(crate) async fn dryrun_server(scenario: &str) -> MockServer {
    MockServer::builder()
        .specs([root().join("specs/dryrun/openapi.yaml")])
        .scenario(Some(scenario))
        .strict(true)
        .start()
        .await
        .expect("the DryRun contract and scenario load")
}

pub(crate) async fn ci_server() -> MockServer {
    dryrun_server("dryrun-ci").await
}

/// A request to the DryRun API (`path` without `/v1`).
pub(crate) async fn send(
    server: &MockServer,
    method: Method,
    key: Option<&str>,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let api = Api::of(server, "dryrun").under("/v1");
    let got = match key {
        Some(key) => api.with_key(key).send(method, path, body).await,
        None => api.send(method, path, body).await,
    };
    (got.status, got.body)
}

/// `GET` with the CI scenario's all-accounts key.
pub(crate) async fn get(server: &MockServer, path: &str) -> (u16, Value) {
    send(server, Method::GET, Some("ci-all"), path, None).await
}

/// `GET` that must answer 200; the body.
pub(crate) async fn ok(server: &MockServer, path: &str) -> Value {
    let (status, body) = get(server, path).await;
    assert_eq!(status, 200, "GET {path}: {body}");
    body
}

/// The `id`s of a list answer, in order.
pub(crate) fn ids_of(body: &Value, field: &str) -> Vec<String> {
    body["data"]
        .as_array()
        .map(|items| items.iter().filter_map(|i| i[field].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}
