//! Configurations: the lifecycle (create 201, list, get, update, delete then 404) with
//! the nested body as documented, analyzer and policy references checked, assignment by
//! id, name and glob, and bulk updates.

use reqwest::Method;
use serde_json::{Value, json};

use super::ids::*;
use super::{ci_server, get, ids_of, ok, send};
use crate::helpers::assert_has;

fn configs(rest: &str) -> String {
    format!("/accounts/{CI_ORG}/configurations{rest}")
}

async fn post(server: &secmock::MockServer, path: &str, body: Value) -> (u16, Value) {
    send(server, Method::POST, Some("ci-all"), path, Some(body)).await
}

#[tokio::test]
async fn scenario_configurations_are_listed_by_name_with_their_settings() {
    let server = ci_server().await;
    let list = ok(&server, &configs("")).await;
    assert_eq!(ids_of(&list, "name"), vec!["Default", "Strict"]);
    insta::assert_json_snapshot!("scenario_strict_configuration", list["data"][1]);
    assert_eq!(list["data"][0]["repository_ids"], json!([API]));
    let analyzers = ok(&server, &format!("/accounts/{CI_ORG}/analyzers")).await;
    let slugs = ids_of(&analyzers, "slug");
    assert!(slugs.contains(&"sql_injection".to_string()) && slugs.len() >= 10, "{slugs:?}");
    let names = ids_of(&analyzers, "name");
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "analyzers are ordered by name");
    let policies = ok(&server, &format!("/accounts/{CI_ORG}/custom_policies")).await;
    insta::assert_json_snapshot!("scenario_custom_policies", policies["data"]);
    assert_eq!(ok(&server, &format!("/accounts/{OTHER_ORG}/custom_policies")).await["data"], json!([]));
}

