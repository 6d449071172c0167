//! Packed relative relocations (`-z pack-relative-relocs`, DT_RELR) for the binaries, on
//! Linux with glibc, when the toolchain and the C library at hand both support them.
//!
//! secmock is a position-independent executable with ~37,000 relative relocations: as
//! `.rela.dyn` they are 0.9 MB that the dynamic linker reads at every start, all of it
//! resident for the life of the process; packed they are 12 KB. Measured idle RSS fell
//! 1.2 MB (benches/README.md, issue 14). Nothing else changes: the binary stays
//! position-independent (ASLR as before) and its relocations are applied as before.
//!
//! Support needs GNU ld 2.38 or lld 15 to write them and glibc 2.36 to apply them, so
//! the flag is used only when a probe built with it links without a word and runs
//! correctly here; otherwise the binary links as it always did. When cross-compiling
//! nothing is probed and nothing is added.

use std::path::Path;
use std::process::Command;

/// A global that holds an address: a relative relocation the loader must apply.
const PROBE: &str =
    "static int answer = 42;\nint *volatile where_ = &answer;\nint main(void) { return *where_ == 42 ? 0 : 1; }\n";

pub(crate) fn configure(out: &Path) {
    println!("cargo::rerun-if-env-changed=CC");
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target != host || !target.ends_with("-linux-gnu") {
        return;
    }
    if probe(out) {
        println!("cargo::rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether a program linked with the flag links silently and runs right.
fn probe(out: &Path) -> bool {
    let source = out.join("relr_probe.c");
    let program = out.join("relr_probe");
    if std::fs::write(&source, PROBE).is_err() {
        return false;
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let linked = Command::new(cc)
        .args(["-fPIE", "-pie", "-Wl,-z,pack-relative-relocs", "-o"])
        .arg(&program)
        .arg(&source)
        .output();
    // A linker that does not know the flag warns and ignores it.
    let Ok(linked) = linked else { return false };
    if !linked.status.success() || !linked.stderr.is_empty() {
        return false;
    }
    Command::new(&program).status().is_ok_and(|status| status.success())
}
