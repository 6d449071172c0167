//! The `apis.kolega` scenario section, as written. Times in the past are given as
//! durations before the clock's start (`created_ago: 90d`), so a scenario works whatever
//! the clock starts at; ids may be pinned (to match documentation examples) or left to
//! the seeded generator. `load/` turns this into state and refuses, with the path of the
//! bad field, anything the contract would not let the API answer.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::timing::{Dur, TimingInput};
use crate::apis::kolega::model::batch::Outcome;
use crate::apis::kolega::model::rules::Stack;
use crate::apis::kolega::model::{FindingStatus, Provider, ScanType, Scope, Severity};

/// Kolega DevSec: organisations with keys, repositories, history and quotas, and how long
/// scans and fixes take. Every list, count and text has a bound (in this schema); the
/// whole section may describe at most 1,000,000 findings, 100,000 scan batches and
/// 5,000,000 finding events in total (counted before anything is built).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Section {
    #[schemars(length(max = 100))]
    pub(crate) organizations: Vec<OrgInput>,
    #[serde(default)]
    pub(crate) timing: TimingInput,
    /// Device pairing (`kolega auth login`); absent: a person approves each on `/device`.
    #[serde(default)]
    pub(crate) device_flow: DeviceFlowInput,
}

/// How device pairings get approved.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeviceFlowInput {
    /// Approve every pairing by itself after a delay, into one organisation (for demos and
    /// harnesses); absent or null: never.
    pub(crate) auto_approve: Option<AutoApproveInput>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AutoApproveInput {
    /// How long after the device asked (at most a day): `3s`, `1m`.
    pub(crate) after: Dur,
    /// The organisation the new key belongs to: its id, slug or name.
    pub(crate) organization: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrgInput {
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    /// Defaults to the name in kebab case.
    pub(crate) slug: Option<String>,
    #[schemars(length(max = 100))]
    pub(crate) keys: Vec<KeyInput>,
    #[serde(default)]
    pub(crate) quotas: QuotaInput,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) repositories: Vec<RepoInput>,
}

/// An organisation API key.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeyInput {
    /// The secret, `kcp_live_` followed by at least 16 letters or digits.
    pub(crate) key: String,
    pub(crate) name: String,
    #[schemars(length(max = 10))]
    pub(crate) scopes: Vec<Scope>,
    pub(crate) id: Option<String>,
    /// A revoked key answers 401 like an unknown one.
    #[serde(default)]
    pub(crate) revoked: bool,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuotaInput {
    /// Pull requests (default plan 50).
    pub(crate) prs: Option<CounterInput>,
    /// Secrets, Semgrep and SBOM scans (default plan 500).
    pub(crate) sast_scans: Option<CounterInput>,
    /// Deep AI scans (default plan 20).
    pub(crate) deep_ai_scans: Option<CounterInput>,
    /// The repository limit; absent or null means unlimited.
    #[schemars(range(max = 1_000_000_000_000u64))]
    pub(crate) repositories_max: Option<u64>,
    #[serde(default)]
    pub(crate) period: PeriodInput,
}

/// One counter in the current period.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CounterInput {
    #[schemars(range(max = 1_000_000_000_000u64))]
    pub(crate) plan: u64,
    #[serde(default)]
    #[schemars(range(max = 1_000_000_000_000u64))]
    pub(crate) topup: u64,
    #[serde(default)]
    #[schemars(range(max = 1_000_000_000_000u64))]
    pub(crate) used: u64,
}

