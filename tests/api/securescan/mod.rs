//! SecureScan tests: the workflows its real clients run (a CI gate, key management, a
//! dashboard following a scan, triage), against strict servers on the manual clock with
//! `scenarios/securescan-ci.yaml` (every key, target and id below is written there).

mod auth;
mod dashboard;
mod exports;
mod findings;
mod keys;
mod scans;
mod side_effects;
mod webhooks;

use reqwest::Method;
use secmock::MockServer;
use serde_json::Value;

use crate::helpers::{Api, Got, client};

/// The environment key (every scope).
pub(crate) const ENV: &str = "ci-env-key";
/// Issued keys: admin only, read + write, read only.
pub(crate) const ADMIN: &str = "ssk_CiAdmin001_adminsecretadminsecretadminsecret";
pub(crate) const WRITER: &str = "ssk_CiWrite001_writesecretwritesecretwritesecre";
pub(crate) const READER: &str = "ssk_CiRead0001_readsecretreadsecretreadsecretrea";

/// `/srv/ci/api` scanned two days and one day before the clock's start.
pub(crate) const BEFORE: &str = "11111111-1111-4111-8111-111111111111";
pub(crate) const AFTER: &str = "22222222-2222-4222-8222-222222222222";

pub(crate) async fn server() -> MockServer {
    MockServer::builder().scenario(Some("securescan-ci")).start().await.expect("scenario loads")
}

/// The `/api/v1` mount with a bearer key.
pub(crate) fn v1(server: &MockServer, key: &str) -> Api {
    Api::of(server, "securescan").under("/api/v1").with_key(key)
}

/// A request with an `X-API-Key` header (and, optionally, a bearer one besides).
pub(crate) async fn with_api_key(
    server: &MockServer,
    method: Method,
    path: &str,
    key: &str,
    bearer: Option<&str>,
    body: Option<Value>,
) -> Got {
    let mut request = client().request(method, format!("{}{path}", server.url("securescan"))).header("x-api-key", key);
    if let Some(bearer) = bearer {
        request = request.bearer_auth(bearer);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    Got::read(request.send().await.expect("request sent")).await
}

/// Starts a scan of `path` with the writer key; its id.
pub(crate) async fn start_scan(server: &MockServer, body: Value) -> String {
    let scan = v1(server, WRITER).post("/scans", body).await.expect(200);
    scan["id"].as_str().expect("a scan id").to_string()
}
