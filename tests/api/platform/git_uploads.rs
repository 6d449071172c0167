//! Git uploads: a push URL on secmock's own host, status on the clock, a repository from
//! the pushed code; expired uploads removed by the ops cleanup, which reports them.

use reqwest::Method;
use serde_json::json;

use super::{DANA, PAYMENTS, as_user, ci, load_section, text};
use crate::helpers::assert_has;

#[tokio::test]
async fn an_upload_moves_to_ready_on_the_clock_and_becomes_a_repository_once() {
    let server = ci().await;
    let dana = as_user(&server, DANA).await;
    let upload = dana.post("/v1/git-uploads/", json!({"name": "fraud rules"})).await.expect(201);
    let host = server.url("platform").replace("http://", "https://");
    assert!(text(&upload, "push_url").starts_with(&format!("{host}/git/")), "{upload}");
    assert!(text(&upload, "push_token").starts_with("gpt_"));
    assert_has(&upload, json!({"status": "awaiting_push", "expires_at": "2026-03-10T10:00:00Z", "commit_sha": null}));
    let path = format!("/v1/git-uploads/{}", text(&upload, "id"));
    let repos = format!("/v1/projects/{PAYMENTS}/repositories");
    let body = json!({"name": "fraud-rules", "source_type": "git_upload", "git_upload_id": upload["id"]});
    let early = dana.post(&repos, body.clone()).await;
    assert_eq!(early.expect(409), json!({"detail": "Git upload is not ready (status: awaiting_push)"}));
    let mut seen = Vec::new();
    for _ in 0..4 {
        server.advance("10s").await;
        let now = dana.get(&path).await.expect(200);
        assert!(now.get("push_token").is_none(), "the token is shown once");
        seen.push(text(&now, "status"));
    }
    assert_eq!(seen, ["awaiting_push", "awaiting_push", "received", "processing"]);
    server.advance("10s").await;
    assert_has(&dana.get(&path).await.expect(200), json!({"status": "ready", "ref": "refs/heads/main"}));
    let repo = dana.post(&repos, body.clone()).await.expect(201);
    assert_has(&repo, json!({"source_type": "git_upload", "git_upload_id": upload["id"], "source_url": null}));
    assert_eq!(dana.get(&path).await.expect(200)["repository_id"], repo["id"]);
    let again = json!({"name": "fraud-rules-2", "source_type": "git_upload", "git_upload_id": upload["id"]});
    assert_eq!(dana.post(&repos, again).await.status, 409);
}

#[tokio::test]
async fn an_upload_nobody_pushes_to_expires_and_cleanup_removes_it() {
    let server = ci().await;
    let section = json!({
        "signing_secret": "another-secret-0123456789",
        "timing": {"git_push": null},
        "users": [{"email": "ops@acme.example", "password": "ops-password", "groups": ["ops"]}]
    });
    load_section(&server, section).await;
    let ops = as_user(&server, ("ops@acme.example", "ops-password")).await;
    let upload = ops.post("/v1/git-uploads/", json!({"expires_in_seconds": 300})).await.expect(201);
    let path = format!("/v1/git-uploads/{}", text(&upload, "id"));
    server.advance("5m").await;
    assert_eq!(ops.get(&path).await.expect(200)["status"], "expired");
    let dry = ops.post("/v1/ops/cleanup", json!({"dry_run": true, "targets": ["git_uploads"]})).await.expect(200);
    assert_has(
        &dry,
        json!({"status": "completed", "candidates": [{"target": "git_uploads", "objects": 1, "bytes": 0}]}),
    );
    ops.get(&path).await.expect(200);
    let job = ops.send(Method::POST, "/v1/ops/cleanup", None).await.expect(202);
    assert_eq!(job["status"], "queued");
    let uploads = job["candidates"].as_array().into_iter().flatten().find(|c| c["target"] == "git_uploads");
    assert_eq!(uploads.map(|c| c["objects"].clone()), Some(json!(1)));
    assert_eq!(ops.get(&path).await.expect(404), json!({"detail": "Git upload not found"}));
    let busy = ops.send(Method::POST, "/v1/ops/cleanup", None).await;
    assert_eq!(busy.expect(409), json!({"detail": format!("A cleanup job is already running ({})", text(&job, "id"))}));
}
