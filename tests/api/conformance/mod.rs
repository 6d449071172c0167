//! The contract test runner (`secmock test API --target URL`, issue 15.3), run as a
//! library against servers the test controls: secmock's own generic mock of the proxy
//! fixture (which honours the contract), and a small upstream that does not.

use axum::Router;
use axum::routing::get;
use secmock::__private::conformance::{Outcome, Report, RunOptions, run};
use secmock::spec::ApiSpec;

use crate::helpers::{fixture, fixture_crud_server};
use crate::proxy::upstream::Upstream;

fn options(target: &str, seed: u64) -> RunOptions {
    RunOptions {
        target: target.into(),
        key: Some("wk_test_key_0123".into()),
        operations: Vec::new(),
        seed,
        max_cases: 100,
        timeout: std::time::Duration::from_secs(5),
        anchor: "2026-01-15T09:00:00Z".parse().expect("an instant"),
        ca_files: Vec::new(),
    }
}

fn widgets() -> ApiSpec {
    ApiSpec::load(&fixture("proxy-widgets.yaml")).expect("the fixture loads")
}

fn lines(report: &Report) -> Vec<String> {
    report.results.iter().map(|r| format!("{} {}", r.case, r.request)).collect()
}

#[tokio::test]
async fn a_server_that_honours_its_contract_passes_chains_valid_and_negative_cases() {
    let server = fixture_crud_server(&["proxy-widgets.yaml"]).await;
    let report = run(&widgets(), &options(&server.url("widgets"), 7)).await.expect("runs");
    assert_eq!(report.failed(), 0, "{}", report.summary());
    let cases: Vec<&str> = report.results.iter().map(|r| r.case.as_str()).collect();
    for expected in
        ["chain: create", "chain: read what was created", "chain: list", "negative: body without required 'name'"]
    {
        assert!(cases.contains(&expected), "{expected} in {cases:?}");
    }
    let read = report.results.iter().find(|r| r.case == "chain: read what was created").expect("a read");
    assert_eq!(read.status, Some(200), "the id the create answered is the one read back");
    assert!(report.junit().contains("<testcase classname=\"createWidget\""));
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn the_same_seed_sends_the_same_requests() {
    let server = fixture_crud_server(&["proxy-widgets.yaml"]).await;
    let first = run(&widgets(), &options(&server.url("widgets"), 42)).await.expect("runs");
    server.reset();
    let again = run(&widgets(), &options(&server.url("widgets"), 42)).await.expect("runs");
    assert_eq!(lines(&first), lines(&again));
}

#[tokio::test]
async fn departures_fail_with_their_pointers_and_land_in_junit() {
    let router = Router::new()
        .route(
            "/widgets",
            get(|| async { ([("content-type", "application/json")], r#"{"items":[{"id":"seven","name":"x"}]}"#) })
                .post(
                    // Accepts anything, even a body its contract refuses.
                    || async {
                        (
                            axum::http::StatusCode::CREATED,
                            [("content-type", "application/json")],
                            r#"{"id":1,"name":"x"}"#,
                        )
                    },
                ),
        )
        .route("/widgets/{id}", get(|| async { ([("content-type", "application/json")], r#"{"id":1}"#) }));
    let upstream = Upstream::start(router).await;
    let report = run(&widgets(), &options(&upstream.url, 1)).await.expect("runs");
    assert!(report.failed() > 0);
    let pointers: Vec<(&str, &str)> =
        report.violations().map(|(r, v)| (r.operation_id.as_str(), v.pointer.as_str())).collect();
    assert!(pointers.contains(&("listWidgets", "/items/0/id")), "{pointers:?}");
    assert!(pointers.contains(&("getWidget", "")), "a missing required member is reported at the object: {pointers:?}");
    let accepted = report
        .results
        .iter()
        .find(|r| r.case == "negative: body without required 'name'")
        .expect("the negative case ran");
    assert!(
        matches!(&accepted.outcome, Outcome::Failed(lines) if lines.iter().any(|l| l.contains("accepted"))),
        "{accepted:?}"
    );
    let junit = report.junit();
    assert!(junit.contains("<failure message=\"at /items/0/id"), "{junit}");
    assert!(junit.contains(&format!("failures=\"{}\"", report.failed())));
}
