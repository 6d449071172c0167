//! Parameter validation: path, query, header and cookie values typed by their schema with
//! defaults applied, every serialisation style, every problem reported at once, and
//! hostile input (huge query strings, thousands of parameters, bad encodings) refused
//! cleanly.

use serde_json::json;

use super::support::{echo_server, expect_json, fastapi_entry, fastapi_locs, fetch_json, raw_get};
use crate::helpers::{assert_has, client};

const TOKEN: &str = "Bearer t0k3n";

async fn echo_query(base: &str, query: &str) -> reqwest::Response {
    client().get(format!("{base}/echo/query?{query}")).send().await.expect("sent")
}

#[tokio::test]
async fn several_bad_query_parameters_are_all_reported_at_once() {
    let server = echo_server().await;
    let query = "limit=0&status=lost&vaccinated=maybe&ids=1&ids=x&filter[min_age]=-1&sort=size&tags=a,b";
    let body = expect_json(echo_query(&server.url("petstore"), query).await, 422).await;
    assert_eq!(
        fastapi_locs(&body),
        vec!["query.limit", "query.status", "query.vaccinated", "query.ids.1", "query.filter.min_age", "query.sort"]
    );
    assert_eq!(
        fastapi_entry(&body, "query.limit"),
        &json!({"type": "greater_than_equal", "loc": ["query", "limit"],
                "msg": "Input should be greater than or equal to 1", "input": "0", "ctx": {"ge": 1}})
    );
    assert_eq!(
        fastapi_entry(&body, "query.status"),
        &json!({"type": "enum", "loc": ["query", "status"],
                "msg": "Input should be 'available', 'pending' or 'sold'", "input": "lost",
                "ctx": {"expected": "'available', 'pending' or 'sold'"}})
    );
    assert_eq!(fastapi_entry(&body, "query.vaccinated")["type"], "bool_parsing");
    assert_eq!(fastapi_entry(&body, "query.ids.1")["type"], "int_parsing");
    assert_eq!(fastapi_entry(&body, "query.ids.1")["input"], "x");
    assert_eq!(fastapi_entry(&body, "query.filter.min_age")["type"], "greater_than_equal");
}

#[tokio::test]
async fn typed_values_and_defaults_reach_the_handler() {
    let server = echo_server().await;
    let query = "vaccinated=yes&tags=a,b,c&ids=1&ids=2&filter[name]=rex&filter[min_age]=2&status=sold";
    let body = expect_json(echo_query(&server.url("petstore"), query).await, 200).await;
    assert_eq!(
        body["query"],
        json!({"limit": 20, "status": "sold", "vaccinated": true, "tags": ["a", "b", "c"], "ids": [1, 2],
               "filter": {"name": "rex", "min_age": 2}, "sort": "name"})
    );
}

#[tokio::test]
async fn array_styles_split_and_count_items() {
    let server = echo_server().await;
    let base = server.url("petstore");
    // explode: false reads one comma-separated value; explode: true reads repetitions.
    let body = expect_json(echo_query(&base, "tags=x&ids=7").await, 200).await;
    assert_has(&body["query"], json!({"tags": ["x"], "ids": [7]}));
    let body = expect_json(echo_query(&base, "ids=1&ids=2&ids=3&ids=4&ids=5&ids=6").await, 422).await;
    assert_eq!(fastapi_entry(&body, "query.ids")["type"], "too_long");
    let body = expect_json(echo_query(&base, "ids=0").await, 422).await;
    assert_eq!(fastapi_entry(&body, "query.ids.0")["ctx"], json!({"ge": 1}));
    let body = expect_json(echo_query(&base, "filter[colour]=red").await, 422).await;
    assert_eq!(fastapi_entry(&body, "query.filter.colour")["type"], "extra_forbidden");
}

#[tokio::test]
async fn missing_required_header_and_cookie_are_both_reported() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let body = fetch_json(client().get(format!("{base}/echo/session")), 422).await;
    assert_eq!(fastapi_locs(&body), vec!["header.X-Request-Id", "cookie.session"]);
    assert!(body["detail"].as_array().expect("detail").iter().all(|e| e["type"] == "missing"));
    let request = client()
        .get(format!("{base}/echo/session"))
        .header("x-request-id", "0b6f1c9e-3f7a-4f4e-9a8b-2c1d3e4f5a6b")
        .header("cookie", "theme=dark; session=s3ss10n-id");
    let body = fetch_json(request, 200).await;
    assert_eq!(body["header"]["X-Request-Id"], "0b6f1c9e-3f7a-4f4e-9a8b-2c1d3e4f5a6b");
    assert_eq!(body["cookie"]["session"], "s3ss10n-id");
}

