//! World tests: state, clock, scheduler, scenarios, faults, journal and the admin API,
//! over fixture specs and a fixture behaviour written against the public interface.

mod admin;
mod clock;
mod concurrency;
mod crud;
mod faults;
mod fixture;
mod journal;
mod state;

use secmock::MockServer;
use serde_json::Value;

use crate::helpers::{client, fixture};

/// A server over the builds and notes fixtures with the given scenario.
pub(crate) async fn world_server(scenario: &str, strict: bool) -> MockServer {
    MockServer::builder()
        .specs([fixture("world/builds.yaml"), fixture("world/notes.yaml")])
        .configure(|c| c.scenarios_dir = fixture("world/scenarios"))
        .scenario(Some(scenario))
        .behaviours(fixture::behaviours)
        .strict(strict)
        .start()
        .await
        .expect("world fixtures load")
}

/// A request to the builds API with a key.
pub(crate) async fn call(
    server: &MockServer,
    method: reqwest::Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client().request(method, format!("{}{path}", server.url("builds"))).bearer_auth(key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A call to the admin API.
pub(crate) async fn admin(
    server: &MockServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = client().request(method, format!("{}{path}", server.admin_url()));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("admin request sent");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body read");
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}
