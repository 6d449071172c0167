//! The dashboard in a real headless Chromium (Debian's `chromium` and `chromium-driver`):
//! open it, see an API request appear in the live traffic within 2 s, advance the clock
//! until a Kolega scan's progress bar reaches 100 %, add a fault from the form and see the
//! next request fail, and reset. A screenshot of each step is written under
//! `target/dashboard-screenshots/` for a reviewer to look at.
//!
//! Without Chromium the test is skipped, loudly, unless `SECMOCK_REQUIRE_BROWSER=1` (which
//! `.ci/run` sets, after installing both packages): then it fails.

use std::path::PathBuf;
use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use super::webdriver::{Browser, installed};
use crate::helpers::{Api, admin};

const KOLEGA_KEY: &str = "kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz";
const REPOSITORY: &str = "65bb83bf-1356-4cbe-a45a-a89c9dde8fd0";
/// How long the page may take to show what it was asked to (the bound for traffic).
const SHOWN_WITHIN: Duration = Duration::from_secs(2);

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dashboard-screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// Chromium and chromedriver, or `None` when they are missing and the test may skip.
fn browser_or_skip(test: &str) -> Option<(PathBuf, PathBuf)> {
    match installed() {
        Ok(found) => Some(found),
        Err(missing) if std::env::var("SECMOCK_REQUIRE_BROWSER").as_deref() != Ok("1") => {
            eprintln!("\n!!! SKIPPED {test}: {missing}. Set SECMOCK_REQUIRE_BROWSER=1 to fail instead.\n");
            None
        }
        Err(missing) => panic!("SECMOCK_REQUIRE_BROWSER=1 and {missing}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_traffic_moves_time_injects_a_fault_and_resets() {
    let Some((chromium, driver)) = browser_or_skip("the dashboard browser test") else { return };
    let server = secmock::MockServer::start().await;
    let shots = screenshots();
    let browser = Browser::start(&chromium, &driver).await;

    // The APIs, with their demo credentials.
    browser.open(&format!("{}/", server.admin_url())).await;
    browser
        .wait_for(
            "four API cards",
            Duration::from_secs(10),
            "return document.querySelectorAll('.card[data-api]').length === 4",
        )
        .await;
    let credentials =
        browser.eval("return document.querySelector('.card[data-api=\"kolega\"] .creds').textContent").await;
    assert!(credentials.as_str().is_some_and(|c| c.contains(KOLEGA_KEY)), "{credentials}");
    browser.screenshot(&shots.join("1-apis.png")).await;

    // Live traffic: a request appears within 2 s, and opens to its curl command.
    browser.click("#tab-traffic").await;
    browser.wait_for("the stream is live", SHOWN_WITHIN, "return document.querySelector('#live.on') !== null").await;
    let kolega = Api::of(&server, "kolega").under("/api/v1").with_key(KOLEGA_KEY);
    let batch = kolega.post(&format!("/repositories/{REPOSITORY}/scans"), json!({"scan_type": "semgrep_scan"})).await;
    let batch_id = batch.expect(202)["batch_id"].as_str().expect("batch_id").to_string();
    Api::of(&server, "dryrun").under("/v1").get("/accounts").await.expect(401);
    let row = "#traffic-rows tr[data-api=\"kolega\"][data-status=\"202\"]";
    browser
        .wait_for(
            "the scan request in the traffic",
            SHOWN_WITHIN,
            &format!("return document.querySelector('{row}') !== null"),
        )
        .await;
    browser.click(row).await;
    let curl = browser
        .wait_for(
            "the entry's curl",
            SHOWN_WITHIN,
            "return document.querySelector('#entry-detail .curl pre')?.textContent",
        )
        .await;
    assert!(curl.as_str().is_some_and(|c| c.contains("curl -X POST") && c.contains("/scans")), "{curl}");
    browser.screenshot(&shots.join("2-traffic.png")).await;

    // Time: the scan's bar moves with the clock and reaches 100 %.
    browser.click("#tab-time").await;
    let bar = format!("[data-work=\"{batch_id}\"]");
    let percent = format!("document.querySelector('{bar} [role=progressbar]')?.getAttribute('aria-valuenow')");
    let start = browser.wait_for("the scan's progress bar", SHOWN_WITHIN, &format!("return {percent}")).await;
    assert_eq!(start, json!("0"));
    browser.fill("#advance-by", "2m").await;
    browser.click("#advance-form button[type=submit]").await;
    let moved = browser
        .wait_for("the bar moved", SHOWN_WITHIN, &format!("const p = Number({percent}); return p > 0 && p < 100 && p"))
        .await;
    browser.screenshot(&shots.join("3-time-moving.png")).await;
    browser.click("[data-advance=\"1h\"]").await;
    browser.wait_for("the bar at 100 %", SHOWN_WITHIN, &format!("return {percent} === '100'")).await;
    browser.screenshot(&shots.join("4-time-done.png")).await;
    eprintln!("the scan's bar: 0 %, {moved} % after 2 minutes, 100 % after an hour more");

    // Faults: one added from the form makes the next request fail.
    browser.click("#tab-faults").await;
    browser.click("#fault-api option[value=\"kolega\"]").await;
    browser.click("#fault-kind option[value=\"status\"]").await;
    browser.fill("#fault-form input[name=status]", "503").await;
    browser.fill("#fault-form input[name=message]", "maintenance window").await;
    browser.click("#fault-add").await;
    browser
        .wait_for("the fault listed", SHOWN_WITHIN, "return document.querySelectorAll('#fault-rows tr').length === 1")
        .await;
    browser.screenshot(&shots.join("5-fault-form.png")).await;
    let failed = kolega.get("/me").await;
    assert_eq!(failed.status, 503, "{}", failed.body);
    let (_, faults) = admin(&server, Method::GET, "/faults", None).await;
    assert_eq!(
        faults["faults"][0]["action"],
        json!({"kind": "status", "status": 503, "message": "maintenance window"})
    );
    browser.click("#tab-traffic").await;
    browser
        .wait_for(
            "the failed request in the traffic",
            SHOWN_WITHIN,
            "return document.querySelector('#traffic-rows tr[data-status=\"503\"]') !== null",
        )
        .await;
    browser.screenshot(&shots.join("6-fault-traffic.png")).await;

    // Reset: two presses (the first arms the button), and the world is the scenario's again.
    browser.click("#reset-all").await;
    browser.click("#reset-all").await;
    browser
        .wait_for("the traffic cleared", SHOWN_WITHIN, "return document.querySelectorAll('#traffic-rows tr').length === 0 && document.querySelector('#faults-count').textContent === '0'")
        .await;
    let (_, faults) = admin(&server, Method::GET, "/faults", None).await;
    assert_eq!(faults["faults"], json!([]));
    assert_eq!(kolega.get("/me").await.status, 200, "the fault went with the reset");
    browser.screenshot(&shots.join("7-reset.png")).await;

    // The world, in the dark theme, for the record.
    browser.click("#toggle-theme").await;
    browser.click("#toggle-theme").await;
    browser.click("#tab-world").await;
    browser
        .wait_for(
            "the world's resources",
            Duration::from_secs(10),
            "return document.querySelectorAll('.resources dd').length > 0",
        )
        .await;
    browser.screenshot(&shots.join("8-world-dark.png")).await;
    browser.quit();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_an_api_port_with_a_token_the_page_is_scoped_and_sends_the_token_it_was_given() {
    let Some((chromium, driver)) = browser_or_skip("the scoped dashboard browser test") else { return };
    let server = secmock::MockServer::builder()
        .configure(|c| c.admin_token = Some("t0ken-for-tests".into()))
        .start()
        .await
        .expect("starts");
    let browser = Browser::start(&chromium, &driver).await;
    // Without the token the page asks for it.
    let page = format!("{}/__secmock/", server.url("kolega"));
    browser.open(&page).await;
    browser.wait_for("the token dialog", SHOWN_WITHIN, "return document.querySelector('#token-dialog').open").await;
    // Given in the fragment, it is kept for the tab and removed from the address bar.
    browser.open(&format!("{page}#token=t0ken-for-tests")).await;
    browser
        .wait_for(
            "the one API card",
            Duration::from_secs(10),
            "return document.querySelectorAll('.card[data-api]').length === 1",
        )
        .await;
    assert_eq!(browser.eval("return document.querySelector('.card[data-api]').dataset.api").await, json!("kolega"));
    assert_eq!(browser.eval("return location.hash").await, json!(""), "the token left the address bar");
    assert_eq!(browser.eval("return document.querySelector('#scope').textContent").await, json!("scoped to kolega"));
    browser.click("#tab-traffic").await;
    browser.wait_for("the stream is live", SHOWN_WITHIN, "return document.querySelector('#live.on') !== null").await;
    Api::of(&server, "dryrun").under("/v1").get("/accounts").await.expect(401);
    Api::of(&server, "kolega").get("/api/v1/me").await.expect(401);
    browser
        .wait_for(
            "the Kolega request",
            SHOWN_WITHIN,
            "return document.querySelector('#traffic-rows tr[data-api=\"kolega\"]') !== null",
        )
        .await;
    let apis = browser.eval("return [...document.querySelectorAll('#traffic-rows tr')].map(r => r.dataset.api)").await;
    assert_eq!(apis, json!(["kolega"]), "a scoped page shows only its API's traffic");
    // The stubs panel follows what the admin API offers.
    let stubs = crate::helpers::client()
        .get(format!("{page}stubs"))
        .bearer_auth("t0ken-for-tests")
        .send()
        .await
        .expect("sent")
        .status()
        .as_u16();
    browser.click("#tab-stubs").await;
    let shown = if stubs == 404 { "#stubs-unavailable" } else { "#stubs-body" };
    browser
        .wait_for("the stubs panel", SHOWN_WITHIN, &format!("return !document.querySelector('{shown}').hidden"))
        .await;
    browser.screenshot(&screenshots().join("9-scoped-stubs.png")).await;
    browser.quit();
}
