//! A scan batch as its four read operations show it: the batch, its progress with one
//! line per source repository, and its results. All read the batch's progress at the
//! request's instant (`model::progress`), which the handler computes once.

use jiff::Timestamp;
use serde::Serialize;

use super::finding::FindingSummaryView;
use crate::apis::kolega::model::batch::{ScanBatch, SourceScan};
use crate::apis::kolega::model::progress::{BatchProgress, SourceProgress};
use crate::apis::kolega::model::state::Organization;
use crate::apis::kolega::model::{BatchStatus, ScanStatus, ScanType};

/// What the batch view and the progress view share, in the order both show it.
#[derive(Debug, Serialize)]
struct BatchHead<'a> {
    batch_id: &'a str,
    repository_id: &'a str,
    scan_type: ScanType,
    status: BatchStatus,
    total_repositories: usize,
    scans_created: u32,
    scans_failed: u32,
    scans_completed: u32,
    scans_assessed: u32,
    error_message: Option<&'a str>,
}

impl<'a> BatchHead<'a> {
    fn new(org: &'a Organization, batch: &'a ScanBatch, progress: &'a BatchProgress) -> BatchHead<'a> {
        BatchHead {
            batch_id: &batch.id,
            repository_id: &org.repositories[batch.repo as usize].id,
            scan_type: batch.scan_type,
            status: progress.status,
            total_repositories: batch.scans.len(),
            scans_created: progress.scans_created,
            scans_failed: progress.scans_failed,
            scans_completed: progress.scans_completed,
            scans_assessed: progress.scans_assessed,
            error_message: progress.error.as_deref(),
        }
    }
}

/// A batch, as listed, created and fetched.
#[derive(Debug, Serialize)]
pub(crate) struct BatchView<'a> {
    #[serde(flatten)]
    head: BatchHead<'a>,
    created_at: Timestamp,
    started_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
}

impl<'a> BatchView<'a> {
    pub(crate) fn new(org: &'a Organization, batch: &'a ScanBatch, progress: &'a BatchProgress) -> BatchView<'a> {
        BatchView {
            head: BatchHead::new(org, batch, progress),
            created_at: batch.created_at,
            started_at: progress.started_at,
            completed_at: progress.completed_at,
        }
    }
}

/// `GET …/scans/{scan_id}/progress`: no `created_at`, and `completed_at` before
/// `started_at`, as this body has always been written (clients read it by name).
#[derive(Debug, Serialize)]
pub(crate) struct BatchProgressView<'a> {
    #[serde(flatten)]
    head: BatchHead<'a>,
    completed_at: Option<Timestamp>,
    started_at: Option<Timestamp>,
    percent_complete: f64,
    repositories: Vec<SourceScanView<'a>>,
}

/// One source repository's scan within the batch.
#[derive(Debug, Serialize)]
struct SourceScanView<'a> {
    repository: &'a str,
    branch: &'a str,
    status: ScanStatus,
    status_reason: Option<&'a str>,
    findings_count: Option<u32>,
    started_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
}

impl<'a> BatchProgressView<'a> {
    pub(crate) fn new(
        org: &'a Organization,
        batch: &'a ScanBatch,
        progress: &'a BatchProgress,
    ) -> BatchProgressView<'a> {
        let repo = &org.repositories[batch.repo as usize];
        let source = |(scan, s): (&'a SourceScan, &'a SourceProgress)| {
            let source = &repo.sources[scan.source as usize];
            SourceScanView {
                repository: &source.full_name,
                branch: &source.default_branch,
                status: s.status,
                status_reason: s.reason.as_deref(),
                findings_count: s.findings,
                started_at: s.started_at,
                completed_at: s.completed_at,
            }
        };
        BatchProgressView {
            head: BatchHead::new(org, batch, progress),
            completed_at: progress.completed_at,
            started_at: progress.started_at,
            percent_complete: progress.percent,
            repositories: batch.scans.iter().zip(&progress.sources).map(source).collect(),
        }
    }
}

/// `GET …/scans/{scan_id}/results`: what the batch found (nothing until it finished),
/// most severe first.
#[derive(Debug, Serialize)]
pub(crate) struct ScanResultsView<'a> {
    batch_id: &'a str,
    scan_type: ScanType,
    status: BatchStatus,
    findings_count: usize,
    findings: Vec<FindingSummaryView<'a>>,
}

impl<'a> ScanResultsView<'a> {
    pub(crate) fn new(org: &'a Organization, batch: &'a ScanBatch, progress: &BatchProgress) -> ScanResultsView<'a> {
        let mut attributed: Vec<u32> = batch.findings.clone();
        attributed.sort_by_key(|i| org.findings[*i as usize].severity);
        let findings: Vec<FindingSummaryView<'a>> =
            attributed.iter().map(|i| FindingSummaryView::new(org, &org.findings[*i as usize])).collect();
        ScanResultsView {
            batch_id: &batch.id,
            scan_type: batch.scan_type,
            status: progress.status,
            findings_count: findings.len(),
            findings,
        }
    }
}
