//! The DryRun world as data: accounts, keys, repositories, PR scans, DeepScans, findings,
//! configurations, analyzers and custom policies. Relations inside the state are indices
//! (repositories, scans and findings are never deleted); ids are what the API shows.
//!
//! Scans and findings are written once, when the scenario loads. What changes with time
//! (a scan's status, when its findings appear) is derived from their timestamps when read
//! (`timeline`), so a manual clock jump is exact. Only triage, configurations and
//! configuration assignments change through the API.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub(crate) use super::catalogue::*;
pub(crate) use super::finding::*;
use super::index::Index;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct DryRunState {
    pub(crate) accounts: Vec<Account>,
    pub(crate) keys: Vec<ApiKey>,
    /// The analyzer catalogue (the same for every account).
    pub(crate) analyzers: Vec<Analyzer>,
    pub(crate) repositories: Vec<Repository>,
    pub(crate) pr_scans: Vec<PrScan>,
    pub(crate) deepscans: Vec<DeepScan>,
    pub(crate) findings: Vec<Finding>,
    pub(crate) configurations: Vec<Configuration>,
    pub(crate) policies: Vec<CustomPolicy>,
    /// Lookups derived from the above; rebuilt on first use after a load or an import.
    #[serde(skip)]
    pub(crate) index: Index,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Provider {
    Github,
    Gitlab,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) org_name: String,
    pub(crate) provider: Provider,
    pub(crate) active: bool,
    pub(crate) created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ApiKey {
    pub(crate) key: String,
    pub(crate) name: Option<String>,
    /// Indices of the accounts the key can see.
    pub(crate) accounts: Vec<usize>,
}

/// The language a repository is mostly written in: it picks file paths and the SCA
/// ecosystem of generated findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Language {
    Go,
    Typescript,
    Python,
    Ruby,
    Java,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Repository {
    pub(crate) id: String,
    pub(crate) account: usize,
    pub(crate) name: String,
    pub(crate) full_name: String,
    pub(crate) provider_repo_id: String,
    pub(crate) default_branch: String,
    pub(crate) private: bool,
    pub(crate) enabled: bool,
    pub(crate) configuration_id: Option<String>,
    pub(crate) language: Language,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

/// How a scan ends once it has run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Outcome {
    #[default]
    Completed,
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PrStatus {
    #[default]
    Open,
    Closed,
    Merged,
}

impl PrStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PrStatus::Open => "open",
            PrStatus::Closed => "closed",
            PrStatus::Merged => "merged",
        }
    }
}

/// When a scan was requested, started and finished. Its status at any instant follows.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub(crate) struct Run {
    pub(crate) created_at: Timestamp,
    pub(crate) started_at: Timestamp,
    pub(crate) finished_at: Timestamp,
    pub(crate) outcome: Outcome,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PrScan {
    pub(crate) id: String,
    pub(crate) account: usize,
    pub(crate) repo: usize,
    pub(crate) pr_number: u64,
    pub(crate) pr_title: String,
    pub(crate) pr_status: PrStatus,
    pub(crate) author: String,
    pub(crate) head_branch: String,
    pub(crate) base_branch: String,
    pub(crate) head_sha: String,
    /// `scan_date` is `run.created_at`.
    pub(crate) run: Run,
    /// The developer-facing summary, shown once the scan has completed.
    pub(crate) summary: String,
    /// The findings this scan reports (pull-request and code-policy findings).
    pub(crate) findings: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DeepScanType {
    #[default]
    Full,
    Incremental,
}

impl DeepScanType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            DeepScanType::Full => "full",
            DeepScanType::Incremental => "incremental",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeepScan {
    pub(crate) id: String,
    pub(crate) account: usize,
    pub(crate) repo: usize,
    /// The branch as DryRun recorded it (may be null: then it is the default branch).
    pub(crate) branch: Option<String>,
    pub(crate) commit_sha: Option<String>,
    pub(crate) kind: DeepScanType,
    pub(crate) run: Run,
    /// Code findings and SCA findings this DeepScan reports.
    pub(crate) code: Vec<usize>,
    pub(crate) sca: Vec<usize>,
}
