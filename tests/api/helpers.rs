//! Shared test helpers: starting servers and talking to them.

#![allow(dead_code)]

use std::path::PathBuf;

use secmock::MockServer;

/// A path under `tests/fixtures/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A strict server over the given fixture specs, with no scenario and no behaviour:
/// every answer comes from the contract.
pub(crate) async fn fixture_server(specs: &[&str]) -> MockServer {
    MockServer::builder()
        .specs(specs.iter().map(|s| fixture(s)))
        .scenario(None)
        .behaviours(secmock::startup::contract_only)
        .start()
        .await
        .expect("fixture specs load")
}

/// An HTTP client that never follows redirects (tests look at them).
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client builds")
}
