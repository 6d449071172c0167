//! Generated activity of an account, as a scenario asks for it (see `history`).

use schemars::JsonSchema;
use serde::Deserialize;

/// Generated activity of an account.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct History {
    /// How far back it goes, in days (1–3650).
    #[serde(default = "ninety")]
    #[schemars(range(min = 1, max = 3650))]
    pub(crate) days: u32,
    /// PR scans across the account's enabled repositories.
    #[serde(default)]
    #[schemars(range(max = 1_000_000))]
    pub(crate) pr_scans: usize,
    /// Share of pull requests scanned again after a push (0–1).
    #[serde(default = "rescan_rate")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub(crate) rescan_rate: f64,
    /// Average findings per PR scan (0–1000).
    #[serde(default = "pr_findings")]
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub(crate) findings_per_pr_scan: f64,
    /// Share of PR findings that come from custom code policies (0–1).
    #[serde(default = "policy_rate")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub(crate) code_policy_rate: f64,
    /// How often each repository's default branch (and `branches`) gets a DeepScan.
    #[serde(default = "weekly")]
    pub(crate) deepscan_every: String,
    /// Code findings a branch starts with at its first DeepScan.
    #[serde(default = "code_findings")]
    #[schemars(range(max = 1_000_000))]
    pub(crate) code_findings: usize,
    /// SCA findings a branch starts with at its first DeepScan.
    #[serde(default = "sca_findings")]
    #[schemars(range(max = 1_000_000))]
    pub(crate) sca_findings: usize,
    /// Chance that a DeepScan no longer reports an earlier finding (0–1).
    #[serde(default = "fix_rate")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub(crate) fix_rate: f64,
    /// Average new findings per later DeepScan (0–1000).
    #[serde(default = "new_per_deepscan")]
    #[schemars(range(min = 0.0, max = 1000.0))]
    pub(crate) new_per_deepscan: f64,
    /// Relative weights of generated severities.
    #[serde(default)]
    pub(crate) severity_mix: SeverityMix,
    /// Share of findings somebody triaged (0–1).
    #[serde(default = "triage_rate")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub(crate) triaged: f64,
    /// Share of scans that fail (0–1).
    #[serde(default = "failure_rate")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub(crate) failure_rate: f64,
    /// Scans still in progress when the scenario starts.
    #[serde(default)]
    pub(crate) in_progress: InProgress,
}

fn ninety() -> u32 {
    90
}
fn rescan_rate() -> f64 {
    0.3
}
fn pr_findings() -> f64 {
    0.9
}
fn policy_rate() -> f64 {
    0.08
}
fn weekly() -> String {
    "7d".into()
}
fn code_findings() -> usize {
    5
}
fn sca_findings() -> usize {
    6
}
fn fix_rate() -> f64 {
    0.15
}
fn new_per_deepscan() -> f64 {
    0.8
}
fn triage_rate() -> f64 {
    0.1
}
fn failure_rate() -> f64 {
    0.03
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeverityMix {
    #[serde(default)]
    pub(crate) critical: u32,
    #[serde(default)]
    pub(crate) high: u32,
    #[serde(default)]
    pub(crate) medium: u32,
    #[serde(default)]
    pub(crate) low: u32,
}

impl Default for SeverityMix {
    fn default() -> Self {
        SeverityMix { critical: 4, high: 18, medium: 45, low: 33 }
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InProgress {
    #[serde(default = "one")]
    #[schemars(range(max = 10_000))]
    pub(crate) pr_scans: usize,
    #[serde(default = "one")]
    #[schemars(range(max = 10_000))]
    pub(crate) deepscans: usize,
}

impl Default for InProgress {
    fn default() -> Self {
        InProgress { pr_scans: 1, deepscans: 1 }
    }
}

fn one() -> usize {
    1
}
