//! A scenario is named, never addressed by path: `PUT /scenario {"name": "/etc/passwd"}`
//! once answered 422 with the file's text in the message, and 404 vs 422 told which paths
//! exist.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{admin, client, exchange};

#[tokio::test]
async fn a_path_is_not_a_scenario_name_on_any_mount() {
    let server = secmock::MockServer::start().await;
    let (_, before) = admin(&server, Method::GET, "/scenario", None).await;
    let mounted = format!("{}/__secmock", server.url("kolega"));
    let names =
        ["/etc/passwd", "/etc/no-such-file", "../scenarios/default", "../../Cargo", "default.yaml", "..", "a/b"];
    for name in names {
        for base in [server.admin_url(), mounted.clone()] {
            let (status, body) = exchange(client().put(format!("{base}/scenario")), Some(json!({"name": name}))).await;
            assert_eq!(status, 422, "{base} {name}: {body}");
            let text = body.to_string();
            assert!(!text.contains("root:") && !text.contains("[package]"), "no file content: {text}");
        }
    }
    let (_, after) = admin(&server, Method::GET, "/scenario", None).await;
    assert_eq!(before, after, "nothing was loaded");
}

#[tokio::test]
async fn names_still_load_and_unknown_names_are_404() {
    let server = secmock::MockServer::start().await;
    let (status, body) = admin(&server, Method::PUT, "/scenario", Some(json!({"name": "dryrun-ci"}))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "dryrun-ci", "name");
    let (status, body) = admin(&server, Method::PUT, "/scenario", Some(json!({"name": "no-such-scenario"}))).await;
    assert_eq!(status, 404, "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(!detail.contains(env!("CARGO_MANIFEST_DIR")), "the message names no folder: {body}");
}
