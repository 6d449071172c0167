//! What a PR scan concludes once it has completed: its findings counted by classification,
//! and its outcome against the configuration's threshold.

use jiff::Timestamp;
use serde::Serialize;

use super::finding::{Detail, FindingsResult};
use super::state::DryRunState;
use super::timeline::Phase;

/// A PR scan's outcome: `fail` when a finding fails it, `risk` when one is risky, `info`
/// otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RiskThreshold {
    Fail,
    Risk,
    Info,
}

/// A scan's findings counted by `FindingsResult` (failing, risky, info).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ResultCounts(pub(crate) [usize; 3]);

impl ResultCounts {
    pub(crate) fn of(&self, result: FindingsResult) -> usize {
        self.0[result as usize]
    }

    /// The outcome of a scan in `phase` with these counts; none until it completes.
    pub(crate) fn threshold(&self, phase: Phase) -> Option<RiskThreshold> {
        (phase == Phase::Completed).then(|| {
            if self.of(FindingsResult::Failing) > 0 {
                RiskThreshold::Fail
            } else if self.of(FindingsResult::Risky) > 0 {
                RiskThreshold::Risk
            } else {
                RiskThreshold::Info
            }
        })
    }
}

impl DryRunState {
    /// PR scan `s`'s findings counted by classification: all zero until it has completed.
    pub(crate) fn result_counts(&self, s: usize, now: Timestamp) -> ResultCounts {
        let scan = &self.pr_scans[s];
        let mut counts = ResultCounts::default();
        if scan.run.phase(now) == Phase::Completed {
            for &f in &scan.findings {
                if let Detail::Pr { result, .. } = self.findings[f].detail {
                    counts.0[result as usize] += 1;
                }
            }
        }
        counts
    }
}
