//! Self-hosted platform tests: the client flow a user walks (login → project → repository
//! → ready → scan → findings in real files → triage → rollups), and every refusal and the
//! token lifecycle behind it, against strict servers on the manual clock.
//!
//! Most tests use `scenarios/platform-ci.yaml`, whose users, keys and ids are below.

mod artifacts;
mod auth;
mod billing;
mod flow;
mod git_uploads;
mod keys;
mod ops;
mod projects;
mod repositories;
mod scans;
mod sessions;

use secmock::MockServer;
use serde_json::{Value, json};

use crate::helpers::Api;

pub(crate) const DANA: (&str, &str) = ("dana@acme.example", "dana-password-1");
pub(crate) const SAM: (&str, &str) = ("sam@acme.example", "sam-password-1");
pub(crate) const EVE: (&str, &str) = ("eve@acme.example", "eve-password-1");
pub(crate) const DANA_ID: &str = "3f6c2a1e-8b4d-4e2a-9c7f-1d2e3f4a5b6c";
pub(crate) const SECRET: &str = "ci-signing-secret-0123456789abcdef";
/// Dana's read-write and read-only keys.
pub(crate) const RW_KEY: &str = "spk_CiReadWrite00000000000000000000000000001";
pub(crate) const RO_KEY: &str = "spk_CiReadOnly000000000000000000000000000001";
/// Dana's "payments" project, its payments-api repository and that repository's scan.
pub(crate) const PAYMENTS: &str = "5b0e7c1a-2f3d-4c8e-9a6b-7d1e2f3a4b5c";
pub(crate) const PAYMENTS_API: &str = "7e2a9c4b-1d3f-4a5e-8b6c-2d4f6a8b0c1e";
pub(crate) const FIRST_SCAN: &str = "1c9d8e7f-6a5b-4c3d-9e2f-0a1b2c3d4e5f";
/// Sam's project and repository.
pub(crate) const INTERNAL: &str = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a";
pub(crate) const BILLING_WORKER: &str = "4f5a6b7c-8d9e-4f0a-8b1c-2d3e4f5a6b7c";

/// A strict server running `platform-ci`.
pub(crate) async fn ci() -> MockServer {
    MockServer::builder().scenario(Some("platform-ci")).start().await.expect("platform-ci loads")
}

/// The platform API without credentials.
pub(crate) fn anonymous(server: &MockServer) -> Api {
    Api::of(server, "platform")
}

/// Logs in; the token pair.
pub(crate) async fn login(server: &MockServer, (email, password): (&str, &str)) -> Value {
    anonymous(server).post("/v1/auth/login", json!({"email": email, "password": password})).await.expect(200)
}

/// The platform API as `who`, with a fresh access token.
pub(crate) async fn as_user(server: &MockServer, who: (&str, &str)) -> Api {
    let tokens = login(server, who).await;
    anonymous(server).with_key(tokens["access_token"].as_str().unwrap_or_default())
}

/// Loads an inline scenario whose `apis.platform` section is `section`.
pub(crate) async fn load_section(server: &MockServer, section: Value) {
    let scenario = json!({"name": "inline", "seed": 1, "clock": {"start": "2026-03-10T09:00:00Z"},
                          "apis": {"platform": section}});
    let (status, body) =
        crate::helpers::admin(server, reqwest::Method::PUT, "/scenario", Some(json!({"scenario": scenario}))).await;
    assert_eq!(status, 200, "{body}");
}

/// The text of a field.
pub(crate) fn text(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_string()
}
