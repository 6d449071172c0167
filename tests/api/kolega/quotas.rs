//! Quotas: the balance, what each POST spends, Kolega's 403 envelope when a counter
//! cannot cover it (nothing created or spent), the 409-before-quota order, a new period
//! starting from zero, and exact spending under concurrency.

use reqwest::Method;
use serde_json::{Value, json};

use super::{EXHAUSTED_RW, Kolega, PAYMENTS, SMALL_MONO, SMALL_REPO, SMALL_RW, small_section};
use crate::helpers::assert_has;

const TPS: &str = "3a9d7e41-5c2b-4f86-a0e3-7b1c9d2f4e58";
const PAYROLL: &str = "7f1b3d9e-4a6c-4e28-b1f5-9d0e2c7a3b64";
const READY_FIX: &str = "9c4e1f7a-2d8b-4a63-b5e0-6f3d2a1c8b47";
const PENDING_FIX: &str = "4b8e2d6f-1a3c-4e59-9d07-c5f1a8b2e634";

async fn call(k: &Kolega, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    k.call(method, path, Some(EXHAUSTED_RW), body).await
}

#[tokio::test]
async fn the_balance_shows_kolegas_counters_and_fixes_spend_nothing() {
    let k = Kolega::default().await;
    let balance = k.get("/api/v1/quotas/balance").await;
    insta::assert_json_snapshot!("acme_balance", balance);
    k.post(
        &format!("/api/v1/repositories/{PAYMENTS}/fixes"),
        json!({"title": "t", "instructions": "i", "source_repo": "acme/payments-api"}),
        201,
    )
    .await;
    k.post(&format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "sbom_scan"}), 202).await;
    let after = k.get("/api/v1/quotas/balance").await;
    assert_eq!(after["sast_scans"]["used"], 144);
    assert_eq!(after["prs"], balance["prs"], "prs");
    assert_eq!(after["deep_ai_scans"], balance["deep_ai_scans"], "deep_ai_scans");
}

#[tokio::test]
async fn exhausted_counters_refuse_with_kolegas_envelope_and_create_nothing() {
    let k = Kolega::start("kolega-quota-exhausted").await;
    let before_balance = call(&k, Method::GET, "/api/v1/quotas/balance", None).await.1;
    let before_events = call(&k, Method::GET, "/api/v1/finding-events", None).await.1["total"].clone();
    for (scan_type, quota) in [
        ("secrets_scan", "sast_scans"),
        ("semgrep_scan", "sast_scans"),
        ("sbom_scan", "sast_scans"),
        ("deep_ai_scan", "deep_ai_scans"),
    ] {
        let (status, body) =
            call(&k, Method::POST, &format!("/api/v1/repositories/{TPS}/scans"), Some(json!({"scan_type": scan_type})))
                .await;
        assert_eq!(status, 403, "{scan_type}");
        assert_eq!(
            body,
            json!({"detail": {"detail": format!("Quota exceeded for {quota}: 0 remaining in the current period"), "error_code": "OPERATION_FAILED", "quota_type": quota}})
        );
    }
    let fix = format!("/api/v1/repositories/{TPS}/fixes/{READY_FIX}");
    let (status, body) = call(&k, Method::POST, &format!("{fix}/pull-requests"), Some(json!({}))).await;
    assert_eq!(status, 403, "{body}");
    assert_has(&body["detail"], json!({"quota_type": "prs", "error_code": "OPERATION_FAILED"}));
    assert_eq!(call(&k, Method::GET, &fix, None).await.1["pull_requests"], json!([]));
    assert_eq!(call(&k, Method::GET, &format!("/api/v1/repositories/{TPS}/scans"), None).await.1["total"], 2);
    assert_eq!(call(&k, Method::GET, "/api/v1/quotas/balance", None).await.1, before_balance);
    assert_eq!(call(&k, Method::GET, "/api/v1/finding-events", None).await.1["total"], before_events);

    // No fix can start with no prs left, and nothing is created.
    let fixes = format!("/api/v1/repositories/{TPS}/fixes");
    let (status, body) = call(
        &k,
        Method::POST,
        &fixes,
        Some(json!({"title": "t", "instructions": "i", "source_repo": "initech/tps-reports"})),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["detail"]["quota_type"], "prs", "detail/quota_type");
    assert_eq!(call(&k, Method::GET, &fixes, None).await.1["total"], 2);

    // The state check (409) comes before the quota check (403).
    let pending = format!("/api/v1/repositories/{TPS}/fixes/{PENDING_FIX}/pull-requests");
    let (status, body) = call(&k, Method::POST, &pending, Some(json!({}))).await;
    let refusal = json!({"detail": "Fix is not completed (current status: pending)", "error_code": "OPERATION_FAILED"});
    assert_eq!(status, 409, "{body}");
    assert_eq!(body, json!({ "detail": refusal }));
}

