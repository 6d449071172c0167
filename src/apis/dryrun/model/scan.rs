//! PR scans and DeepScans: what they record when the scenario loads. When each is queued,
//! running or done follows from its `Run` and the clock (`timeline`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

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
    /// The developer-facing summary, shown once the scan has completed; `None` (a
    /// generated scan) is written from its findings when shown (`pr_summary`), and a
    /// snapshot then carries none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) summary: Option<String>,
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
