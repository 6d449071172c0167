//! What happens to a fix's pull request after it is asked for, by the scenario's
//! `timing.fixes` rates, each drawn from the fix's id so request order and clock moves
//! never change the outcome:
//! - opening it fails with `pr_creation_failure_rate` (the fix's status becomes
//!   `pr_creation_failed` until a retry opens it);
//! - pushing a refined run to it fails with `pr_update_failure_rate` (`pr_update_failed`
//!   instead of `fix_pr_updated`, until a later run pushes);
//! - once open it is merged with `pr_merge_rate`, `pr_merge_after` (± half) later, as
//!   due work: each of the fix's findings not yet resolved is resolved, `resolved_pr_merged`
//!   or, with `pr_link_rate`, `resolved_pr_linked` (the change landed through a developer's
//!   pull request linked to the finding), and its issue leaves the code, so no later scan
//!   reports it again.

use jiff::Timestamp;
use rand::RngExt;
use serde_json::Value;

use super::events::Event;
use super::fix::PrFailure;
use super::ids::rng_for;
use super::state::{DueWork, KolegaState, Organization};
use super::timing::{PullRequestTiming, jittered};
use super::vocabulary::{EventType, FindingStatus};

const CREATION_FAILURES: &[&str] = &[
    "Failed to create pull request: the provider rejected the push (branch protection)",
    "Failed to create pull request: the provider's API timed out",
];
const UPDATE_FAILURE: &str = "Failed to update pull request: the branch was changed outside Kolega";

/// A draw in [0, 1) for fix `fix_id`, what it is about and which attempt.
fn draw(fix_id: &str, what: &[u8], attempt: u64) -> f64 {
    rng_for(&[fix_id.as_bytes(), what, &attempt.to_le_bytes()]).random::<f64>()
}

impl KolegaState {
    /// Opens fix `idx`'s pull request at `now`, unless this attempt fails (then the fix
    /// reads `pr_creation_failed` and nothing is opened); whether it worked.
    pub(crate) fn open_pull_request(
        &mut self,
        org: usize,
        idx: u32,
        now: Timestamp,
        given: (Option<String>, Option<String>, Option<String>),
    ) -> bool {
        let timing = self.timing.fixes.pull_requests;
        let o = &mut self.orgs[org];
        let fix = &mut o.fixes[idx as usize];
        let run = fix.runs.len().saturating_sub(1) as u32;
        fix.pr_attempts += 1;
        let attempt = fix.pr_attempts;
        if draw(&fix.id, b"pr_create", u64::from(attempt)) < timing.creation_failure_rate {
            let reason = CREATION_FAILURES[attempt as usize % CREATION_FAILURES.len()].to_string();
            fix.pr_failure = Some(PrFailure { creation: true, run, reason });
            return false;
        }
        fix.pr_failure = None;
        let (title, body, branch) = given;
        o.attach_pull_request(idx, now, title, body, branch);
        self.schedule_merge(org, idx, now, None);
        true
    }

    /// Schedules the merge of fix `idx`'s pull request just opened at `opened`, if it
    /// is to be merged (`merged`, or else as `pr_merge_rate` draws).
    pub(crate) fn schedule_merge(&mut self, org: usize, idx: u32, opened: Timestamp, merged: Option<bool>) {
        let timing = self.timing.fixes.pull_requests;
        let id = &self.orgs[org].fixes[idx as usize].id;
        if merged.unwrap_or_else(|| draw(id, b"pr_merge", 0) < timing.merge_rate) {
            let after = jittered(timing.merge_after, 0.5, draw(id, b"pr_merge_after", 0));
            self.schedule(opened + after, org, DueWork::PullRequestMerged { fix: idx });
        }
    }
}

/// Catch-up: a refined run of a fix with pull requests ended; whether pushing it to them
/// failed (then the fix reads `pr_update_failed`).
pub(crate) fn update_fails(org: &mut Organization, fix: u32, run: u32, timing: &PullRequestTiming) -> bool {
    let Some(f) = org.fixes.get_mut(fix as usize) else { return false };
    if draw(&f.id, b"pr_update", u64::from(run)) >= timing.update_failure_rate {
        f.pr_failure = None;
        return false;
    }
    f.pr_failure = Some(PrFailure { creation: false, run, reason: UPDATE_FAILURE.to_string() });
    true
}

/// Catch-up: fix `fix`'s pull request is merged at `at`.
pub(crate) fn on_merged(org: &mut Organization, fix: u32, at: Timestamp, timing: &PullRequestTiming) {
    let Some(f) = org.fixes.get_mut(fix as usize) else { return };
    let Some(pr) = f.pull_requests.first_mut().filter(|p| p.merged_at.is_none()) else { return };
    pr.merged_at = Some(at);
    let meta = [
        ("fix_id", Value::from(f.id.clone())),
        ("pr_number", Value::from(pr.number)),
        ("pr_url", Value::from(pr.url.clone())),
    ];
    let kind = if draw(&f.id, b"pr_link", 0) < timing.link_rate {
        EventType::ResolvedPrLinked
    } else {
        EventType::ResolvedPrMerged
    };
    for idx in f.findings.clone() {
        let Some(previous) = org.findings.get(idx as usize).map(|x| x.status) else { continue };
        org.update_finding(idx, |x| {
            x.fixed_at = Some(x.fixed_at.map_or(at, |t| t.min(at)));
            if previous != FindingStatus::Resolved {
                x.status = FindingStatus::Resolved;
                x.resolved_at = Some(at);
                x.updated_at = x.updated_at.max(at);
            }
        });
        if previous == FindingStatus::Resolved {
            continue;
        }
        let mut e = Event::new(idx, kind, at);
        for (k, v) in &meta {
            e = e.meta(k, v.clone());
        }
        e.previous = Some(previous);
        e.new = Some(FindingStatus::Resolved);
        org.record(e);
    }
}
