//! Security: presence and scheme of every kind of credential, answered 401 in the API's
//! dialect before anything else about the request is looked at.

use base64::Engine as _;
use serde_json::json;

use super::support::expect_json;
use crate::helpers::{client, fixture_server};

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
        let response =
            client().get(format!("{base}/pets/")).header("authorization", authorization).send().await.expect("sent");
        assert_eq!(response.status(), 401, "{authorization}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer", "{authorization}");
    }
    // The scheme name itself is case-insensitive.
    let response = client().get(format!("{base}/pets/")).header("authorization", "bearer abc").send().await;
    assert_eq!(response.expect("sent").status(), 200);
}

#[tokio::test]
async fn api_key_in_a_header() {
    let (_server, base) = petstore().await;
    let missing = client().get(format!("{base}/files/a.txt")).send().await.expect("sent");
    assert!(missing.headers().get("www-authenticate").is_none());
    assert_eq!(expect_json(missing, 401).await, json!({"detail": "Not authenticated"}));
    let empty = client().get(format!("{base}/files/a.txt")).header("x-api-key", " ").send().await.expect("sent");
    assert_eq!(empty.status(), 401);
    // A bearer token is not an API key.
    let bearer =
        client().get(format!("{base}/files/a.txt")).header("authorization", "Bearer k").send().await.expect("sent");
    assert_eq!(bearer.status(), 401);
    let ok = client().get(format!("{base}/files/a.txt")).header("X-API-Key", "k-123").send().await.expect("sent");
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn api_key_in_the_query() {
    let (server, base) = petstore().await;
    let missing = client().get(format!("{base}/pets/1/report")).send().await.expect("sent");
    assert_eq!(missing.status(), 401);
    let in_header = client().get(format!("{base}/pets/1/report")).header("api_key", "k").send().await.expect("sent");
    assert_eq!(in_header.status(), 401);
    let ok = client().get(format!("{base}/pets/1/report?api_key=k-123")).send().await.expect("sent");
    assert_eq!(expect_json(ok, 200).await, json!({"pet_id": 1, "healthy": true}));
    // The key is never journalled in the clear.
    let entry = &server.world().journal.entries(&Default::default())[0];
    assert!(!entry.query.contains("k-123"), "{}", entry.query);
}

#[tokio::test]
async fn http_basic() {
    let (_server, base) = petstore().await;
    let basic = |credentials: &str| format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(credentials));
    let missing = client().get(format!("{base}/me")).send().await.expect("sent");
    assert_eq!(missing.status(), 401);
    assert_eq!(missing.headers()["www-authenticate"], "Basic", "RFC 7617, as FastAPI's HTTPBasic");
    let no_colon = client().get(format!("{base}/me")).header("authorization", basic("ann")).send().await;
    assert_eq!(no_colon.expect("sent").status(), 401);
    let not_base64 = client().get(format!("{base}/me")).header("authorization", "Basic %%%").send().await;
    assert_eq!(not_base64.expect("sent").status(), 401);
    let bearer = client().get(format!("{base}/me")).header("authorization", "Bearer abc").send().await;
    assert_eq!(bearer.expect("sent").status(), 401);
    let ok = client().get(format!("{base}/me")).header("authorization", basic("ann:s3cret")).send().await;
    assert_eq!(ok.expect("sent").status(), 200);
}

#[tokio::test]
async fn alternatives_accept_either_credential() {
    let (_server, base) = petstore().await;
    let by_bearer = client().delete(format!("{base}/pets/1")).header("authorization", "Bearer t").send().await;
    assert_eq!(by_bearer.expect("sent").status(), 204);
    let by_key = client().delete(format!("{base}/pets/1")).header("x-api-key", "k").send().await;
    assert_eq!(by_key.expect("sent").status(), 204);
    let neither = client().delete(format!("{base}/pets/1")).send().await.expect("sent");
    assert_eq!(neither.status(), 401);
    assert_eq!(neither.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn empty_security_needs_nothing() {
    let (_server, base) = petstore().await;
    let health = client().get(format!("{base}/health")).send().await.expect("sent");
    assert_eq!(expect_json(health, 200).await, json!({"status": "ok"}));
    // Even a credential in the wrong scheme is ignored where none is asked for.
    let card = client().get(format!("{base}/pets/1/card")).header("authorization", "Nonsense").send().await;
    assert_eq!(card.expect("sent").status(), 200);
}

#[tokio::test]
async fn security_is_checked_before_validation() {
    let (_server, base) = petstore().await;
    let bad_path = client().get(format!("{base}/pets/not-a-number?limit=-5")).send().await.expect("sent");
    assert_eq!(bad_path.status(), 401);
    let bad_body =
        client().post(format!("{base}/pets/")).header("content-type", "application/json").body("{oops").send().await;
    assert_eq!(bad_body.expect("sent").status(), 401);
    let ok_auth_bad_path =
        client().get(format!("{base}/pets/not-a-number")).header("authorization", "Bearer t").send().await;
    assert_eq!(ok_auth_bad_path.expect("sent").status(), 422);
}

#[tokio::test]
async fn dryrun_answers_401_in_its_own_words() {
    let server = fixture_server(&["shop-30.yaml"]).await;
    let response = client().get(format!("{}/v1/orders?days=x", server.url("shop"))).send().await.expect("sent");
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    assert_eq!(expect_json(response, 401).await, json!({"error": "unauthorized"}));
}
