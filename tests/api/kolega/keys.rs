//! Organisation keys: 401 for missing, malformed, unknown and revoked keys; scopes
//! enforced before validation; `/me`; and every other organisation's id behaving as
//! unknown.

use reqwest::Method;
use serde_json::json;

use super::{GLOBEX, Kolega, PAYMENTS, REVOKED, RO, RW, SQLI};
use crate::helpers::{assert_has, client, fetch};

#[tokio::test]
async fn missing_malformed_unknown_and_revoked_keys_are_401_in_fastapi_style() {
    let k = Kolega::default().await;
    let url = format!("{}/api/v1/repositories", k.server.url("kolega"));
    let missing = fetch(client().get(&url)).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.headers["www-authenticate"], "Bearer");
    assert_eq!(missing.body, json!({"detail": "Not authenticated"}));
    let basic = fetch(client().get(&url).basic_auth("kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz", Some("x"))).await;
    assert_eq!(basic.status, 401);
    for key in ["kcp_live_doesnotexist000000000000", REVOKED, "not-a-kolega-key"] {
        let (status, body) = k.call(Method::GET, "/api/v1/repositories", Some(key), None).await;
        assert_eq!(status, 401, "{key}: {body}");
        assert_eq!(body, json!({"detail": "Invalid API key"}), "{key}");
    }
    // 401 comes before anything else, even a 404 or a 422.
    let (status, _) = k.call(Method::GET, "/api/v1/repositories/nope?limit=0", None, None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn me_shows_the_key_its_scopes_and_the_quota_period() {
    let k = Kolega::default().await;
    let (_, ro) = k.call(Method::GET, "/api/v1/me", Some(RO), None).await;
    assert_eq!(ro["organization_slug"], "acme-corp");
    insta::assert_json_snapshot!("read_only_key", ro["api_key"]);
    let balance = k.get("/api/v1/quotas/balance").await;
    assert_eq!(ro["period_start"], balance["period_start"], "period_start");
    assert_eq!(ro["period_end"], balance["period_end"], "period_end");
    assert_eq!(ro["period_start"], "2026-01-01T00:00:00Z");
}

#[tokio::test]
async fn a_read_only_key_reads_but_every_write_is_403_before_validation() {
    let k = Kolega::default().await;
    let before = k.get("/api/v1/quotas/balance").await;
    let (status, _) = k.call(Method::GET, &format!("/api/v1/repositories/{PAYMENTS}/findings"), Some(RO), None).await;
    assert_eq!(status, 200);
    let writes = [
        (Method::POST, format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "semgrep_scan"})),
        (Method::POST, format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": "not-a-type"})),
        (Method::PATCH, format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}"), json!({"status": "ignored"})),
        (Method::POST, format!("/api/v1/repositories/{PAYMENTS}/fixes"), json!({})),
        (Method::POST, format!("/api/v1/repositories/{PAYMENTS}/fixes/x/cancel"), json!({})),
    ];
    for (method, path, body) in writes {
        let (status, reply) = k.call(method.clone(), &path, Some(RO), Some(body)).await;
        assert_eq!(status, 403, "{method} {path}: {reply}");
        assert_eq!(reply, json!({"detail": "API key lacks the required scope: write"}), "{method} {path}");
    }
    assert_eq!(k.get("/api/v1/quotas/balance").await, before, "a refused request spends nothing");
    let finding = k.get(&format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}")).await;
    assert_eq!(finding["status"], "open");
}

#[tokio::test]
async fn another_organisations_ids_are_unknown_never_leaked() {
    let k = Kolega::default().await;
    let (_, globex_repos) = k.call(Method::GET, "/api/v1/repositories?include_archived=true", Some(GLOBEX), None).await;
    assert_eq!(globex_repos["total"], 1);
    assert_eq!(globex_repos["items"][0]["name"], "globex/hammock-api");
    let globex_repo = globex_repos["items"][0]["id"].as_str().expect("id").to_string();
    for path in [
        format!("/api/v1/repositories/{PAYMENTS}"),
        format!("/api/v1/repositories/{PAYMENTS}/findings"),
        format!("/api/v1/repositories/{PAYMENTS}/findings/{SQLI}"),
        format!("/api/v1/repositories/{PAYMENTS}/fixes/06c791a0-e009-458a-986e-e5c12d5cc6f7"),
    ] {
        let (status, body) = k.call(Method::GET, &path, Some(GLOBEX), None).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body, json!({"detail": "Repository not found"}), "{path}");
    }
    let (status, body) =
        k.call(Method::GET, &format!("/api/v1/repositories/{globex_repo}/findings/{SQLI}"), Some(GLOBEX), None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body, json!({"detail": "Finding not found"}));
    let (status, _) = k.call(Method::GET, &format!("/api/v1/repositories/{globex_repo}"), Some(RW), None).await;
    assert_eq!(status, 404);
    let (_, feed) =
        k.call(Method::GET, &format!("/api/v1/finding-events?repository_id={PAYMENTS}"), Some(GLOBEX), None).await;
    assert_has(&feed, json!({"total": 0, "items": []}));
    let (_, feed) = k.call(Method::GET, &format!("/api/v1/finding-events?finding_id={SQLI}"), Some(GLOBEX), None).await;
    assert_eq!(feed["total"], 0);
    let (_, all) = k.call(Method::GET, "/api/v1/finding-events?limit=200", Some(GLOBEX), None).await;
    assert!(all["items"].as_array().expect("items").iter().all(|e| e["repository_id"] == globex_repo.as_str()));
}

#[tokio::test]
async fn the_banner_prints_the_demo_keys() {
    let k = Kolega::default().await;
    let runtime = k.server.server().api("kolega").expect("kolega").clone();
    let lines = runtime.behaviour.banner().join("\n");
    assert!(lines.contains(RW) && lines.contains(RO) && lines.contains(GLOBEX), "{lines}");
    assert!(!lines.contains(REVOKED), "revoked keys are not advertised");
}
