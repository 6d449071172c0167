//! The scenario loader: arbitrary JSON, and mutations of shipped scenarios, through
//! `Scenario::from_value` and every API's check (which builds the world without keeping
//! it). Nothing may panic; bounds must refuse what would not fit.

use std::sync::LazyLock;

use proptest::prelude::*;
use secmock::MockServer;
use secmock::world::Scenario;
use serde_json::{Value, json};

use super::{config, edits, json_value, mutate, no_panic, server};

static SERVER: LazyLock<MockServer> = LazyLock::new(|| server("kolega-quota-exhausted"));

/// The small shipped scenarios, as JSON (the large ones take seconds to build).
static SHIPPED: LazyLock<Vec<Value>> = LazyLock::new(|| {
    ["kolega-quota-exhausted.yaml", "dryrun-ci.yaml"]
        .iter()
        .map(|name| {
            let file = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios").join(name);
            secmock::spec::read_document(&file).expect("a shipped scenario parses")
        })
        .collect()
});

fn check(value: Value) -> Result<(), TestCaseError> {
    let Ok(scenario) = Scenario::from_value("fuzz", value) else { return Ok(()) };
    let server = SERVER.server().clone();
    let _ = no_panic("checking the scenario", move || server.check(&scenario))?;
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_json_scenarios_never_panic(value in json_value()) {
        check(value)?;
    }

    #[test]
    fn arbitrary_api_sections_never_panic(kolega in json_value(), dryrun in json_value(), which in 0u8..3) {
        let apis = match which {
            0 => json!({"kolega": kolega}),
            1 => json!({"dryrun": dryrun}),
            _ => json!({"kolega": kolega, "dryrun": dryrun}),
        };
        check(json!({"seed": 1, "apis": apis}))?;
    }

    #[test]
    fn near_valid_scenarios_never_panic(which in 0usize..2, edits in edits()) {
        let mut doc = SHIPPED[which].clone();
        mutate(&mut doc, &edits);
        check(doc)?;
    }
}
