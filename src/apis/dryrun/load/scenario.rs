//! The `apis.dryrun` section of a scenario, as written (its scans are in
//! `scenario_scans`, its generated history in `scenario_history`). Loading turns it into
//! state: explicit accounts, keys, repositories, scans and findings, plus generated
//! history over the last N days. Times are an RFC 3339 instant or an age before the
//! scenario's start (`"3d 4h"`; `"-10m"` is ten minutes after it).

use indexmap::IndexMap;
use jiff::{SignedDuration, Span, SpanRelativeTo, Timestamp};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use super::scenario_history::History;
use super::scenario_scans::{DeepScanSpec, PrScanSpec};
use crate::apis::dryrun::model::account::{Language, Provider};
use crate::apis::dryrun::model::configuration::Analyzer;

/// The DryRun Security Simple API's world. Every list, count and text has a bound (in
/// this schema); the whole section may describe at most 10,000 repositories, 1,000,000
/// scans, 1,000,000 findings and 10,000,000 scan-to-finding reports in total (projected
/// before anything is built, generated history included).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Section {
    /// How long scans wait and run.
    #[serde(default)]
    pub(crate) timing: Timing,
    /// The analyzer catalogue (default: DryRun's own analyzers).
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) analyzers: Option<Vec<Analyzer>>,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) accounts: Vec<AccountSpec>,
    /// API keys, each with the accounts it can see. Printed in the start-up banner.
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) keys: Vec<KeySpec>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Timing {
    #[serde(default = "pr_phases")]
    pub(crate) pr_scan: Phases,
    #[serde(default = "deepscan_phases")]
    pub(crate) deepscan: Phases,
}

impl Default for Timing {
    fn default() -> Self {
        Timing { pr_scan: pr_phases(), deepscan: deepscan_phases() }
    }
}

/// How long a scan is queued, then running (durations such as `"20s"`, `"2m 30s"`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Phases {
    pub(crate) queued: String,
    pub(crate) running: String,
}

fn pr_phases() -> Phases {
    Phases { queued: "20s".into(), running: "2m 30s".into() }
}

fn deepscan_phases() -> Phases {
    Phases { queued: "1m".into(), running: "18m".into() }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeySpec {
    /// The bearer token.
    pub(crate) key: String,
    /// What the key is for (shown in the banner).
    #[serde(default)]
    pub(crate) name: Option<String>,
    /// The accounts it can see, by `org_name` or id.
    #[schemars(length(max = 100))]
    pub(crate) accounts: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AccountSpec {
    /// Account id (default: generated).
    #[serde(default)]
    pub(crate) id: Option<String>,
    pub(crate) org_name: String,
    #[serde(default = "github")]
    pub(crate) provider_type: Provider,
    #[serde(default = "yes")]
    pub(crate) active: bool,
    /// When the account was connected (default: `400d`).
    #[serde(default)]
    pub(crate) created_at: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) custom_policies: Vec<PolicySpec>,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) configurations: Vec<ConfigurationSpec>,
    #[serde(default)]
    pub(crate) repositories: Vec<RepositorySpec>,
    /// This many more repositories with generated, realistic names.
    #[serde(default)]
    #[schemars(range(max = 10_000))]
    pub(crate) generated_repositories: usize,
    /// Generated scans and findings over the last N days.
    #[serde(default)]
    pub(crate) history: Option<History>,
}

fn github() -> Provider {
    Provider::Github
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicySpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[schemars(length(max = 256))]
    pub(crate) name: String,
    /// At most 2,000 characters: generated code-policy findings quote it.
    #[schemars(length(max = 2000))]
    pub(crate) description: String,
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
    #[serde(default)]
    pub(crate) created_at: Option<String>,
    #[serde(default)]
    pub(crate) updated_at: Option<String>,
}

