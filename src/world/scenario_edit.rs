//! What an edit to the loaded scenario changes: nothing that matters (its name or
//! description), some APIs' sections (those APIs are reloaded, the rest keep their state),
//! or what the whole world shares (seed, clock, standing faults, outbound hosts: everything
//! is reloaded, as `PUT /scenario` would).

use crate::world::Scenario;

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Edit {
    /// Only words changed.
    Words,
    /// These APIs' sections changed (added, removed or edited), by name.
    Apis(Vec<String>),
    /// The world's shared settings changed.
    Whole,
}

/// How `new` differs from `old`.
pub(crate) fn edit(old: &Scenario, new: &Scenario) -> Edit {
    let shared = |s: &Scenario| {
        serde_json::json!({
            "seed": s.seed,
            "clock": s.clock,
            "faults": s.faults,
            "outbound": s.outbound,
        })
    };
    if shared(old) != shared(new) {
        return Edit::Whole;
    }
    let names: std::collections::BTreeSet<&String> = old.apis.keys().chain(new.apis.keys()).collect();
    let changed: Vec<String> =
        names.into_iter().filter(|name| old.apis.get(*name) != new.apis.get(*name)).cloned().collect();
    if changed.is_empty() { Edit::Words } else { Edit::Apis(changed) }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::world::Scenario;
    use crate::world::scenario_edit::{Edit, edit};

    fn scenario(value: serde_json::Value) -> Scenario {
        Scenario::from_value("s.yaml", value).expect("a scenario")
    }

    #[test]
    fn an_edit_is_told_apart_by_what_it_touches() {
        let old = scenario(json!({"seed": 7, "apis": {"kolega": {"a": 1}, "dryrun": {"b": 1}}}));
        let words =
            scenario(json!({"seed": 7, "description": "new words", "apis": {"kolega": {"a": 1}, "dryrun": {"b": 1}}}));
        assert_eq!(edit(&old, &words), Edit::Words);
        let kolega = scenario(json!({"seed": 7, "apis": {"kolega": {"a": 2}, "dryrun": {"b": 1}, "platform": {}}}));
        assert_eq!(edit(&old, &kolega), Edit::Apis(vec!["kolega".into(), "platform".into()]));
        let removed = scenario(json!({"seed": 7, "apis": {"kolega": {"a": 1}}}));
        assert_eq!(edit(&old, &removed), Edit::Apis(vec!["dryrun".into()]));
        let seed = scenario(json!({"seed": 8, "apis": {"kolega": {"a": 1}, "dryrun": {"b": 1}}}));
        assert_eq!(edit(&old, &seed), Edit::Whole);
        let clock = scenario(
            json!({"seed": 7, "clock": {"start": "2026-01-01T00:00:00Z"}, "apis": {"kolega": {"a": 1}, "dryrun": {"b": 1}}}),
        );
        assert_eq!(edit(&old, &clock), Edit::Whole);
    }
}
