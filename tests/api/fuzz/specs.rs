//! The spec loader: small fixture specs, mutated as documents and as text, through
//! `parse_document` and `ApiSpec::from_document`. A spec the loader cannot use is an
//! error, never a panic.

use std::path::PathBuf;
use std::sync::LazyLock;

use proptest::prelude::*;
use secmock::spec::{ApiSpec, parse_document};

use super::{config, edits, mutate, no_panic};

const FIXTURES: &[&str] = &["widgets-fastapi.yaml", "widgets-dryrun.yaml", "widgets-problem.yaml", "shop-30.yaml"];

/// (path, text) of each fixture.
static TEXTS: LazyLock<Vec<(PathBuf, String)>> = LazyLock::new(|| {
    FIXTURES
        .iter()
        .map(|name| {
            let file = crate::helpers::fixture(name);
            let text = std::fs::read_to_string(&file).expect("a fixture reads");
            (file, text)
        })
        .collect()
});

/// One edit to a text: at a position (wrapped), delete some characters or insert some.
fn text_edits() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    let insert = prop_oneof![
        "[ {}\\[\\]:,'\"#&*!|>-]{0,4}",
        Just("\n  x: {$ref: '#/nope'}\n".to_string()),
        Just("é".to_string()),
        Just("\t".to_string()),
    ];
    prop::collection::vec((any::<usize>(), 0usize..8, insert), 1..4)
}

fn edit_text(text: &str, edits: &[(usize, usize, String)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (at, delete, insert) in edits {
        let at = at % (chars.len() + 1);
        let end = (at + delete).min(chars.len());
        chars.splice(at..end, insert.chars());
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_spec_documents_never_panic(which in 0usize..FIXTURES.len(), edits in edits()) {
        let (file, text) = &TEXTS[which];
        let mut doc = parse_document(file, text).expect("the fixture parses");
        mutate(&mut doc, &edits);
        let file = file.clone();
        let _loaded = no_panic("loading the spec", move || ApiSpec::from_document(&file, doc).map(|_| ()))?;
    }

    #[test]
    fn mutated_spec_texts_never_panic(which in 0usize..FIXTURES.len(), edits in text_edits()) {
        let (file, text) = &TEXTS[which];
        let text = edit_text(text, &edits);
        let file = file.clone();
        let _loaded = no_panic("parsing and loading the spec", move || {
            parse_document(&file, &text).map(|doc| ApiSpec::from_document(&file, doc).map(|_| ()))
        })?;
    }
}
