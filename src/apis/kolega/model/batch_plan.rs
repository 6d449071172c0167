//! Planning a scan batch when a scan is triggered (live or in a scenario's history): how
//! long each phase and each source scan takes, and whether and how it fails, decided once
//! from the batch id and the timing profile; then queuing its findings for the moment it
//! finishes.

use jiff::{SignedDuration, Timestamp};
use rand::RngExt;

use super::batch::{Outcome, ScanBatch, SourceScan};
use super::ids::{rng_for, uuid_from};
use super::progress;
use super::repository::{Repository, SourceRepo};
use super::scan_outcome;
use super::state::{DueWork, KolegaState};
use super::timing::{ScanTiming, jittered, scaled};
use super::vocabulary::ScanType;

/// Why a source scan fails: the line shown per repository.
fn failure_reason(source: &SourceRepo, pick: usize) -> String {
    match pick % 4 {
        0 => format!(
            "Repository could not be cloned: authentication failed for {}.git",
            source.provider.html_url(&source.full_name)
        ),
        1 => format!("Default branch '{}' no longer exists", source.default_branch),
        2 => "Scanner timed out after 30 minutes".to_string(),
        _ => "Repository exceeds the 2 GB scan size limit".to_string(),
    }
}

/// Plans a batch over every source of `repo`.
pub(crate) fn plan(
    id: String,
    repo_idx: u32,
    repo: &Repository,
    scan_type: ScanType,
    timing: &ScanTiming,
    created_at: Timestamp,
    outcome: Option<Outcome>,
) -> ScanBatch {
    let mut rng = rng_for(&[id.as_bytes(), b"plan"]);
    let n = repo.sources.len();
    let outcome = outcome.unwrap_or_else(|| {
        if rng.random_bool(timing.failure_rate) {
            Outcome::Failed
        } else if n >= 2 && rng.random_bool(timing.partial_failure_rate) {
            Outcome::PartialFailure
        } else {
            Outcome::Completed
        }
    });
    let mut failing = vec![outcome == Outcome::Failed; n];
    if outcome == Outcome::PartialFailure && n >= 2 {
        let k = rng.random_range(1..n);
        let mut order: Vec<usize> = (0..n).collect();
        for _ in 0..k {
            let pick = order.swap_remove(rng.random_range(0..order.len()));
            failing[pick] = true;
        }
    }
    let phases = timing.queued + timing.creating;
    let scans = repo
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let stagger = SignedDuration::from_millis(i as i64 * 1500 + rng.random_range(200..1200));
            let mut duration = jittered(timing.scanning, timing.jitter, rng.random::<f64>());
            let failure = failing[i].then(|| failure_reason(source, rng.random_range(0..4)));
            if failure.is_some() {
                duration = scaled(duration, rng.random_range(0.1..0.4));
            }
            SourceScan {
                id: uuid_from(&[id.as_bytes(), b"scan", &(i as u64).to_le_bytes()]),
                source: i as u16,
                starts: phases + stagger,
                duration,
                failure,
                // Counted when the batch is added, against the findings known then.
                planned_findings: 0,
                found: None,
            }
        })
        .collect();
    ScanBatch {
        id,
        repo: repo_idx,
        scan_type,
        created_at,
        queued: timing.queued,
        creating: timing.creating,
        assessing: timing.assessing,
        scans,
        findings: Vec::new(),
        materialized: false,
    }
}

impl KolegaState {
    /// Adds a planned batch and schedules its findings for when it finishes.
    pub(crate) fn add_batch(&mut self, org: usize, mut batch: ScanBatch) -> u32 {
        let done = progress::done_at(&batch);
        let timing = *self.timing.scan(batch.scan_type);
        scan_outcome::plan_counts(&self.orgs[org], &mut batch, done, &timing);
        let o = &mut self.orgs[org];
        let idx = o.batches.len() as u32;
        o.index.batches.insert(batch.id.clone(), idx);
        o.batches.push(batch);
        self.schedule(done, org, DueWork::BatchDone { batch: idx });
        idx
    }
}
