//! Which scans report a finding, and which is the newest of its lineage, as of an
//! instant: what "in the latest scan" and `scan_id` mean at that time.

use jiff::Timestamp;

use super::index::{Lineage, Slot};
use super::scan::Run;
use super::state::DryRunState;

impl DryRunState {
    /// The run of a lineage's scan.
    pub(crate) fn lineage_run(&self, lineage: &Lineage, scan: usize) -> &Run {
        if lineage.is_pr() { &self.pr_scans[scan].run } else { &self.deepscans[scan].run }
    }

    pub(crate) fn finding_run(&self, finding: usize, scan: usize) -> &Run {
        if self.findings[finding].kind.by_pr_scans() { &self.pr_scans[scan].run } else { &self.deepscans[scan].run }
    }

    /// The newest scan of `lineage` that had completed by `at`.
    pub(crate) fn latest_completed(&self, lineage: usize, at: Timestamp) -> Option<usize> {
        let lineage = &self.index.lineages[lineage];
        lineage.scans.iter().rev().copied().find(|&s| self.lineage_run(lineage, s).completed_by(at))
    }

    /// The newest scan that reported `finding` by `at` (what `scan_id` shows).
    pub(crate) fn last_report(&self, finding: usize, at: Timestamp) -> Option<usize> {
        self.index.reported_by[finding].iter().rev().copied().find(|&s| self.finding_run(finding, s).completed_by(at))
    }
}

/// The newest completed scan of each lineage, worked out once per lineage per request.
pub(crate) struct LatestScans {
    at: Timestamp,
    memo: Vec<Option<Option<usize>>>,
}

impl LatestScans {
    pub(crate) fn new(state: &DryRunState, at: Timestamp) -> LatestScans {
        LatestScans { at, memo: vec![None; state.index.lineages.len()] }
    }

    pub(crate) fn of(&mut self, state: &DryRunState, lineage: usize) -> Option<usize> {
        *self.memo[lineage].get_or_insert_with(|| state.latest_completed(lineage, self.at))
    }
}

impl Slot {
    /// Whether the newest scan of its lineage that completed by `now` reports it. When
    /// its own last report is done (the usual case) that is the same as "the lineage's
    /// newest scan is its last report"; otherwise ask the full list.
    pub(crate) fn in_latest(&self, state: &DryRunState, latest: &mut LatestScans, now: Timestamp) -> bool {
        let newest = latest.of(state, self.lineage as usize);
        if self.last_finished <= now {
            newest == Some(self.last_scan as usize)
        } else {
            newest.is_some_and(|s| state.index.reported_by[self.finding as usize].contains(&s))
        }
    }
}
