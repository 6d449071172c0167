//! The page and its files: on the admin port at `/`, under `/__secmock/` on every API's
//! port (scoped), readable without the token (they hold no state) while every call they
//! make is not, and loading nothing from anywhere else.

use crate::helpers::{Got, client};

async fn get(url: &str) -> Got {
    Got::read(client().get(url).send().await.expect("sent")).await
}

#[tokio::test]
async fn the_page_and_its_files_are_served_on_every_admin_mount() {
    let server = secmock::MockServer::start().await;
    for base in [server.admin_url(), format!("{}/__secmock", server.url("kolega"))] {
        let page = get(&format!("{base}/")).await;
        assert_eq!(page.status, 200, "{base}");
        assert!(page.header("content-type").starts_with("text/html"), "{base}");
        let csp = page.header("content-security-policy");
        assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"), "{csp}");
        let html = page.body.as_str().expect("html");
        for file in [
            "dashboard/app.css",
            "dashboard/client.js",
            "dashboard/ui.js",
            "dashboard/traffic.js",
            "dashboard/world.js",
            "dashboard/rules.js",
            "dashboard/app.js",
        ] {
            assert!(html.contains(&format!("\"{file}\"")), "the page loads {file} by a relative URL");
            let got = get(&format!("{base}/{file}")).await;
            assert_eq!(got.status, 200, "{base}/{file}");
        }
        assert!(!html.contains("http://") && !html.contains("https://"), "nothing is loaded from elsewhere");
        assert_eq!(
            get(&format!("{base}/dashboard/app.js")).await.header("content-type"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(get(&format!("{base}/dashboard/nope.js")).await.status, 404);
        assert_eq!(get(&format!("{base}/dashboard/..%2Fopenapi.yaml")).await.status, 422);
    }
}

#[tokio::test]
async fn the_bare_mount_redirects_to_the_page_folder() {
    let server = secmock::MockServer::start().await;
    let got = get(&format!("{}/__secmock?x=1", server.url("dryrun"))).await;
    assert_eq!((got.status, got.header("location")), (308, "/__secmock/?x=1"));
}

#[tokio::test]
async fn with_a_token_the_page_loads_but_its_calls_need_the_token() {
    let server = secmock::MockServer::builder()
        .configure(|c| c.admin_token = Some("t0ken-for-tests".into()))
        .start()
        .await
        .expect("starts");
    for base in [server.admin_url(), format!("{}/__secmock", server.url("securescan"))] {
        assert_eq!(get(&format!("{base}/")).await.status, 200, "{base}");
        assert_eq!(get(&format!("{base}/dashboard/app.js")).await.status, 200, "{base}");
        assert_eq!(get(&format!("{base}/apis")).await.status, 401, "{base}");
        let refused = client().post(format!("{base}/")).send().await.expect("sent");
        assert_eq!(refused.status(), 401, "only reading the page is open");
    }
}

#[tokio::test]
async fn without_a_token_the_page_answers_only_allowed_hosts() {
    let server = secmock::MockServer::start().await;
    let rebound = client().get(format!("{}/", server.admin_url())).header("host", "evil.example:4000");
    assert_eq!(rebound.send().await.expect("sent").status(), 403, "DNS rebinding is refused for the page too");
}