#[tokio::test]
async fn configuration_lifecycle() {
    let server = ci_server().await;
    // DryRun's curl example.
    let (status, created) = post(
        &server,
        &configs(""),
        json!({"configuration": {"name": "My Config", "configuration": {"comment": "disabled", "risk_threshold": 0, "analyzers": {}}}, "repositories": []}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["data"]["id"].as_str().expect("id").to_string();
    // Everything the curl example leaves out takes its documented default.
    insta::assert_json_snapshot!("created_my_config", created["data"]);
    assert_eq!(ok(&server, &configs(&format!("/{id}"))).await["data"], created["data"]);
    assert_eq!(ids_of(&ok(&server, &configs("")).await, "name"), vec!["Default", "My Config", "Strict"]);

    server.advance("10m").await;
    // DryRun's PUT curl example: a partial update.
    let (status, updated) = send(
        &server,
        Method::PUT,
        Some("ci-all"),
        &configs(&format!("/{id}")),
        Some(json!({"configuration": {"name": "Updated Config", "configuration": {"risk_threshold": 5}}})),
    )
    .await;
    assert_eq!(status, 200, "{updated}");
    // What is not sent stays; updated_at moves with the clock, created_at does not.
    insta::assert_json_snapshot!("updated_config", updated["data"]);
    assert_eq!(updated["data"]["configuration"]["comment"], "disabled", "what is not sent stays");
    for analyzers in
        [json!({"secrets": true, "sql_injection": {"blocking": true}}), json!({"sql_injection": {"silent": true}})]
    {
        let request = json!({"configuration": {"configuration": {"analyzers": analyzers}}});
        let (status, body) =
            send(&server, Method::PUT, Some("ci-all"), &configs(&format!("/{id}")), Some(request)).await;
        assert_eq!(status, 200, "{body}");
    }
    let merged = ok(&server, &configs(&format!("/{id}"))).await;
    assert_eq!(
        merged["data"]["configuration"]["analyzers"],
        json!({"secrets": {"enabled": true, "silent": false, "blocking": false}, "sql_injection": {"enabled": true, "silent": true, "blocking": true}}),
        "analyzers merge per slug"
    );

    let (status, deleted) = send(&server, Method::DELETE, Some("ci-all"), &configs(&format!("/{id}")), None).await;
    assert_eq!(status, 200, "{deleted}");
    assert_eq!(
        deleted,
        json!({"data": {"id": id, "name": "Updated Config", "deleted": true, "unassigned_repository_ids": []}})
    );
    let (status, body) = get(&server, &configs(&format!("/{id}"))).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body, json!({"error": "not found"}));
    let (status, _) = send(&server, Method::DELETE, Some("ci-all"), &configs(&format!("/{id}")), None).await;
    assert_eq!(status, 404);
    let (status, _) =
        send(&server, Method::PUT, Some("ci-all"), &configs(&format!("/{id}")), Some(json!({"configuration": {}})))
            .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn creating_with_repositories_and_deleting_unassigns_them() {
    let server = ci_server().await;
    let (status, created) = post(
        &server,
        &configs(""),
        json!({
            "configuration": {"name": "Legacy", "configuration": {
                "analyzers": {"secrets": true},
                "code_policies": [{"id": null, "enabled": null, "silent": null, "blocking": null}, {"id": CARD_POLICY, "silent": true}],
                "notifications": {"enabled": true, "integrationNames": [null, "pagerduty"]},
            }},
            "repositories": [LEGACY],
        }),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let id = created["data"]["id"].as_str().expect("id").to_string();
    assert_eq!(created["data"]["repository_ids"], json!([LEGACY]));
    // The template's null entries are dropped and what is left out takes its default.
    insta::assert_json_snapshot!("created_from_template", created["data"]["configuration"]);
    let repos = ok(&server, &format!("/accounts/{CI_ORG}/repositories")).await;
    assert_eq!(repos["data"][1]["configuration_id"], id);
    assert_eq!(repos["data"][1]["updated_at"], "2026-01-15T09:00:00Z");

    let (_, deleted) = send(&server, Method::DELETE, Some("ci-all"), &configs(&format!("/{id}")), None).await;
    assert_eq!(deleted["data"]["unassigned_repository_ids"], json!([LEGACY]));
    let repos = ok(&server, &format!("/accounts/{CI_ORG}/repositories")).await;
    assert_eq!(repos["data"][1]["configuration_id"], json!(null));
}

#[tokio::test]
async fn semantic_refusals_are_422_and_change_nothing() {
    let server = ci_server().await;
    let before = ok(&server, &configs("")).await;
    let (status, body) = post(
        &server,
        &configs(""),
        json!({
            "configuration": {"name": "Default", "configuration": {
                "analyzers": {"sql_injecton": true},
                "code_policies": [{"id": "40000000-0000-4000-8000-000000000099"}],
            }},
            "repositories": [OTHER_API],
        }),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({"error": format!("name 'Default' has already been taken; unknown analyzer: sql_injecton; unknown code policy: 40000000-0000-4000-8000-000000000099; repository not found in this account: {OTHER_API}")})
    );
    // DryRun's documented request template, with its nulls and placeholder repository.
    let (status, body) = post(
        &server,
        &configs(""),
        json!({
            "configuration": {"name": "string", "configuration": {
                "comment": "disabled", "show_scan_confirmation": false, "risk_threshold": 0, "analyzers": {},
                "code_policies": [{"id": null, "enabled": null, "silent": null, "blocking": null}],
                "notifications": {"enabled": false, "deduplicate": false, "integrationNames": [null]},
            }},
            "repositories": ["00000000-0000-0000-0000-000000000000"],
        }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body, json!({"error": "repository not found in this account: 00000000-0000-0000-0000-000000000000"}));
    let (status, body) = send(
        &server,
        Method::PUT,
        Some("ci-all"),
        &configs(&format!("/{DEFAULT_CONFIG}")),
        Some(json!({"configuration": {"name": "Strict", "configuration": {"analyzers": {"nope": {}}}}})),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body, json!({"error": "name 'Strict' has already been taken; unknown analyzer: nope"}));
    let (status, body) = post(&server, &configs(""), json!({"configuration": {"configuration": {}}})).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["details"][0]["location"], "body.configuration.name", "{body}");
    let (status, _) = post(&server, &configs(""), json!({"configuration": {"name": ""}})).await;
    assert_eq!(status, 400);
    let (status, _) =
        post(&server, &configs(""), json!({"configuration": {"name": "x", "configuration": {"risk_threshold": -1}}}))
            .await;
    assert_eq!(status, 400);
    assert_eq!(ok(&server, &configs("")).await, before, "nothing changed");
}

#[tokio::test]
async fn assignment_by_id_name_and_pattern() {
    let server = ci_server().await;
    let assign = configs("/assign_repositories");
    // DryRun's curl example: by id.
    let (status, body) =
        post(&server, &assign, json!({"configuration_id": STRICT_CONFIG, "repository_ids": [API]})).await;
    assert_eq!(status, 200, "{body}");
    insta::assert_json_snapshot!("assigned_by_id", body["data"]);
    // By a glob on the name.
    let (_, body) =
        post(&server, &assign, json!({"configuration_id": DEFAULT_CONFIG, "repository_pattern": "*a*"})).await;
    // Each assigned repository says which configuration it had before.
    insta::assert_json_snapshot!("assigned_by_pattern", body["data"]);
    assert_eq!(
        ok(&server, &configs(&format!("/{DEFAULT_CONFIG}"))).await["data"]["repository_ids"],
        json!([API, LEGACY])
    );
    // All three at once, united, with what matched nothing reported.
    let unknown = "20000000-0000-4000-8000-000000000099";
    let (_, body) = post(
        &server,
        &assign,
        json!({
            "configuration_id": STRICT_CONFIG,
            "repository_ids": [WEB, unknown, OTHER_API],
            "repository_names": ["api", "ci-org/web", "billing-legacy"],
            "repository_pattern": "leg?cy-*",
        }),
    )
    .await;
    insta::assert_json_snapshot!("assigned_by_ids_names_and_pattern", body["data"]);
    let assigned = ids_of(&json!({"data": body["data"]["assigned"]}), "id");
    assert_eq!(assigned, vec![WEB, API, LEGACY], "ids first, then names, then the pattern");
    let repos = ok(&server, &format!("/accounts/{CI_ORG}/repositories")).await;
    assert!(repos["data"].as_array().expect("data").iter().all(|r| r["configuration_id"] == STRICT_CONFIG));

    for (request, status, error) in [
        (json!({"configuration_id": STRICT_CONFIG}), 422, "no repositories to assign"),
        (json!({"configuration_id": STRICT_CONFIG, "repository_pattern": "zzz*"}), 422, "no repositories to assign"),
        (json!({"configuration_id": STRICT_CONFIG, "repository_names": ["nope"]}), 422, "no repositories to assign"),
        (
            json!({"configuration_id": "30000000-0000-4000-8000-000000000099", "repository_ids": [API]}),
            404,
            "not found",
        ),
    ] {
        let (got, body) = post(&server, &assign, request.clone()).await;
        assert_eq!(got, status, "{request}: {body}");
        assert_eq!(body, json!({"error": error}), "{request}");
    }
    let (status, body) =
        post(&server, &assign, json!({"configuration_id": STRICT_CONFIG, "repository_pattern": "[a-"})).await;
    assert_eq!(status, 422);
    assert!(body["error"].as_str().is_some_and(|e| e.starts_with("repository_pattern is not a valid glob")), "{body}");
}

#[tokio::test]
async fn bulk_update_reports_each_configuration() {
    let server = ci_server().await;
    let bulk = configs("/bulk_update");
    server.advance("1h").await;
    // DryRun's curl example.
    let (status, body) = post(
        &server,
        &bulk,
        json!({"configuration_ids": [DEFAULT_CONFIG, STRICT_CONFIG], "updates": {"risk_threshold": 5}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_has(&body["data"], json!({"updated_count": 2, "failed_count": 0}));
    for result in body["data"]["results"].as_array().expect("results") {
        assert_has(result, json!({"status": "updated", "error": null}));
        assert_eq!(result["configuration"]["configuration"]["risk_threshold"], 5);
        assert_eq!(result["configuration"]["updated_at"], "2026-01-15T10:00:00Z");
    }
    let missing = "30000000-0000-4000-8000-000000000099";
    let (_, body) = post(
        &server,
        &bulk,
        json!({"configuration_ids": [missing, DEFAULT_CONFIG], "updates": {"analyzers": {"secrets": false}, "notifications": {"enabled": true}}}),
    )
    .await;
    // One result per id, in the order sent: the missing one fails, the other is updated.
    insta::assert_json_snapshot!("bulk_update_with_a_missing_id", body["data"]);
    let default = &body["data"]["results"][1]["configuration"]["configuration"];
    assert_eq!(default["risk_threshold"], 5, "keys left out stay as they are");

    let before = ok(&server, &configs("")).await;
    let (status, body) = post(
        &server,
        &bulk,
        json!({"configuration_ids": [DEFAULT_CONFIG], "updates": {"risk_threshold": 9, "code_policies": [{"id": "00000000-0000-0000-0000-000000000000", "enabled": false}]}}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body, json!({"error": "unknown code policy: 00000000-0000-0000-0000-000000000000"}));
    assert_eq!(ok(&server, &configs("")).await, before, "nothing applied");
    let (status, _) = post(&server, &bulk, json!({"configuration_ids": [], "updates": {}})).await;
    assert_eq!(status, 400, "at least one id");

    // An id listed twice (in any case) is one configuration, counted once.
    let twice =
        json!({"configuration_ids": [DEFAULT_CONFIG, DEFAULT_CONFIG.to_uppercase()], "updates": {"risk_threshold": 7}});
    let (status, body) = post(&server, &bulk, twice).await;
    assert_eq!(status, 200, "{body}");
    crate::helpers::assert_has(&body["data"], json!({"updated_count": 1, "failed_count": 0}));
    assert_eq!(body["data"]["results"].as_array().map(Vec::len), Some(1));
}
