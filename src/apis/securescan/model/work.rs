//! SecureScan's timed work as the admin API lists it (`GET /jobs`, `work`): the most
//! recent scans with their status and how much of their planned run has passed, read off
//! each scan's plan as its own answers are.

use jiff::Timestamp;

use super::ScanStatus;
use super::scan::Scan;
use super::state::SecureScanState;
use crate::world::Work;

/// How many are listed: the most recent, finished or not.
const RECENT: usize = 8;

/// Where a scan stands at `now`, read off its plan (the stored status moves only when a
/// request or a scheduled job catches the world up).
fn status(scan: &Scan, now: Timestamp) -> ScanStatus {
    match () {
        _ if scan.cancelled_at.is_some() => ScanStatus::Cancelled,
        _ if now < scan.plan.starts_at => ScanStatus::Pending,
        _ if now < scan.plan.ends_at => ScanStatus::Running,
        _ if scan.plan.error.is_some() => ScanStatus::Failed,
        _ => ScanStatus::Completed,
    }
}

fn read(scan: &Scan, now: Timestamp) -> Work {
    let (start, end) = (scan.plan.starts_at, scan.cancelled_at.unwrap_or(scan.plan.ends_at));
    let status = status(scan, now);
    let percent = match status {
        ScanStatus::Pending => 0.0,
        ScanStatus::Running => {
            let span = end.duration_since(start).as_secs_f64();
            let done = now.duration_since(start).as_secs_f64();
            if span <= 0.0 { 99.9 } else { (done / span * 100.0).clamp(0.0, 99.9) }
        }
        _ => 100.0,
    };
    let types: Vec<&str> = scan.scan_types.iter().map(|t| t.as_str()).collect();
    Work {
        id: scan.id.clone(),
        label: format!("{} scan of {}", types.join("+"), scan.target_path),
        status: status.as_str().to_string(),
        started: scan.created_at,
        ends: end,
        percent,
    }
}

impl SecureScanState {
    /// The most recent scans, newest first.
    pub(crate) fn work(&self, now: Timestamp) -> Vec<Work> {
        let mut scans: Vec<&Scan> = self.scans.iter().collect();
        scans.sort_by_key(|s| std::cmp::Reverse(s.created_at));
        scans.into_iter().take(RECENT).map(|s| read(s, now)).collect()
    }
}
