//! Every API's main list, rendered from versioned fragments (`src/fragments/`): asked
//! twice it is the same bytes, with no violation; a change to one finding (triage, a
//! status) shows in the next list at once, in that finding alone. (Debug builds also
//! check every remembered fragment against a fresh rendering, so every other test that
//! lists findings after changing them checks the versions too.)

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Api, Got, assert_has, client, fetch};

/// The list at `url` twice: the same bytes both times, and no contract violation.
async fn twice(request: impl Fn() -> reqwest::RequestBuilder) -> Value {
    let first = request().send().await.expect("request sent");
    assert_eq!(first.status().as_u16(), 200);
    assert!(first.headers().get("x-secmock-violations").is_none(), "the list violates its contract");
    let first = first.bytes().await.expect("body read");
    let again = request().send().await.expect("request sent").bytes().await.expect("body read");
    assert_eq!(first, again, "nothing changed: the same bytes");
    serde_json::from_slice(&first).expect("the list is JSON")
}

/// The items of a list other than the one with `field` = `value`.
fn others(items: &Value, field: &str, value: &Value) -> Vec<Value> {
    items.as_array().into_iter().flatten().filter(|f| &f[field] != value).cloned().collect()
}

#[tokio::test]
async fn a_dryrun_triage_shows_in_all_findings_at_once() {
    use crate::dryrun::ids::{CI_ORG, f};
    let server = crate::dryrun::ci_server().await;
    let url = format!("{}/v1/accounts/{CI_ORG}/all_findings?days=30", server.url("dryrun"));
    let list = || client().get(&url).bearer_auth("ci-all");
    let before = twice(list).await;
    let id = json!(f(1));
    let find = |page: &Value| page["data"].as_array().into_iter().flatten().find(|x| x["id"] == id).cloned();
    assert_has(&find(&before).unwrap_or_default(), json!({"triage_category": null}));

    let triage = format!("/accounts/{CI_ORG}/findings/{}/triage", f(1));
    let (status, body) = crate::dryrun::send(
        &server,
        Method::POST,
        Some("ci-all"),
        &triage,
        Some(json!({"triage_category": "false_positive"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let after = twice(list).await;
    assert_has(&find(&after).unwrap_or_default(), json!({"triage_category": "false_positive"}));
    assert_eq!(others(&after["data"], "id", &id), others(&before["data"], "id", &id));
}

#[tokio::test]
async fn a_securescan_verdict_shows_in_the_scan_findings_at_once() {
    use crate::securescan::{AFTER, READER, WRITER, server, v1};
    let server = server().await;
    let url = format!("{}/api/v1/scans/{AFTER}/findings", server.url("securescan"));
    let list = || client().get(&url).header("x-api-key", READER);
    let before = twice(list).await;
    let fingerprint = before[0]["fingerprint"].clone();
    let verdict = json!({"status": "false_positive", "note": "a test key"});
    let path = format!("/findings/{}/state", fingerprint.as_str().unwrap_or_default());
    v1(&server, WRITER).patch(&path, verdict).await.expect(200);
    let after = twice(list).await;
    assert_has(
        &after[0],
        json!({"fingerprint": fingerprint, "state": {"status": "false_positive", "note": "a test key"}}),
    );
    assert_eq!(others(&after, "fingerprint", &fingerprint), others(&before, "fingerprint", &fingerprint));
}

#[tokio::test]
async fn a_platform_status_shows_in_the_repository_findings_at_once() {
    use crate::platform::{PAYMENTS_API, RW_KEY, ci};
    let server = ci().await;
    let repo = format!("/v1/repositories/{PAYMENTS_API}");
    let url = format!("{}{repo}/findings?limit=50", server.url("platform"));
    let list = || client().get(&url).bearer_auth(RW_KEY);
    let before = twice(list).await;
    let id = before["items"][0]["id"].clone();
    let api = Api::of(&server, "platform").with_key(RW_KEY);
    let path = format!("{repo}/findings/{}", id.as_str().unwrap_or_default());
    api.send(Method::PUT, &path, Some(json!({"status": "confirmed", "note": "real"}))).await.expect(200);
    let after = twice(list).await;
    let changed = after["items"].as_array().into_iter().flatten().find(|f| f["id"] == id).cloned();
    assert_has(&changed.unwrap_or_default(), json!({"status": "confirmed", "note": "real"}));
    assert_eq!(others(&after["items"], "id", &id), others(&before["items"], "id", &id));
}

#[tokio::test]
async fn a_list_after_a_state_import_shows_the_imported_findings() {
    use crate::platform::{PAYMENTS_API, RW_KEY, ci};
    let server = ci().await;
    let url = format!("{}/v1/repositories/{PAYMENTS_API}/findings?limit=50", server.url("platform"));
    let list = || client().get(&url).bearer_auth(RW_KEY);
    let before = twice(list).await;
    let Got { body: mut snapshot, .. } =
        fetch(client().get(format!("{}/state?api=platform", server.admin_url()))).await;
    let id = before["items"][0]["id"].clone();
    let findings = snapshot["apis"]["platform"]["state"]["findings"].as_array_mut();
    let imported = findings.into_iter().flatten().find(|f| f["id"] == id);
    let Some(imported) = imported else { panic!("the listed finding is in the snapshot") };
    imported["note"] = json!("imported note");
    let put = fetch(client().put(format!("{}/state", server.admin_url())).json(&snapshot)).await;
    put.expect(200);
    let after = twice(list).await;
    let shown = after["items"].as_array().into_iter().flatten().find(|f| f["id"] == id).cloned();
    assert_has(&shown.unwrap_or_default(), json!({"note": "imported note"}));
}
