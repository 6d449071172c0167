//! One binary that works anywhere: run from a folder with no `specs/` or `scenarios/`
//! beside it (as after `cargo install`, or in a container), it serves the four shipped
//! APIs and lists the shipped scenarios; `--specs @bundled` adds a user's spec, named by
//! its title, on a port derived from that name; `--scenarios-dir` adds scenarios.

use std::process::Stdio;

use serde_json::Value;

use crate::helpers::client;
use crate::robustness::harness::{Running, secmock, wait_for};

/// A fresh, empty temporary folder.
fn empty_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("secmock-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Starts the binary in `dir` with `args` and a ready file; the ready document.
fn start_in(dir: &std::path::Path, args: &[&str]) -> (Running, Value) {
    let ready = dir.join("ready.json");
    let ready_arg = ready.to_string_lossy().to_string();
    let mut all = vec!["--clock", "manual", "--ready-file", &ready_arg];
    all.extend_from_slice(args);
    let child = secmock(&all).current_dir(dir).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("starts");
    let running = Running(child);
    let document = wait_for(&ready);
    (running, document)
}

#[tokio::test]
async fn the_binary_serves_every_shipped_api_and_scenario_from_an_empty_folder() {
    let dir = empty_dir("anywhere");
    let (_running, ready) = start_in(&dir, &["--free-ports"]);
    let apis = ready["apis"].as_object().expect("apis");
    assert_eq!(apis.keys().collect::<Vec<_>>(), ["dryrun", "kolega", "platform", "securescan"]);
    for (name, api) in apis {
        let url = api["url"].as_str().unwrap_or_default();
        let spec = client().get(format!("{url}/openapi.json")).send().await.expect("answers");
        assert_eq!(spec.status(), 200, "{name}");
        let spec: Value = spec.json().await.expect("json");
        let server = spec.pointer("/servers/0/url").and_then(Value::as_str).unwrap_or_default();
        assert!(server.starts_with('/'), "{name}: \"Try it out\" stays on secmock, not {server}");
        let docs = api["docs"].as_str().unwrap_or_else(|| panic!("{name} has a docs page"));
        let page = client().get(docs).send().await.expect("answers");
        assert_eq!(page.status(), 200, "{name}'s docs page and its assets are in the binary");
        let html = page.text().await.expect("html");
        assert!(!html.contains("https://"), "{name}'s docs page loads nothing from outside");
    }
    let kolega = ready["apis"]["kolega"]["url"].as_str().unwrap_or_default();
    let me = client().get(format!("{kolega}/api/v1/me")).bearer_auth("kcp_live_4f9TcQ2mVx8Lr1Nb7Hs3Kd6Pw0Yz");
    assert_eq!(me.send().await.expect("answers").status(), 200, "the default scenario's demo key works");
    let admin = ready["admin"]["url"].as_str().unwrap_or_default();
    let scenarios: Value =
        client().get(format!("{admin}/scenarios")).send().await.expect("answers").json().await.expect("json");
    let names: Vec<&str> =
        scenarios["scenarios"].as_array().into_iter().flatten().filter_map(|s| s["name"].as_str()).collect();
    assert!(names.contains(&"default") && names.contains(&"securescan-ci"), "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_users_spec_is_named_by_its_title_on_a_stable_port_beside_the_shipped_ones() {
    let dir = empty_dir("own-spec");
    std::fs::write(
        dir.join("orders.yaml"),
        "openapi: 3.1.0\ninfo: {title: 'Orders Service (v2)', version: '1'}\npaths:\n  /orders:\n    get:\n      operationId: list_orders\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {type: string}}\n              example: [a, b]\n",
    )
    .expect("spec written");
    std::fs::create_dir_all(dir.join("mine")).expect("scenarios folder");
    std::fs::write(dir.join("mine/quiet.yaml"), "description: nothing at all\nseed: 7\n").expect("scenario written");
    let expected = secmock::__private::derived_port("orders-service-v2", &[4010, 4011, 4012, 4013]);
    assert!((4100..5000).contains(&expected), "{expected}");
    if std::net::TcpListener::bind(("127.0.0.1", expected)).is_err() {
        eprintln!("port {expected} is in use here; the stable-port check is skipped");
        return;
    }
    let args = ["--specs", "@bundled", "--specs", "orders.yaml", "--scenarios-dir", "mine", "--admin-port", "0"];
    let (running, ready) = start_in(
        &dir,
        &[&args[..], &["--port", "dryrun=0", "--port", "kolega=0", "--port", "platform=0", "--port", "securescan=0"]]
            .concat(),
    );
    let orders = &ready["apis"]["orders-service-v2"];
    assert_eq!(orders["url"], format!("http://127.0.0.1:{expected}"), "{ready}");
    assert_eq!(ready["apis"].as_object().map(|a| a.len()), Some(5), "added to the shipped APIs");
    let got: Value = client()
        .get(format!("http://127.0.0.1:{expected}/orders"))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    assert_eq!(got, serde_json::json!(["a", "b"]));
    let admin = ready["admin"]["url"].as_str().unwrap_or_default();
    let scenarios: Value =
        client().get(format!("{admin}/scenarios")).send().await.expect("answers").json().await.expect("json");
    let names: Vec<&str> =
        scenarios["scenarios"].as_array().into_iter().flatten().filter_map(|s| s["name"].as_str()).collect();
    assert!(names.contains(&"quiet") && names.contains(&"default"), "the folder adds to the shipped ones: {names:?}");
    drop(running);
    let _ = std::fs::remove_dir_all(&dir);
}