#[tokio::test]
async fn a_new_period_starts_from_zero() {
    let k = Kolega::start("kolega-quota-exhausted").await;
    let (_, march) = call(&k, Method::GET, "/api/v1/quotas/balance", None).await;
    assert_has(&march, json!({"period_start": "2026-03-01T00:00:00Z", "deep_ai_scans": {"remaining": 0}}));
    k.advance("288h").await;
    let (_, april) = call(&k, Method::GET, "/api/v1/quotas/balance", None).await;
    assert_has(&april, json!({"period_start": "2026-04-01T00:00:00Z", "period_end": "2026-05-01T00:00:00Z"}));
    assert_eq!(april["deep_ai_scans"], json!({"plan": 5, "topup": 0, "used": 0, "remaining": 5}));
    assert_eq!(april["prs"], json!({"plan": 10, "topup": 0, "used": 0, "remaining": 10}));
    let (_, me) = call(&k, Method::GET, "/api/v1/me", None).await;
    assert_eq!(me["period_start"], "2026-04-01T00:00:00Z");
    let (status, _) = call(
        &k,
        Method::POST,
        &format!("/api/v1/repositories/{PAYROLL}/scans"),
        Some(json!({"scan_type": "semgrep_scan"})),
    )
    .await;
    assert_eq!(status, 202);
    let (_, after) = call(&k, Method::GET, "/api/v1/quotas/balance", None).await;
    assert_eq!(after["sast_scans"]["used"], 2, "one unit per source repository");
}

#[tokio::test]
async fn any_remaining_unit_admits_a_batch_and_the_last_one_overdraws() {
    // As Kolega documents it and its CLI checks (`remaining > 0`): only a counter at zero
    // refuses. A three-source batch with two units left is admitted and overdraws.
    let k = Kolega::default().await;
    let section = small_section(json!({}), json!({"sast_scans": {"plan": 10, "used": 8}}));
    assert_eq!(k.load_section(1, "2026-05-04T08:00:00Z", section).await.0, 200);
    let post = |repo: &'static str| {
        let k = &k;
        async move {
            let path = format!("/api/v1/repositories/{repo}/scans");
            k.call(Method::POST, &path, Some(SMALL_RW), Some(json!({"scan_type": "sbom_scan"}))).await
        }
    };
    assert_eq!(post(SMALL_MONO).await.0, 202);
    let (_, balance) = k.call(Method::GET, "/api/v1/quotas/balance", Some(SMALL_RW), None).await;
    assert_has(&balance["sast_scans"], json!({"plan": 10, "used": 11, "remaining": 0}));
    let (status, body) = post(SMALL_REPO).await;
    assert_eq!(status, 403);
    assert_eq!(body["detail"]["detail"], "Quota exceeded for sast_scans: 0 remaining in the current period");
}

#[tokio::test]
async fn a_fix_needs_a_pull_request_left_but_spends_none() {
    let k = Kolega::default().await;
    let section = small_section(json!({}), json!({"prs": {"plan": 1, "used": 1}}));
    assert_eq!(k.load_section(1, "2026-05-04T08:00:00Z", section).await.0, 200);
    let fix = json!({"title": "t", "instructions": "i", "source_repo": "test/api"});
    let path = format!("/api/v1/repositories/{SMALL_REPO}/fixes");
    let (status, body) = k.call(Method::POST, &path, Some(SMALL_RW), Some(fix)).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["detail"]["quota_type"], "prs");
    let (_, balance) = k.call(Method::GET, "/api/v1/quotas/balance", Some(SMALL_RW), None).await;
    assert_has(&balance["prs"], json!({"used": 1, "remaining": 0}));
}

#[tokio::test]
async fn concurrent_scans_spend_the_quota_exactly() {
    let k = Kolega::default().await;
    let section = small_section(json!({}), json!({"sast_scans": {"plan": 20}}));
    assert_eq!(k.load_section(1, "2026-05-04T08:00:00Z", section).await.0, 200);
    let url = format!("{}/api/v1/repositories/{SMALL_REPO}/scans", k.server.url("kolega"));
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let response = crate::helpers::client()
                    .post(url)
                    .bearer_auth(SMALL_RW)
                    .json(&json!({"scan_type": "secrets_scan"}))
                    .send()
                    .await;
                response.map(|r| r.status().as_u16()).unwrap_or(0)
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap_or(0));
    }
    assert_eq!(statuses.iter().filter(|s| **s == 202).count(), 20);
    assert_eq!(statuses.iter().filter(|s| **s == 403).count(), 30);
    let (_, balance) = k.call(Method::GET, "/api/v1/quotas/balance", Some(SMALL_RW), None).await;
    assert_eq!(balance["sast_scans"]["used"], 20);
    let (_, scans) =
        k.call(Method::GET, &format!("/api/v1/repositories/{SMALL_REPO}/scans"), Some(SMALL_RW), None).await;
    assert_eq!(scans["total"], 20);
}
