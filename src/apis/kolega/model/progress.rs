//! A scan batch's state at a moment, derived from its plan and the clock: nothing is
//! stored as "current status", so a manual jump of an hour lands exactly where small
//! steps would, and an idle batch costs nothing.
//!
//! Timeline from `created_at`: `queued`, then `creating_scans` (source scans are created
//! one by one across it), then `scanning` until the last source scan ends (each starts a
//! little after the previous one and runs its own, jittered, duration; a failing one stops
//! early), then `assessing` if anything succeeded, then `completed`, `partial_failure` or
//! `failed`. `percent_complete` weights those phases 5 / 80 / 15, never decreases, and is
//! 100 exactly from the moment the batch is finished.

use jiff::{SignedDuration, Timestamp};

use super::batch::ScanBatch;
use super::state::Organization;
use super::timing::scaled;
use super::vocabulary::{BatchStatus, ScanStatus};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SourceProgress {
    pub(crate) status: ScanStatus,
    pub(crate) reason: Option<String>,
    pub(crate) findings: Option<u32>,
    pub(crate) started_at: Option<Timestamp>,
    pub(crate) completed_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BatchProgress {
    pub(crate) status: BatchStatus,
    pub(crate) started_at: Option<Timestamp>,
    pub(crate) completed_at: Option<Timestamp>,
    pub(crate) scans_created: u32,
    pub(crate) scans_failed: u32,
    pub(crate) scans_completed: u32,
    pub(crate) scans_assessed: u32,
    pub(crate) percent: f64,
    pub(crate) error: Option<String>,
    pub(crate) sources: Vec<SourceProgress>,
}

/// When source scan `i` of `n` is created (during `creating_scans`).
fn created_offset(batch: &ScanBatch, i: usize) -> SignedDuration {
    let n = batch.scans.len().max(1) as f64;
    batch.queued + scaled(batch.creating, (i + 1) as f64 / n)
}

/// When every source scan has ended.
pub(crate) fn scans_end(batch: &ScanBatch) -> SignedDuration {
    batch.scans.iter().map(|s| s.starts + s.duration).max().unwrap_or(batch.queued + batch.creating)
}

fn any_succeeded(batch: &ScanBatch) -> bool {
    batch.scans.iter().any(|s| s.failure.is_none())
}

/// When the batch finishes (its findings appear then).
pub(crate) fn done_at(batch: &ScanBatch) -> Timestamp {
    let assess = if any_succeeded(batch) { batch.assessing } else { SignedDuration::ZERO };
    batch.created_at + scans_end(batch) + assess
}

fn final_status(batch: &ScanBatch) -> BatchStatus {
    let failed = batch.scans.iter().filter(|s| s.failure.is_some()).count();
    match failed {
        0 => BatchStatus::Completed,
        f if f == batch.scans.len() => BatchStatus::Failed,
        _ => BatchStatus::PartialFailure,
    }
}

fn error_message(batch: &ScanBatch, names: &[&str]) -> Option<String> {
    let failing: Vec<(usize, &str)> =
        batch.scans.iter().filter_map(|s| s.failure.as_deref().map(|f| (s.source as usize, f))).collect();
    let (first_source, first_reason) = *failing.first()?;
    let name = names.get(first_source).copied().unwrap_or("repository");
    let (n, k) = (batch.scans.len(), failing.len());
    Some(if k == n && n == 1 {
        format!("Repository scan failed: {name}: {first_reason}")
    } else if k == n {
        format!("All {n} repository scans failed: {name}: {first_reason}")
    } else {
        format!("{k} of {n} repository scans failed: {name}: {first_reason}")
    })
}

fn secs(d: SignedDuration) -> f64 {
    d.as_secs_f64()
}

impl Organization {
    /// One of this organisation's batches as it stands at `now`.
    pub(crate) fn batch_progress(&self, batch: &ScanBatch, now: Timestamp) -> BatchProgress {
        let repo = &self.repositories[batch.repo as usize];
        let names: Vec<&str> = repo.sources.iter().map(|s| s.full_name.as_str()).collect();
        at(batch, &names, now)
    }
}

/// The batch as it stands at `now`. `names` are the source repositories' full names.
pub(crate) fn at(batch: &ScanBatch, names: &[&str], now: Timestamp) -> BatchProgress {
    let el = secs(now.duration_since(batch.created_at));
    let (q, c) = (secs(batch.queued), secs(batch.creating));
    let end = secs(scans_end(batch));
    let done = secs(done_at(batch).duration_since(batch.created_at));
    let finished = el >= done;
    let status = match el {
        _ if finished => final_status(batch),
        e if e < q => BatchStatus::Queued,
        e if e < q + c => BatchStatus::CreatingScans,
        e if e < end => BatchStatus::Scanning,
        _ => BatchStatus::Assessing,
    };
    let mut v = BatchProgress {
        status,
        started_at: (el >= q).then(|| batch.created_at + batch.queued),
        completed_at: finished.then(|| done_at(batch)),
        scans_created: 0,
        scans_failed: 0,
        scans_completed: 0,
        scans_assessed: 0,
        percent: 0.0,
        error: if finished { error_message(batch, names) } else { None },
        sources: Vec::with_capacity(batch.scans.len()),
    };
    let mut progress_sum = 0.0;
    for (i, scan) in batch.scans.iter().enumerate() {
        let (start, stop) = (secs(scan.starts), secs(scan.starts + scan.duration));
        progress_sum += ((el - start) / (stop - start).max(1e-9)).clamp(0.0, 1.0);
        let source = if el < secs(created_offset(batch, i)) {
            SourceProgress {
                status: ScanStatus::Pending,
                reason: Some("Waiting for the scan to be created".into()),
                findings: None,
                started_at: None,
                completed_at: None,
            }
        } else if el < start {
            v.scans_created += 1;
            SourceProgress {
                status: ScanStatus::Pending,
                reason: Some("Queued for a scanner".into()),
                findings: None,
                started_at: None,
                completed_at: None,
            }
        } else {
            v.scans_created += 1;
            let started_at = Some(batch.created_at + scan.starts);
            let ended = (el >= stop).then(|| batch.created_at + scan.starts + scan.duration);
            match (&scan.failure, ended) {
                (_, None) => SourceProgress {
                    status: ScanStatus::Running,
                    reason: None,
                    findings: None,
                    started_at,
                    completed_at: None,
                },
                (Some(reason), Some(_)) => {
                    v.scans_failed += 1;
                    SourceProgress {
                        status: ScanStatus::Failed,
                        reason: Some(reason.clone()),
                        findings: None,
                        started_at,
                        completed_at: ended,
                    }
                }
                (None, Some(_)) => {
                    v.scans_completed += 1;
                    SourceProgress {
                        status: ScanStatus::Succeeded,
                        reason: None,
                        findings: Some(scan.found.unwrap_or(scan.planned_findings)),
                        started_at,
                        completed_at: ended,
                    }
                }
            }
        };
        v.sources.push(source);
    }
    v.scans_assessed = if finished {
        v.scans_completed
    } else if el >= end {
        let fraction = (el - end) / (done - end).max(1e-9);
        (f64::from(v.scans_completed) * fraction).floor() as u32
    } else {
        0
    };
    let raw = match status {
        _ if finished => 100.0,
        BatchStatus::Queued => 0.0,
        BatchStatus::CreatingScans => 5.0 * (el - q) / c.max(1e-9),
        BatchStatus::Scanning => 5.0 + 80.0 * progress_sum / batch.scans.len().max(1) as f64,
        _ => 85.0 + 15.0 * (el - end) / (done - end).max(1e-9),
    };
    v.percent = if finished { 100.0 } else { ((raw * 10.0).floor() / 10.0).clamp(0.0, 99.9) };
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apis::kolega::model::ScanType;
    use crate::apis::kolega::model::batch::SourceScan;

    fn batch(failures: &[Option<&str>]) -> ScanBatch {
        ScanBatch {
            id: "b".into(),
            repo: 0,
            scan_type: ScanType::Semgrep,
            created_at: Timestamp::from_second(1_000_000).expect("in range"),
            queued: SignedDuration::from_secs(2),
            creating: SignedDuration::from_secs(4),
            assessing: SignedDuration::from_secs(10),
            scans: failures
                .iter()
                .enumerate()
                .map(|(i, f)| SourceScan {
                    id: format!("s{i}"),
                    source: i as u16,
                    starts: SignedDuration::from_secs(6 + i as i64),
                    duration: SignedDuration::from_secs(if f.is_some() { 5 } else { 30 }),
                    failure: f.map(str::to_string),
                    planned_findings: 3,
                    found: None,
                })
                .collect(),
            findings: Vec::new(),
            materialized: false,
        }
    }

    #[test]
    fn states_follow_the_timeline_and_percent_only_grows() {
        let b = batch(&[None, Some("could not be cloned")]);
        let after = |s: i64| b.created_at + SignedDuration::from_secs(s);
        let names = ["acme/a", "acme/b"];
        let statuses: Vec<BatchStatus> =
            [0, 3, 6, 35, 37, 47].iter().map(|s| at(&b, &names, after(*s)).status).collect();
        use BatchStatus::*;
        assert_eq!(statuses, vec![Queued, CreatingScans, Scanning, Scanning, Assessing, PartialFailure]);
        let queued = at(&b, &names, after(0));
        assert_eq!(queued.sources[0].reason.as_deref(), Some("Waiting for the scan to be created"));
        let mut last = -1.0;
        for s in 0..=50 {
            let v = at(&b, &names, after(s));
            assert!(v.percent >= last, "percent fell at {s}s");
            let terminal =
                matches!(v.status, BatchStatus::Completed | BatchStatus::PartialFailure | BatchStatus::Failed);
            assert_eq!(v.percent == 100.0, terminal, "at {s}s");
            last = v.percent;
        }
        let done = at(&b, &names, after(47));
        assert_eq!((done.scans_created, done.scans_completed, done.scans_failed, done.scans_assessed), (2, 1, 1, 1));
        assert_eq!(done.error.as_deref(), Some("1 of 2 repository scans failed: acme/b: could not be cloned"));
        assert_eq!(done.sources[0].findings, Some(3));
    }

    #[test]
    fn a_batch_whose_scans_all_fail_skips_assessing() {
        let b = batch(&[Some("timed out")]);
        assert_eq!(done_at(&b), b.created_at + SignedDuration::from_secs(11));
        let v = at(&b, &["acme/a"], done_at(&b));
        assert_eq!((v.status, v.percent), (BatchStatus::Failed, 100.0));
        assert_eq!(v.error.as_deref(), Some("Repository scan failed: acme/a: timed out"));
    }
}
