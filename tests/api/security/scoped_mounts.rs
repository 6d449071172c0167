//! A mount under an API's port sees and changes only that API: `DELETE /__secmock/faults`
//! on DryRun's port once removed faults for every API, and a scoped reset reseeded the
//! fault randomness every API shares.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{admin, client, exchange, fetch};

async fn fault_ids(server: &secmock::MockServer) -> Vec<u64> {
    let (_, faults) = admin(server, Method::GET, "/faults", None).await;
    faults["faults"].as_array().expect("faults").iter().filter_map(|f| f["id"].as_u64()).collect()
}

#[tokio::test]
async fn a_scoped_mount_clears_and_resets_only_its_own_faults() {
    let server = secmock::MockServer::start().await;
    let slow = |api: Option<&str>| json!({"api": api, "path": "/never/*", "action": {"kind": "latency", "ms": 1}});
    for api in [None, Some("kolega"), Some("dryrun")] {
        let (status, body) = admin(&server, Method::POST, "/faults", Some(slow(api))).await;
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(fault_ids(&server).await.len(), 3);
    let dryrun = format!("{}/__secmock", server.url("dryrun"));
    let (status, _) = exchange(client().delete(format!("{dryrun}/faults")), None).await;
    assert_eq!(status, 204);
    let (_, left) = admin(&server, Method::GET, "/faults", None).await;
    let apis: Vec<&Value> = left["faults"].as_array().expect("faults").iter().map(|f| &f["api"]).collect();
    assert_eq!(apis, vec![&Value::Null, &json!("kolega")], "only DryRun's own fault went");
    let (status, _) = exchange(client().post(format!("{dryrun}/reset")), None).await;
    assert_eq!(status, 200);
    assert_eq!(fault_ids(&server).await.len(), 2, "a scoped reset keeps other APIs' faults and global ones");
}

/// Which of `n` Kolega requests a coin-flip fault hits.
async fn coin_flips(server: &secmock::MockServer, n: usize) -> Vec<bool> {
    let mut hits = Vec::new();
    for _ in 0..n {
        let url = format!("{}/api/v1/quotas/balance", server.url("kolega"));
        let status = fetch(client().get(url)).await.status;
        hits.push(status == 503);
    }
    hits
}

#[tokio::test]
async fn a_scoped_reset_leaves_other_apis_fault_randomness_alone() {
    let server = secmock::MockServer::start().await;
    let coin = json!({"api": "kolega", "probability": 0.5, "action": {"kind": "status", "status": 503}});
    // The whole sequence, undisturbed, from a fresh seed.
    admin(&server, Method::POST, "/reset", None).await;
    admin(&server, Method::POST, "/faults", Some(coin.clone())).await;
    let undisturbed = coin_flips(&server, 24).await;
    assert!(undisturbed.contains(&true) && undisturbed.contains(&false), "{undisturbed:?}");
    // The same, with DryRun reset half-way through.
    admin(&server, Method::POST, "/reset", None).await;
    admin(&server, Method::POST, "/faults", Some(coin)).await;
    let mut disturbed = coin_flips(&server, 12).await;
    let (status, _) = exchange(client().post(format!("{}/__secmock/reset", server.url("dryrun"))), None).await;
    assert_eq!(status, 200);
    disturbed.extend(coin_flips(&server, 12).await);
    assert_eq!(undisturbed, disturbed);
}
