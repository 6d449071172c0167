use http::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

use super::*;

fn spec() -> ApiSpec {
    let doc = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/r/{id}": {"get": {
            "operationId": "list",
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 50, "maximum": 100}},
                {"name": "X-Tenant", "in": "header", "schema": {"type": "string"}},
                {"name": "session", "in": "cookie", "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "ok"}}}}}
    });
    ApiSpec::from_document(std::path::Path::new("t.yaml"), doc).expect("spec loads")
}

fn decode(memo: &ParamMemo, spec: &ApiSpec, id: &str, query: &str, headers: &HeaderMap) -> (Arc<ParamValues>, usize) {
    let path = [("id".to_string(), id.to_string())];
    let (values, problems) = memo.decode(spec, &spec.operations[0], &RawParams { path: &path, query, headers });
    (values, problems.len())
}

#[test]
fn a_request_decoded_again_is_remembered_and_any_input_changes_it() {
    let (spec, memo) = (spec(), ParamMemo::default());
    let mut headers = HeaderMap::new();
    headers.insert("x-tenant", HeaderValue::from_static("acme"));
    headers.insert(http::header::COOKIE, HeaderValue::from_static("session=s1; other=x"));
    let (first, problems) = decode(&memo, &spec, "r1", "limit=5", &headers);
    assert_eq!((first.query.get("limit"), problems), (Some(&json!(5)), 0));
    let (again, _) = decode(&memo, &spec, "r1", "limit=5", &headers);
    assert_eq!((&again.path, &again.query, memo.len()), (&first.path, &first.query, 1));
    assert!(Arc::ptr_eq(&first, &again), "the remembered values are shared, not copied");

    // Another path parameter, query, header or cookie: decoded anew.
    assert_eq!(decode(&memo, &spec, "r2", "limit=5", &headers).0.path.get("id"), Some(&json!("r2")));
    assert_eq!(decode(&memo, &spec, "r1", "", &headers).0.query.get("limit"), Some(&json!(50)));
    assert_eq!(decode(&memo, &spec, "r1", "limit=500", &headers).1, 1, "over the maximum");
    headers.insert("x-tenant", HeaderValue::from_static("globex"));
    assert_eq!(decode(&memo, &spec, "r1", "limit=5", &headers).0.header.get("X-Tenant"), Some(&json!("globex")));
    headers.insert(http::header::COOKIE, HeaderValue::from_static("session=s2"));
    assert_eq!(decode(&memo, &spec, "r1", "limit=5", &headers).0.cookie.get("session"), Some(&json!("s2")));
    headers.remove("x-tenant");
    assert_eq!(decode(&memo, &spec, "r1", "limit=5", &headers).0.header.get("X-Tenant"), None::<&Value>);
    assert_eq!(memo.len(), 7);
}

#[test]
fn a_full_memo_is_emptied_and_a_long_query_is_not_kept() {
    let (spec, memo) = (spec(), ParamMemo::default());
    let headers = HeaderMap::new();
    for i in 0..CAPACITY + 10 {
        decode(&memo, &spec, &format!("r{i}"), "", &headers);
    }
    assert!(memo.len() <= CAPACITY);
    let long = format!("limit=1&pad={}", "x".repeat(LONGEST_KEY));
    let before = memo.len();
    assert_eq!(decode(&memo, &spec, "r1", &long, &headers).0.query.get("limit"), Some(&json!(1)));
    assert_eq!(memo.len(), before);
}
