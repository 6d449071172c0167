//! Generated responses: which documented response is chosen (lowest 2xx, or what
//! `Prefer` asks for), examples before generated data, seeded determinism, `Accept`
//! negotiation and non-JSON bodies. Every server here is strict, so each 2xx below also
//! proves the body honours its schema.

use base64::Engine as _;
use secmock::MockServer;
use serde_json::json;

use super::support::{expect_json, fetch_json};
use crate::helpers::{client, fetch, fixture, fixture_server};

const TOKEN: &str = "Bearer t0k3n";

fn basic() -> String {
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("ann:s3cret"))
}

async fn get(base: &str, path: &str, prefer: Option<&str>) -> reqwest::Response {
    let mut request = client().get(format!("{base}{path}")).header("authorization", TOKEN);
    if let Some(prefer) = prefer {
        request = request.header("prefer", prefer);
    }
    request.send().await.expect("sent")
}

#[tokio::test]
async fn the_lowest_documented_success_status_is_chosen() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let replaced = fetch_json(client().put(format!("{base}/pets/1")).header("authorization", TOKEN), 200).await;
    assert_eq!(replaced["name"], "Rex");
    let kiwi = json!({"name": "Kiwi", "kind": "bird", "owner": {"name": "Ann", "email": "ann@example.com"}});
    let created =
        fetch_json(client().post(format!("{base}/pets/")).header("authorization", TOKEN).json(&kiwi), 201).await;
    assert_eq!(created["name"], "Kiwi");
    let deleted = fetch(client().delete(format!("{base}/pets/1")).header("authorization", TOKEN)).await;
    assert_eq!(deleted.status, 204);
    assert!(deleted.headers.get("content-type").is_none());
}

#[tokio::test]
async fn prefer_code_picks_another_documented_response() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let missing = get(&base, "/pets/1", Some("code=404")).await;
    assert_eq!(expect_json(missing, 404).await, json!({"detail": "Pet not found"}));
    let queued = client().put(format!("{base}/pets/1")).header("authorization", TOKEN).header("prefer", "code=202");
    assert_eq!(fetch_json(queued, 202).await, json!({"queued": true}));
}

#[tokio::test]
async fn prefer_example_picks_a_named_example() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    assert_eq!(expect_json(get(&base, "/pets/1", Some("example=tom")).await, 200).await["name"], "Tom");
    assert_eq!(expect_json(get(&base, "/pets/", Some("example=empty")).await, 200).await["total"], 0);
    // Combined with a code: the example of that response.
    let missing = get(&base, "/pets/1", Some("code=404, example=missing")).await;
    assert_eq!(expect_json(missing, 404).await["detail"], "Pet not found");
}

#[tokio::test]
async fn examples_come_first_in_declaration_order() {
    let server = fixture_server(&["petstore-31.yaml", "shop-30.yaml"]).await;
    let pets = expect_json(get(&server.url("petstore"), "/pets/", None).await, 200).await;
    assert_eq!(pets["items"][0]["name"], "Rex");
    assert_eq!(pets["total"], 2);
    // A 3.0 schema-level `example` is served when the media type has none.
    let response = fetch_json(
        client()
            .post(format!("{}/v1/orders", server.url("shop")))
            .header("authorization", TOKEN)
            .json(&json!({"amount": 5})),
        201,
    )
    .await;
    assert_eq!(response["id"], "5d1e4b8a-6c2f-4e3d-8b7a-9f0e1d2c3b4a");
}

#[tokio::test]
async fn unknown_example_or_code_is_secmocks_own_problem() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    for prefer in ["example=nope", "code=418", "code=404, example=rex"] {
        let response = get(&base, "/pets/1", Some(prefer)).await;
        assert_eq!(response.headers()["content-type"], "application/problem+json", "{prefer}");
        let body = expect_json(response, 404).await;
        assert_eq!(body["type"], "https://secmock.dev/problems/no-such-response", "{prefer}");
        assert!(body["detail"].as_str().is_some_and(|d| d.contains("getPet")), "{body}");
    }
    let entry = &server.world().journal.entries(&Default::default())[0];
    assert_eq!(entry.operation_id.as_deref(), Some("getPet"));
    assert!(entry.violations.is_empty(), "secmock's own answers are not the API's contract");
}

#[tokio::test]
async fn prefer_dynamic_generates_valid_data_instead_of_the_example() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let example = expect_json(get(&base, "/pets/1", None).await, 200).await;
    let generated = expect_json(get(&base, "/pets/1", Some("dynamic=true")).await, 200).await;
    assert_ne!(generated, example);
    assert!(["cat", "dog", "bird"].contains(&generated["kind"].as_str().expect("kind")), "{generated}");
}

