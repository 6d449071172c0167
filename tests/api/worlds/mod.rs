//! Many worlds in one process: worlds created, listed, reset and deleted through the
//! admin API, selected by a `/w/{name}` prefix or an `X-Secmock-World` header, and
//! isolated from each other and from the default world in every respect.

mod admin;
mod isolation;
mod urls;
mod violations;

use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use crate::helpers::{Api, admin};

/// Acme's read-write Kolega key (default scenario).
const RW: &str = crate::kolega::RW;
/// acme/payments-api (default scenario).
const PAYMENTS: &str = crate::kolega::PAYMENTS;

/// Creates a world through the admin API; its description.
async fn create(server: &MockServer, body: Value) -> Value {
    let (status, world) = admin(server, Method::POST, "/worlds", Some(body)).await;
    assert_eq!(status, 201, "{world}");
    world
}

/// Kolega in `world` (`None`: the default world), with the read-write key.
fn kolega(server: &MockServer, world: Option<&str>) -> Api {
    let api = Api::of(server, "kolega");
    match world {
        Some(name) => api.under(&format!("/w/{name}")),
        None => api,
    }
    .with_key(RW)
}

/// Starts a Kolega scan of payments-api; the batch id.
async fn start_scan(api: &Api) -> String {
    let batch = api.post(&format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "semgrep_scan"})).await;
    let batch = batch.expect(202);
    batch["batch_id"].as_str().expect("a batch id").to_string()
}

fn progress(batch: &str) -> String {
    format!("/api/v1/repositories/{PAYMENTS}/scans/{batch}/progress")
}
