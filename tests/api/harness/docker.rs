//! The Dockerfile, checked without a container engine: the HEALTHCHECK's command, run as
//! written against a live secmock (with and without an admin token in force), and the
//! image's build: dependencies cached from cargo-chef's recipe, not hand-listed targets;
//! a runtime base without a shell or curl; OCI labels.

use std::process::{Command, Stdio};

use crate::robustness::harness::{Running, secmock, wait_for};

fn dockerfile() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile")).expect("the Dockerfile")
}

/// The HEALTHCHECK's exec-form command (`CMD ["secmock", "health"]`).
fn healthcheck_command() -> Vec<String> {
    let file = dockerfile();
    let line = file.lines().find(|l| l.starts_with("HEALTHCHECK")).expect("a HEALTHCHECK");
    let array = &line[line.find("CMD [").expect("exec form") + 4..];
    serde_json::from_str(array).expect("a JSON array")
}

/// Runs the health check as the image would, with `--url` pointing at the test's server.
fn run_healthcheck(admin_url: &str, token: Option<&str>) -> std::process::Output {
    let command = healthcheck_command();
    assert_eq!(command[0], "secmock", "the image's binary");
    let mut run = Command::new(env!("CARGO_BIN_EXE_secmock"));
    run.args(&command[1..]).args(["--url", admin_url]).env_remove("SECMOCK_ADMIN_TOKEN");
    if let Some(token) = token {
        run.env("SECMOCK_ADMIN_TOKEN", token);
    }
    run.output().expect("secmock health runs")
}

fn start(dir: &std::path::Path, args: &[&str]) -> (Running, String) {
    let ready = dir.join("ready.json");
    let ready_arg = ready.to_string_lossy().to_string();
    let mut all = vec!["--free-ports", "--ready-file", &ready_arg];
    all.extend_from_slice(args);
    let child = secmock(&all).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("starts");
    let running = Running(child);
    let url = wait_for(&ready)["admin"]["url"].as_str().unwrap_or_default().to_string();
    (running, url)
}

#[test]
fn the_healthcheck_command_reports_a_live_server_up_and_a_dead_one_down() {
    let dir = std::env::temp_dir().join(format!("secmock-health-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (running, admin) = start(&dir, &[]);
    let up = run_healthcheck(&admin, None);
    assert!(up.status.success(), "{}", String::from_utf8_lossy(&up.stderr));
    assert!(String::from_utf8_lossy(&up.stdout).starts_with("up: {"), "{}", String::from_utf8_lossy(&up.stdout));
    drop(running);
    let down = run_healthcheck(&admin, None);
    assert!(!down.status.success(), "a stopped server is not healthy");
    assert!(
        String::from_utf8_lossy(&down.stderr).contains("cannot connect"),
        "{}",
        String::from_utf8_lossy(&down.stderr)
    );

    std::fs::remove_file(dir.join("ready.json")).expect("ready file");
    let (_running, admin) = start(&dir, &["--admin-token", "s3cret"]);
    let with_token = run_healthcheck(&admin, Some("s3cret"));
    assert!(String::from_utf8_lossy(&with_token.stdout).starts_with("up: {"), "the env var's token is sent");
    let without = run_healthcheck(&admin, None);
    assert!(without.status.success(), "a 401 still means up: {}", String::from_utf8_lossy(&without.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_image_caches_dependencies_from_a_recipe_on_a_small_base_with_labels() {
    let file = dockerfile();
    let commands = file.lines().filter(|l| !l.trim_start().starts_with('#'));
    assert!(file.contains("cargo chef prepare --recipe-path recipe.json"), "the planner stage");
    assert!(file.contains("cargo chef cook --release --locked --recipe-path recipe.json"), "the caching layer");
    assert!(commands.clone().all(|l| !l.contains("examples/") && !l.contains("benches/")), "no hand-listed targets");
    assert!(file.contains("FROM gcr.io/distroless/cc-debian12:nonroot AS runtime"));
    assert!(commands.clone().all(|l| !l.contains("curl")), "the health check needs no curl");
    for label in ["title", "description", "version", "licenses", "source", "revision"] {
        assert!(file.contains(&format!("org.opencontainers.image.{label}=")), "OCI label {label}");
    }
    assert!(file.contains("SECMOCK_ADMIN_TOKEN"), "the admin token is documented");
    assert!(!file.contains("COPY specs") && !file.contains("COPY scenarios"), "specs and scenarios are in the binary");
}
