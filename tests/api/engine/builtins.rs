//! What secmock answers itself on every API port: the API's own document at
//! `/openapi.json` (in the OpenAPI version it was written in), Swagger UI and ReDoc where
//! the spec says `docs: true`, and the vendored assets those pages load, with nothing but
//! the vendored files reachable under the asset prefix.

use serde_json::Value;

use super::support::{expect_json, fetch_json, raw_get, raw_send};
use crate::helpers::{client, fetch, fixture_server};

#[tokio::test]
async fn openapi_json_is_the_document_as_written() {
    let server = fixture_server(&["petstore-31.yaml", "shop-30.yaml"]).await;
    // Declared as a builtin operation in the petstore, undeclared in the shop.
    let pets = fetch(client().get(format!("{}/openapi.json", server.url("petstore")))).await;
    assert_eq!(pets.headers["content-type"], "application/json");
    let pets = pets.expect(200);
    assert_eq!(pets["openapi"], "3.1.0");
    assert!(pets["paths"].get("/pets/{id}").is_some());

    let shop = client().get(format!("{}/openapi.json", server.url("shop"))).send().await.expect("sent");
    let shop: Value = expect_json(shop, 200).await;
    assert_eq!(shop["openapi"], "3.0.3");
    // Still 3.0 inside: the upgrade to 2020-12 is for validation only.
    let amount = &shop["components"]["schemas"]["NewOrder"]["properties"]["amount"];
    assert_eq!(amount["exclusiveMinimum"], true);
    assert_eq!(shop["components"]["schemas"]["Order"]["properties"]["note"]["nullable"], true);
    assert!(shop["components"]["schemas"]["Order"].get("example").is_some());
}

#[tokio::test]
async fn openapi_json_answers_head_and_refuses_other_methods() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let head = fetch(client().head(format!("{base}/openapi.json"))).await;
    assert_eq!(head.status, 200);
    let post = fetch(client().post(format!("{base}/openapi.json"))).await;
    assert_eq!(post.status, 405);
}

#[tokio::test]
async fn docs_pages_are_served_only_where_the_spec_asks() {
    let server = fixture_server(&["petstore-31.yaml", "shop-30.yaml"]).await;
    for page in ["/docs", "/redoc"] {
        let response = client().get(format!("{}{page}", server.url("petstore"))).send().await.expect("sent");
        assert_eq!(response.status(), 200, "{page}");
        assert_eq!(response.headers()["content-type"], "text/html; charset=utf-8", "{page}");
        let html = response.text().await.expect("body");
        assert!(html.contains("Petstore 3.1 fixture") && html.contains("/openapi.json"), "{page}");
        assert!(html.contains("/__secmock/assets/"), "{page}");
    }
    let shop = fetch_json(client().get(format!("{}/docs", server.url("shop"))), 404).await;
    assert_eq!(shop, serde_json::json!({"error": "not found"}));
}

#[tokio::test]
async fn assets_are_served_from_the_vendored_table() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let css = client().get(format!("{base}/__secmock/assets/swagger-ui/swagger-ui.css")).send().await.expect("sent");
    assert_eq!(css.status(), 200);
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert!(!css.bytes().await.expect("body").is_empty());
    let js = fetch(client().get(format!("{base}/__secmock/assets/redoc/redoc.standalone.js"))).await;
    assert_eq!(js.status, 200);
    let head = raw_send(&base, "HEAD", b"/__secmock/assets/swagger-ui/swagger-ui.css", b"").await;
    assert_eq!(head.status, 200, "{}", head.head);
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn path_traversal_under_the_asset_prefix_reaches_nothing() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let targets: [&[u8]; 8] = [
        b"/__secmock/assets/../../Cargo.toml",
        b"/__secmock/assets/swagger-ui/../../../Cargo.toml",
        b"/__secmock/assets/%2e%2e/%2e%2e/Cargo.toml",
        b"/__secmock/assets/swagger-ui/..%2f..%2f..%2fCargo.toml",
        b"/__secmock/assets//etc/passwd",
        b"/__secmock/assets/%2Fetc%2Fpasswd",
        b"/__secmock/assets/swagger-ui/swagger-ui.css%00.png",
        b"/__secmock/assets/..\\..\\Cargo.toml",
    ];
    for target in targets {
        let response = raw_get(&base, target, b"").await;
        let shown = String::from_utf8_lossy(target);
        assert!((400..500).contains(&response.status), "{shown}: {}", response.head);
        let body = String::from_utf8_lossy(&response.body);
        assert!(!body.contains("[package]") && !body.contains("root:"), "{shown} leaked a file: {body}");
    }
}
