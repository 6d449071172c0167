//! Bringing the world up to the clock before a request acts: every piece of due work
//! (a batch's findings appearing, a fix run starting or ending, a pull request opening
//! or merging, a device pairing approving itself) whose time has come runs
//! now, in time order, stamped with its own due time. Because it runs first in every
//! request, nothing a request writes can precede work that was already due, the event
//! log stays in time order, and the outcome is the same whether the clock jumped an hour
//! or crept there in small steps: no timer and no scheduler job is involved.

use jiff::Timestamp;

use super::fix_lifecycle;
use super::pairing;
use super::pull_request;
use super::scan_outcome;
use super::state::{DueWork, KolegaState};

/// The device label of a key a pairing approved by itself gets.
const AUTO_APPROVED_LABEL: &str = "CLI device";

pub(crate) fn run(state: &mut KolegaState, now: Timestamp) {
    while state.due.first().is_some_and(|d| d.at <= now) {
        let Some(due) = state.due.pop_first() else { break };
        if let DueWork::PullRequestOpened { fix, merged } = due.what {
            // History: the pull request the scenario says was opened (it always opens).
            if let Some(org) = state.orgs.get_mut(due.org as usize) {
                org.attach_pull_request(fix, due.at, None, None, None);
                state.schedule_merge(due.org as usize, fix, due.at, merged);
            }
            continue;
        }
        if let DueWork::PairingApproved { device_code } = &due.what {
            if let Some(at) = state.pairings.by_device_code(device_code) {
                // Already decided or expired: nothing to approve, which is no error.
                let _ = pairing::approve(state, at, due.org as usize, AUTO_APPROVED_LABEL, due.at);
            }
            continue;
        }
        let Some(org) = state.orgs.get_mut(due.org as usize) else { continue };
        match due.what {
            DueWork::BatchDone { batch } => {
                if let Some(scan_type) = org.batches.get(batch as usize).map(|b| b.scan_type) {
                    scan_outcome::materialize(org, batch, due.at, state.timing.scan(scan_type));
                }
            }
            DueWork::FixStarted { fix, run } => fix_lifecycle::on_started(org, fix, run, due.at),
            DueWork::FixEnded { fix, run } => {
                fix_lifecycle::on_ended(org, fix, run, due.at, &state.timing.fixes.pull_requests);
            }
            DueWork::PullRequestMerged { fix } => {
                pull_request::on_merged(org, fix, due.at, &state.timing.fixes.pull_requests);
            }
            DueWork::PairingApproved { .. } | DueWork::PullRequestOpened { .. } => {}
        }
    }
}
