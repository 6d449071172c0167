//! Body validation: JSON (with Python's own error positions), multipart, URL-encoded
//! forms and opaque bytes; nested errors with their full location; recursive schemas; and
//! hostile bodies (10,000 levels deep, over the size limit) refused cleanly.

use serde_json::{Value, json};

use super::support::{echo_server, expect_json, fastapi_entry, fastapi_locs, fetch_json};
use crate::helpers::{assert_has, client, fetch, fixture};

const TOKEN: &str = "Bearer t0k3n";

async fn post_echo(base: &str, content_type: Option<&str>, body: impl Into<reqwest::Body>) -> reqwest::Response {
    let mut request = client().post(format!("{base}/echo/body")).body(body);
    if let Some(ct) = content_type {
        request = request.header("content-type", ct);
    }
    request.send().await.expect("sent")
}

fn new_pet() -> Value {
    json!({"name": "Rex", "kind": "dog", "owner": {"name": "Ann", "email": "ann@example.com"}})
}

/// `(body, position, message)` as Python's `json.loads` reports them, which is what a
/// FastAPI client sees in `loc` and `ctx.error`.
const MALFORMED_JSON: &[(&str, u64, &str)] = &[
    (r#"{"name": "x",}"#, 13, "Expecting property name enclosed in double quotes"),
    (r#"{"name": "#, 9, "Expecting value"),
    ("[1, 2] x", 7, "Extra data"),
    ("{name: 1}", 1, "Expecting property name enclosed in double quotes"),
    ("{\n  \"a\": 1,\n  \"b\": tru\n}", 19, "Expecting value"),
];

#[tokio::test]
async fn malformed_json_is_json_invalid_at_pythons_position() {
    let server = echo_server().await;
    let base = server.url("petstore");
    for (text, position, message) in MALFORMED_JSON {
        let body = expect_json(post_echo(&base, Some("application/json"), *text).await, 422).await;
        assert_eq!(
            body,
            json!({"detail": [{"type": "json_invalid", "loc": ["body", position], "msg": "JSON decode error",
                               "input": {}, "ctx": {"error": message}}]}),
            "{text:?}"
        );
    }
}

#[tokio::test]
async fn a_utf8_byte_order_mark_is_not_a_json_error() {
    let server = echo_server().await;
    let body = [b"\xef\xbb\xbf".as_slice(), new_pet().to_string().as_bytes()].concat();
    let echoed = expect_json(post_echo(&server.url("petstore"), Some("application/json"), body).await, 200).await;
    assert_eq!(echoed["body"], new_pet());
}

#[tokio::test]
async fn wrong_content_type_and_missing_body_are_reported_on_the_body() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let body = expect_json(post_echo(&base, Some("text/plain"), "name=Rex").await, 422).await;
    assert_eq!(
        body,
        json!({"detail": [{"type": "model_attributes_type", "loc": ["body"],
               "msg": "Input should be a valid dictionary or object to extract fields from", "input": "name=Rex"}]})
    );
    let body = expect_json(post_echo(&base, None, "").await, 422).await;
    assert_eq!(body, json!({"detail": [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}]}));
}

#[tokio::test]
async fn json_without_content_type_is_read_as_json() {
    let server = echo_server().await;
    let body = expect_json(post_echo(&server.url("petstore"), None, new_pet().to_string()).await, 200).await;
    assert_eq!(body["body"], new_pet());
    assert_eq!(body["media_type"], "application/json");
}

#[tokio::test]
async fn nested_body_errors_carry_their_full_location() {
    let server = echo_server().await;
    let pet = json!({
        "name": "", "kind": "fish", "age": 2.5, "birthday": "2024-02-30x",
        "owner": {"name": "Ann", "email": "nope", "address": {"zip": "12"}},
        "tags": ["a", "b", "c", "d"], "colour": "red"
    });
    let body = fetch_json(
        client().post(format!("{}/pets/", server.url("petstore"))).header("authorization", TOKEN).json(&pet),
        422,
    )
    .await;
    let mut locs = fastapi_locs(&body);
    locs.sort();
    assert_eq!(
        locs,
        vec![
            "body.age",
            "body.birthday",
            "body.colour",
            "body.kind",
            "body.name",
            "body.owner.address.city",
            "body.owner.address.zip",
            "body.owner.email",
            "body.tags",
        ]
    );
    assert_eq!(fastapi_entry(&body, "body.colour")["type"], "extra_forbidden");
    assert_eq!(fastapi_entry(&body, "body.owner.address.city")["type"], "missing");
    assert_eq!(fastapi_entry(&body, "body.age")["type"], "int_from_float");
    assert_eq!(fastapi_entry(&body, "body.tags")["type"], "too_long");
    assert_eq!(fastapi_entry(&body, "body.name")["type"], "string_too_short");
}

