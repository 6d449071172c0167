//! Device pairing (`kolega auth login`, RFC 8628): a device asks for codes without a key,
//! polls `/oauth/token` in OAuth's words until someone approves it (through the API with a
//! key of the organisation, on the `/device` page, or by the scenario after a delay), and
//! collects a new key once. Codes expire by the virtual clock.

use serde_json::{Value, json};

use super::{GLOBEX, Kolega, RO, RW};
use crate::helpers::{Api, Got, assert_has};

const ACME: &str = "d4acd83e-aaf1-459e-9c4e-4f1b991e5a56";
const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

fn kolega(k: &Kolega) -> Api {
    Api::of(&k.server, "kolega")
}

/// The CLI's first call; the codes.
async fn start(k: &Kolega) -> Value {
    kolega(k).post("/oauth/device/code", json!({"client_name": "kolega-cli/0.1.0"})).await.expect(200)
}

async fn poll(k: &Kolega, device: &Value) -> Got {
    let code = device["device_code"].as_str().unwrap_or_default();
    kolega(k).post_form("/oauth/token", &[("grant_type", GRANT), ("device_code", code)]).await
}

/// The OAuth `error` of a poll that must be 400.
async fn poll_error(k: &Kolega, device: &Value) -> String {
    let body = poll(k, device).await.expect(400);
    assert!(body["error_description"].as_str().is_some_and(|d| !d.is_empty()), "{body}");
    body["error"].as_str().unwrap_or_default().to_string()
}

