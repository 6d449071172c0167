//! Configurations (their stored settings), the analyzer catalogue and custom code policies.
//! How a request's settings merge into stored ones is in `settings`.

use indexmap::IndexMap;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnalyzerSetting {
    pub(crate) enabled: bool,
    pub(crate) silent: bool,
    pub(crate) blocking: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CodePolicySetting {
    /// Index of the custom policy.
    pub(crate) policy: usize,
    pub(crate) enabled: bool,
    pub(crate) silent: bool,
    pub(crate) blocking: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Notifications {
    pub(crate) enabled: bool,
    pub(crate) deduplicate: bool,
    pub(crate) integration_names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Settings {
    pub(crate) comment: String,
    pub(crate) show_scan_confirmation: bool,
    pub(crate) risk_threshold: u64,
    /// By analyzer slug, in the order they were first set.
    pub(crate) analyzers: IndexMap<String, AnalyzerSetting>,
    pub(crate) code_policies: Vec<CodePolicySetting>,
    pub(crate) notifications: Notifications,
}

impl Default for Settings {
    /// DryRun's documented defaults (see `create_configuration`).
    fn default() -> Self {
        Settings {
            comment: "disabled".into(),
            show_scan_confirmation: false,
            risk_threshold: 0,
            analyzers: IndexMap::new(),
            code_policies: Vec::new(),
            notifications: Notifications::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Configuration {
    pub(crate) id: String,
    pub(crate) account: usize,
    pub(crate) name: String,
    pub(crate) settings: Settings,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Analyzer {
    /// Key for this analyzer in a configuration's `analyzers` (lowercase, digits, `_`).
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) category: String,
    /// Whether it runs when a configuration does not mention it.
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CustomPolicy {
    pub(crate) id: String,
    pub(crate) account: usize,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) enabled: bool,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}