#[tokio::test]
async fn nested_errors_in_arrays_use_indices_in_dryrun_locations() {
    let server = crate::helpers::fixture_server(&["widgets-dryrun.yaml"]).await;
    let body = fetch_json(
        client()
            .post(format!("{}/widgets", server.url("widgets-dryrun")))
            .header("authorization", TOKEN)
            .json(&json!({"name": "gear", "parts": [{"sku": "a"}, {"qty": 0}]})),
        400,
    )
    .await;
    let locations: Vec<&str> =
        body["details"].as_array().expect("details").iter().map(|d| d["location"].as_str().expect("loc")).collect();
    assert_eq!(locations, vec!["body.parts[1].sku", "body.parts[1].qty"]);
}

#[tokio::test]
async fn multipart_bodies_are_read_typed_and_validated() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let form = reqwest_multipart(&[("file", Some("rex.png"), b"\x89PNG\r\n\x1a\n\x00"), ("count", None, b"3")]);
    let body = expect_json(post_echo(&base, Some(&form.0), form.1).await, 200).await;
    assert_eq!(body["media_type"], "multipart/form-data");
    assert_eq!(body["body"], json!({"file": "rex.png", "count": 3}));

    let upload = |parts: &[(&str, Option<&str>, &[u8])]| {
        let (ct, bytes) = reqwest_multipart(parts);
        client()
            .put(format!("{base}/pets/1/photo"))
            .header("authorization", TOKEN)
            .header("content-type", ct)
            .body(bytes)
            .send()
    };
    let ok = upload(&[("file", Some("a.png"), b"png"), ("caption", None, b"Rex asleep"), ("rating", None, b"5")]);
    assert_eq!(expect_json(ok.await.expect("sent"), 201).await, json!({"stored": true}));
    let bad = upload(&[("caption", None, b"no file here"), ("rating", None, b"9")]).await.expect("sent");
    let body = expect_json(bad, 422).await;
    assert_eq!(fastapi_locs(&body), vec!["body.file", "body.rating"]);
    // A multipart content type without its boundary is a body problem, not a crash.
    fetch_json(
        client()
            .put(format!("{base}/pets/1/photo"))
            .header("authorization", TOKEN)
            .header("content-type", "multipart/form-data")
            .body("--x\r\n"),
        422,
    )
    .await;
}

#[tokio::test]
async fn urlencoded_forms_are_typed_and_bad_encodings_reported() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let form = "application/x-www-form-urlencoded";
    let body = expect_json(post_echo(&base, Some(form), "name=Rex+the+dog&count=3").await, 200).await;
    assert_eq!(body["body"], json!({"name": "Rex the dog", "count": 3}));
    let body = expect_json(post_echo(&base, Some(form), "name=%FF&count=3").await, 422).await;
    assert_eq!(fastapi_entry(&body, "body.name")["type"], "string_unicode");
    let body = expect_json(post_echo(&base, Some(form), b"name=\xff".to_vec()).await, 422).await;
    assert_eq!(fastapi_entry(&body, "body")["type"], "string_unicode");
}

#[tokio::test]
async fn octet_stream_bodies_are_accepted_as_opaque_bytes() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let bytes: Vec<u8> = (0..=255).collect();
    let body = expect_json(post_echo(&base, Some("application/octet-stream"), bytes.clone()).await, 200).await;
    assert_has(&body, json!({"media_type": "application/octet-stream", "body_len": 256}));
    let response = fetch(
        client()
            .put(format!("{base}/pets/1/raw"))
            .header("authorization", TOKEN)
            .header("content-type", "application/octet-stream")
            .body(bytes),
    )
    .await;
    assert_eq!(response.status, 204);
}

