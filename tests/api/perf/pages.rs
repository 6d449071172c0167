//! Whole pages remembered by their skeleton (`src/fragments/pages.rs`): a list asked
//! again unchanged is the same bytes, and any input of the page changes it at once: an
//! item triaged in one world (and not in another), a scan progressing with the clock,
//! another caller, another query. (Debug builds compare every remembered page with a
//! fresh one, so a page that missed an input fails the request that served it.)

use reqwest::Method;
use secmock::MockServer;
use serde_json::{Value, json};

use crate::helpers::{Api, Got, admin};
use crate::kolega::{GLOBEX, PAYMENTS, RW, SQLI};

/// The repository's findings list with `query`, asked twice: the same answer, no violation.
async fn list(api: &Api, query: &str) -> Value {
    let path = format!("/api/v1/repositories/{PAYMENTS}/findings?{query}");
    let first = api.get(&path).await;
    assert!(first.headers.get("x-secmock-violations").is_none(), "the list violates its contract");
    let first = first.expect(200);
    assert_eq!(api.get(&path).await.expect(200), first, "nothing changed: the same list");
    first
}

fn status_of(page: &Value, id: &str) -> Value {
    let found = page["items"].as_array().into_iter().flatten().find(|f| f["id"] == json!(id));
    found.map_or(Value::Null, |f| f["status"].clone())
}

#[tokio::test]
async fn a_remembered_page_is_per_world_and_shows_a_change_in_its_world_alone() {
    let server = MockServer::start().await;
    let (status, world) = admin(&server, Method::POST, "/worlds", Some(json!({"name": "a"}))).await;
    assert_eq!(status, 201, "{world}");
    let default = Api::of(&server, "kolega").with_key(RW);
    let in_a = Api::of(&server, "kolega").under("/w/a").with_key(RW);
    let before = list(&default, "limit=50").await;
    assert_eq!(list(&in_a, "limit=50").await, before, "the same scenario, the same page");

    let path = format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}");
    in_a.send(Method::PATCH, &path, Some(json!({"status": "ignored"}))).await.expect(200);
    assert_eq!(status_of(&list(&in_a, "limit=50").await, SQLI), json!("ignored"));
    assert_eq!(list(&default, "limit=50").await, before, "the other world's page is unchanged");
}

#[tokio::test]
async fn a_remembered_page_follows_its_query_and_its_caller() {
    let server = MockServer::start().await;
    let api = Api::of(&server, "kolega").with_key(RW);
    let all = list(&api, "limit=50").await;
    let items = all["items"].as_array().cloned().unwrap_or_default();
    assert!(items.len() > 3, "{all}");

    let window = list(&api, "limit=2&skip=1").await;
    assert_eq!(window["items"], json!(items[1..3]));
    assert_eq!((window["total"].clone(), window["has_next"].clone()), (all["total"].clone(), json!(true)));
    let severity = items[0]["severity"].as_str().unwrap_or_default().to_string();
    let filtered = list(&api, &format!("limit=50&severity={severity}")).await;
    let expected: Vec<&Value> = items.iter().filter(|f| f["severity"] == json!(severity)).collect();
    assert_eq!(filtered["items"], json!(expected));

    // Another organisation's key, the same URL: not its repository, whatever was remembered.
    let globex = Api::of(&server, "kolega").with_key(GLOBEX);
    globex.get(&format!("/api/v1/repositories/{PAYMENTS}/findings?limit=50")).await.expect(404);
    assert_eq!(list(&api, "limit=50").await, all);
}

#[tokio::test]
async fn a_remembered_page_follows_a_scan_that_progresses_with_the_clock() {
    let server = MockServer::start().await;
    let api = Api::of(&server, "kolega").with_key(RW);
    let batch = api.post(&format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "semgrep_scan"})).await;
    let batch = batch.expect(202)["batch_id"].as_str().unwrap_or_default().to_string();
    let of_batch = format!("limit=50&scan_batch_id={batch}");
    let queued = list(&api, &of_batch).await;
    let mut seen = vec![queued.clone()];
    let mut whole = list(&api, "limit=100").await;
    for _ in 0..12 {
        server.advance("15m").await;
        let now = list(&api, &of_batch).await;
        if seen.last() != Some(&now) {
            seen.push(now);
        }
        // The repository's own list (its page index remembered by the buckets' stamp).
        whole = list(&api, "limit=100").await;
    }
    let Got { body: progress, .. } = api.get(&format!("/api/v1/repositories/{PAYMENTS}/scans/{batch}/progress")).await;
    let done = seen.last().cloned().unwrap_or_default();
    assert_ne!(done, queued, "the batch's findings appeared as it ran ({progress})");
    assert!(done["total"].as_u64().unwrap_or(0) > queued["total"].as_u64().unwrap_or(0), "{done}");
    // What the batch found is in the repository's list too.
    assert!(whole["total"].as_u64().is_some_and(|t| t <= 100), "{whole}");
    let listed: Vec<&Value> = whole["items"].as_array().into_iter().flatten().map(|f| &f["id"]).collect();
    for found in done["items"].as_array().into_iter().flatten() {
        assert!(listed.contains(&&found["id"]), "{found} is missing from {whole}");
    }
}

#[tokio::test]
async fn a_remembered_platform_page_follows_its_filters_and_window() {
    use crate::platform::{PAYMENTS_API, RW_KEY, ci};
    let server = ci().await;
    let api = Api::of(&server, "platform").with_key(RW_KEY);
    let path = |query: &str| format!("/v1/repositories/{PAYMENTS_API}/findings?{query}");
    let twice = |query: String| {
        let (api, path) = (&api, path(&query));
        async move {
            let first = api.get(&path).await.expect(200);
            assert_eq!(api.get(&path).await.expect(200), first, "nothing changed: the same list");
            first
        }
    };
    let all = twice("limit=50".into()).await;
    let items = all["items"].as_array().cloned().unwrap_or_default();
    assert!(items.len() > 2, "{all}");
    assert_eq!(twice("limit=1&skip=1".into()).await["items"], json!(items[1..2]));
    let severity = items[0]["severity"].as_str().unwrap_or_default().to_string();
    let expected: Vec<&Value> = items.iter().filter(|f| f["severity"] == json!(severity)).collect();
    assert_eq!(twice(format!("limit=50&severity={severity}")).await["items"], json!(expected));
    let id = items[0]["id"].as_str().unwrap_or_default().to_string();
    let change = json!({"status": "dismissed", "note": "not reachable"});
    api.send(Method::PUT, &path("").replace("findings?", &format!("findings/{id}")), Some(change)).await.expect(200);
    let dismissed = twice("limit=50&status=dismissed".into()).await;
    assert!(dismissed["items"].as_array().into_iter().flatten().any(|f| f["id"] == json!(id)), "{dismissed}");
}
