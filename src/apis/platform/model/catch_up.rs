//! Bringing the world up to the clock before a request acts: every scan that has completed
//! by now and not yet reported gets its findings, in completion order, stamped with its
//! completion time. Because it runs first in every request, the outcome is the same
//! whether the clock jumped a day or crept there in small steps.

use jiff::Timestamp;

use super::ScanStatus;
use super::detect;
use super::state::PlatformState;

pub(crate) fn run(state: &mut PlatformState, now: Timestamp) {
    let mut due: Vec<(Timestamp, usize)> = state
        .scans
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.reported && s.status(now) == ScanStatus::Completed)
        .map(|(i, s)| (s.completes_at(), i))
        .collect();
    due.sort();
    for (at, s) in due {
        detect::report(state, s, at);
    }
}
