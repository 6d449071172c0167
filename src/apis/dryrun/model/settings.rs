//! Configuration settings as requests send them (`ConfigurationSettingsInput`): merged into
//! stored settings the same way by create, update, bulk update and scenario loading.
//! Keys given replace the stored value; `analyzers` merges per slug, each setting keeping
//! what the request leaves out; `code_policies` and `notifications` replace. Unknown
//! analyzer slugs and code policy ids are collected, so one 422 names all of them (in
//! the words `errors` gives them).

use serde_json::Value;

use super::configuration::{Analyzer, AnalyzerSetting, CodePolicySetting, CustomPolicy, Notifications, Settings};
use super::state::DryRunState;

/// What a settings input may refer to: the analyzer catalogue and one account's policies.
pub(crate) struct Known<'a> {
    pub(crate) analyzers: &'a [Analyzer],
    /// (index in the state, policy) of the account's custom policies.
    pub(crate) policies: Vec<(usize, &'a CustomPolicy)>,
}

impl<'a> Known<'a> {
    pub(crate) fn of(state: &'a DryRunState, account: usize) -> Known<'a> {
        Known {
            analyzers: &state.analyzers,
            policies: state.policies.iter().enumerate().filter(|(_, p)| p.account == account).collect(),
        }
    }

    fn policy(&self, id: &str) -> Option<usize> {
        self.policies.iter().find(|(_, p)| p.id.eq_ignore_ascii_case(id)).map(|(i, _)| *i)
    }
}

/// A reference in a settings input to something the account does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SettingsProblem {
    UnknownAnalyzer(String),
    UnknownCodePolicy(String),
}

/// Merges `input` into `settings`; on any unknown reference nothing is changed.
pub(crate) fn apply(settings: &mut Settings, input: &Value, known: &Known<'_>) -> Result<(), Vec<SettingsProblem>> {
    let mut next = settings.clone();
    let mut problems = Vec::new();
    if let Some(comment) = input.get("comment").and_then(Value::as_str) {
        next.comment = comment.to_string();
    }
    if let Some(show) = input.get("show_scan_confirmation").and_then(Value::as_bool) {
        next.show_scan_confirmation = show;
    }
    if let Some(threshold) = input.get("risk_threshold").and_then(Value::as_u64) {
        next.risk_threshold = threshold;
    }
    if let Some(analyzers) = input.get("analyzers").and_then(Value::as_object) {
        for (slug, given) in analyzers {
            let Some(analyzer) = known.analyzers.iter().find(|a| a.slug == *slug) else {
                problems.push(SettingsProblem::UnknownAnalyzer(slug.clone()));
                continue;
            };
            let current = next.analyzers.get(slug).copied().unwrap_or(AnalyzerSetting {
                enabled: analyzer.enabled,
                silent: false,
                blocking: false,
            });
            let merged = match given {
                Value::Bool(enabled) => AnalyzerSetting { enabled: *enabled, ..current },
                Value::Object(fields) => AnalyzerSetting {
                    enabled: flag(fields.get("enabled"), current.enabled),
                    silent: flag(fields.get("silent"), current.silent),
                    blocking: flag(fields.get("blocking"), current.blocking),
                },
                _ => current,
            };
            next.analyzers.insert(slug.clone(), merged);
        }
    }
    if let Some(items) = input.get("code_policies").and_then(Value::as_array) {
        let mut list: Vec<CodePolicySetting> = Vec::new();
        for item in items {
            // DryRun's documented body sends items whose id is null: they say nothing.
            let Some(id) = item.get("id").and_then(Value::as_str) else { continue };
            let Some(policy) = known.policy(id) else {
                problems.push(SettingsProblem::UnknownCodePolicy(id.to_string()));
                continue;
            };
            let current = settings
                .code_policies
                .iter()
                .find(|c| c.policy == policy)
                .copied()
                .unwrap_or(CodePolicySetting { policy, enabled: true, silent: false, blocking: false });
            let merged = CodePolicySetting {
                policy,
                enabled: flag(item.get("enabled"), current.enabled),
                silent: flag(item.get("silent"), current.silent),
                blocking: flag(item.get("blocking"), current.blocking),
            };
            match list.iter_mut().find(|c| c.policy == policy) {
                Some(existing) => *existing = merged,
                None => list.push(merged),
            }
        }
        next.code_policies = list;
    }
    if let Some(n) = input.get("notifications").and_then(Value::as_object) {
        next.notifications = Notifications {
            enabled: flag(n.get("enabled"), false),
            deduplicate: flag(n.get("deduplicate"), false),
            integration_names: n
                .get("integrationNames")
                .and_then(Value::as_array)
                .map(|names| names.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default(),
        };
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    *settings = next;
    Ok(())
}

fn flag(value: Option<&Value>, current: bool) -> bool {
    value.and_then(Value::as_bool).unwrap_or(current)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::apis::dryrun::data::analyzers::catalogue;
    use crate::apis::dryrun::model::configuration::{Analyzer, Settings};
    use crate::apis::dryrun::model::settings::{Known, SettingsProblem, apply};

    fn known(analyzers: &[Analyzer]) -> Known<'_> {
        Known { analyzers, policies: Vec::new() }
    }

    #[test]
    fn analyzers_merge_per_slug_and_unknown_slugs_change_nothing() {
        let catalogue = catalogue();
        let mut settings = Settings::default();
        apply(
            &mut settings,
            &json!({"analyzers": {"sql_injection": {"blocking": true}, "secrets": true}}),
            &known(&catalogue),
        )
        .expect("known slugs");
        apply(
            &mut settings,
            &json!({"analyzers": {"sql_injection": {"silent": true}}, "risk_threshold": 5}),
            &known(&catalogue),
        )
        .expect("known slugs");
        let sqli = settings.analyzers["sql_injection"];
        assert_eq!((sqli.enabled, sqli.silent, sqli.blocking), (true, true, true));
        assert_eq!(settings.risk_threshold, 5);
        let before = settings.clone();
        let err = apply(
            &mut settings,
            &json!({"risk_threshold": 9, "analyzers": {"sql_injecton": true, "nope": {}}}),
            &known(&catalogue),
        )
        .expect_err("unknown slugs");
        assert_eq!(
            err,
            vec![
                SettingsProblem::UnknownAnalyzer("sql_injecton".into()),
                SettingsProblem::UnknownAnalyzer("nope".into())
            ]
        );
        assert_eq!(settings, before, "nothing applied");
    }

    #[test]
    fn documented_nulls_are_ignored() {
        let catalogue = catalogue();
        let mut settings = Settings::default();
        let documented = json!({
            "comment": "disabled", "show_scan_confirmation": false, "risk_threshold": 0, "analyzers": {},
            "code_policies": [{"id": null, "enabled": null, "silent": null, "blocking": null}],
            "notifications": {"enabled": false, "deduplicate": false, "integrationNames": [null]},
        });
        apply(&mut settings, &documented, &known(&catalogue)).expect("documented body applies");
        assert_eq!(settings, Settings::default());
    }
}