/// The billing period: `start` + n × `length`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodInput {
    /// RFC 3339 start of a period (default: the first of the clock start's month, UTC).
    pub(crate) start: Option<String>,
    /// A calendar span such as "1 month" or "P1M" (default one month).
    pub(crate) length: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepoInput {
    pub(crate) id: Option<String>,
    /// `owner/name`, e.g. `acme/payments-api`.
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) archived: bool,
    /// The code's language family; decides what scans find (default: derived from the name).
    pub(crate) stack: Option<Stack>,
    /// How long before the clock start it was added (default 120 days).
    pub(crate) created_ago: Option<Dur>,
    /// Source repositories (default: one GitHub repository with the same name on `main`).
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) sources: Vec<SourceInput>,
    /// Scan batches run in the past (or still running when the clock starts).
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) scans: Vec<ScanInput>,
    /// Findings written out one by one.
    #[serde(default)]
    pub(crate) findings: Vec<FindingInput>,
    /// Findings generated in bulk from past scans.
    pub(crate) generated_findings: Option<GeneratedInput>,
    /// Fixes created in the past.
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) fixes: Vec<FixInput>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceInput {
    pub(crate) full_name: String,
    /// Default `main`.
    pub(crate) default_branch: Option<String>,
    /// Default `github`.
    pub(crate) provider: Option<Provider>,
    /// Default: the provider's URL for `full_name`.
    pub(crate) html_url: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScanInput {
    pub(crate) id: Option<String>,
    pub(crate) scan_type: ScanType,
    /// How long before the clock start it was triggered.
    pub(crate) ago: Dur,
    /// How it ends (default: by the timing profile's failure rates).
    pub(crate) outcome: Option<Outcome>,
}

/// A finding. With a catalog `check_id` (a Gitleaks or Semgrep rule id, a CVE id from the
/// SBOM catalog, a `kolega.ai.*` id) everything else is optional; with another one,
/// `scan_type`, `severity`, `file_path`, `message` and `category` are required.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FindingInput {
    pub(crate) id: Option<String>,
    pub(crate) check_id: String,
    pub(crate) scan_type: Option<ScanType>,
    pub(crate) severity: Option<Severity>,
    /// Default `open` (the issue stays in the code for a drawn time after the start).
    /// `resolved`: the code dropped it at `status_changed_ago`, and the first later scan of
    /// its type resolves it (`resolved_auto`), or else a person did (`resolved_manual`).
    /// Another status is reached through a `status_changed` event.
    pub(crate) status: Option<FindingStatus>,
    pub(crate) file_path: Option<String>,
    #[schemars(range(min = 1, max = 1_000_000))]
    pub(crate) line: Option<u32>,
    pub(crate) message: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) category: Option<String>,
    #[schemars(length(max = 100))]
    pub(crate) cwe: Option<Vec<String>>,
    #[schemars(length(max = 100))]
    pub(crate) owasp: Option<Vec<String>>,
    #[schemars(length(max = 100))]
    pub(crate) references: Option<Vec<String>>,
    pub(crate) cvss_base_score: Option<f64>,
    pub(crate) cvss_vector: Option<String>,
    /// The source repository it is in (default: the first).
    pub(crate) source: Option<String>,
    pub(crate) detected_ago: Dur,
    /// Default: `detected_ago`.
    pub(crate) last_detected_ago: Option<Dur>,
    /// When a non-open status was set, or a resolved finding left the code (default:
    /// halfway from detection to the clock start).
    pub(crate) status_changed_ago: Option<Dur>,
}

/// Bulk findings, spread over a window before the clock start.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GeneratedInput {
    /// At most 1,000,000 (and the section's findings all told at most as many).
    #[schemars(range(max = 1_000_000))]
    pub(crate) count: u32,
    /// Relative weights (default critical 1, high 4, medium 8, low 5).
    pub(crate) severity_mix: Option<BTreeMap<Severity, u32>>,
    /// Relative weights (default open 14, resolved 4, ignored 1, false_positive 1).
    pub(crate) status_mix: Option<BTreeMap<FindingStatus, u32>>,
    /// Default: all four.
    #[schemars(length(max = 16))]
    pub(crate) scan_types: Option<Vec<ScanType>>,
    /// The window (default 90 days).
    pub(crate) over: Option<Dur>,
}

/// How a past fix ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FixOutcome {
    Completed,
    Failed,
    Cancelled,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixInput {
    pub(crate) id: Option<String>,
    /// Ids of findings listed under this repository's `findings`.
    #[serde(default)]
    #[schemars(length(max = 1000))]
    pub(crate) finding_ids: Vec<String>,
    pub(crate) title: String,
    pub(crate) instructions: Option<String>,
    /// How long before the clock start it was created.
    pub(crate) ago: Dur,
    /// How it ends (default: by the fix profile's failure rate).
    pub(crate) outcome: Option<FixOutcome>,
    /// Default: the repository's first source.
    pub(crate) source_repo: Option<String>,
    pub(crate) provider: Option<Provider>,
    /// Open a pull request ten minutes after it completed (needs it completed by the start).
    #[serde(default)]
    pub(crate) pull_request: bool,
    /// Whether that pull request is merged (`pr_merge_after` later, which may fall after
    /// the start); unset, `timing.fixes.pr_merge_rate` decides.
    pub(crate) pr_merged: Option<bool>,
}
