//! Every id in the world is unique, loaded or created: what requests create is drawn from
//! another stream than what the scenario loader drew (they once shared one, so the 2nd
//! batch a client created got the id of a loaded repository).

use std::collections::HashMap;

use reqwest::Method;
use serde_json::{Value, json};

use super::{Kolega, PAYMENTS, SQLI};
use crate::helpers::admin;

/// Every `id` field of every object in `value`, with where it was seen.
fn ids<'a>(value: &'a Value, at: String, out: &mut Vec<(&'a str, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("id") {
                out.push((id, at.clone()));
            }
            for (key, v) in map {
                ids(v, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| ids(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn ids_created_at_runtime_never_repeat_loaded_ones() {
    let k = Kolega::default().await;
    for n in 0..40 {
        let scan_type = ["secrets_scan", "semgrep_scan", "sbom_scan", "deep_ai_scan"][n % 4];
        k.post(&format!("/api/v1/repositories/{PAYMENTS}/scans"), json!({"scan_type": scan_type}), 202).await;
    }
    k.advance("2h").await;
    for n in 0..10 {
        let fix = json!({
            "finding_ids": [SQLI],
            "title": format!("Fix {n}"),
            "instructions": "Keep the API as it is.",
            "source_repo": "acme/payments-api",
            "source_repo_provider": "github",
            "source_scan_branch": "main"
        });
        k.post(&format!("/api/v1/repositories/{PAYMENTS}/fixes"), fix, 201).await;
    }
    k.advance("2h").await;
    let (status, state) = admin(&k.server, Method::GET, "/state", None).await;
    assert_eq!(status, 200);
    let mut seen = Vec::new();
    ids(&state["apis"]["kolega"], String::new(), &mut seen);
    assert!(seen.len() > 500, "the world holds loaded and created objects: {}", seen.len());
    let mut first: HashMap<&str, &str> = HashMap::new();
    for (id, at) in &seen {
        if let Some(before) = first.insert(id, at) {
            panic!("id {id} is used at {before} and at {at}");
        }
    }
}
