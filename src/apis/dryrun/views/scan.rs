//! PR scans (as listed, and with a page of their findings) and DeepScans, as of an
//! instant: a scan's status, summary, verdict and counts depend on it.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Serialize;

use super::finding::PrFindingView;
use super::links::{PullRequestLink, ScanLink};
use crate::apis::dryrun::model::finding::FindingsResult;
use crate::apis::dryrun::model::scan::{DeepScanType, PrStatus};
use crate::apis::dryrun::model::state::DryRunState;
use crate::apis::dryrun::model::timeline::Phase;
use crate::apis::dryrun::model::verdict::RiskThreshold;

/// `Scan`: a PR scan as listed (without findings).
#[derive(Debug, Serialize)]
pub(crate) struct ScanView<'a> {
    scan_id: &'a str,
    dashboard_url: ScanLink<'a>,
    repository_id: &'a str,
    pr_number: u64,
    pr_title: &'a str,
    pr_status: PrStatus,
    pr_url: PullRequestLink<'a>,
    author: &'a str,
    head_branch: &'a str,
    base_branch: &'a str,
    head_sha: &'a str,
    scan_date: Timestamp,
    status: &'static str,
    /// Shown once the scan has completed.
    summary: Option<Cow<'a, str>>,
    risk_threshold: Option<RiskThreshold>,
    findings_count: FindingsCount,
}

/// A completed scan's findings by classification (all zero until then).
#[derive(Debug, Serialize)]
struct FindingsCount {
    failing: usize,
    risky: usize,
    info: usize,
}

impl<'a> ScanView<'a> {
    /// PR scan `s` as of `now`.
    pub(crate) fn new(state: &'a DryRunState, s: usize, now: Timestamp) -> Self {
        let scan = &state.pr_scans[s];
        let repo = &state.repositories[scan.repo];
        let phase = scan.run.phase(now);
        let counts = state.result_counts(s, now);
        ScanView {
            scan_id: &scan.id,
            dashboard_url: ScanLink { scan_id: &scan.id },
            repository_id: &repo.id,
            pr_number: scan.pr_number,
            pr_title: &scan.pr_title,
            pr_status: scan.pr_status,
            pr_url: PullRequestLink {
                provider: state.accounts[repo.account].provider,
                full_name: &repo.full_name,
                number: scan.pr_number,
            },
            author: &scan.author,
            head_branch: &scan.head_branch,
            base_branch: &scan.base_branch,
            head_sha: &scan.head_sha,
            scan_date: scan.run.created_at,
            status: phase.as_str(),
            summary: (phase == Phase::Completed).then(|| state.pr_summary(s)),
            risk_threshold: counts.threshold(phase),
            findings_count: FindingsCount {
                failing: counts.of(FindingsResult::Failing),
                risky: counts.of(FindingsResult::Risky),
                info: counts.of(FindingsResult::Info),
            },
        }
    }
}

/// `ScanDetail`: a PR scan with (a page of) its findings.
#[derive(Debug, Serialize)]
pub(crate) struct ScanDetailView<'a> {
    #[serde(flatten)]
    pub(crate) scan: ScanView<'a>,
    pub(crate) findings: Vec<Option<PrFindingView<'a>>>,
}

/// `Deepscan`.
#[derive(Debug, Serialize)]
pub(crate) struct DeepScanView<'a> {
    id: &'a str,
    repository_id: &'a str,
    repository_name: &'a str,
    /// As DryRun recorded it (null when it did not).
    branch: Option<&'a str>,
    commit_sha: Option<&'a str>,
    #[serde(rename = "type")]
    kind: DeepScanType,
    status: &'static str,
    code_findings_count: usize,
    sca_findings_count: usize,
    created_at: Timestamp,
    completed_at: Option<Timestamp>,
}

impl<'a> DeepScanView<'a> {
    /// DeepScan `d` as of `now`: its counts are zero until it has completed.
    pub(crate) fn new(state: &'a DryRunState, d: usize, now: Timestamp) -> Self {
        let scan = &state.deepscans[d];
        let repo = &state.repositories[scan.repo];
        let phase = scan.run.phase(now);
        let done = phase == Phase::Completed;
        DeepScanView {
            id: &scan.id,
            repository_id: &repo.id,
            repository_name: &repo.name,
            branch: scan.branch.as_deref(),
            commit_sha: scan.commit_sha.as_deref(),
            kind: scan.kind,
            status: phase.as_str(),
            code_findings_count: if done { scan.code.len() } else { 0 },
            sca_findings_count: if done { scan.sca.len() } else { 0 },
            created_at: scan.run.created_at,
            completed_at: scan.run.finished_time(now),
        }
    }
}
