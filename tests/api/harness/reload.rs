//! Hot reload (`--watch`): an edited spec is served in place (its API's state rebuilt from
//! the scenario, every other API's kept), a broken one leaves the version before it in
//! place and says why, and an edited scenario reloads the APIs whose section changed.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::{client, fetch};
use crate::robustness::harness::{Running, secmock, wait_for};

const KEY: &str = "kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz";
const PAYMENTS: &str = "65bb83bf-1356-4cbe-a45a-a89c9dde8fd0";

/// A folder holding copies of the shipped specs (`specs/<api>/openapi.yaml`) and of the
/// default scenario (`scenario.yaml`), for the test to edit.
fn editable_copy(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secmock-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"));
    for api in ["dryrun", "kolega", "platform", "securescan"] {
        std::fs::create_dir_all(dir.join("specs").join(api)).expect("spec dir");
        let spec = shipped.join("specs").join(api).join("openapi.yaml");
        std::fs::copy(spec, dir.join("specs").join(api).join("openapi.yaml")).expect("spec copied");
    }
    std::fs::copy(shipped.join("scenarios/default.yaml"), dir.join("scenario.yaml")).expect("scenario copied");
    dir
}

/// Replaces `from` by `to` in `file` (which must hold it), written whole.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("readable");
    assert!(text.contains(from), "{} holds {from:?}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("written");
}

/// Waits (at most 20 s) until `check` holds, asking again every 100 ms.
async fn until<F: std::future::Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never happened: {what}");
}

async fn title(base: &str) -> String {
    let doc = fetch(client().get(format!("{base}/openapi.json"))).await.expect(200);
    doc["info"]["title"].as_str().unwrap_or_default().to_string()
}

async fn scans(kolega: &str) -> Value {
    let url = format!("{kolega}/api/v1/repositories/{PAYMENTS}/scans?limit=100");
    fetch(client().get(url).bearer_auth(KEY)).await.expect(200)
}

#[tokio::test]
async fn edits_to_specs_and_the_scenario_take_effect_in_place() {
    let dir = editable_copy("watch");
    let (specs, scenario, ready, log) =
        (dir.join("specs"), dir.join("scenario.yaml"), dir.join("ready.json"), dir.join("stderr.log"));
    let args = [
        "--watch",
        "--free-ports",
        "--clock",
        "manual",
        "--specs",
        specs.to_str().unwrap_or_default(),
        "--scenario",
        scenario.to_str().unwrap_or_default(),
        "--ready-file",
        ready.to_str().unwrap_or_default(),
    ];
    let stderr = std::fs::File::create(&log).expect("log file");
    let child = secmock(&args).stdout(Stdio::null()).stderr(stderr).spawn().expect("starts");
    let _running = Running(child);
    let ready = wait_for(&ready);
    let url = |api: &str| ready["apis"][api]["url"].as_str().unwrap_or_default().to_string();
    let (kolega, dryrun, admin) = (url("kolega"), url("dryrun"), ready["admin"]["url"].as_str().unwrap_or_default());

    // State in Kolega: a scan started.
    let before = scans(&kolega).await;
    let started = client()
        .post(format!("{kolega}/api/v1/repositories/{PAYMENTS}/scans"))
        .bearer_auth(KEY)
        .json(&serde_json::json!({"scan_type": "semgrep_scan"}));
    assert!(fetch(started).await.status < 300, "the scan starts");
    let after = scans(&kolega).await;
    assert_ne!(before, after, "the new scan is listed");

    // A world of its own, which the edits reach too.
    let created = client().post(format!("{admin}/worlds")).json(&serde_json::json!({"name": "side"}));
    assert_eq!(fetch(created).await.status, 201);

    // DryRun's spec edited: served at once, in every world; Kolega keeps its state.
    let dryrun_spec = specs.join("dryrun/openapi.yaml");
    edit(&dryrun_spec, "title: DryRun Security Simple API", "title: DryRun Security Simple API (edited)");
    until("DryRun serves its edited spec", || async { title(&dryrun).await.ends_with("(edited)") }).await;
    until("the named world serves it too", || async { title(&format!("{dryrun}/w/side")).await.ends_with("(edited)") })
        .await;
    assert_eq!(scans(&kolega).await, after, "an API whose spec did not change keeps its state");

    // A broken edit: the version before stays, and the log says why, naming the file.
    std::fs::write(&dryrun_spec, "openapi: 3.1.0\ninfo: [unclosed\n").expect("written");
    until("the broken spec is reported", || async {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("--watch") && l.contains("dryrun/openapi.yaml"))
    })
    .await;
    assert!(title(&dryrun).await.ends_with("(edited)"), "still the last version that loaded");

    // Kolega's spec edited: served, and its state rebuilt from the scenario.
    edit(&specs.join("kolega/openapi.yaml"), "title: Kolega.dev Public API", "title: Kolega.dev Public API (edited)");
    until("Kolega serves its edited spec", || async { title(&kolega).await.ends_with("(edited)") }).await;
    assert_eq!(scans(&kolega).await, before, "the API whose spec changed starts again from the scenario");

    // The scenario edited: only Kolega's section changes, so only Kolega reloads.
    let dryrun_journal =
        || async { fetch(client().get(format!("{admin}/journal?api=dryrun"))).await.expect(200)["matching"].as_u64() };
    let dryrun_seen = dryrun_journal().await;
    assert!(dryrun_seen.is_some_and(|n| n > 0), "DryRun's requests are journaled");
    let started = client()
        .post(format!("{kolega}/api/v1/repositories/{PAYMENTS}/scans"))
        .bearer_auth(KEY)
        .json(&serde_json::json!({"scan_type": "semgrep_scan"}));
    assert!(fetch(started).await.status < 300);
    edit(&scenario, "name: Acme Corp\n", "name: Acme Corporation\n");
    until("the edited scenario is loaded", || async {
        let me = fetch(client().get(format!("{kolega}/api/v1/me")).bearer_auth(KEY)).await.expect(200);
        me.to_string().contains("Acme Corporation")
    })
    .await;
    assert_eq!(scans(&kolega).await, before, "Kolega was reloaded from its new section");
    assert_eq!(dryrun_journal().await, dryrun_seen, "DryRun, whose section is as it was, kept its journal");

    // A scenario edit the server refuses (a section for an API it does not serve) changes
    // nothing, and the log says why.
    let kept = scans(&kolega).await;
    edit(&scenario, "apis:\n", "apis:\n  nope: {}\n");
    until("the refused scenario is reported", || async {
        std::fs::read_to_string(&log)
            .is_ok_and(|l| l.contains("'nope'") && l.contains("the scenario loaded before stays"))
    })
    .await;
    assert_eq!(scans(&kolega).await, kept, "a refused scenario changes no state");
    let loaded = fetch(client().get(format!("{admin}/scenario"))).await.expect(200);
    assert_eq!(loaded["name"], "default", "{loaded}");
    let _ = std::fs::remove_dir_all(&dir);
}
