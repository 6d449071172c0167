//! Routing: path parameters, literals beating parameters, greedy paths, the three
//! trailing-slash policies, 404 and 405 in the API's dialect, HEAD on GET routes.

use serde_json::json;

use super::support::{echo_server, fetch_json, raw_send};
use crate::helpers::{client, fetch, fixture_server};

const TOKEN: &str = "Bearer t0k3n";

#[tokio::test]
async fn path_parameter_is_typed_and_validated() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let ok = fetch_json(client().get(format!("{base}/pets/42")).header("authorization", TOKEN), 200).await;
    assert_eq!(ok["name"], "Rex");
    let body = fetch_json(client().get(format!("{base}/pets/abc")).header("authorization", TOKEN), 422).await;
    assert_eq!(body["detail"][0]["loc"], json!(["path", "id"]));
    assert_eq!(body["detail"][0]["type"], "int_parsing");
}

#[tokio::test]
async fn literal_segment_beats_a_parameter() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let mine = fetch_json(client().get(format!("{base}/pets/mine")).header("authorization", TOKEN), 200).await;
    assert_eq!(mine["items"][0]["name"], "Mine");
    let entry = &server.world().journal.entries(&Default::default())[0];
    assert_eq!(entry.operation_id.as_deref(), Some("listMyPets"));
}

#[tokio::test]
async fn greedy_parameter_takes_slashes_and_decodes_segments() {
    let server = echo_server().await;
    let base = server.url("petstore");
    let get = |path: &str| fetch_json(client().get(format!("{base}/files/{path}")).header("x-api-key", "k"), 200);
    assert_eq!(get("src/app/main.rs").await, json!({"path": "src/app/main.rs"}));
    assert_eq!(get("docs/My%20Notes/caf%C3%A9.md").await, json!({"path": "docs/My Notes/café.md"}));
    // An encoded slash is part of one segment, and decoded like any other character.
    assert_eq!(get("a%2Fb/c").await, json!({"path": "a/b/c"}));
}

#[tokio::test]
async fn redirect_policy_answers_307_to_the_declared_form_keeping_the_query() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let response = fetch(client().get(format!("{base}/pets?limit=5&status=sold"))).await;
    assert_eq!(response.status, 307);
    assert_eq!(response.headers["location"], "/pets/?limit=5&status=sold");
    // And the reverse: a slash the spec does not declare.
    let response = fetch(client().get(format!("{base}/pets/mine/"))).await;
    assert_eq!(response.status, 307);
    assert_eq!(response.headers["location"], "/pets/mine");
    // Followed, the redirect lands on the operation.
    let followed = reqwest::Client::new()
        .get(format!("{base}/pets?limit=5"))
        .header("authorization", TOKEN)
        .send()
        .await
        .expect("sent");
    assert_eq!(followed.status(), 200);
}

#[tokio::test]
async fn tolerate_policy_serves_both_forms() {
    let server = fixture_server(&["shop-30.yaml"]).await;
    let base = server.url("shop");
    for path in ["/v1/orders?days=3", "/v1/orders/?days=3"] {
        let response = fetch_json(client().get(format!("{base}{path}")).header("authorization", TOKEN), 200).await;
        assert_eq!(response["data"][0]["state"], "open", "{path}");
    }
}

#[tokio::test]
async fn strict_policy_matches_only_the_declared_form() {
    let server = fixture_server(&["widgets-problem.yaml"]).await;
    let base = server.url("widgets-problem");
    let declared = fetch(client().get(format!("{base}/widgets/1")).header("authorization", TOKEN)).await;
    assert_eq!(declared.status, 200);
    let other = fetch(client().get(format!("{base}/widgets/1/")).header("authorization", TOKEN)).await;
    assert_eq!(other.status, 404);
    assert_eq!(other.headers["content-type"], "application/problem+json");
}

#[tokio::test]
async fn server_url_prefix_is_mounted_in_front_of_every_path() {
    let server = fixture_server(&["shop-30.yaml"]).await;
    let base = server.url("shop");
    let ok = fetch(client().get(format!("{base}/v1/health"))).await;
    assert_eq!(ok.status, 200);
    let unprefixed = fetch(client().get(format!("{base}/health"))).await;
    assert_eq!(unprefixed.expect(404), json!({"error": "not found"}));
}

#[tokio::test]
async fn unknown_path_is_404_in_the_dialect() {
    let server = fixture_server(&["petstore-31.yaml", "shop-30.yaml"]).await;
    let pet = fetch(client().get(format!("{}/nowhere", server.url("petstore")))).await;
    assert_eq!(pet.headers["content-type"], "application/json");
    assert_eq!(pet.expect(404), json!({"detail": "Not Found"}));
    let shop = fetch(client().get(format!("{}/v1/nowhere", server.url("shop")))).await;
    assert_eq!(shop.expect(404), json!({"error": "not found"}));
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let response = fetch(client().patch(format!("{base}/pets/1"))).await;
    assert_eq!(response.headers["allow"], "GET, PUT, DELETE, HEAD");
    assert_eq!(response.expect(405), json!({"detail": "Method Not Allowed"}));
    let response = fetch(client().delete(format!("{base}/pets/"))).await;
    assert_eq!(response.headers["allow"], "GET, POST, HEAD");
}

#[tokio::test]
async fn head_on_a_get_route_answers_its_headers_without_a_body() {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    let response = client().head(format!("{base}/pets/1")).header("authorization", TOKEN).send().await.expect("sent");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert!(response.headers().get("x-secmock-violations").is_none());
    let announced = response.headers()["content-length"].clone();
    assert!(response.bytes().await.expect("body").is_empty());
    let get = client().get(format!("{base}/pets/1")).header("authorization", TOKEN).send().await.expect("sent");
    assert_eq!(announced, get.bytes().await.expect("body").len().to_string(), "HEAD announces the GET length");
    // HEAD runs the GET operation's whole pipeline: security included.
    let anonymous = fetch(client().head(format!("{base}/pets/1"))).await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(anonymous.headers["www-authenticate"], "Bearer");
    // A HEAD on a path with no GET is 405.
    let raw = raw_send(&base, "HEAD", b"/pets/1/raw", b"").await;
    assert_eq!(raw.status, 405, "{}", raw.head);
}
