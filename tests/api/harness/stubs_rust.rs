//! Stubs through the Rust builder: mounted, answering, and expectations verified when the
//! server is dropped, as wiremock-rs does.

use secmock::Stub;
use serde_json::json;

use crate::securescan::{BEFORE, ENV, server, v1};

fn gone() -> Stub {
    Stub::given("securescan")
        .method("GET")
        .path("/api/v1/scans/{scan_id}")
        .respond_with(404, json!({"detail": "Scan not found"}))
}

#[tokio::test]
async fn a_met_expectation_passes_and_the_record_shows_the_hits() {
    let server = server().await;
    let id = server.stub(gone().times(2).expect(2));
    let api = v1(&server, ENV);
    for _ in 0..2 {
        api.get(&format!("/scans/{BEFORE}")).await.expect(404);
    }
    api.get(&format!("/scans/{BEFORE}")).await.expect(200);
    assert_eq!(server.stub_record(id).map(|s| s.hits), Some(2));
    assert_eq!(server.journal()[1].stub.map(|s| s.id), Some(id));
}

#[tokio::test]
async fn an_unmet_expectation_fails_the_test_when_the_server_is_dropped() {
    let server = server().await;
    server.stub(gone().expect(1));
    server.stub(gone().path("/api/v1/scans/*").expect_at_least(1));
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(server)));
    let message = dropped.expect_err("the drop fails the test");
    let message = message.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("2 stub expectation(s) unmet"), "{message}");
    assert!(message.contains("answered 0 time(s), expected exactly 1"), "{message}");
    assert!(message.contains("expected at least 1"), "{message}");
}

#[tokio::test]
async fn a_reset_drops_stubs_and_their_expectations() {
    let server = server().await;
    server.stub(gone().expect(1));
    server.reset();
    v1(&server, ENV).get(&format!("/scans/{BEFORE}")).await.expect(200);
}

#[tokio::test]
async fn a_stub_that_breaks_the_contract_is_refused_where_it_is_made() {
    let server = server().await;
    let refusal = server.try_stub(gone().respond_with(404, json!({"detail": ["no"]}))).expect_err("refused");
    assert_eq!(refusal.violations[0].pointer, "/detail", "{refusal}");
    assert!(server.try_stub(Stub::given("nope")).is_err());
    let id = server.stub(gone().respond_with(404, json!({"detail": ["no"]})).violating());
    assert_eq!(v1(&server, ENV).get("/scans/x").await.expect(404), json!({"detail": ["no"]}));
    assert_eq!(server.stub_record(id).map(|s| s.hits), Some(1));
}
