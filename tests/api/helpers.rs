//! Shared test helpers: starting servers and talking to them.

#![allow(dead_code)]

use std::path::PathBuf;

use reqwest::{Method, RequestBuilder};
use secmock::MockServer;
use serde_json::Value;

/// A path under `tests/fixtures/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A strict server over the given fixture specs, with no scenario and no behaviour:
/// every answer comes from the contract.
pub(crate) async fn fixture_server(specs: &[&str]) -> MockServer {
    fixture_server_with(specs, secmock::startup::contract_only).await
}

/// A strict server over the given fixture specs, with no scenario and these behaviours.
pub(crate) async fn fixture_server_with(specs: &[&str], behaviours: secmock::startup::BehaviourFactory) -> MockServer {
    MockServer::builder()
        .specs(specs.iter().map(|s| fixture(s)))
        .scenario(None)
        .behaviours(behaviours)
        .start()
        .await
        .expect("fixture specs load")
}

/// An HTTP client that never follows redirects (tests look at them).
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client builds")
}

/// Sends `request` with an optional JSON body; the status and the body, parsed as JSON
/// when it is JSON and as a string otherwise.
pub(crate) async fn exchange(request: RequestBuilder, body: Option<Value>) -> (u16, Value) {
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A call to the admin API.
pub(crate) async fn admin(server: &MockServer, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    exchange(client().request(method, format!("{}{path}", server.admin_url())), body).await
}
