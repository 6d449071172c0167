//! `GET /state` of a DryRun world round-trips: what is exported imports, exports again
//! as the same document, and answers as before. Generated findings hold their
//! description as a reference into the catalog and generated scans no summary (both are
//! written when shown); a snapshot carries the descriptions as text and the summaries not
//! at all, and neither changes an answer.

use reqwest::Method;
use serde_json::Value;

use secmock::MockServer;

use super::{admin, send};

const KEY: &str = "drs_demo_7f3c9a1e5b2d";
const ACCOUNT: &str = "22222222-2222-2222-2222-222222222222";

async fn export(server: &secmock::MockServer) -> Value {
    let (status, state) = admin(server, Method::GET, "/state?api=dryrun", None).await;
    assert_eq!(status, 200, "{state}");
    state
}

/// What a client sees of the generated history: findings with their descriptions, and
/// PR scans (with their summaries) of the repositories.
async fn answers(server: &secmock::MockServer) -> Vec<Value> {
    let ask = |path: String| async move {
        let (status, body) = send(server, Method::GET, Some(KEY), &path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    };
    let mut out = vec![ask(format!("/accounts/{ACCOUNT}/all_findings?days=90&per_page=100&all_results=true")).await];
    let repositories = ask(format!("/accounts/{ACCOUNT}/repositories")).await;
    for repo in repositories["data"].as_array().expect("repositories").iter().take(3) {
        let id = repo["id"].as_str().expect("repository id");
        out.push(ask(format!("/accounts/{ACCOUNT}/repositories/{id}/scans")).await);
    }
    out
}

#[tokio::test]
async fn a_generated_world_exports_imports_and_exports_the_same() {
    let server = MockServer::start().await; // the default scenario, every API
    let before = answers(&server).await;
    let summaries = before[1..].iter().flat_map(|page| page["data"].as_array().cloned().unwrap_or_default());
    assert!(summaries.filter(|scan| scan["summary"].as_str().is_some_and(|s| s.len() > 40)).count() > 0);
    let first = export(&server).await;
    let (status, body) = admin(&server, Method::PUT, "/state", Some(first.clone())).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(export(&server).await, first, "the imported world exports as it was exported");
    assert_eq!(answers(&server).await, before, "and answers as before");
}
