//! Why was it refused? A journal entry keeps what was answered, the problems of a refused
//! request, and for a request that matched no route the nearest routes; the journal filters
//! by path and counts.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Api, admin, assert_has, fixture_crud_server};

async fn journal(server: &secmock::MockServer, query: &str) -> Value {
    let (status, body) = admin(server, Method::GET, &format!("/journal{query}"), None).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn an_entry_shows_the_answer_the_problems_and_the_nearest_routes() {
    let server = fixture_crud_server(&["petstore-31.yaml"]).await;
    let pets = Api::of(&server, "petstore").with_key("test-key");
    pets.get("/pets/mine").await.expect(200);
    pets.get("/pets/?limit=abc").await;
    pets.get("/pet/1").await.expect(404);

    let latest = journal(&server, "?limit=1").await;
    let near = &latest["entries"][0]["near_misses"];
    assert!(near.as_array().is_some_and(|n| !n.is_empty() && n.len() <= 3), "{latest}");
    assert_has(&near[0], json!({"path": "/pets/{id}", "why": "segment 1: 'pet' is not 'pets'"}));

    let refused = journal(&server, "?path=/pets/&limit=1").await;
    let entry = &refused["entries"][0];
    assert!(entry["status"].as_u64().is_some_and(|s| (400..500).contains(&s)), "{entry}");
    assert!(
        entry["problems"].as_array().is_some_and(|p| p.iter().any(|p| p.as_str().is_some_and(|t| t.contains("limit")))),
        "{entry}"
    );
    assert!(entry["response"]["body"].as_str().is_some_and(|b| b.contains("limit")), "the answer is kept: {entry}");

    assert_eq!(journal(&server, "?path=/pets/*").await["matching"], 2, "/pets/ and /pets/mine");
    let mine = journal(&server, "?path=/pets/mine").await;
    assert_eq!(mine["matching"], 1, "{mine}");
    let ok = &mine["entries"][0];
    assert_eq!(ok["problems"], json!([]));
    assert!(ok["response"]["headers"].as_array().is_some_and(|h| h.iter().any(|kv| kv[0] == "content-type")), "{ok}");
    assert_eq!(journal(&server, "?path=*").await["matching"], 3);
    assert_eq!(journal(&server, "?path=/{pet,pets}/*").await["matching"], 3, "the glob fault rules use");
    let (status, _) = admin(&server, Method::GET, "/journal?path=/pets/[", None).await;
    assert_eq!(status, 422, "a pattern that does not compile");
}
