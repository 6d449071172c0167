//! Shell completions: `secmock completions bash|zsh|fish` prints a script that knows the
//! subcommands and flags.

use std::process::Command;

#[test]
fn completions_are_printed_for_bash_zsh_and_fish() {
    for (shell, marker) in [("bash", "_secmock()"), ("zsh", "#compdef secmock"), ("fish", "complete -c secmock")] {
        let out = Command::new(env!("CARGO_BIN_EXE_secmock")).args(["completions", shell]).output().expect("runs");
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        for word in ["free-ports", "ready-file", "tls-cert", "health", "validate"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_secmock")).args(["completions", "tcsh"]).output().expect("runs");
    assert!(!out.status.success(), "an unknown shell is refused");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("possible values"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
