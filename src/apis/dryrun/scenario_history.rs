//! Generated activity of an account, as a scenario asks for it (see `history`).

use schemars::JsonSchema;
use serde::Deserialize;

/// Generated activity of an account.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct History {
    /// How far back it goes.
    #[serde(default = "ninety")]
    pub(crate) days: u32,
    /// PR scans across the account's enabled repositories.
    #[serde(default)]
    pub(crate) pr_scans: usize,
    /// Share of pull requests scanned again after a push (0–1).
    #[serde(default = "rescan_rate")]
    pub(crate) rescan_rate: f64,
    /// Average findings per PR scan.
    #[serde(default = "pr_findings")]
    pub(crate) findings_per_pr_scan: f64,
    /// Share of PR findings that come from custom code policies (0–1).
    #[serde(default = "policy_rate")]
    pub(crate) code_policy_rate: f64,
    /// How often each repository's default branch (and `branches`) gets a DeepScan.
    #[serde(default = "weekly")]
    pub(crate) deepscan_every: String,
    /// Code findings a branch starts with at its first DeepScan.
    #[serde(default = "code_findings")]
    pub(crate) code_findings: usize,
    /// SCA findings a branch starts with at its first DeepScan.
    #[serde(default = "sca_findings")]
    pub(crate) sca_findings: usize,
    /// Chance that a DeepScan no longer reports an earlier finding (0–1).
    #[serde(default = "fix_rate")]
    pub(crate) fix_rate: f64,
    /// Average new findings per later DeepScan.
    #[serde(default = "new_per_deepscan")]
    pub(crate) new_per_deepscan: f64,
    /// Relative weights of generated severities.
    #[serde(default)]
    pub(crate) severity_mix: SeverityMix,
    /// Share of findings somebody triaged (0–1).
    #[serde(default = "triage_rate")]
    pub(crate) triaged: f64,
    /// Share of scans that fail (0–1).
    #[serde(default = "failure_rate")]
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
    pub(crate) pr_scans: usize,
    #[serde(default = "one")]
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