#[tokio::test]
async fn header_and_cookie_values_are_typed_and_validated() {
    let server = echo_server().await;
    let body = fetch_json(
        client()
            .get(format!("{}/echo/query", server.url("petstore")))
            .header("x-request-id", "not-a-uuid")
            .header("x-trace-depth", "9")
            .header("cookie", "session=short"),
        422,
    )
    .await;
    assert_eq!(fastapi_locs(&body), vec!["header.X-Request-Id", "header.X-Trace-Depth", "cookie.session"]);
    assert_eq!(fastapi_entry(&body, "header.X-Request-Id")["type"], "uuid_parsing");
    assert_eq!(fastapi_entry(&body, "header.X-Trace-Depth")["ctx"], json!({"le": 3}));
    assert_eq!(fastapi_entry(&body, "cookie.session")["type"], "string_too_short");
}

#[tokio::test]
async fn absurd_query_strings_are_answered_not_choked_on() {
    let server = echo_server().await;
    let base = server.url("petstore");
    // 100 KB in one value: longer than an `http::Uri` can hold, so refused by the HTTP
    // layer itself, cleanly.
    let huge = format!("/echo/query?status={}", "x".repeat(100 * 1024));
    let response = raw_get(&base, huge.as_bytes(), b"").await;
    assert_eq!(response.status, 414, "{}", response.head);
    // 60 KB fits, and is answered in the dialect with the value quoted back.
    let long = "x".repeat(60 * 1024);
    let body = expect_json(echo_query(&base, &format!("status={long}")).await, 422).await;
    assert_eq!(fastapi_entry(&body, "query.status")["input"].as_str().map(str::len), Some(long.len()));
    // Five thousand unknown parameters are ignored.
    let many: Vec<String> = (0..5000).map(|i| format!("p{i}={i}")).collect();
    let body = expect_json(echo_query(&base, &many.join("&")).await, 200).await;
    assert_eq!(body["query"]["limit"], 20);
    // Five thousand repetitions of an array parameter are counted, not choked on.
    let repeated = vec!["ids=1"; 5000].join("&");
    let body = expect_json(echo_query(&base, &repeated).await, 422).await;
    assert_eq!(fastapi_entry(&body, "query.ids")["ctx"]["actual_length"], 5000);
}

#[tokio::test]
async fn non_utf8_percent_encoding_is_a_validation_error() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let body = expect_json(echo_query(&base, "status=%FF%FE").await, 422).await;
    assert_eq!(fastapi_entry(&body, "query.status")["type"], "string_unicode");
    let body = fetch_json(client().get(format!("{base}/pets/%C3%28")).header("authorization", TOKEN), 422).await;
    assert_eq!(fastapi_entry(&body, "path.id")["type"], "string_unicode");
    let body = fetch_json(client().get(format!("{base}/files/a/%FF.txt")).header("x-api-key", "k"), 422).await;
    assert_eq!(fastapi_entry(&body, "path.path")["type"], "string_unicode");
    // Raw non-UTF-8 bytes in a header value are reported, not a crash.
    let raw = raw_get(&base, b"/echo/query", b"X-Request-Id: \xff\xfe\r\n").await;
    assert_eq!(raw.status, 422, "{}", raw.head);
    assert_eq!(fastapi_entry(&raw.json(), "header.X-Request-Id")["type"], "string_unicode");
}

#[tokio::test]
async fn dryrun_sentence_lists_every_problem() {
    let server = crate::helpers::fixture_server(&["shop-30.yaml"]).await;
    let response = fetch_json(
        client()
            .get(format!("{}/v1/orders?per_page=500&state=lost", server.url("shop")))
            .header("authorization", TOKEN),
        400,
    )
    .await;
    assert_eq!(
        response,
        json!({
            "error": "days is required; per_page must be less than or equal to 100; state must be one of: open, shipped",
            "details": [
                {"location": "query.days", "message": "is required"},
                {"location": "query.per_page", "message": "must be less than or equal to 100"},
                {"location": "query.state", "message": "must be one of: open, shipped"}
            ]
        })
    );
}
