//! The SecureScan differential (tests/differential/securescan): the same client workflows
//! against the real securescan 0.11.12 and this build of secmock. Ignored by default because
//! it needs the real server installed in a Python venv (a network install); `.ci/run` runs
//! it after `cargo test`. To run it from cargo:
//!
//! ```sh
//! python3 -m venv target/ci-venv && target/ci-venv/bin/pip install 'securescan==0.11.12' httpx
//! cargo test --test api differential -- --ignored --nocapture
//! ```
//!
//! `SECURESCAN_VENV` names another venv. The test fails when agreement drops below the ratchet
//! in `tests/differential/securescan/minimum`.

use std::path::PathBuf;
use std::process::Command;

#[test]
#[ignore = "needs the real securescan 0.11.12 in a venv (target/ci-venv or $SECURESCAN_VENV)"]
fn securescan_agrees_with_the_real_server_at_least_as_much_as_the_ratchet() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let venv = std::env::var_os("SECURESCAN_VENV").map(PathBuf::from).unwrap_or_else(|| root.join("target/ci-venv"));
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "no venv at {}: create it with `python3 -m venv {0} && {0}/bin/pip install 'securescan==0.11.12' httpx`",
        venv.display()
    );
    let status = Command::new(&python)
        .arg(root.join("tests/differential/securescan/run.py"))
        .arg("--real-venv")
        .arg(&venv)
        .arg("--mock-bin")
        .arg(env!("CARGO_BIN_EXE_secmock"))
        .current_dir(&root)
        .status()
        .expect("run the differential");
    assert!(status.success(), "the SecureScan differential failed ({status}); see target/differential/securescan.json");
}
