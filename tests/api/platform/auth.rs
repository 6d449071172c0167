//! Login, the JWT a client can verify, refresh rotation and reuse, logout, and expiry by
//! the virtual clock.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;

use super::{DANA, DANA_ID, EVE, SAM, SECRET, anonymous, ci, login, text};
use crate::helpers::assert_has;

/// The claims of a token, once its signature checks with the scenario's secret.
fn verified_claims(token: &str) -> Value {
    let (signed, signature) = token.rsplit_once('.').expect("three parts");
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key length");
    mac.update(signed.as_bytes());
    mac.verify_slice(&URL_SAFE_NO_PAD.decode(signature).expect("base64url")).expect("signature verifies");
    let payload = signed.split('.').nth(1).expect("payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("json claims")
}

#[tokio::test]
async fn login_issues_a_jwt_signed_with_the_scenario_secret_on_the_virtual_clock() {
    let server = ci().await;
    let tokens = login(&server, DANA).await;
    assert_has(&tokens, json!({"token_type": "bearer", "expires_in": 900, "refresh_expires_in": 1_209_600}));
    let claims = verified_claims(&text(&tokens, "access_token"));
    let start = 1_773_133_200; // 2026-03-10T09:00:00Z, the scenario's clock start
    assert_has(&claims, json!({"sub": DANA_ID, "groups": ["users"], "scopes": ["read", "write"], "iat": start}));
    assert_eq!(claims["exp"], json!(start + 900));
    let ops = verified_claims(&text(&login(&server, SAM).await, "access_token"));
    assert_has(&ops, json!({"groups": ["users", "ops"], "scopes": ["read", "write", "ops"]}));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_are_the_same_401_and_a_disabled_account_403() {
    let server = ci().await;
    let api = anonymous(&server);
    for (email, password) in [(DANA.0, "wrong"), ("nobody@acme.example", DANA.1)] {
        let got = api.post("/v1/auth/login", json!({"email": email, "password": password})).await;
        assert_eq!(got.header("www-authenticate"), "Bearer");
        assert_eq!(got.expect(401), json!({"detail": "Incorrect email or password"}));
    }
    let disabled = api.post("/v1/auth/login", json!({"email": EVE.0, "password": EVE.1})).await;
    assert_eq!(disabled.expect(403), json!({"detail": "User account is disabled"}));
}

#[tokio::test]
async fn me_is_the_caller_and_a_bad_token_is_401() {
    let server = ci().await;
    let me = super::as_user(&server, DANA).await.get("/v1/auth/me").await.expect(200);
    assert_has(
        &me,
        json!({"id": DANA_ID, "email": DANA.0, "full_name": "Dana Reyes", "groups": ["users"],
               "scopes": ["read", "write"], "auth_method": "jwt", "api_key_id": null,
               "last_login_at": "2026-03-10T09:00:00Z"}),
    );
    let missing = anonymous(&server).get("/v1/auth/me").await;
    assert_eq!(missing.expect(401), json!({"detail": "Not authenticated"}));
    let garbage = anonymous(&server).with_key("garbage").get("/v1/auth/me").await;
    assert_eq!(garbage.header("www-authenticate"), "Bearer");
    assert_eq!(garbage.expect(401), json!({"detail": "Could not validate credentials"}));
}

#[tokio::test]
async fn an_access_token_expires_by_the_virtual_clock() {
    let server = ci().await;
    let api = super::as_user(&server, DANA).await;
    server.advance("14m").await;
    api.get("/v1/auth/me").await.expect(200);
    server.advance("1m").await;
    assert_eq!(api.get("/v1/auth/me").await.expect(401), json!({"detail": "Token has expired"}));
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_refresh_token_ends_the_session() {
    let server = ci().await;
    let api = anonymous(&server);
    let first = login(&server, DANA).await;
    server.advance("1m").await;
    let second =
        api.post("/v1/auth/refresh", json!({"refresh_token": text(&first, "refresh_token")})).await.expect(200);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_eq!(verified_claims(&text(&second, "access_token"))["iat"], json!(1_773_133_260));
    // The spent token again: refused, and the whole session ends with it.
    let reused = api.post("/v1/auth/refresh", json!({"refresh_token": text(&first, "refresh_token")})).await;
    assert_eq!(reused.expect(401), json!({"detail": "Refresh token has already been used"}));
    let rotated = api.post("/v1/auth/refresh", json!({"refresh_token": text(&second, "refresh_token")})).await;
    assert_eq!(rotated.expect(401), json!({"detail": "Invalid or expired refresh token"}));
    let access = api.clone().with_key(&text(&second, "access_token")).get("/v1/auth/me").await;
    assert_eq!(access.expect(401), json!({"detail": "Session has been logged out"}));
    let unknown = api.post("/v1/auth/refresh", json!({"refresh_token": "x".repeat(64)})).await;
    assert_eq!(unknown.expect(401), json!({"detail": "Invalid or expired refresh token"}));
}

#[tokio::test]
async fn logout_ends_both_tokens_of_the_session_and_no_other() {
    let server = ci().await;
    let tokens = login(&server, DANA).await;
    let other = super::as_user(&server, DANA).await;
    let api = anonymous(&server).with_key(&text(&tokens, "access_token"));
    let out = api.send(Method::POST, "/v1/auth/logout", None).await;
    assert_eq!(out.status, 204);
    assert_eq!(api.get("/v1/auth/me").await.expect(401), json!({"detail": "Session has been logged out"}));
    let refresh = json!({"refresh_token": text(&tokens, "refresh_token")});
    let refused = anonymous(&server).post("/v1/auth/refresh", refresh).await;
    assert_eq!(refused.expect(401), json!({"detail": "Invalid or expired refresh token"}));
    other.get("/v1/auth/me").await.expect(200);
}

#[tokio::test]
async fn the_default_scenario_banner_prints_the_demo_logins() {
    let server = secmock::MockServer::builder().scenario(Some("default")).start().await.expect("default loads");
    let runtime = server.server().api("platform").expect("platform").clone();
    let lines = runtime.behaviour.banner().join("\n");
    assert!(lines.contains("dana.reyes@acme.example / correct-horse-battery-staple"), "{lines}");
    assert!(lines.contains("sam.okafor@acme.example / ops-on-call-2026 (ops group)"), "{lines}");
    let dana = login(&server, ("dana.reyes@acme.example", "correct-horse-battery-staple")).await;
    let api = anonymous(&server).with_key(&text(&dana, "access_token"));
    let projects = api.get("/v1/projects/").await.expect(200);
    assert_eq!(projects["total"], 2, "{projects}");
}

#[tokio::test]
async fn a_refresh_token_expires_after_fourteen_days_of_virtual_time() {
    let server = ci().await;
    let tokens = login(&server, DANA).await;
    server.advance("14d").await;
    let body = json!({"refresh_token": text(&tokens, "refresh_token")});
    let late = anonymous(&server).post("/v1/auth/refresh", body).await;
    assert_eq!(late.expect(401), json!({"detail": "Invalid or expired refresh token"}));
}