#[tokio::test]
async fn ten_thousand_levels_of_json_are_refused_cleanly() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let arrays = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let objects = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    // serde stops at `NaN`, which Python accepts: the Python-compatible error locator
    // must then cope with the depth itself.
    let after_nan = format!("[NaN, {}", "[".repeat(100_000));
    for deep in [arrays, objects, after_nan] {
        let body = expect_json(post_echo(&base, Some("application/json"), deep).await, 422).await;
        assert_eq!(body["detail"][0]["type"], "json_invalid");
        assert_eq!(body["detail"][0]["ctx"]["error"], "Maximum nesting depth exceeded");
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_in_the_apis_own_format() {
    let server = secmock::MockServer::builder()
        .specs([fixture("petstore-31.yaml"), fixture("shop-30.yaml")])
        .scenario(None)
        .body_limit(1024)
        .start()
        .await
        .expect("starts");
    let big = "x".repeat(4096);
    let response = post_echo(&server.url("petstore"), Some("application/json"), big.clone()).await;
    assert_eq!(expect_json(response, 413).await, json!({"detail": "Request body exceeds the limit of 1024 bytes"}));
    let response = fetch(
        client()
            .post(format!("{}/v1/orders", server.url("shop")))
            .header("authorization", TOKEN)
            .header("content-type", "application/json")
            .body(big),
    )
    .await;
    assert_eq!(response.expect(413), json!({"error": "Request body exceeds the limit of 1024 bytes"}));
    // A chunked body (no Content-Length) is cut at the limit too.
    let chunk = format!("200\r\n{}\r\n", " ".repeat(512));
    let request = format!(
        "POST /echo/body HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n{}0\r\n\r\n",
        chunk.repeat(4)
    );
    let response = super::support::raw(&server.url("petstore"), request.as_bytes()).await;
    assert_eq!(response.status, 413, "{}", response.head);
    assert_eq!(response.json(), json!({"detail": "Request body exceeds the limit of 1024 bytes"}));
}

#[tokio::test]
async fn openapi_30_nullable_and_exclusive_minimum_apply_to_requests() {
    let server = crate::helpers::fixture_server(&["shop-30.yaml"]).await;
    let post = |body: Value| {
        client().post(format!("{}/v1/orders", server.url("shop"))).header("authorization", TOKEN).json(&body).send()
    };
    let ok = post(json!({"amount": 0.01, "note": null, "coupon": null})).await.expect("sent");
    assert_eq!(ok.status(), 201);
    let body =
        expect_json(post(json!({"amount": 0, "coupon": {"code": "X", "percent": 0}})).await.expect("sent"), 400).await;
    assert_eq!(
        body["details"],
        json!([
            {"location": "body.amount", "message": "must be greater than 0"},
            {"location": "body.coupon.percent", "message": "must be greater than 0"}
        ])
    );
}

/// A multipart body by hand: `(content type, bytes)`; parts are `(name, file name, data)`.
fn reqwest_multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "secmock-test-boundary";
    let mut out = Vec::new();
    for (name, file, data) in parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file {
            Some(f) => format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n"),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
        };
        out.extend_from_slice(disposition.as_bytes());
        if file.is_some() {
            out.extend_from_slice(b"Content-Type: application/octet-stream\r\n");
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), out)
}

#[tokio::test]
async fn recursive_bodies_validate_at_every_depth() {
    let server = crate::helpers::fixture_server(&["petstore-31.yaml"]).await;
    let plant = |tree: Value| client().post(format!("{}/trees", server.url("petstore"))).json(&tree).send();
    let mut tree = json!({"name": "leaf"});
    for i in 0..30 {
        tree = json!({"name": format!("n{i}"), "children": [tree]});
    }
    assert_eq!(plant(tree).await.expect("sent").status(), 200);
    let mut bad = json!({"name": "", "colour": "green"});
    for _ in 0..3 {
        bad = json!({"name": "n", "children": [{"name": "ok"}, bad]});
    }
    let body = expect_json(plant(bad).await.expect("sent"), 422).await;
    let deep = "body.children.1.children.1.children.1";
    assert_eq!(fastapi_locs(&body), vec![format!("{deep}.name"), format!("{deep}.colour")]);
}
