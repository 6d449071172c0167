//! Stubs through the admin API: added, answering before the behaviour, counted, matched
//! by method, path, query, headers and body, ordered by priority, checked against the
//! contract, journaled, removed, and cleared by a reset.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Got, admin, client};
use crate::securescan::{ENV, server, v1};

const SCAN: &str = "/api/v1/scans/{scan_id}";

async fn add(server: &secmock::MockServer, stub: Value) -> Value {
    let (status, body) = admin(server, Method::POST, "/stubs", Some(stub)).await;
    assert_eq!(status, 201, "{body}");
    body
}

#[tokio::test]
async fn a_stub_answers_before_the_behaviour_as_often_as_it_may_and_counts_its_hits() {
    let server = server().await;
    let stub = add(
        &server,
        json!({"api": "securescan", "request": {"method": "GET", "path": SCAN},
               "response": {"status": 404, "body": {"detail": "stubbed away"}}, "times": 1}),
    )
    .await;
    assert_eq!(stub["hits"], 0);
    assert_eq!(stub["priority"], 5);
    assert_eq!(stub["operations"], json!(["v1_read_scan_api_v1_scans__scan_id__get"]));
    let id = stub["id"].as_u64().expect("an id");
    let api = v1(&server, ENV);
    let before = api.get(&format!("/scans/{}", crate::securescan::BEFORE)).await.expect(404);
    assert_eq!(before, json!({"detail": "stubbed away"}), "the scan exists, the stub answered");
    let again = api.get(&format!("/scans/{}", crate::securescan::BEFORE)).await.expect(200);
    assert_eq!(again["id"], crate::securescan::BEFORE, "times: 1 is spent, the behaviour answers");
    let (status, held) = admin(&server, Method::GET, &format!("/stubs/{id}"), None).await;
    assert_eq!((status, &held["hits"]), (200, &json!(1)));
    let (_, listed) = admin(&server, Method::GET, "/stubs", None).await;
    assert_eq!(listed["stubs"][0]["id"], id, "{listed}");
    let (_, journal) = admin(&server, Method::GET, "/journal?api=securescan&limit=2", None).await;
    assert_eq!(journal["entries"][0]["stub"], Value::Null, "{journal}");
    assert_eq!(journal["entries"][1]["stub"], json!({"id": id, "violates": false}), "{journal}");
}

#[tokio::test]
async fn a_stub_never_hides_a_request_the_api_would_refuse() {
    let server = server().await;
    add(
        &server,
        json!({"api": "securescan", "request": {"path": SCAN}, "response": {"status": 404, "body": {"detail": "x"}}}),
    )
    .await;
    let got = v1(&server, "not-a-key").get("/scans/anything").await;
    assert_eq!(got.status, 401, "credentials are checked before any stub: {}", got.body);
}

#[tokio::test]
async fn query_header_and_body_matchers_pick_the_requests_a_stub_answers() {
    let server = server().await;
    add(
        &server,
        json!({"api": "securescan",
               "request": {"method": "POST", "path": "/api/v1/scans", "headers": {"X-Tenant": "acme"},
                           "body": {"target_path": "/srv/ci/api"}},
               "response": {"status": 400, "body": {"detail": "Path does not exist: /srv/ci/api"}}}),
    )
    .await;
    add(
        &server,
        json!({"api": "securescan", "request": {"method": "GET", "path": "/api/v1/scans", "query": {"status": "failed"}},
               "response": {"status": 200, "body": []}}),
    )
    .await;
    let url = format!("{}/api/v1/scans", server.url("securescan"));
    let post = |tenant: &'static str| {
        client()
            .post(&url)
            .bearer_auth(ENV)
            .header("x-tenant", tenant)
            .json(&json!({"target_path": "/srv/ci/api", "scan_types": ["code"]}))
    };
    let matched = Got::read(post("acme").send().await.expect("sent")).await;
    assert_eq!((matched.status, matched.body["detail"].as_str()), (400, Some("Path does not exist: /srv/ci/api")));
    let other = Got::read(post("globex").send().await.expect("sent")).await;
    assert_ne!(other.status, 400, "another tenant's request goes to the behaviour: {}", other.body);
    let api = v1(&server, ENV);
    assert_eq!(api.get("/scans?status=failed").await.expect(200), json!([]));
    let all = api.get("/scans").await.expect(200);
    assert!(all.as_array().is_some_and(|a| !a.is_empty()), "without the query the behaviour answers: {all}");
}

