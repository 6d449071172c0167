//! Recording (`--record DIR`, issue 15.2): a Kolega session through the proxy, against
//! secmock's own Kolega on another port, written as a spec with examples and a scenario;
//! the recording served again answers the same calls with the same ids and lists.

use std::path::{Path, PathBuf};

use secmock::MockServer;
use serde_json::Value;

use crate::helpers::{Got, client};

const ACME_KEY: &str = "kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz";

fn fresh_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The calls a Kolega client makes to look around: who am I, the repositories, one
/// repository's scans and findings.
async fn session(base: &str, key: &str) -> Vec<(String, Value)> {
    let get = |path: String| {
        let url = format!("{base}{path}");
        async move {
            (path, Got::read(client().get(url).bearer_auth(key).send().await.expect("answered")).await.expect(200))
        }
    };
    let mut answers = vec![get("/api/v1/me".into()).await, get("/api/v1/repositories?limit=50".into()).await];
    let first = answers[1].1["items"][0]["id"].as_str().expect("a repository").to_string();
    for path in [
        format!("/api/v1/repositories/{first}"),
        format!("/api/v1/repositories/{first}/scans"),
        format!("/api/v1/repositories/{first}/findings?limit=100"),
    ] {
        answers.push(get(path).await);
    }
    answers
}

/// What a replay must give back the same: ids, names and the members that identify. Not
/// `updated_at` of repositories whose scans the session never listed: it follows their
/// latest scan, which the recording did not see (the README says so).
fn identity(answer: &Value) -> Value {
    let pick = |v: &Value| {
        let keep = [
            "id",
            "batch_id",
            "name",
            "organization_id",
            "organization_slug",
            "key_prefix",
            "scopes",
            "archived",
            "status",
            "severity",
            "check_id",
            "file_path",
            "scan_type",
            "created_at",
            "first_detected_at",
            "total",
        ];
        let mut out = serde_json::Map::new();
        if let Value::Object(map) = v {
            for (k, member) in map {
                if keep.contains(&k.as_str()) {
                    out.insert(k.clone(), member.clone());
                }
            }
        }
        Value::Object(out)
    };
    match answer.get("items") {
        Some(Value::Array(items)) => {
            serde_json::json!({"items": items.iter().map(pick).collect::<Vec<_>>(), "total": answer["total"]})
        }
        _ => {
            let mut one = pick(answer);
            if let Some(key) = answer.get("api_key") {
                one.as_object_mut().expect("an object").insert("api_key".into(), pick(key));
            }
            one
        }
    }
}

#[tokio::test]
async fn a_recorded_kolega_session_replays_with_the_same_ids_and_lists() {
    let dir = fresh_dir("record-kolega");
    let real = MockServer::start().await;
    let upstream = real.url("kolega");
    let record = dir.clone();
    let proxy = MockServer::builder()
        .scenario(None)
        .configure(move |c| {
            c.proxies.insert("kolega".into(), upstream);
            c.record = Some(record);
        })
        .start()
        .await
        .expect("the proxy starts");
    let recorded = session(&proxy.url("kolega"), ACME_KEY).await;
    assert!(proxy.violations().is_empty(), "secmock's own Kolega honours its contract");

    let scenario_file = dir.join("scenario.yaml");
    let text = std::fs::read_to_string(&scenario_file).expect("the scenario is written");
    assert!(!text.contains(ACME_KEY), "the key is masked before it is written");
    let spec_text = std::fs::read_to_string(dir.join("kolega/openapi.yaml")).expect("the spec is written");
    assert!(spec_text.contains("recorded_1"), "answers are named examples");
    let scenario: Value = yaml_serde::from_str(&text).expect("YAML");
    let masked = scenario["apis"]["kolega"]["organizations"][0]["keys"][0]["key"].as_str().expect("a key").to_string();
    assert!(masked.starts_with("kcp_live_4f9T") && masked.len() == ACME_KEY.len(), "{masked}");

    let replay = MockServer::builder()
        .specs([dir.join("kolega/openapi.yaml")])
        .scenario(Some(scenario_file.to_str().expect("a UTF-8 path")))
        .start()
        .await
        .expect("the recording loads");
    let replayed = session(&replay.url("kolega"), &masked).await;
    for ((path, was), (_, now)) in recorded.iter().zip(&replayed) {
        assert_eq!(identity(was), identity(now), "{path}");
    }
    assert!(replay.violations().is_empty());
}

#[tokio::test]
async fn a_recorded_securescan_session_replays_the_same_scans_in_the_same_lists() {
    let dir = fresh_dir("record-securescan");
    let real = MockServer::start().await;
    let upstream = real.url("securescan");
    let record = dir.clone();
    let proxy = MockServer::builder()
        .scenario(None)
        .configure(move |c| {
            c.proxies.insert("securescan".into(), upstream);
            c.record = Some(record);
        })
        .start()
        .await
        .expect("the proxy starts");
    let scans = |base: String, key: String| async move {
        let list = Got::read(
            client().get(format!("{base}/api/v1/scans")).header("x-api-key", &key).send().await.expect("answered"),
        )
        .await
        .expect(200);
        let first = list[0]["id"].as_str().expect("a scan").to_string();
        let one = Got::read(
            client()
                .get(format!("{base}/api/v1/scans/{first}"))
                .header("x-api-key", &key)
                .send()
                .await
                .expect("answered"),
        )
        .await
        .expect(200);
        (list, one)
    };
    let (list, one) = scans(proxy.url("securescan"), "ss-differential-env-key".into()).await;
    assert!(proxy.violations().is_empty());

    let text = std::fs::read_to_string(dir.join("scenario.yaml")).expect("the scenario is written");
    assert!(!text.contains("ss-differential-env-key"), "the key is masked before it is written");
    let scenario: Value = yaml_serde::from_str(&text).expect("YAML");
    let key = scenario["apis"]["securescan"]["env_key"].as_str().expect("the key used").to_string();
    let replay = MockServer::builder()
        .specs([dir.join("securescan/openapi.yaml")])
        .scenario(Some(dir.join("scenario.yaml").to_str().expect("a UTF-8 path")))
        .start()
        .await
        .expect("the recording loads");
    let (list_again, one_again) = scans(replay.url("securescan"), key).await;
    let ids = |list: &Value| -> Vec<(Value, Value, Value)> {
        list.as_array()
            .expect("a list")
            .iter()
            .map(|s| (s["id"].clone(), s["target_path"].clone(), s["scan_types"].clone()))
            .collect()
    };
    assert_eq!(ids(&list), ids(&list_again));
    assert_eq!(
        (&one["id"], &one["status"], &one["started_at"]),
        (&one_again["id"], &one_again["status"], &one_again["started_at"])
    );
    assert!(replay.violations().is_empty());
}
