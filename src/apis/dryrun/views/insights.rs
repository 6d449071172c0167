//! `InsightsDigest`: the daily digest of an account's findings and scans.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::apis::dryrun::model::finding::Severity;

#[derive(Debug, Serialize)]
pub(crate) struct DigestView<'a> {
    pub(crate) account_id: &'a str,
    /// The UTC day it covers.
    pub(crate) date: Date,
    pub(crate) generated_at: Timestamp,
    pub(crate) findings: DigestFindings,
    pub(crate) scans: ScanCounts,
    pub(crate) top_repositories: Vec<TopRepositoryView<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct DigestFindings {
    pub(crate) new: NewFindings,
    pub(crate) resolved: SeverityTotals,
    pub(crate) open: SeverityTotals,
}

#[derive(Debug, Serialize)]
pub(crate) struct NewFindings {
    pub(crate) total: usize,
    pub(crate) by_severity: BySeverity,
    pub(crate) by_type: ByType,
}

/// A count and its `SeverityCounts`.
#[derive(Debug, Serialize)]
pub(crate) struct SeverityTotals {
    total: usize,
    by_severity: BySeverity,
}

impl SeverityTotals {
    pub(crate) fn of(counts: BySeverity) -> Self {
        SeverityTotals { total: counts.total(), by_severity: counts }
    }
}

/// `SeverityCounts`: findings counted on the four-level scale (`error` counts as `high`).
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(crate) struct BySeverity {
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
}

impl BySeverity {
    pub(crate) fn add(&mut self, severity: Severity) {
        match severity.four() {
            Severity::Critical => self.critical += 1,
            Severity::High | Severity::Error => self.high += 1,
            Severity::Medium => self.medium += 1,
            Severity::Low => self.low += 1,
        }
    }

    pub(crate) fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low
    }
}

/// `FindingTypeCounts`.
#[derive(Debug, Serialize)]
pub(crate) struct ByType {
    pub(crate) pullrequest: usize,
    pub(crate) deepscan: usize,
    pub(crate) sca: usize,
    pub(crate) code_policy: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct ScanCounts {
    pub(crate) pull_request_scans: usize,
    pub(crate) failing_pull_request_scans: usize,
    pub(crate) deepscans: usize,
    pub(crate) failed_deepscans: usize,
}

/// A repository with the most new findings that day.
#[derive(Debug, Serialize)]
pub(crate) struct TopRepositoryView<'a> {
    pub(crate) repository_id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) new_findings: usize,
    pub(crate) open_findings: usize,
    pub(crate) by_severity: BySeverity,
}
