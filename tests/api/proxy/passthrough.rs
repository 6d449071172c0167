//! Answers pass through unchanged; departures from the contract are recorded with their
//! pointers and marked as the upstream's; strict mode turns them into a 502.

use axum::Router;
use axum::routing::get;
use reqwest::Method;
use serde_json::{Value, json};

use super::proxy_to;
use super::upstream::Upstream;
use crate::helpers::{admin, client};

/// A valid answer, spaced and ordered the way no serialiser of secmock's would write it.
const ODD_BUT_VALID: &str = "{ \"items\" : [ {\"name\":\"gear\",   \"id\":7} ] ,\"next\":null }\n";

fn widgets(body: &'static str) -> Router {
    Router::new().route(
        "/widgets",
        get(move || async move {
            (
                [("content-type", "application/json"), ("x-upstream", "yes"), ("set-cookie", "session=s3cr3t-s3ss10n")],
                body,
            )
        }),
    )
}

#[tokio::test]
async fn a_correct_answer_passes_through_byte_for_byte_with_credentials_forwarded_and_redacted() {
    let upstream = Upstream::start(widgets(ODD_BUT_VALID)).await;
    let server = proxy_to(&upstream.url, true).await;
    let response = client()
        .get(format!("{}/widgets?limit=5", server.url("widgets")))
        .header("x-widget-key", "wk_live_0123456789")
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-upstream"], "yes");
    assert_eq!(response.headers()["set-cookie"], "session=s3cr3t-s3ss10n");
    assert!(response.headers().get("x-secmock-violations").is_none());
    assert_eq!(response.bytes().await.expect("body").as_ref(), ODD_BUT_VALID.as_bytes());

    let sent = upstream.last();
    assert_eq!((sent.method.as_str(), sent.uri.as_str()), ("GET", "/widgets?limit=5"));
    assert_eq!(sent.headers["x-widget-key"], "wk_live_0123456789", "credentials are forwarded");

    let (_, journal) = admin(&server, Method::GET, "/journal?api=widgets", None).await;
    let entry = &journal["entries"][0];
    assert_eq!(entry["operation_id"], "listWidgets");
    assert_eq!(entry["upstream"]["url"], upstream.url.as_str());
    let key = entry["headers"].as_array().and_then(|h| h.iter().find(|p| p[0] == "x-widget-key")).cloned();
    assert_eq!(key, Some(json!(["x-widget-key", "wk_l…[redacted]"])), "{entry}");
    let cookie = entry["response"]["headers"].as_array().and_then(|h| h.iter().find(|p| p[0] == "set-cookie")).cloned();
    assert_eq!(cookie, Some(json!(["set-cookie", "sess…[redacted]"])), "{entry}");
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn a_wrong_answer_is_a_violation_with_its_pointer_marked_as_the_upstreams() {
    let upstream = Upstream::start(widgets(r#"{"items":[{"id":7,"name":"gear"},{"id":"eight","name":"cog"}]}"#)).await;
    let server = proxy_to(&upstream.url, false).await;
    let response = client().get(format!("{}/widgets", server.url("widgets"))).header("x-widget-key", "k").send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), 200, "without --strict the upstream's answer stands");
    assert_eq!(response.headers()["x-secmock-violations"], "1");

    let (_, listed) = admin(&server, Method::GET, "/violations?api=widgets", None).await;
    let violation = &listed["violations"][0]["violation"];
    assert_eq!(violation["pointer"], "/items/1/id", "{listed}");
    assert_eq!(violation["kind"], "schema");
    assert_eq!(violation["operation_id"], "listWidgets");
    assert_eq!(violation["upstream"], upstream.url.as_str());
    server.violations();
}

#[tokio::test]
async fn strict_mode_turns_a_violating_upstream_answer_into_a_502_naming_it() {
    let upstream = Upstream::start(widgets(r#"{"items":[{"id":"seven"}]}"#)).await;
    let server = proxy_to(&upstream.url, true).await;
    let response = client().get(format!("{}/widgets", server.url("widgets"))).header("x-widget-key", "k").send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: Value = response.json().await.expect("problem+json");
    assert_eq!(problem["status"], 502);
    let mut pointers: Vec<&str> =
        problem["violations"].as_array().expect("listed").iter().filter_map(|v| v["pointer"].as_str()).collect();
    pointers.sort_unstable();
    assert_eq!(pointers, ["/items/0", "/items/0/id"], "{problem}");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains(&upstream.url)), "{problem}");
    assert_eq!(server.violations().len(), 2);
}

#[tokio::test]
async fn a_request_that_breaks_the_contract_is_forwarded_and_recorded_as_the_clients() {
    let router = Router::new().route(
        "/widgets",
        axum::routing::post(|| async {
            (axum::http::StatusCode::UNPROCESSABLE_ENTITY, [("content-type", "application/problem+json")], "{}")
        }),
    );
    let upstream = Upstream::start(router).await;
    let server = proxy_to(&upstream.url, true).await;
    let response = client()
        .post(format!("{}/widgets", server.url("widgets")))
        .header("x-widget-key", "k")
        .json(&json!({"name": ""}))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 422, "the upstream's own refusal, even in strict mode");
    assert_eq!(upstream.last().body.as_ref(), br#"{"name":""}"#);
    let violations = server.violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    let v = &violations[0].violation;
    assert_eq!((v.pointer.as_str(), v.status), ("/body/name", 422));
    assert_eq!(serde_json::to_value(v.kind).expect("kind"), "request");
}

#[tokio::test]
async fn a_request_without_credentials_is_forwarded_and_recorded() {
    let upstream = Upstream::start(widgets(ODD_BUT_VALID)).await;
    let server = proxy_to(&upstream.url, true).await;
    let response = client().get(format!("{}/widgets", server.url("widgets"))).send().await.expect("answered");
    assert_eq!(response.status(), 200, "the upstream decides");
    let violations = server.violations();
    assert_eq!(violations.len(), 1);
    assert!(violations[0].violation.message.contains("no credentials"), "{violations:?}");
}
