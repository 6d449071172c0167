//! Kolega DevSec API tests: the documented quickstart, then every rule behind it, against
//! strict servers on the manual clock (a response outside the contract would be a 500 and
//! a journal violation; a dropped `MockServer` fails the test on any).
//!
//! Most tests use the default scenario (`Acme Corp`, whose keys and documented ids are
//! below); quota refusals use `scenarios/kolega-quota-exhausted.yaml`.

mod bad_input;
mod device_flow;
mod events;
mod findings;
mod fixes;
mod ids;
mod keys;
mod lifecycle;
mod perf;
mod pull_requests;
mod quickstart;
mod quotas;
mod repositories;
mod scans;
mod scenario;

use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use crate::helpers::Api;

/// Acme's read-write CI key.
pub(crate) const RW: &str = "kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz";
/// Acme's read-only dashboard key.
pub(crate) const RO: &str = "kcp_live_Qm7xE5rT9uW2yA4sD6fG8hJ1kL3z";
/// Acme's revoked key.
pub(crate) const REVOKED: &str = "kcp_live_Rv0kOld1Key2Rotated3Away4";
/// Globex's key (another organisation).
pub(crate) const GLOBEX: &str = "kcp_live_Gx2bR8nM4vC6zQ1wE3tY5uI7oP9a";
/// The exhausted scenario's keys.
pub(crate) const EXHAUSTED_RW: &str = "kcp_live_Ex7hAusted0Quota1Key2Rw";

/// acme/payments-api, a single-source Python repository.
pub(crate) const PAYMENTS: &str = "65bb83bf-1356-4cbe-a45a-a89c9dde8fd0";
/// acme/legacy-billing, archived, two sources.
pub(crate) const LEGACY: &str = "d936e1bf-a729-40b4-b686-df99df94ecc3";
/// The documented SQL injection finding in payments-api.
pub(crate) const SQLI: &str = "41735a1e-e866-4c96-8257-519a6082d90e";
/// The documented completed fix (with a pull request) in payments-api.
pub(crate) const SQLI_FIX: &str = "06c791a0-e009-458a-986e-e5c12d5cc6f7";

/// A strict server running every API with `scenario`.
pub(crate) struct Kolega {
    pub(crate) server: MockServer,
}

impl Kolega {
    pub(crate) async fn start(scenario: &str) -> Kolega {
        let server = MockServer::builder().scenario(Some(scenario)).start().await.expect("scenario loads");
        Kolega { server }
    }

    pub(crate) async fn default() -> Kolega {
        Kolega::start("default").await
    }

    /// A request to the Kolega API (`key` None: no Authorization header).
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let api = Api::of(&self.server, "kolega");
        let got = match key {
            Some(key) => api.with_key(key).send(method, path, body).await,
            None => api.send(method, path, body).await,
        };
        (got.status, got.body)
    }

    /// A GET with the read-write key that must answer 200.
    pub(crate) async fn get(&self, path: &str) -> Value {
        let (status, body) = self.call(Method::GET, path, Some(RW), None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }

    /// A POST with the read-write key, expecting `status`.
    pub(crate) async fn post(&self, path: &str, body: Value, status: u16) -> Value {
        let (got, reply) = self.call(Method::POST, path, Some(RW), Some(body)).await;
        assert_eq!(got, status, "POST {path}: {reply}");
        reply
    }

    /// A call to the admin API.
    pub(crate) async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        crate::helpers::admin(&self.server, method, path, body).await
    }

    /// Moves the manual clock forward (`"90s"`, `"1h"`).
    pub(crate) async fn advance(&self, by: &str) {
        self.server.advance(by).await;
    }

    pub(crate) async fn now(&self) -> String {
        let (_, clock) = self.admin(Method::GET, "/clock", None).await;
        clock["now"].as_str().unwrap_or_default().to_string()
    }

    /// Loads an inline scenario (the `apis.kolega` section given) on the running server.
    pub(crate) async fn load_section(&self, seed: u64, start: &str, section: Value) -> (u16, Value) {
        let scenario = json!({"name": "inline", "seed": seed, "clock": {"start": start}, "apis": {"kolega": section}});
        self.admin(Method::PUT, "/scenario", Some(json!({"scenario": scenario}))).await
    }
}

/// The ids of a page's items (`id` or `batch_id`).
pub(crate) fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .map(|items| {
            items.iter().filter_map(|i| i["id"].as_str().or(i["batch_id"].as_str()).map(str::to_string)).collect()
        })
        .unwrap_or_default()
}

/// A small organisation for tests that need exact control: one key pair, two repositories
/// (one with two sources), the given timing and quotas.
pub(crate) fn small_section(timing: Value, quotas: Value) -> Value {
    json!({
        "organizations": [{
            "id": "11111111-1111-4111-8111-111111111111",
            "name": "Test Org",
            "keys": [
                {"key": "kcp_live_TestReadWrite0000000001", "name": "rw", "scopes": ["read", "write"]},
                {"key": "kcp_live_TestReadOnly00000000001", "name": "ro", "scopes": ["read"]}
            ],
            "quotas": quotas,
            "repositories": [
                {"id": "22222222-2222-4222-8222-222222222222", "name": "test/api", "stack": "python"},
                {"id": "33333333-3333-4333-8333-333333333333", "name": "test/mono", "stack": "go",
                 "sources": [{"full_name": "test/mono-a"}, {"full_name": "test/mono-b", "provider": "gitlab"}, {"full_name": "test/mono-c"}]}
            ]
        }],
        "timing": timing
    })
}

pub(crate) const SMALL_RW: &str = "kcp_live_TestReadWrite0000000001";
pub(crate) const SMALL_REPO: &str = "22222222-2222-4222-8222-222222222222";
pub(crate) const SMALL_MONO: &str = "33333333-3333-4333-8333-333333333333";
