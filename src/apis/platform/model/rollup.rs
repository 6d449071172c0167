//! A project's scan rollup, computed from its scans and findings at an instant: scans per
//! status, the latest scan, and open findings per severity from each repository's latest
//! completed scan.

use jiff::Timestamp;

use super::state::PlatformState;
use super::{FindingStatus, ScanStatus};

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Rollup {
    pub(crate) total: usize,
    pub(crate) queued: usize,
    pub(crate) running: usize,
    pub(crate) completed: usize,
    pub(crate) failed: usize,
    pub(crate) cancelled: usize,
    pub(crate) last_scan: Option<(ScanStatus, Timestamp)>,
    /// critical, high, medium, low, info.
    pub(crate) open_findings: [usize; 5],
}

pub(crate) fn of_project(state: &PlatformState, project: &str, now: Timestamp) -> Rollup {
    let mut r = Rollup::default();
    for repo in state.repositories_in(project) {
        let mut latest_completed: Option<(&str, Timestamp)> = None;
        for scan in state.scans_of(&repo.id) {
            let status = scan.status(now);
            r.total += 1;
            match status {
                ScanStatus::Queued => r.queued += 1,
                ScanStatus::Running => r.running += 1,
                ScanStatus::Completed => r.completed += 1,
                ScanStatus::Failed => r.failed += 1,
                ScanStatus::Cancelled => r.cancelled += 1,
            }
            if r.last_scan.is_none_or(|(_, at)| scan.created_at >= at) {
                r.last_scan = Some((status, scan.created_at));
            }
            if status == ScanStatus::Completed && latest_completed.is_none_or(|(_, at)| scan.created_at >= at) {
                latest_completed = Some((&scan.id, scan.created_at));
            }
        }
        if let Some((scan, _)) = latest_completed {
            let open = state
                .findings
                .iter()
                .filter(|f| f.scan_id == scan && matches!(f.status, FindingStatus::Open | FindingStatus::Confirmed));
            for f in open {
                r.open_findings[f.severity().slot()] += 1;
            }
        }
    }
    r
}
