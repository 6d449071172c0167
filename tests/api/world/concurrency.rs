//! A quota spent by many concurrent requests is spent exactly once per request.

use serde_json::json;

use super::{admin, call, world_server};
use crate::helpers::fetch;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn quota_is_exact_under_concurrency() {
    const TASKS: usize = 64;
    const EACH: usize = 50;
    let server = world_server("small", true).await;
    let inline = json!({"scenario": {"seed": 1, "apis": {"builds": {"quota": TASKS * EACH}}}});
    assert_eq!(admin(&server, reqwest::Method::PUT, "/scenario", Some(inline)).await.0, 200);
    let url = format!("{}/builds", server.url("builds"));
    let http = reqwest::Client::builder().pool_max_idle_per_host(TASKS).build().expect("client");
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move {
                let mut accepted = 0;
                for i in 0..EACH {
                    let sent =
                        http.post(&url).bearer_auth("good").json(&json!({"name": format!("{t}-{i}")})).send().await;
                    if sent.map(|r| r.status() == 202).unwrap_or(false) {
                        accepted += 1;
                    }
                }
                accepted
            })
        })
        .collect();
    let mut accepted = 0;
    for task in tasks {
        accepted += task.await.expect("task ran");
    }
    assert_eq!(accepted, TASKS * EACH);
    let (_, quota) = call(&server, reqwest::Method::GET, "/quota", "good", None).await;
    assert_eq!(quota, json!({"limit": TASKS * EACH, "used": TASKS * EACH, "remaining": 0}));
    let over = fetch(http.post(&url).bearer_auth("good").json(&json!({"name": "one too many"}))).await;
    assert_eq!(over.status, 403);
}
