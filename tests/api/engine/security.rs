//! Security: presence and scheme of every kind of credential, answered 401 in the API's
//! dialect before anything else about the request is looked at.

use base64::Engine as _;
use serde_json::json;

use crate::helpers::{client, fetch, fixture_server};

const NOT_AUTHENTICATED: &str = r#"{"detail":"Not authenticated"}"#;

async fn petstore() -> (secmock::MockServer, String) {
    let server = fixture_server(&["petstore-31.yaml"]).await;
    let base = server.url("petstore");
    (server, base)
}

#[tokio::test]
async fn missing_bearer_is_401_with_a_bearer_challenge() {
    let (_server, base) = petstore().await;
    let response = client().get(format!("{base}/pets/")).send().await.expect("sent");
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_eq!(response.text().await.expect("body"), NOT_AUTHENTICATED);
}

#[tokio::test]
async fn wrong_or_empty_scheme_is_401_too() {
    let (_server, base) = petstore().await;
    for authorization in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc", "bearer-abc"] {
        let response = fetch(client().get(format!("{base}/pets/")).header("authorization", authorization)).await;
        assert_eq!(response.status, 401, "{authorization}");
        assert_eq!(response.headers["www-authenticate"], "Bearer", "{authorization}");
    }
    // The scheme name itself is case-insensitive.
    let response = fetch(client().get(format!("{base}/pets/")).header("authorization", "bearer abc")).await;
    assert_eq!(response.status, 200);
}

#[tokio::test]
async fn api_key_in_a_header() {
    let (_server, base) = petstore().await;
    let missing = fetch(client().get(format!("{base}/files/a.txt"))).await;
    assert!(missing.headers.get("www-authenticate").is_none());
    assert_eq!(missing.expect(401), json!({"detail": "Not authenticated"}));
    let empty = fetch(client().get(format!("{base}/files/a.txt")).header("x-api-key", " ")).await;
    assert_eq!(empty.status, 401);
    // A bearer token is not an API key.
    let bearer = fetch(client().get(format!("{base}/files/a.txt")).header("authorization", "Bearer k")).await;
    assert_eq!(bearer.status, 401);
    let ok = fetch(client().get(format!("{base}/files/a.txt")).header("X-API-Key", "k-123")).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn api_key_in_the_query() {
    let (server, base) = petstore().await;
    let missing = fetch(client().get(format!("{base}/pets/1/report"))).await;
    assert_eq!(missing.status, 401);
    let in_header = fetch(client().get(format!("{base}/pets/1/report")).header("api_key", "k")).await;
    assert_eq!(in_header.status, 401);
    let ok = fetch(client().get(format!("{base}/pets/1/report?api_key=k-123"))).await;
    assert_eq!(ok.expect(200), json!({"pet_id": 1, "healthy": true}));
    // The key is never journalled in the clear.
    let entry = &server.world().journal.entries(&Default::default())[0];
    assert!(!entry.query.contains("k-123"), "{}", entry.query);
}

#[tokio::test]
async fn http_basic() {
    let (_server, base) = petstore().await;
    let basic = |credentials: &str| format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(credentials));
    let missing = fetch(client().get(format!("{base}/me"))).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.headers["www-authenticate"], "Basic", "RFC 7617, as FastAPI's HTTPBasic");
    let no_colon = fetch(client().get(format!("{base}/me")).header("authorization", basic("ann"))).await;
    assert_eq!(no_colon.status, 401);
    let not_base64 = fetch(client().get(format!("{base}/me")).header("authorization", "Basic %%%")).await;
    assert_eq!(not_base64.status, 401);
    let bearer = fetch(client().get(format!("{base}/me")).header("authorization", "Bearer abc")).await;
    assert_eq!(bearer.status, 401);
    let ok = fetch(client().get(format!("{base}/me")).header("authorization", basic("ann:s3cret"))).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn alternatives_accept_either_credential() {
    let (_server, base) = petstore().await;
    let by_bearer = fetch(client().delete(format!("{base}/pets/1")).header("authorization", "Bearer t")).await;
    assert_eq!(by_bearer.status, 204);
    let by_key = fetch(client().delete(format!("{base}/pets/1")).header("x-api-key", "k")).await;
    assert_eq!(by_key.status, 204);
    let neither = fetch(client().delete(format!("{base}/pets/1"))).await;
    assert_eq!(neither.status, 401);
    assert_eq!(neither.headers["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn empty_security_needs_nothing() {
    let (_server, base) = petstore().await;
    let health = fetch(client().get(format!("{base}/health"))).await;
    assert_eq!(health.expect(200), json!({"status": "ok"}));
    // Even a credential in the wrong scheme is ignored where none is asked for.
    let card = fetch(client().get(format!("{base}/pets/1/card")).header("authorization", "Nonsense")).await;
    assert_eq!(card.status, 200);
}

#[tokio::test]
async fn security_is_checked_before_validation() {
    let (_server, base) = petstore().await;
    let bad_path = fetch(client().get(format!("{base}/pets/not-a-number?limit=-5"))).await;
    assert_eq!(bad_path.status, 401);
    let bad_body =
        fetch(client().post(format!("{base}/pets/")).header("content-type", "application/json").body("{oops")).await;
    assert_eq!(bad_body.status, 401);
    let ok_auth_bad_path =
        fetch(client().get(format!("{base}/pets/not-a-number")).header("authorization", "Bearer t")).await;
    assert_eq!(ok_auth_bad_path.status, 422);
}

#[tokio::test]
async fn dryrun_answers_401_in_its_own_words() {
    let server = fixture_server(&["shop-30.yaml"]).await;
    let response = fetch(client().get(format!("{}/v1/orders?days=x", server.url("shop")))).await;
    assert_eq!(response.headers["www-authenticate"], "Bearer");
    assert_eq!(response.expect(401), json!({"error": "unauthorized"}));
}
