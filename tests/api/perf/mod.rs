//! What performance work must not change (issue 14): a list whose items are rendered once
//! and remembered (`src/fragments/`) shows every change at once, and a scenario built
//! once (checked and applied from the same build) is the world it describes, as of the
//! instant its clock starts. How fast is measured in `benches/`, never here.

mod lists;
mod pages;

use reqwest::Method;
use serde_json::{Value, json};

use crate::kolega::{Kolega, PAYMENTS, RW, SQLI};

fn item<'a>(page: &'a Value, id: &str) -> &'a Value {
    page["items"].as_array().into_iter().flatten().find(|f| f["id"] == json!(id)).unwrap_or(&Value::Null)
}

#[tokio::test]
async fn a_remembered_list_shows_a_status_change_at_once() {
    let k = Kolega::default().await;
    let list = format!("/api/v1/repositories/{PAYMENTS}/findings?limit=50");
    let first = k.get(&list).await;
    assert_eq!(k.get(&list).await, first, "nothing changed, the same list");
    assert_eq!(item(&first, SQLI)["status"], json!("open"));

    k.advance("1h").await;
    let path = format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}");
    let (status, changed) = k.call(Method::PATCH, &path, Some(RW), Some(json!({"status": "ignored"}))).await;
    assert_eq!(status, 200, "{changed}");
    let after = k.get(&list).await;
    assert_eq!(item(&after, SQLI)["status"], json!("ignored"));
    assert_eq!(item(&after, SQLI)["updated_at"], changed["updated_at"]);
    assert_ne!(item(&after, SQLI)["updated_at"], item(&first, SQLI)["updated_at"]);
    // Every other finding is as it was.
    let others = |page: &Value| -> Vec<Value> {
        page["items"].as_array().into_iter().flatten().filter(|f| f["id"] != json!(SQLI)).cloned().collect()
    };
    assert_eq!(others(&after), others(&first));
}

#[tokio::test]
async fn a_scenario_is_built_as_of_the_instant_its_clock_starts() {
    let k = Kolega::default().await;
    let section = json!({
        "organizations": [{
            "name": "Clocked Org",
            "keys": [{"key": "kcp_live_TestClockStart000000001", "name": "rw", "scopes": ["read", "write"]}],
            "repositories": [{"id": "44444444-4444-4444-8444-444444444444", "name": "clocked/api", "stack": "python",
                              "created_ago": "10d"}]
        }]
    });
    let (status, body) = k.load_section(7, "2026-03-01T12:00:00Z", section).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(k.now().await, "2026-03-01T12:00:00Z");
    let (status, repo) = k
        .call(
            Method::GET,
            "/api/v1/repositories/44444444-4444-4444-8444-444444444444",
            Some("kcp_live_TestClockStart000000001"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{repo}");
    assert!(
        repo["created_at"].as_str().is_some_and(|at| at.starts_with("2026-02-19T12:00:00")),
        "ten days before the scenario's start: {repo}"
    );
}
