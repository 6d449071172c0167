//! Error dialects: the same failures, answered by three APIs that differ only in
//! `x-secmock.dialect`, snapshotted side by side (`snapshots/`). The fixtures are
//! `widgets-{fastapi,dryrun,problem}.yaml`.

use serde_json::{Value, json};

use crate::helpers::{client, fixture};

const DIALECTS: [&str; 3] = ["fastapi", "dryrun", "problem"];

/// One failure, as a request against any of the widget APIs.
struct Failure {
    name: &'static str,
    method: reqwest::Method,
    path: &'static str,
    authorized: bool,
    content_type: Option<&'static str>,
    body: Option<String>,
}

fn failures() -> Vec<Failure> {
    let failure = |name, method, path, authorized, content_type, body: Option<String>| Failure {
        name,
        method,
        path,
        authorized,
        content_type,
        body,
    };
    use reqwest::Method;
    let json = Some("application/json");
    vec![
        failure("invalid_query", Method::GET, "/widgets/0?verbose=maybe&limit=11&shape=oval", true, None, None),
        failure(
            "invalid_body",
            Method::POST,
            "/widgets",
            true,
            json,
            Some(json!({"name": "ab", "size": 11, "parts": [{"qty": 0}], "colour": "red"}).to_string()),
        ),
        failure("malformed_json", Method::POST, "/widgets", true, json, Some(r#"{"name": "gear",}"#.into())),
        failure("missing_body", Method::POST, "/widgets", true, json, None),
        failure("wrong_media_type", Method::POST, "/widgets", true, Some("text/plain"), Some("gear".into())),
        failure("unauthenticated", Method::GET, "/widgets/1", false, None, None),
        failure("not_found", Method::GET, "/nowhere", true, None, None),
        failure("method_not_allowed", Method::DELETE, "/widgets", true, None, None),
        failure("payload_too_large", Method::POST, "/widgets", true, json, Some(format!("\"{}\"", "x".repeat(2048)))),
    ]
}

/// What a client sees of an error: status, the headers that matter, and the body.
async fn observe(response: reqwest::Response) -> Value {
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (content_type, challenge, allow) = (header("content-type"), header("www-authenticate"), header("allow"));
    let text = response.text().await.expect("body read");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    json!({"status": status, "content-type": content_type, "www-authenticate": challenge, "allow": allow, "body": body})
}

#[tokio::test]
async fn the_same_failures_in_every_dialect() {
    let server = secmock::MockServer::builder()
        .specs(DIALECTS.map(|d| fixture(&format!("widgets-{d}.yaml"))))
        .scenario(None)
        .body_limit(1024)
        .start()
        .await
        .expect("widget fixtures load");
    for failure in failures() {
        for dialect in DIALECTS {
            let base = server.url(&format!("widgets-{dialect}"));
            let mut request = client().request(failure.method.clone(), format!("{base}{}", failure.path));
            if failure.authorized {
                request = request.header("authorization", "Bearer t0k3n");
            }
            if let Some(ct) = failure.content_type {
                request = request.header("content-type", ct);
            }
            if let Some(body) = &failure.body {
                request = request.body(body.clone());
            }
            let seen = observe(request.send().await.expect("sent")).await;
            insta::assert_json_snapshot!(format!("{}__{dialect}", failure.name), seen);
        }
    }
    // In strict mode every one of those answers was also checked against its contract.
    let violations = server.world().journal.violation_counts();
    assert!(violations.is_empty(), "{violations:?}");
}
