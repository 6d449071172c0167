//! Who may drive the admin plane: a token when one is in force, the Host while none is
//! (DNS rebinding), and never a state change from another origin (CSRF).

use reqwest::Method;
use serde_json::json;

use crate::helpers::{client, fetch};

async fn guarded(token: Option<&str>) -> secmock::MockServer {
    let token = token.map(str::to_string);
    secmock::MockServer::builder()
        .configure(|c| {
            c.admin_token = token;
            c.allowed_hosts = vec!["secmock.internal".into()];
        })
        .start()
        .await
        .expect("starts")
}

async fn status(request: reqwest::RequestBuilder) -> u16 {
    fetch(request).await.status
}

#[tokio::test]
async fn with_a_token_every_admin_call_needs_it_on_every_mount() {
    let server = guarded(Some("t0ken-for-tests")).await;
    let mounted = format!("{}/__secmock", server.url("dryrun"));
    for base in [server.admin_url(), mounted] {
        let response = fetch(client().get(format!("{base}/health"))).await;
        assert_eq!(response.status, 401, "{base}");
        assert_eq!(response.headers["www-authenticate"], "Bearer realm=\"secmock-admin\"");
        let problem = response.body;
        assert_eq!(problem["type"], "https://secmock.dev/problems/admin-token-required", "{problem}");
        assert_eq!(status(client().post(format!("{base}/reset")).bearer_auth("wrong")).await, 401);
        assert_eq!(status(client().post(format!("{base}/reset")).bearer_auth("t0ken-for-tests")).await, 200);
        // With a token, any Host is fine: a compose service name must work.
        let named =
            client().get(format!("{base}/health")).header("host", "secmock:4000").bearer_auth("t0ken-for-tests");
        assert_eq!(status(named).await, 200);
        assert_eq!(status(client().get(format!("{base}/openapi.json"))).await, 200, "docs stay readable");
    }
    // The APIs themselves are not behind the admin token.
    assert_eq!(status(client().get(format!("{}/openapi.json", server.url("kolega")))).await, 200);
}

#[tokio::test]
async fn without_a_token_a_rebound_host_is_refused() {
    let server = guarded(None).await;
    let mounted = format!("{}/__secmock", server.url("kolega"));
    for base in [server.admin_url(), mounted] {
        let health = format!("{base}/health");
        assert_eq!(status(client().get(&health)).await, 200, "127.0.0.1");
        assert_eq!(status(client().get(&health).header("host", "localhost:4000")).await, 200);
        assert_eq!(status(client().get(&health).header("host", "secmock.internal")).await, 200, "--allowed-host");
        let rebound = client().post(format!("{base}/reset")).header("host", "attacker.example:4000");
        assert_eq!(status(rebound).await, 403, "{base}");
        assert_eq!(status(client().get(&health).header("host", "attacker.example")).await, 403);
    }
}

#[tokio::test]
async fn a_cross_site_page_changes_nothing() {
    let server = guarded(None).await;
    let admin = server.admin_url();
    let (_, faults) = crate::helpers::admin(&server, Method::GET, "/faults", None).await;
    let fault = json!({"action": {"kind": "status", "status": 503}}).to_string();
    let forged = [
        client().post(format!("{admin}/reset")).header("origin", "https://evil.example"),
        client().post(format!("{admin}/clock/pause")).header("origin", "null").header("content-type", "text/plain"),
        client().post(format!("{admin}/faults")).header("sec-fetch-site", "cross-site").body(fault.clone()),
        client().post(format!("{admin}/faults")).header("origin", "http://localhost:4011").body(fault),
    ];
    for request in forged {
        assert_eq!(status(request).await, 403);
    }
    let (_, after) = crate::helpers::admin(&server, Method::GET, "/faults", None).await;
    assert_eq!(faults, after, "no fault was added");
    // A page served by the admin plane itself (same origin) may drive it.
    let own = admin.trim_start_matches("http://").to_string();
    let same = client().post(format!("{admin}/clock/pause")).header("origin", format!("http://{own}"));
    assert_eq!(status(same).await, 200);
    // Reading cross-origin is harmless (the browser does not hand the page the answer).
    assert_eq!(status(client().get(format!("{admin}/health")).header("origin", "https://evil.example")).await, 200);
}

#[tokio::test]
async fn listening_beyond_loopback_makes_up_a_token_and_prints_it() {
    let config = secmock::Config {
        host: std::net::Ipv4Addr::UNSPECIFIED.into(),
        ephemeral_ports: true,
        admin_port: Some(0),
        ..secmock::Config::default()
    };
    let app =
        secmock::__private::Application::build(&config, &secmock::__private::builtin_behaviours).await.expect("binds");
    let banner = app.banner(std::time::Duration::ZERO);
    let token = banner.split("admin token ").nth(1).and_then(|rest| rest.split(' ').next()).expect("token in banner");
    assert!(token.starts_with("smk_"), "{banner}");
    let port = app.admin_addr().expect("admin port").port();
    let server = tokio::spawn(app.run_until(tokio::time::sleep(std::time::Duration::from_secs(30))));
    let health = format!("http://127.0.0.1:{port}/health");
    assert_eq!(status(client().get(&health)).await, 401);
    assert_eq!(status(client().get(&health).bearer_auth(token)).await, 200);
    server.abort();
}
