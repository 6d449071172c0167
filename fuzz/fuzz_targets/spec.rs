//! Spec loader: bytes as YAML or JSON text through `parse_document`, then
//! `ApiSpec::from_document`. Errors are fine; a panic is a finding.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use secmock::spec::{ApiSpec, parse_document};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for name in ["fuzz.yaml", "fuzz.json"] {
        // A path inside the fixtures, so relative `$ref`s resolve against real files.
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures").join(name);
        if let Ok(doc) = parse_document(&file, text) {
            let _ = ApiSpec::from_document(&file, doc);
        }
    }
});