#[tokio::test]
async fn the_lowest_priority_answers_and_among_equals_the_newest() {
    let server = server().await;
    let answer = |detail: &str, priority: u32| {
        json!({"api": "securescan", "request": {"path": "/api/v1/scans/*"}, "priority": priority,
               "response": {"status": 404, "body": {"detail": detail}}})
    };
    add(&server, answer("older, default priority", 5)).await;
    add(&server, answer("newer, default priority", 5)).await;
    let api = v1(&server, ENV);
    assert_eq!(api.get("/scans/x").await.expect(404)["detail"], "newer, default priority");
    let first = add(&server, answer("priority 1", 1)).await;
    add(&server, answer("priority 9", 9)).await;
    assert_eq!(api.get("/scans/x").await.expect(404)["detail"], "priority 1");
    let (status, _) = admin(&server, Method::DELETE, &format!("/stubs/{}", first["id"]), None).await;
    assert_eq!(status, 204);
    let (status, _) = admin(&server, Method::DELETE, &format!("/stubs/{}", first["id"]), None).await;
    assert_eq!(status, 404, "already removed");
    assert_eq!(api.get("/scans/x").await.expect(404)["detail"], "newer, default priority");
}

#[tokio::test]
async fn an_answer_that_breaks_the_contract_is_refused_naming_the_violation_and_its_pointer() {
    let server = server().await;
    let stub = json!({"api": "securescan", "request": {"method": "GET", "path": SCAN},
                      "response": {"status": 404, "body": {"detail": 42}}});
    let (status, problem) = admin(&server, Method::POST, "/stubs", Some(stub.clone())).await;
    assert_eq!(status, 422, "{problem}");
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("violates the contract of v1_read_scan_api_v1_scans__scan_id__get at /detail"), "{detail}");
    assert_eq!(problem["violations"][0]["pointer"], "/detail");
    let (_, listed) = admin(&server, Method::GET, "/stubs", None).await;
    assert_eq!(listed, json!({"stubs": []}), "a refused stub changes nothing");

    for (bad, why) in [
        (json!({"api": "securescan", "request": {"path": "/nowhere"}, "response": {"status": 200}}), "no operation"),
        (json!({"api": "nope", "request": {"path": "/"}, "response": {"status": 200}}), "no API named 'nope'"),
        (json!({"api": "securescan", "request": {"path": SCAN}, "response": {"status": 418}}), "not declared"),
        (
            json!({"api": "securescan", "request": {"method": "G T", "path": SCAN}, "response": {"status": 404}}),
            "HTTP method",
        ),
    ] {
        let (status, problem) = admin(&server, Method::POST, "/stubs", Some(bad)).await;
        assert_eq!(status, 422, "{problem}");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains(why)), "{why}: {problem}");
    }
    let (status, _) =
        admin(&server, Method::POST, "/stubs", Some(json!({"api": "securescan", "response": {"status": 200}}))).await;
    assert_eq!(status, 422, "a stub without a request is refused by the admin contract");
}

#[tokio::test]
async fn a_stub_that_violates_on_purpose_is_sent_as_given_and_each_use_recorded() {
    let server = server().await;
    add(
        &server,
        json!({"api": "securescan", "request": {"method": "GET", "path": SCAN}, "violates": true,
               "response": {"status": 503, "headers": {"retry-after": "5"}, "body": {"oops": true}}}),
    )
    .await;
    let got = v1(&server, ENV).get("/scans/anything").await;
    assert_eq!((got.status, &got.body), (503, &json!({"oops": true})), "sent as given, strict or not");
    assert_eq!(got.header("retry-after"), "5");
    assert_eq!(got.header("x-secmock-violations"), "1");
    let (_, violations) = admin(&server, Method::GET, "/violations?api=securescan", None).await;
    assert_eq!(violations["violations"][0]["violation"]["status"], 503, "{violations}");
    // Dropping the server does not fail the test: the stub said it meant it.
}

#[tokio::test]
async fn a_reset_clears_stubs_and_a_scoped_mount_keeps_to_its_api() {
    let server = server().await;
    let scoped = format!("{}/__secmock/stubs", server.url("securescan"));
    let stub = json!({"request": {"path": SCAN}, "response": {"status": 404, "body": {"detail": "scoped"}}});
    let got = Got::read(client().post(&scoped).json(&stub).send().await.expect("sent")).await;
    assert_eq!(got.expect(201)["api"], "securescan", "the scope names the API");
    add(&server, json!({"api": "kolega", "request": {"path": "/api/v1/quotas/balance"}, "response": {"status": 401, "body": {"detail": "Not authenticated"}}})).await;
    let scoped_list = Got::read(client().get(&scoped).send().await.expect("sent")).await.expect(200);
    assert_eq!(scoped_list["stubs"].as_array().map(Vec::len), Some(1), "{scoped_list}");

    let (status, _) = admin(&server, Method::POST, "/reset?api=securescan", None).await;
    assert_eq!(status, 200);
    let (_, left) = admin(&server, Method::GET, "/stubs", None).await;
    assert_eq!(left["stubs"].as_array().map(Vec::len), Some(1), "only securescan's went: {left}");
    assert_eq!(left["stubs"][0]["api"], "kolega");
    admin(&server, Method::POST, "/reset", None).await;
    let (_, left) = admin(&server, Method::GET, "/stubs", None).await;
    assert_eq!(left, json!({"stubs": []}));
    let (status, _) = admin(&server, Method::GET, "/stubs/1", None).await;
    assert_eq!(status, 404, "an id does not outlive a reset");
}
