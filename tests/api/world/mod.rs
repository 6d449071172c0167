//! World tests: state, clock, scheduler, outbound deliveries, event streams, scenarios,
//! faults, journal and the admin API,
//! over fixture specs and a fixture behaviour written against the public interface.

mod admin;
mod clock;
mod concurrency;
mod crud;
mod faults;
mod fixture;
mod hostile;
mod jobs;
mod journal;
mod outbound;
mod scoped_load;
mod state;
mod stream;
mod why_refused;

use secmock::MockServer;
use serde_json::Value;

pub(crate) use crate::helpers::admin;
use crate::helpers::{client, exchange, fixture};

/// A server over the builds and notes fixtures with the given scenario.
pub(crate) async fn world_server(scenario: &str, strict: bool) -> MockServer {
    MockServer::builder()
        .specs([fixture("world/builds.yaml"), fixture("world/notes.yaml")])
        .configure(|c| c.scenarios_dir = Some(fixture("world/scenarios")))
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
    exchange(client().request(method, format!("{}{path}", server.url("builds"))).bearer_auth(key), body).await
}
