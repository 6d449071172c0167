//! Repositories: the nested create found at its top-level path, ingest on the clock (and
//! failing for an unreachable source), the snapshot's tree and files, the threat profile.

use reqwest::Method;
use serde_json::json;

use super::{DANA, PAYMENTS, PAYMENTS_API, as_user, ci, text};
use crate::helpers::assert_has;

#[tokio::test]
async fn an_unreachable_source_fails_its_ingest_on_the_clock() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let body = json!({"name": "gone", "source_type": "git", "source_url": "https://github.com/acme/gone.git"});
    let repo = dana.post(&format!("/v1/projects/{PAYMENTS}/repositories"), body).await.expect(201);
    server.advance("1m").await;
    let failed = dana.get(&format!("/v1/repositories/{}", text(&repo, "id"))).await.expect(200);
    assert_eq!(failed["ingest_status"], "failed");
    assert!(failed["ingest_error"].as_str().is_some_and(|e| e.contains("gone.git")), "{failed}");
    let tree = dana.get(&format!("/v1/repositories/{}/source-tree", text(&repo, "id"))).await;
    assert_eq!(tree.expect(409), json!({"detail": "Repository snapshot is not ready (ingest_status: failed)"}));
}

#[tokio::test]
async fn a_source_field_the_type_does_not_take_is_422_and_a_duplicate_name_409() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let path = format!("/v1/projects/{PAYMENTS}/repositories");
    let missing = dana.post(&path, json!({"name": "x", "source_type": "git"})).await.expect(422);
    assert_has(
        &missing["detail"][0],
        json!({"type": "missing", "loc": ["body", "source_url"], "msg": "Field required"}),
    );
    let upload = json!({"name": "x", "source_type": "git_upload", "git_upload_id": PAYMENTS, "branch": "main"});
    let extra = dana.post(&path, upload).await.expect(422);
    assert_has(&extra["detail"][0], json!({"type": "none_required", "loc": ["body", "branch"]}));
    let dup = json!({"name": "payments-api", "source_type": "git", "source_url": "https://github.com/acme/p.git"});
    let got = dana.post(&path, dup).await;
    assert_eq!(got.expect(409), json!({"detail": "A repository named 'payments-api' already exists in this project"}));
    let listed = dana.get(&path).await.expect(200);
    assert_eq!(listed["total"], 1, "refusals created nothing");
}

#[tokio::test]
async fn the_source_tree_filters_by_prefix_and_serves_listed_files_only() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let repo = format!("/v1/repositories/{PAYMENTS_API}");
    let tree = dana.get(&format!("{repo}/source-tree")).await.expect(200);
    let under_src = dana.get(&format!("{repo}/source-tree?prefix=src/")).await.expect(200);
    let items = under_src["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty() && items.iter().all(|e| text(e, "path").starts_with("src/")));
    assert!(under_src["total"].as_u64() < tree["total"].as_u64());
    let file = dana.get(&format!("{repo}/source-files/{}", text(&items[0], "path"))).await.expect(200);
    assert_has(&file, json!({"path": items[0]["path"], "size": items[0]["size"], "encoding": "utf-8"}));
    let missing = dana.get(&format!("{repo}/source-files/src/nope.py")).await;
    assert_eq!(missing.expect(404), json!({"detail": "File not found in repository snapshot: src/nope.py"}));
    assert_eq!(dana.get(&format!("{repo}/source-files/src")).await.status, 404);
}

#[tokio::test]
async fn the_threat_profile_is_404_until_put_then_read_back_with_a_growing_version() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let path = format!("/v1/repositories/{PAYMENTS_API}/threat-profile");
    assert_eq!(dana.get(&path).await.expect(404), json!({"detail": "Threat profile not found"}));
    let body = json!({"assets": [{"name": "card tokens", "sensitivity": "critical"}], "notes": "PCI"});
    let first = dana.send(Method::PUT, &path, Some(body.clone())).await.expect(200);
    assert_has(&first, json!({"repo_id": PAYMENTS_API, "version": 1, "notes": "PCI", "entry_points": []}));
    let second = dana.send(Method::PUT, &path, Some(json!({}))).await.expect(200);
    assert_has(&second, json!({"version": 2, "assets": [], "notes": null}));
    assert_eq!(dana.get(&path).await.expect(200), second);
}

#[tokio::test]
async fn a_new_branch_starts_a_new_ingest_and_an_uploaded_archive_keeps_its_source() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let path = format!("/v1/repositories/{PAYMENTS_API}");
    let renamed = dana.send(Method::PUT, &path, Some(json!({"description": "Payments"}))).await.expect(200);
    assert_has(&renamed, json!({"ingest_status": "ready", "description": "Payments", "branch": "main"}));
    let moved = dana.send(Method::PUT, &path, Some(json!({"branch": "release"}))).await.expect(200);
    assert_has(&moved, json!({"ingest_status": "pending", "branch": "release", "commit_sha": null}));
    server.advance("10s").await;
    let ready = dana.get(&path).await.expect(200);
    assert_eq!(ready["ingest_status"], "ready");
    assert_ne!(ready["commit_sha"], renamed["commit_sha"], "a new snapshot");
}

#[tokio::test]
async fn a_body_of_another_media_type_is_415_as_the_contract_declares() {
    let server = ci().await;
    let url = format!("{}/v1/projects/{PAYMENTS}/repositories", server.url("platform"));
    let request = crate::helpers::client()
        .post(url)
        .bearer_auth(super::RW_KEY)
        .header("content-type", "text/plain")
        .body("name=x");
    let got = crate::helpers::fetch(request).await;
    assert_eq!(got.status, 415, "{}", got.body);
    assert_eq!(got.body, json!({"detail": "Unsupported media type: expected application/json or multipart/form-data"}));
    // Where no 415 is declared the dialect's own answer stands: tests/api/engine/request_bodies.rs.
}
