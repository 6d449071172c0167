//! Archive uploads (multipart): legacy sessions analyzed on the clock, repositories from an
//! uploaded archive, and the 413 the contract declares.

use secmock::MockServer;
use serde_json::json;

use super::{DANA, PAYMENTS, as_user, ci, load_section, login, text};
use crate::helpers::{Got, assert_has, client, fetch};

/// A multipart POST of `file` (named `filename`) with the other `fields`, as `token`.
async fn upload(server: &MockServer, token: &str, path: &str, filename: &str, fields: &[(&str, &str)]) -> Got {
    upload_as(server, token, path, (filename, "application/zip"), fields).await
}

/// Uploads `file` as a part of type `part_type`, with other form `fields`.
async fn upload_as(
    server: &MockServer,
    token: &str,
    path: &str,
    (filename, part_type): (&str, &str),
    fields: &[(&str, &str)],
) -> Got {
    let boundary = "secmock-test-boundary";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: {part_type}\r\n\r\n{}\r\n--{boundary}--\r\n",
        "PK".repeat(200)
    ));
    let request = client()
        .post(format!("{}{path}", server.url("platform")))
        .bearer_auth(token)
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body);
    fetch(request).await
}

#[tokio::test]
async fn a_legacy_session_is_analyzed_on_the_clock_with_events_and_results() {
    let server = ci().await;
    let token = text(&login(&server, DANA).await, "access_token");
    let session = upload(&server, &token, "/v1/sessions/", "ledger-service.zip", &[("name", "ledger")]).await;
    let session = session.expect(201);
    assert_has(&session, json!({"status": "uploaded", "filename": "ledger-service.zip", "name": "ledger"}));
    let dana = as_user(&server, DANA).await;
    let path = format!("/v1/sessions/{}", text(&session, "id"));
    assert_eq!(dana.post(&format!("{path}/analyze"), json!({})).await.expect(202)["status"], "queued");
    let busy = dana.post(&format!("{path}/analyze"), json!({})).await;
    assert_eq!(busy.expect(409), json!({"detail": "Session cannot be analyzed (status: queued)"}));
    server.advance("30s").await;
    assert_eq!(dana.get(&path).await.expect(200)["status"], "analyzing");
    let first = dana.get(&format!("{path}/events")).await.expect(200);
    let seen = first["total"].as_u64().unwrap_or_default();
    server.advance("5m").await;
    let done = dana.get(&path).await.expect(200);
    assert_eq!(done["status"], "completed");
    let counts = &done["finding_counts"];
    let found: u64 = ["critical", "high", "medium", "low", "info"].iter().filter_map(|s| counts[*s].as_u64()).sum();
    assert!(found > 0 && done["artifacts"]["sarif"].is_object(), "{done}");
    let rest = dana.get(&format!("{path}/events?after={seen}&limit=500")).await.expect(200);
    let items = rest["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.first().map(|e| e["sequence"].clone()), Some(json!(seen + 1)));
    assert_eq!(items.last().map(|e| e["type"].clone()), Some(json!("completed")));
    let findings = items.iter().filter(|e| e["type"] == "finding").count() as u64;
    assert_eq!(findings, found);
}

#[tokio::test]
async fn an_archive_over_the_limit_is_413_and_a_file_that_is_no_archive_422() {
    let server = ci().await;
    let section = json!({"signing_secret": "another-secret-0123456789", "limits": {"max_upload_bytes": 100},
                         "users": [{"email": "u@acme.example", "password": "pw",
                                    "projects": [{"id": PAYMENTS, "name": "p"}]}]});
    load_section(&server, section).await;
    let token = text(&login(&server, ("u@acme.example", "pw")).await, "access_token");
    let big = upload(&server, &token, "/v1/sessions/", "big.zip", &[]).await;
    assert_eq!(big.expect(413), json!({"detail": "Archive exceeds the upload limit of 100 bytes"}));
    let repos = format!("/v1/projects/{PAYMENTS}/repositories");
    let repo = upload(&server, &token, &repos, "big.tar.gz", &[("name", "big")]).await;
    assert_eq!(repo.expect(413), json!({"detail": "Archive exceeds the upload limit of 100 bytes"}));
    let not_archive =
        upload_as(&server, &token, &repos, ("notes.txt", "text/plain"), &[("name", "notes")]).await.expect(422);
    assert_eq!(not_archive["detail"][0]["loc"], json!(["body", "file"]));
    let named_oddly = upload_as(&server, &token, "/v1/sessions/", ("scan.png", "application/zip"), &[]).await;
    assert_eq!(
        named_oddly.expect(413)["detail"],
        "Archive exceeds the upload limit of 100 bytes",
        "the part's type decides, not its name"
    );
    let api = crate::helpers::Api::of(&server, "platform").with_key(&token);
    assert_eq!(api.get(&repos).await.expect(200)["total"], 0, "refused uploads created nothing");
}

#[tokio::test]
async fn an_uploaded_archive_becomes_a_repository_ingested_on_the_clock() {
    let server = ci().await;
    let token = text(&login(&server, DANA).await, "access_token");
    let path = format!("/v1/projects/{PAYMENTS}/repositories");
    let repo = upload(&server, &token, &path, "ledger-service-2.4.0.tar.gz", &[("name", "ledger")]).await.expect(201);
    assert_has(
        &repo,
        json!({"source_type": "upload", "upload_filename": "ledger-service-2.4.0.tar.gz",
                             "source_url": null, "ingest_status": "pending"}),
    );
    server.advance("10s").await;
    let api = crate::helpers::Api::of(&server, "platform").with_key(&token);
    let ready = api.get(&format!("/v1/repositories/{}", text(&repo, "id"))).await.expect(200);
    assert_has(&ready, json!({"ingest_status": "ready", "commit_sha": null}));
    assert!(ready["file_count"].as_u64().is_some_and(|n| n > 0));
}
