//! Fault rules: arbitrary rule JSON through `Faults::check`, `add` and `plan`. A rule
//! `check` accepts, `add` must accept too, and planning with it must not panic.

use jiff::Timestamp;
use proptest::prelude::*;
use secmock::world::FaultSpec;
use secmock::world::faults::{FaultTarget, Faults};
use serde_json::Value;

use super::{config, json_value, no_panic, number, object, string};

/// A rule-shaped object: known fields with edge values, sometimes junk.
fn rule() -> impl Strategy<Value = Value> {
    let kind = prop::sample::select(vec!["latency", "status", "drop", "reset", "rate_limit", "explode"]);
    let field = || prop_oneof![number(), string(), Just(Value::Null)];
    (kind, field(), field(), field(), field(), field(), field(), field(), field(), json_value()).prop_map(
        |(kind, status, ms, min_ms, max_ms, limit, window, probability, path, junk)| {
            let action = object(&[
                ("kind", Value::from(kind)),
                ("status", status),
                ("ms", ms),
                ("min_ms", min_ms),
                ("max_ms", max_ms),
                ("limit", limit),
                ("window_seconds", window),
            ]);
            let mut rule = object(&[("action", action), ("probability", probability), ("path", path)]);
            if let (Some(rule), Value::Object(extra)) = (rule.as_object_mut(), junk) {
                rule.extend(extra.into_iter().filter(|(k, _)| k == "times" || k == "api" || k == "method"));
            }
            rule
        },
    )
}

/// Drops the fields whose value is null, so that more rules deserialise.
fn without_nulls(mut rule: Value) -> Value {
    if let Some(action) = rule.get_mut("action").and_then(Value::as_object_mut) {
        action.retain(|_, v| !v.is_null());
    }
    if let Some(rule) = rule.as_object_mut() {
        rule.retain(|_, v| !v.is_null());
    }
    rule
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_fault_rules_never_panic(raw in rule(), paths in prop::collection::vec(string(), 1..4), seconds in any::<i32>()) {
        let Ok(spec) = serde_json::from_value::<FaultSpec>(without_nulls(raw)) else { return Ok(()) };
        let faults = Faults::new(7);
        let checked = no_panic("check", || Faults::check(&spec))?;
        let added = no_panic("add", || faults.add(spec.clone()))?;
        prop_assert_eq!(checked.is_ok(), added.is_ok(), "check and add agree: {:?}", spec);
        let now = Timestamp::from_second(i64::from(seconds)).unwrap_or(Timestamp::UNIX_EPOCH);
        for path in paths.iter().filter_map(Value::as_str) {
            for api in ["kolega", "dryrun"] {
                let target = FaultTarget { api, operation_id: Some("op"), method: "GET", path, now };
                no_panic("plan", || faults.plan(target))?;
            }
        }
        no_panic("reseed", || faults.reseed(Some("kolega"), 3))?;
    }
}