fn user_code(device: &Value) -> &str {
    device["user_code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_device_is_paired_by_an_approval_and_collects_its_key_once() {
    let k = Kolega::default().await;
    let device = start(&k).await;
    let base = k.server.url("kolega");
    let code = user_code(&device).to_string();
    assert_has(
        &device,
        json!({
            "expires_in": 900,
            "interval": 5,
            "verification_uri": format!("{base}/device"),
            "verification_uri_complete": format!("{base}/device?user_code={code}"),
        }),
    );
    assert!(code.len() == 9 && code.as_bytes()[4] == b'-', "{code}");

    assert_eq!(poll_error(&k, &device).await, "authorization_pending");
    // Polled again at once: too fast, and the interval grows by five seconds.
    let fast = poll(&k, &device).await.expect(400);
    assert_has(
        &fast,
        json!({"error": "slow_down", "error_description": "Polling too fast; wait 10 seconds between requests"}),
    );

    let approver = kolega(&k).with_key(RW);
    let view = approver.get(&format!("/device-authorizations/{}", code.to_lowercase())).await.expect(200);
    assert_has(&view, json!({"user_code": code, "client_name": "kolega-cli/0.1.0", "status": "pending"}));
    assert!(view.get("device_code").is_none(), "the view never shows the device code");
    let approval = json!({"organization_id": ACME, "device_label": "Ana's laptop"});
    let approved = approver.post(&format!("/device-authorizations/{code}/approve"), approval.clone()).await;
    assert_eq!(approved.expect(200), json!({"status": "approved"}));

    k.advance("10s").await;
    let token = poll(&k, &device).await.expect(200);
    assert_has(&token, json!({"token_type": "Bearer", "scope": "read write"}));
    let secret = token["access_token"].as_str().unwrap_or_default();
    assert!(secret.starts_with("kcp_live_") && secret.len() > 20, "{secret}");
    let me = kolega(&k).with_key(secret).get("/api/v1/me").await.expect(200);
    assert_has(
        &me,
        json!({"organization_id": ACME, "api_key": {"name": "Ana's laptop (kolega-cli/0.1.0)", "scopes": ["read", "write"]}}),
    );
    kolega(&k).with_key(secret).get("/api/v1/repositories").await.expect(200);

    // Collected once: the code is used up, and the pairing says so.
    assert_eq!(poll_error(&k, &device).await, "invalid_grant");
    assert_has(
        &approver.get(&format!("/device-authorizations/{code}")).await.expect(200),
        json!({"status": "consumed"}),
    );
    let again = approver.post(&format!("/device-authorizations/{code}/approve"), approval).await.expect(409);
    assert_has(
        &again["detail"],
        json!({"detail": "Device authorization is no longer pending (current status: consumed)", "error_code": "OPERATION_FAILED"}),
    );
}

#[tokio::test]
async fn a_denied_pairing_is_access_denied_and_cannot_be_approved_after() {
    let k = Kolega::default().await;
    let device = start(&k).await;
    let code = user_code(&device);
    let approver = kolega(&k).with_key(RW);
    assert_eq!(
        approver.post(&format!("/device-authorizations/{code}/deny"), json!({})).await.expect(200),
        json!({"status": "denied"})
    );
    k.advance("5s").await;
    assert_eq!(poll_error(&k, &device).await, "access_denied");
    approver
        .post(&format!("/device-authorizations/{code}/approve"), json!({"organization_id": ACME}))
        .await
        .expect(409);
}

#[tokio::test]
async fn only_a_writing_key_of_the_named_organisation_approves() {
    let k = Kolega::default().await;
    let device = start(&k).await;
    let path = format!("/device-authorizations/{}/approve", user_code(&device));
    let acme = json!({"organization_id": ACME});
    let other = kolega(&k).with_key(GLOBEX).post(&path, acme.clone()).await.expect(403);
    assert_eq!(other["detail"], "API key does not belong to this organization");
    let read_only = kolega(&k).with_key(RO).post(&path, acme.clone()).await.expect(403);
    assert_eq!(read_only["detail"], "API key lacks the required scope: write");
    kolega(&k).post(&path, acme).await.expect(401);
    kolega(&k)
        .with_key(RW)
        .post("/device-authorizations/BBBB-CCCC/approve", json!({"organization_id": ACME}))
        .await
        .expect(404);
    // Nothing of that changed the pairing.
    assert_eq!(poll_error(&k, &device).await, "authorization_pending");
}

#[tokio::test]
async fn codes_expire_by_the_clock_and_bad_polls_are_refused_in_oauths_words() {
    // A scenario without self-approval.
    let k = Kolega::start("kolega-quota-exhausted").await;
    let device = start(&k).await;
    k.advance("899s").await;
    assert_eq!(poll_error(&k, &device).await, "authorization_pending");
    k.advance("1s").await;
    assert_eq!(poll_error(&k, &device).await, "expired_token");
    let key = "kcp_live_Ex7hAusted0Quota1Key2Rw";
    let view = kolega(&k).with_key(key).get(&format!("/device-authorizations/{}", user_code(&device))).await;
    assert_eq!(view.expect(410), json!({"detail": "Device authorization expired"}));

    let unknown = kolega(&k).post_form("/oauth/token", &[("grant_type", GRANT), ("device_code", "nope")]).await;
    assert_eq!(unknown.expect(400)["error"], "invalid_grant");
    let password = kolega(&k).post_form("/oauth/token", &[("grant_type", "password"), ("device_code", "x")]).await;
    assert_eq!(password.expect(400)["error"], "unsupported_grant_type");
    let missing = kolega(&k).post_form("/oauth/token", &[("grant_type", GRANT)]).await.expect(422);
    assert_eq!(missing["detail"][0]["loc"], json!(["body", "device_code"]));
}

#[tokio::test]
async fn the_default_scenario_approves_a_pairing_by_itself_after_three_seconds() {
    let k = Kolega::default().await;
    let device = start(&k).await;
    k.advance("2s").await;
    assert_eq!(poll_error(&k, &device).await, "authorization_pending");
    k.advance("3s").await;
    let token = poll(&k, &device).await.expect(200);
    let me = kolega(&k).with_key(token["access_token"].as_str().unwrap_or_default()).get("/api/v1/me").await;
    assert_has(
        &me.expect(200),
        json!({"organization_slug": "acme-corp", "api_key": {"name": "CLI device (kolega-cli/0.1.0)"}}),
    );
}

#[tokio::test]
async fn the_approval_page_shows_the_code_and_approves_for_the_organisation_picked() {
    let k = Kolega::start("kolega-quota-exhausted").await;
    let device = start(&k).await;
    let code = user_code(&device);
    let page = kolega(&k).get(&format!("/device?user_code={code}")).await;
    assert!(page.header("content-type").starts_with("text/html"));
    let html = page.expect(200);
    let html = html.as_str().unwrap_or_default();
    assert!(html.contains(code) && html.contains("kolega-cli/0.1.0") && html.contains("name=\"decision\""), "{html}");
    let org = "0b6f4c2e-8d1a-4f3b-9e57-c2a41d8e6f90";
    assert!(html.contains(org), "the scenario's organisations are offered: {html}");

    let unknown = kolega(&k).get("/device?user_code=ZZZZ-ZZZZ").await.expect(200);
    assert!(unknown.as_str().is_some_and(|h| h.contains("No pairing has the code")));

    let decided = kolega(&k)
        .post_form("/device", &[("user_code", code), ("organization_id", org), ("decision", "approve")])
        .await;
    assert!(decided.expect(200).as_str().is_some_and(|h| h.contains("Approved: the device is paired")));
    k.advance("5s").await;
    poll(&k, &device).await.expect(200);
}
