//! Keys and accounts: a key sees exactly its accounts; nothing of an account it cannot
//! see is reachable, and unknown keys are refused in DryRun's words.

use reqwest::Method;
use serde_json::json;

use super::ids::*;
use super::{ci_server, get, ids_of, ok, send};
use crate::helpers::fetch;

#[tokio::test]
async fn a_key_lists_exactly_its_accounts_with_org_info() {
    let server = ci_server().await;
    let all = ok(&server, "/accounts").await;
    insta::assert_json_snapshot!("ci_accounts", all["data"]);
    assert!(all.get("pagination").is_none(), "the account list is not paginated");
    let (status, one) = send(&server, Method::GET, Some("ci-other"), "/accounts", None).await;
    assert_eq!(status, 200);
    assert_eq!(ids_of(&one, "account_id"), vec![OTHER_ORG]);
}

#[tokio::test]
async fn missing_and_unknown_keys_are_401_in_dryruns_words() {
    let server = ci_server().await;
    for key in [None, Some("not-a-key"), Some("")] {
        let (status, body) = send(&server, Method::GET, key, "/accounts", None).await;
        assert_eq!(status, 401, "key {key:?}: {body}");
        assert_eq!(body, json!({"error": "unauthorized"}), "key {key:?}");
    }
    let (status, body) =
        send(&server, Method::GET, Some("wrong"), &format!("/accounts/{CI_ORG}/all_findings"), None).await;
    assert_eq!(status, 401, "401 comes before validation: {body}");
    assert_eq!(body, json!({"error": "unauthorized"}), "401 comes before validation");
}

#[tokio::test]
async fn nothing_of_an_account_the_key_cannot_see_is_reachable() {
    let server = ci_server().await;
    let not_found = json!({"error": "not found"});
    let paths = [
        format!("/accounts/{CI_ORG}/repositories"),
        format!("/accounts/{CI_ORG}/repositories/{API}/scans"),
        format!("/accounts/{CI_ORG}/repositories/{API}/scans/{}", scan(1)),
        format!("/accounts/{CI_ORG}/repositories/{API}/findings"),
        format!("/accounts/{CI_ORG}/all_findings?days=30"),
        format!("/accounts/{CI_ORG}/findings/{}/triage", f(1)),
        format!("/accounts/{CI_ORG}/deepscans"),
        format!("/accounts/{CI_ORG}/repositories/{API}/deepscans/{}/results", d(1)),
        format!("/accounts/{CI_ORG}/configurations"),
        format!("/accounts/{CI_ORG}/configurations/{DEFAULT_CONFIG}"),
        format!("/accounts/{CI_ORG}/analyzers"),
        format!("/accounts/{CI_ORG}/custom_policies"),
        format!("/accounts/{CI_ORG}/insights"),
    ];
    for path in &paths {
        let (status, body) = send(&server, Method::GET, Some("ci-other"), path, None).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body, not_found, "{path}");
    }
    // Through an account it can see, ids of another account do not resolve either.
    let cross = [
        format!("/accounts/{OTHER_ORG}/repositories/{API}/scans"),
        format!("/accounts/{OTHER_ORG}/repositories/{OTHER_API}/scans/{}", scan(1)),
        format!("/accounts/{OTHER_ORG}/findings/{}/triage", f(1)),
        format!("/accounts/{OTHER_ORG}/configurations/{DEFAULT_CONFIG}"),
        format!("/accounts/{OTHER_ORG}/all_findings?days=30&repository_id={API}"),
    ];
    for path in &cross {
        let (status, body) = send(&server, Method::GET, Some("ci-other"), path, None).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert_eq!(body, not_found, "{path}");
    }
    let (status, _) = send(
        &server,
        Method::DELETE,
        Some("ci-other"),
        &format!("/accounts/{CI_ORG}/configurations/{DEFAULT_CONFIG}"),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        ok(&server, &format!("/accounts/{CI_ORG}/configurations/{DEFAULT_CONFIG}")).await["data"]["name"],
        "Default"
    );
}

#[tokio::test]
async fn repositories_are_listed_by_name_with_pagination() {
    let server = ci_server().await;
    let page = ok(&server, &format!("/accounts/{CI_ORG}/repositories")).await;
    assert_eq!(ids_of(&page, "name"), vec!["api", "legacy-billing", "web"]);
    assert_eq!(page["pagination"], json!({"page": 1, "per_page": 50, "total": 3, "total_pages": 1}));
    insta::assert_json_snapshot!("repository_api", page["data"][0]);
    assert_eq!(page["data"][1]["id"], LEGACY);
    assert_eq!(page["data"][1]["enabled"], false);
    assert_eq!(page["data"][1]["configuration_id"], json!(null));
    let second = ok(&server, &format!("/accounts/{CI_ORG}/repositories?page=2&per_page=2")).await;
    assert_eq!(ids_of(&second, "id"), vec![WEB]);
    assert_eq!(second["pagination"], json!({"page": 2, "per_page": 2, "total": 3, "total_pages": 2}));
    let past = ok(&server, &format!("/accounts/{CI_ORG}/repositories?page=9")).await;
    assert_eq!(past["data"], json!([]));
    assert_eq!(past["pagination"]["total"], 3);
    let (status, _) = get(&server, &format!("/accounts/{CI_ORG}/repositories/")).await;
    assert_eq!(status, 200, "a trailing slash is tolerated, Rails-style");
}

#[tokio::test]
async fn every_answer_names_the_request_for_support() {
    let server = ci_server().await;
    let api = crate::helpers::Api::of(&server, "dryrun").under("/v1");
    let answers = [
        api.clone().with_key("ci-all").get("/accounts").await,
        api.get("/accounts").await,
        api.clone().with_key("ci-all").get("/accounts/00000000-0000-4000-8000-000000000000/repositories").await,
        api.clone().with_key("ci-all").get("/accounts/not-a-uuid/repositories").await,
    ];
    let mut ids = std::collections::HashSet::new();
    for got in &answers {
        let id = got.header("request-id");
        assert_eq!(id.len(), 36, "{} without a request id: {}", got.status, got.body);
        ids.insert(id.to_string());
    }
    assert_eq!(answers.iter().map(|g| g.status).collect::<Vec<_>>(), [200, 401, 404, 400]);
    assert_eq!(ids.len(), 4, "one id per request");
    let url = format!("{}/v1/accounts", server.url("dryrun"));
    let echoed =
        fetch(crate::helpers::client().get(url).bearer_auth("ci-all").header("x-request-id", "trace-42")).await;
    assert_eq!(echoed.headers["request-id"], "trace-42");
}
