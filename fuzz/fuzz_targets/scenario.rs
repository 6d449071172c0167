//! Scenario loader: bytes → JSON → `Scenario::from_value` → every API's check (which
//! builds the world a scenario describes without keeping it). Errors are fine; a panic
//! or an abort (allocation failure) is a finding.

#![no_main]

use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use secmock::config::Config;
use secmock::__private::Server;
use secmock::world::Scenario;

static SERVER: LazyLock<Arc<Server>> = LazyLock::new(|| {
    let config = Config { scenario: None, ..Config::default() };
    secmock::__private::assemble(&config, secmock::__private::builtin_behaviours).expect("the shipped specs load")
});

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let Ok(scenario) = Scenario::from_value("fuzz", value) else { return };
    let _ = SERVER.check(&scenario);
});
