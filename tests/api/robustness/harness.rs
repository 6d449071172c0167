//! What a harness in any language needs from the binary: one flag for free ports, a ready
//! file to wait for and read the URLs from (and the same document as the banner with
//! `--log-format json`), and a typo in a flag refused rather than ignored.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::helpers::client;

/// The binary from the crate's folder, with `args`, its output discarded.
pub(crate) fn secmock(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_secmock"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).args(args).env_remove("RUST_LOG").stdin(Stdio::null());
    command
}

/// Kills the process when the test ends, however it ends.
pub(crate) struct Running(pub(crate) std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn wait_for(file: &Path) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(file) {
            return serde_json::from_str(&text).unwrap_or_else(|e| panic!("the ready file is JSON: {e}\n{text}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no ready file within a minute");
}

#[tokio::test]
async fn free_ports_and_a_ready_file_give_a_harness_every_url_and_demo_key() {
    let dir = std::env::temp_dir().join(format!("secmock-ready-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("ready.json");
    let _ = std::fs::remove_file(&file);
    let file_arg = file.to_string_lossy().to_string();
    let child = secmock(&["--free-ports", "--clock", "manual", "--ready-file", &file_arg])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("secmock starts");
    let _running = Running(child);
    let ready = wait_for(&file);
    let apis = ready["apis"].as_object().expect("apis");
    assert_eq!(apis.keys().collect::<Vec<_>>(), ["dryrun", "kolega", "platform", "securescan"]);
    let admin = ready["admin"]["url"].as_str().expect("admin url");
    let health = client().get(format!("{admin}/health")).send().await.expect("admin answers");
    assert_eq!(health.status(), 200);
    // The demo key the banner shows works on the URL the file gives.
    let kolega = &ready["apis"]["kolega"];
    let line = kolega["credentials"].as_array().and_then(|l| l.first()).and_then(Value::as_str).unwrap_or_default();
    let key = line.split_whitespace().find(|w| w.starts_with("kcp_live_")).expect("a demo key");
    let url = kolega["url"].as_str().expect("url");
    assert_ne!(url, "http://127.0.0.1:4011", "a free port, not the default");
    let me = client().get(format!("{url}/api/v1/me")).bearer_auth(key).send().await.expect("kolega answers");
    assert_eq!(me.status(), 200);
    assert_eq!(kolega["docs"], format!("{url}/docs"));
    assert!(!dir.join("ready.json.partial").exists(), "written by a rename");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_json_banner_is_the_ready_document_on_one_line() {
    let mut child = secmock(&["--free-ports", "--clock", "manual", "--log-format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("secmock starts");
    let stdout = child.stdout.take().expect("piped");
    let _running = Running(child);
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).expect("a line");
    let banner: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert!(banner["apis"]["securescan"]["url"].as_str().is_some_and(|u| u.starts_with("http://127.0.0.1:")));
    assert_eq!(banner["scenario"], "default");
}

#[test]
fn a_port_for_an_api_that_is_not_served_is_refused() {
    let out = secmock(&["--free-ports", "--port", "kolegaa=8021"]).output().expect("secmock runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kolegaa") && stderr.contains("served: dryrun, kolega, platform, securescan"), "{stderr}");
}

#[test]
fn a_file_error_names_the_path_it_is_about() {
    let elsewhere = std::env::temp_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_secmock"))
        .current_dir(&elsewhere)
        .args(["validate", "no-such-spec.yaml"])
        .output()
        .expect("secmock runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no-such-spec.yaml: No such file or directory"), "{stderr}");
    let out = Command::new(env!("CARGO_BIN_EXE_secmock"))
        .current_dir(&elsewhere)
        .args(["--free-ports", "--specs", "specs"])
        .output()
        .expect("secmock runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("specs: No such file or directory") && stderr.contains("relative to"), "{stderr}");
}
