//! Repositories: newest first, archived only on request (but reachable by id), paging to
//! the end with the total, and FastAPI's 422 for out-of-range or mistyped parameters.

use std::collections::HashSet;

use reqwest::Method;
use serde_json::json;

use super::{Kolega, LEGACY, RW, ids};
use crate::helpers::assert_has;

#[tokio::test]
async fn the_list_hides_archived_repositories_unless_asked_and_pages_to_the_end() {
    let k = Kolega::default().await;
    let active = k.get("/api/v1/repositories").await;
    assert_has(&active, json!({"total": 5, "has_next": false}));
    assert!(active["items"].as_array().expect("items").iter().all(|r| r["archived"] == false));
    let created: Vec<&str> =
        active["items"].as_array().expect("items").iter().filter_map(|r| r["created_at"].as_str()).collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "newest first");

    let mut seen = Vec::new();
    let mut skip = 0;
    loop {
        let page = k.get(&format!("/api/v1/repositories?include_archived=true&limit=2&skip={skip}")).await;
        assert_has(&page, json!({"total": 7, "limit": 2, "skip": skip}));
        seen.extend(ids(&page));
        if page["has_next"] == false {
            break;
        }
        skip += 2;
    }
    assert_eq!(seen.len(), 7);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 7);
    assert!(seen.contains(&LEGACY.to_string()));
    let past_the_end = k.get("/api/v1/repositories?skip=50").await;
    assert_has(&past_the_end, json!({"items": [], "total": 5}));
}

#[tokio::test]
async fn an_archived_repository_is_reachable_by_id_with_its_sources() {
    let k = Kolega::default().await;
    let legacy = k.get(&format!("/api/v1/repositories/{LEGACY}")).await;
    assert_eq!(legacy["archived"], true);
    insta::assert_json_snapshot!("legacy_billing_sources", legacy["repositories"]);
    let (status, body) =
        k.call(Method::GET, "/api/v1/repositories/8b0c0f0e-0000-4000-8000-000000000000", Some(RW), None).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body, json!({"detail": "Repository not found"}));
}

#[tokio::test]
async fn out_of_range_and_mistyped_parameters_are_fastapi_422s() {
    let k = Kolega::default().await;
    let cases = [
        ("limit=0", "greater_than_equal", "limit"),
        ("limit=201", "less_than_equal", "limit"),
        ("skip=-1", "greater_than_equal", "skip"),
        ("limit=ten", "int_parsing", "limit"),
        ("include_archived=maybe", "bool_parsing", "include_archived"),
    ];
    for (query, kind, field) in cases {
        let (status, body) = k.call(Method::GET, &format!("/api/v1/repositories?{query}"), Some(RW), None).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(body["detail"][0]["type"], kind, "{query}: {body}");
        assert_eq!(body["detail"][0]["loc"], json!(["query", field]), "{query}");
        assert!(body["detail"][0]["msg"].is_string());
    }
    let (status, body) = k.call(Method::GET, "/api/v1/repositories?limit=0&skip=-3", Some(RW), None).await;
    assert_eq!(status, 422, "every problem at once: {body}");
    assert_eq!(body["detail"].as_array().map(Vec::len), Some(2), "every problem at once");
}