/// A configuration. Settings left out take DryRun's defaults.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigurationSpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) comment: Option<String>,
    #[serde(default)]
    pub(crate) show_scan_confirmation: Option<bool>,
    #[serde(default)]
    #[schemars(range(max = 1_000_000_000_000u64))]
    pub(crate) risk_threshold: Option<u64>,
    /// By analyzer slug: `true`/`false` or `{enabled, silent, blocking}`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, Value>")]
    pub(crate) analyzers: IndexMap<String, Value>,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) code_policies: Vec<CodePolicySpec>,
    #[serde(default)]
    pub(crate) notifications: Option<NotificationsSpec>,
    /// Generated repositories whose name matches this glob use this configuration (at
    /// most 1024 characters, `{…}` nested at most 8 deep).
    #[serde(default)]
    #[schemars(length(max = 1024))]
    pub(crate) repository_pattern: Option<String>,
    #[serde(default)]
    pub(crate) created_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CodePolicySpec {
    /// A custom policy of the account, by name or id.
    pub(crate) policy: String,
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
    #[serde(default)]
    pub(crate) silent: bool,
    #[serde(default)]
    pub(crate) blocking: bool,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NotificationsSpec {
    #[serde(default)]
    pub(crate) enabled: bool,
    #[serde(default)]
    pub(crate) deduplicate: bool,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) integration_names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepositorySpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[schemars(length(max = 256))]
    pub(crate) name: String,
    /// Picks generated file paths and dependencies (default: from the name, else Go).
    #[serde(default)]
    pub(crate) language: Option<Language>,
    /// At most 256 characters: every scan of the repository records it.
    #[serde(default = "main")]
    #[schemars(length(max = 256))]
    pub(crate) default_branch: String,
    /// Other branches that get DeepScans in the generated history (at most 100, each at
    /// most 256 characters).
    #[serde(default)]
    #[schemars(length(max = 100), inner(length(max = 256)))]
    pub(crate) branches: Vec<String>,
    #[serde(default = "yes")]
    pub(crate) private: bool,
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
    #[serde(default)]
    pub(crate) provider_repo_id: Option<String>,
    /// The configuration it uses, by name (default: none).
    #[serde(default)]
    pub(crate) configuration: Option<String>,
    #[serde(default)]
    pub(crate) created_at: Option<String>,
    /// Whether the account's generated history includes this repository.
    #[serde(default = "yes")]
    pub(crate) history: bool,
    #[serde(default)]
    pub(crate) pr_scans: Vec<PrScanSpec>,
    #[serde(default)]
    pub(crate) deepscans: Vec<DeepScanSpec>,
}

fn main() -> String {
    "main".into()
}

/// A duration: `"90s"`, `"2m 30s"`, `"3d 4h"`, `"PT5M"` (days are 24 hours).
pub(crate) fn duration(text: &str) -> Result<SignedDuration, String> {
    let span: Span = text.trim().parse().map_err(|e| format!("'{text}' is not a duration: {e}"))?;
    span.to_duration(SpanRelativeTo::days_are_24_hours()).map_err(|e| format!("'{text}': {e}"))
}

/// An instant: RFC 3339, or an age before `start` (`"3d"`; `"-10m"` is after it).
pub(crate) fn instant(text: &str, start: Timestamp) -> Result<Timestamp, String> {
    if let Ok(t) = text.trim().parse::<Timestamp>() {
        return Ok(t);
    }
    let age = duration(text).map_err(|_| format!("'{text}' is neither an RFC 3339 instant nor an age like '3d 4h'"))?;
    start.checked_sub(age).map_err(|e| format!("'{text}': {e}"))
}

#[cfg(test)]
mod tests {
    use jiff::{SignedDuration, Timestamp};

    use crate::apis::dryrun::load::scenario::{duration, instant};

    #[test]
    fn times_are_instants_or_ages() {
        let start: Timestamp = "2026-01-15T09:00:00Z".parse().expect("timestamp");
        assert_eq!(instant("2026-01-01T00:00:00Z", start), "2026-01-01T00:00:00Z".parse().map_err(|_| String::new()));
        assert_eq!(instant("1d 2h", start), Ok("2026-01-14T07:00:00Z".parse().expect("timestamp")));
        assert_eq!(instant("-10m", start), Ok("2026-01-15T09:10:00Z".parse().expect("timestamp")));
        assert!(instant("yesterday", start).is_err());
        assert_eq!(duration("2m 30s"), Ok(SignedDuration::from_secs(150)));
    }
}
