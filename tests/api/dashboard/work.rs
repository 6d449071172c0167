//! What the dashboard's Time and APIs panels read: `GET /jobs` with each job's start and
//! each API's own timed work (a Kolega scan batch's progress), and `GET /apis` with the
//! scenario's demo credentials.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Api, admin, assert_has};

const KOLEGA_KEY: &str = "kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz";
const REPOSITORY: &str = "65bb83bf-1356-4cbe-a45a-a89c9dde8fd0";

fn work_item<'a>(jobs: &'a Value, id: &str) -> &'a Value {
    jobs["work"].as_array().expect("work").iter().find(|w| w["id"] == id).expect("the batch is listed")
}

#[tokio::test]
async fn a_kolega_scan_is_listed_as_work_whose_percentage_follows_the_clock() {
    let server = secmock::MockServer::start().await;
    let kolega = Api::of(&server, "kolega").under("/api/v1").with_key(KOLEGA_KEY);
    let batch = kolega.post(&format!("/repositories/{REPOSITORY}/scans"), json!({"scan_type": "semgrep_scan"})).await;
    let id = batch.expect(202)["batch_id"].as_str().expect("batch_id").to_string();
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    let newest = &jobs["work"][0];
    assert_has(newest, json!({"api": "kolega", "id": id, "status": "queued", "percent": 0}));
    assert_eq!(newest["label"], "semgrep_scan of acme/payments-api");
    assert_eq!(newest["started"].as_str().map(|s| &s[..16]), jobs["now"].as_str().map(|s| &s[..16]));
    server.advance("1h").await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert_has(work_item(&jobs, &id), json!({"status": "completed", "percent": 100}));
    let progress = kolega.get(&format!("/repositories/{REPOSITORY}/scans/{id}/progress")).await.expect(200);
    assert_eq!(progress["percent_complete"], 100.0, "the same rule as the API's own progress: {progress}");
    let scoped = format!("{}/__secmock/jobs", server.url("dryrun"));
    let (_, dryrun_jobs) = crate::helpers::exchange(crate::helpers::client().get(scoped), None).await;
    assert_eq!(dryrun_jobs["work"], json!([]), "a mount lists only its own API's work");
}

#[tokio::test]
async fn a_kolega_fix_is_listed_as_work_until_it_ends() {
    let server = secmock::MockServer::start().await;
    let kolega = Api::of(&server, "kolega").under("/api/v1").with_key(KOLEGA_KEY);
    let body = json!({"finding_ids": ["41735a1e-e866-4c96-8257-519a6082d90e"], "title": "Parameterize invoice queries",
        "instructions": "Use bound parameters.", "source_repo": "acme/payments-api"});
    let fix = kolega.post(&format!("/repositories/{REPOSITORY}/fixes"), body).await.expect(201);
    let id = fix["id"].as_str().expect("id").to_string();
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert_has(work_item(&jobs, &id), json!({"label": "fix: Parameterize invoice queries", "status": "pending"}));
    server.advance("1d").await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    let done = work_item(&jobs, &id);
    assert_eq!(done["percent"], 100.0, "{done}");
    let status = kolega.get(&format!("/repositories/{REPOSITORY}/fixes/{id}")).await.expect(200)["status"].clone();
    assert_eq!(done["status"], status, "the API's own status");
}

#[tokio::test]
async fn apis_name_their_demo_credentials() {
    let server = secmock::MockServer::start().await;
    let (_, apis) = admin(&server, Method::GET, "/apis", None).await;
    let kolega = apis["apis"].as_array().expect("apis").iter().find(|a| a["name"] == "kolega").expect("kolega");
    let lines = kolega["credentials"].as_array().expect("credentials");
    assert!(lines.iter().any(|l| l.as_str().is_some_and(|l| l.contains(KOLEGA_KEY))), "{lines:?}");
}

#[tokio::test]
async fn a_platform_scan_is_listed_as_work_with_its_own_progress() {
    let server = secmock::MockServer::builder().scenario(Some("platform-ci")).start().await.expect("platform-ci");
    let platform = Api::of(&server, "platform").with_key("spk_CiReadWrite00000000000000000000000000001");
    let repo = "/v1/repositories/7e2a9c4b-1d3f-4a5e-8b6c-2d4f6a8b0c1e";
    let scan = platform.post(&format!("{repo}/scans"), json!({"analyzers": ["sast"]})).await.expect(202);
    let id = scan["id"].as_str().expect("id").to_string();
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert_has(
        work_item(&jobs, &id),
        json!({"api": "platform", "label": "standard scan of payments-api", "status": "queued", "percent": 0}),
    );
    server.advance("25s").await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    let answered = platform.get(&format!("{repo}/scans/{id}")).await.expect(200);
    assert_has(work_item(&jobs, &id), json!({"status": "running", "percent": answered["progress"]["percent"]}));
    server.advance("1h").await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert_has(work_item(&jobs, &id), json!({"status": "completed", "percent": 100}));
}

#[tokio::test]
async fn a_securescan_scan_is_listed_as_work_until_it_completes() {
    let server = secmock::MockServer::builder().scenario(Some("securescan-ci")).start().await.expect("securescan-ci");
    let ci =
        Api::of(&server, "securescan").under("/api/v1").with_key("ssk_CiWrite001_writesecretwritesecretwritesecre");
    let scan = ci.post("/scans", json!({"target_path": "/srv/ci/api/"})).await.expect(200);
    let id = scan["id"].as_str().expect("id").to_string();
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert_has(
        work_item(&jobs, &id),
        json!({"api": "securescan", "label": "code+dependency scan of /srv/ci/api", "status": "pending", "percent": 0}),
    );
    server.advance("1s").await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    let running = work_item(&jobs, &id);
    assert_eq!(running["status"], "running");
    assert!(running["percent"].as_f64().is_some_and(|p| p > 0.0 && p < 100.0), "{running}");
    server.advance("1h").await;
    let (_, jobs) = admin(&server, Method::GET, "/jobs", None).await;
    assert_has(work_item(&jobs, &id), json!({"status": "completed", "percent": 100}));
}
