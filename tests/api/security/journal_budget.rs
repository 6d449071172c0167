//! The journal is bounded by bytes, not only entries: 5,000 `GET /nope` with a 380 KB
//! header once took the process from 43 MB to 1.87 GB.

use reqwest::Method;

use crate::helpers::{admin, client};

#[tokio::test]
async fn huge_headers_are_cut_and_the_journal_keeps_to_its_budget() {
    let budget = 512 * 1024;
    let server = secmock::MockServer::builder().configure(|c| c.journal_bytes = budget).start().await.expect("starts");
    let big = "a".repeat(200 * 1024);
    for i in 0..60 {
        let response =
            client().get(format!("{}/nope/{i}", server.url("kolega"))).header("x-padding", &big).send().await;
        assert_eq!(response.expect("answered").status(), 404);
    }
    let (_, health) = admin(&server, Method::GET, "/health", None).await;
    let journal = &health["journal"];
    assert!(journal["bytes"].as_u64().expect("bytes") <= budget as u64, "{health}");
    assert_eq!(journal["byte_budget"], budget);
    // Each entry holds a kilobyte of the header, with a marker saying how much was cut.
    assert_eq!(journal["entries"], 60, "{health}");
    let (_, entries) = admin(&server, Method::GET, "/journal?limit=1", None).await;
    let headers = entries["entries"][0]["headers"].as_array().expect("headers");
    let padding = headers.iter().find(|h| h[0] == "x-padding").expect("the header is there");
    let value = padding[1].as_str().expect("text");
    assert!(value.len() < 2048 && value.ends_with("…[truncated 203776 bytes]"), "{}", &value[value.len() - 40..]);
    assert_eq!(entries["entries"][0]["path"], "/nope/59");
}

#[tokio::test]
async fn past_the_budget_the_oldest_entries_go() {
    let budget = 64 * 1024;
    let server = secmock::MockServer::builder().configure(|c| c.journal_bytes = budget).start().await.expect("starts");
    let big = "b".repeat(10 * 1024);
    for i in 0..200 {
        let _ = client().get(format!("{}/nope/{i}", server.url("kolega"))).header("x-padding", &big).send().await;
    }
    let (_, health) = admin(&server, Method::GET, "/health", None).await;
    let held = health["journal"]["entries"].as_u64().expect("entries");
    assert!(held > 10 && held < 200, "{health}");
    let (_, entries) = admin(&server, Method::GET, "/journal?limit=1", None).await;
    assert_eq!(entries["entries"][0]["path"], "/nope/199", "the newest is kept");
}
