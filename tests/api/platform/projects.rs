//! Projects per user: CRUD, unique names, search, computed counts, other users' projects
//! unknown, and the cascading delete.

use serde_json::json;

use super::{BILLING_WORKER, DANA, INTERNAL, PAYMENTS, PAYMENTS_API, SAM, as_user, ci, text};
use crate::helpers::assert_has;

#[tokio::test]
async fn a_project_is_created_read_renamed_searched_and_deleted() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let created = dana.post("/v1/projects/", json!({"name": "Fraud Rules", "description": "ML"})).await.expect(201);
    assert_has(&created, json!({"name": "Fraud Rules", "repository_count": 0, "scan_rollup": {"total": 0}}));
    let id = text(&created, "id");
    let dup = dana.post("/v1/projects/", json!({"name": "Fraud Rules"})).await;
    assert_eq!(dup.expect(409), json!({"detail": "A project named 'Fraud Rules' already exists"}));
    let found = dana.get("/v1/projects/?search=fraud").await.expect(200);
    assert_eq!(found["total"], 1, "total");
    assert_eq!(found["items"][0]["id"], id, "items/id");
    let path = format!("/v1/projects/{id}");
    let renamed = dana.send(reqwest::Method::PUT, &path, Some(json!({"name": "fraud", "description": null}))).await;
    assert_has(&renamed.expect(200), json!({"name": "fraud", "description": null}));
    let clash = dana.send(reqwest::Method::PUT, &path, Some(json!({"name": "payments"}))).await;
    assert_eq!(clash.expect(409), json!({"detail": "A project named 'payments' already exists"}));
    assert_eq!(dana.delete(&path).await.status, 204);
    assert_eq!(dana.get(&path).await.expect(404), json!({"detail": "Project not found"}));
}

#[tokio::test]
async fn another_users_project_and_repository_are_404() {
    let server = ci().await;
    let sam = as_user(&server, SAM).await;
    let not_found = json!({"detail": "Project not found"});
    assert_eq!(sam.get(&format!("/v1/projects/{PAYMENTS}")).await.expect(404), not_found);
    assert_eq!(sam.delete(&format!("/v1/projects/{PAYMENTS}")).await.expect(404), not_found);
    let repo = sam.get(&format!("/v1/repositories/{PAYMENTS_API}")).await;
    assert_eq!(repo.expect(404), json!({"detail": "Repository not found"}));
    let dana = as_user(&server, DANA).await;
    let theirs = dana.get(&format!("/v1/repositories/{BILLING_WORKER}/scans")).await;
    assert_eq!(theirs.expect(404), json!({"detail": "Repository not found"}));
    let own = sam.get("/v1/projects/").await.expect(200);
    assert_eq!(own["total"], 1, "total");
    assert_eq!(own["items"][0]["id"], INTERNAL, "items/id");
}

#[tokio::test]
async fn the_rollup_counts_real_scans_and_open_findings_and_delete_cascades() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let project = dana.get(&format!("/v1/projects/{PAYMENTS}")).await.expect(200);
    let rollup = &project["scan_rollup"];
    assert_has(&project, json!({"repository_count": 1}));
    assert_has(rollup, json!({"total": 1, "completed": 1, "queued": 0, "running": 0, "last_scan_status": "completed"}));
    let findings = dana.get(&format!("/v1/projects/{PAYMENTS}/findings?limit=100")).await.expect(200);
    let open = &rollup["open_findings"];
    let sum: u64 = ["critical", "high", "medium", "low", "info"].iter().filter_map(|s| open[*s].as_u64()).sum();
    assert_eq!(json!(sum), findings["total"]);
    assert!(sum > 0);
    assert_eq!(dana.delete(&format!("/v1/projects/{PAYMENTS}")).await.status, 204);
    let repo = dana.get(&format!("/v1/repositories/{PAYMENTS_API}")).await;
    assert_eq!(repo.expect(404), json!({"detail": "Repository not found"}));
}
