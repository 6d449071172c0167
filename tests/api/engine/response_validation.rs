//! Response validation: a response that breaks its contract is reported, never silently
//! served. Lenient mode serves it with `x-secmock-violations` and a WARN line; strict mode
//! replaces it with a 500 problem naming the operation and the JSON pointers; both record
//! the violations in the journal.

use std::io::Write;
use std::sync::{Arc, Mutex};

use secmock::MockServer;
use secmock::world::JournalFilter;
use serde_json::{Value, json};

use super::support::{expect_json, fetch_json};
use crate::helpers::{client, fetch, fixture, fixture_server};

async fn lenient() -> MockServer {
    MockServer::builder()
        .specs([fixture("petstore-31.yaml")])
        .scenario(None)
        .strict(false)
        .start()
        .await
        .expect("starts")
}

/// Log lines written while a test runs (the server shares the test's thread).
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

#[tokio::test]
async fn lenient_mode_serves_the_wrong_body_with_a_count_and_a_warning() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::WARN)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // With exactly one live dispatcher, tracing-core computes a callsite's interest from
    // the default of whichever thread registers it first: another test's thread, with no
    // subscriber, would silence our WARN for good. A second live dispatcher makes it
    // consult every dispatcher instead.
    let _second = tracing::Dispatch::new(tracing_subscriber::registry());
    let server = lenient().await;
    let response = fetch(client().get(format!("{}/broken", server.url("petstore")))).await;
    assert_eq!(response.headers["x-secmock-violations"], "2");
    assert_eq!(response.expect(200), json!({"count": -1}));
    let logs = logs.text();
    let warnings: Vec<&str> = logs.lines().filter(|l| l.contains("WARN") && l.contains("contract violation")).collect();
    assert_eq!(warnings.len(), 2, "logs: {logs:?}");
    assert!(warnings.iter().all(|w| w.contains("brokenExample")), "{logs}");
    assert!(warnings.iter().any(|w| w.contains("pointer=/count")), "{logs}");
    assert_eq!(server.violations().len(), 2);
}

#[tokio::test]
async fn strict_mode_answers_500_naming_the_operation_and_the_pointers() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let response = client().get(format!("{}/broken", server.url("petstore"))).send().await.expect("sent");
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    assert_eq!(response.headers()["x-secmock-violations"], "2");
    let body = expect_json(response, 500).await;
    assert_eq!(body["type"], "https://secmock.dev/problems/contract-violation");
    let detail = body["detail"].as_str().expect("detail");
    assert!(detail.contains("the 200 response of brokenExample"), "{detail}");
    let violations = body["violations"].as_array().expect("violations");
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v["pointer"].as_str().expect("pointer"), v["schema_pointer"].as_str().expect("schema")))
        .collect();
    let schema = "/paths/~1broken/get/responses/200/content/application~1json/schema";
    assert_eq!(
        found,
        vec![
            ("", format!("{schema}/required").as_str()),
            ("/count", format!("{schema}/properties/count/minimum").as_str())
        ]
    );
    assert!(violations.iter().all(|v| v["operation_id"] == "brokenExample" && v["kind"] == "schema"));
    assert_eq!(server.violations().len(), 2, "the 500 named what the journal holds");
}

#[tokio::test]
async fn violations_are_recorded_in_the_journal_in_both_modes() {
    for server in [lenient().await, fixture_server(&["petstore-31.yaml"]).await] {
        client().get(format!("{}/broken", server.url("petstore"))).send().await.expect("sent");
        client().get(format!("{}/health", server.url("petstore"))).send().await.expect("sent");
        let journal = &server.world().journal;
        let flagged = journal.entries(&JournalFilter { violations_only: true, ..Default::default() });
        assert_eq!(flagged.len(), 1);
        let entry = &flagged[0];
        assert_eq!(entry.operation_id.as_deref(), Some("brokenExample"));
        assert_eq!(entry.path.as_str(), "/broken");
        // The journal keeps what the API tried to answer, not the strict-mode 500.
        assert_eq!(entry.status, 200);
        assert_eq!(entry.violations.len(), 2);
        assert_eq!(journal.violation_counts().get("petstore"), Some(&2));
        assert_eq!(server.violations().len(), 2);
    }
}

#[tokio::test]
async fn an_engine_error_the_operation_does_not_declare_is_a_violation() {
    let server = lenient().await;
    let response = client().get(format!("{}/legacy/abc", server.url("petstore"))).send().await.expect("sent");
    assert_eq!(response.headers()["x-secmock-violations"], "1");
    let body: Value = expect_json(response, 422).await;
    assert_eq!(body["detail"][0]["loc"], json!(["path", "n"]));
    let entry = &server.world().journal.entries(&Default::default())[0];
    assert_eq!(entry.violations[0].kind, secmock::contract::ViolationKind::UndeclaredStatus);
    assert_eq!(server.violations().len(), 1);

    let strict = fixture_server(&["petstore-31.yaml"]).await;
    let body = fetch_json(client().get(format!("{}/legacy/abc", strict.url("petstore"))), 500).await;
    assert!(body["detail"].as_str().is_some_and(|d| d.contains("legacyLookup") && d.contains("422")), "{body}");
    assert_eq!(strict.violations().len(), 1);
}

#[tokio::test]
async fn a_valid_answer_carries_no_violation_header() {
    let server = lenient().await;
    let response = fetch(client().get(format!("{}/health", server.url("petstore")))).await;
    assert!(response.headers.get("x-secmock-violations").is_none());
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn response_headers_are_checked_against_their_schemas() {
    let server = super::support::echo_server().await;
    let base = server.url("petstore");
    let ok = fetch(client().get(format!("{base}/echo/header?count=12"))).await;
    assert_eq!(ok.headers["x-count"], "12");
    assert_eq!(ok.status, 200);
    for bad in ["many", "-1", "1.5"] {
        let body = fetch_json(client().get(format!("{base}/echo/header?count={bad}")), 500).await;
        assert_eq!(body["violations"][0]["kind"], "header_schema", "{bad}");
        assert_eq!(
            body["violations"][0]["schema_pointer"],
            "/paths/~1echo~1header/get/responses/200/headers/X-Count/schema"
        );
    }
    assert_eq!(server.violations().len(), 3, "one per bad header value");
    // A required header is generated from its schema when the contract answers.
    let pets = fetch(client().get(format!("{base}/pets/")).header("authorization", "Bearer t")).await;
    assert_eq!(pets.status, 200);
    let total = pets.headers["x-total-count"].to_str().expect("text").parse::<u64>();
    assert!(total.is_ok(), "{total:?}");
}
