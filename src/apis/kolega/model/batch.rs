//! A scan batch: one scan of every source repository of a Kolega repository, stored as
//! the plan it runs to (`batch_plan` makes it, `progress` reads its state at a moment).

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::vocabulary::ScanType;

/// A scan batch and the plan it runs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ScanBatch {
    pub(crate) id: String,
    pub(crate) repo: u32,
    pub(crate) scan_type: ScanType,
    pub(crate) created_at: Timestamp,
    pub(crate) queued: SignedDuration,
    pub(crate) creating: SignedDuration,
    pub(crate) assessing: SignedDuration,
    pub(crate) scans: Vec<SourceScan>,
    /// Findings attributed to the batch, once it has finished.
    pub(crate) findings: Vec<u32>,
    pub(crate) materialized: bool,
}

/// One source repository's scan within a batch.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SourceScan {
    pub(crate) id: String,
    pub(crate) source: u16,
    /// Offset from the batch's creation at which the scanner picks it up.
    pub(crate) starts: SignedDuration,
    pub(crate) duration: SignedDuration,
    /// Why it fails, if it does.
    pub(crate) failure: Option<String>,
    /// How many findings it reports (known from the plan, shown once it succeeded).
    pub(crate) planned_findings: u32,
    /// How many it did report, once the batch finished (history may pre-date some).
    #[serde(default)]
    pub(crate) found: Option<u32>,
}

/// How a batch ends, when a scenario says so rather than the failure rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    Completed,
    PartialFailure,
    Failed,
}