#[tokio::test]
async fn generated_bodies_honour_their_schemas() {
    let server = fixture_server(&["petstore-31.yaml", "shop-30.yaml"]).await;
    let pets = server.url("petstore");
    let shop = server.url("shop");
    for i in 0..25 {
        let stats = client().get(format!("{pets}/stats?n={i}")).header("authorization", basic()).send().await;
        let stats = expect_json(stats.expect("sent"), 200).await;
        for field in ["shelter_id", "pets", "adoptions", "busiest_kind", "updated_at", "ratio"] {
            assert!(stats.get(field).is_some(), "{field} is required: {stats}");
        }
        let pet = expect_json(get(&pets, &format!("/pets/{}", i + 1), Some("dynamic=true")).await, 200).await;
        assert!(pet["id"].as_i64().is_some_and(|id| id >= 1), "{pet}");
        let order = format!("/v1/orders/0b6f1c9e-3f7a-4f4e-9a8b-2c1d3e4f5a6{}/status", i % 10);
        let status = expect_json(get(&shop, &order, None).await, 200).await;
        assert!(status["items"].as_i64().is_some_and(|n| n > 0), "3.0 exclusiveMinimum honoured: {status}");
    }
}

async fn seeded(seed: u64) -> MockServer {
    MockServer::builder().specs([fixture("petstore-31.yaml")]).scenario(None).seed(seed).start().await.expect("starts")
}

async fn counts_bytes(server: &MockServer, query: &str) -> bytes::Bytes {
    let response = client().get(format!("{}/counts{query}", server.url("petstore"))).send().await.expect("sent");
    assert_eq!(response.status(), 200);
    response.bytes().await.expect("body")
}

#[tokio::test]
async fn same_seed_and_request_give_identical_bytes_across_servers() {
    let (first, second) = (seeded(7).await, seeded(7).await);
    let bytes = counts_bytes(&first, "?shelter=north").await;
    assert_eq!(bytes, counts_bytes(&second, "?shelter=north").await);
    // And again on the same server: generation has no hidden state.
    assert_eq!(bytes, counts_bytes(&first, "?shelter=north").await);
}

#[tokio::test]
async fn a_different_request_or_seed_gives_different_data() {
    let (first, other_seed) = (seeded(7).await, seeded(8).await);
    let north = counts_bytes(&first, "?shelter=north").await;
    assert_ne!(north, counts_bytes(&first, "?shelter=south").await);
    assert_ne!(north, counts_bytes(&other_seed, "?shelter=north").await);
}

#[tokio::test]
async fn accept_chooses_between_declared_media_types() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let report = |accept: Option<&'static str>| {
        let mut request = client().get(format!("{base}/pets/1/report?api_key=k"));
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        request.send()
    };
    for accept in [None, Some("*/*"), Some("application/json"), Some("application/pdf;q=0.5, application/json")] {
        let response = report(accept).await.expect("sent");
        assert_eq!(response.headers()["content-type"], "application/json", "{accept:?}");
    }
    for accept in ["application/pdf", "application/*;q=0.1, application/pdf", "text/html, application/pdf;q=0.9"] {
        let response = report(Some(accept)).await.expect("sent");
        assert_eq!(response.status(), 200, "{accept}");
        assert_eq!(response.headers()["content-type"], "application/pdf", "{accept}");
        let pdf = response.bytes().await.expect("body");
        assert!(pdf.starts_with(b"%PDF-") && pdf.ends_with(b"%%EOF\n"), "{accept}");
    }
}

#[tokio::test]
async fn non_json_bodies_keep_their_media_type() {
    let server = fixture_server(&["petstore-31.yaml", "shop-30.yaml"]).await;
    let card = client().get(format!("{}/pets/1/card", server.url("petstore"))).send().await.expect("sent");
    assert_eq!(card.status(), 200);
    assert_eq!(card.headers()["content-type"], "text/html");
    assert_eq!(card.text().await.expect("body"), "<!DOCTYPE html><html><body><h1>Rex</h1></body></html>");
    let invoice = get(&server.url("shop"), "/v1/orders/0b6f1c9e-3f7a-4f4e-9a8b-2c1d3e4f5a6b/invoice", None).await;
    assert_eq!(invoice.status(), 200);
    assert_eq!(invoice.headers()["content-type"], "application/pdf");
    assert!(invoice.bytes().await.expect("body").starts_with(b"%PDF-1."));
}

#[tokio::test]
async fn media_types_declared_with_parameters_match_by_their_essence() {
    let server = fixture_server(&["shop-30.yaml"]).await;
    let url = format!("{}/v1/orders/0b6f1c9e-3f7a-4f4e-9a8b-2c1d3e4f5a6b/note", server.url("shop"));
    let put = |content_type: &'static str, body: &'static str| {
        client().put(&url).header("authorization", TOKEN).header("content-type", content_type).body(body).send()
    };
    for content_type in ["application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8"] {
        let response = put(content_type, r#"{"note": "gift wrap"}"#).await.expect("sent");
        assert_eq!(response.status(), 200, "{content_type}");
        assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
        assert_eq!(response.text().await.expect("body"), "gift wrap");
    }
    let too_long = put("application/json; charset=utf-8", r#"{"note": "a note far longer than twenty"}"#).await;
    let body = expect_json(too_long.expect("sent"), 400).await;
    assert_eq!(body["details"][0]["location"], "body.note");
}
