//! Generated activity of an account over the last N days: pull requests scanned once or
//! again after a push (a re-scan keeps some findings and drops the fixed ones;
//! `history_pull_requests`), and DeepScans of each branch at a cadence, each reporting
//! what the branch still has plus what is new (`history_deepscans`). A few scans are
//! still queued or running when the scenario starts, so they complete (and their findings
//! appear) as virtual time passes.

use std::collections::{HashMap, HashSet};

use jiff::SignedDuration;

use super::builder::Builder;
use super::scenario::{AccountSpec, duration};
use super::scenario_history::History;
use super::{history_deepscans, history_pull_requests};
use crate::apis::dryrun::model::entity::Entity;

/// Generates `history` for account `account` (written as `spec`) over `repos`, all its
/// repositories as `accounts::account` returned them: the enabled ones whose own spec does
/// not opt out, each on its default branch and the `branches` its spec lists.
pub(crate) fn generate(
    b: &mut Builder<'_>,
    account: usize,
    spec: &AccountSpec,
    history: &History,
    repos: &[usize],
    at: &str,
) -> Result<(), String> {
    let in_history: Vec<usize> = repos
        .iter()
        .enumerate()
        .filter(|&(i, &r)| b.state.repositories[r].enabled && spec.repositories.get(i).is_none_or(|s| s.history))
        .map(|(_, &r)| r)
        .collect();
    let branches: HashMap<usize, Vec<String>> =
        spec.repositories.iter().enumerate().map(|(i, s)| (repos[i], s.branches.clone())).collect();
    for (name, rate) in [
        ("rescan_rate", history.rescan_rate),
        ("code_policy_rate", history.code_policy_rate),
        ("fix_rate", history.fix_rate),
        ("triaged", history.triaged),
        ("failure_rate", history.failure_rate),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("{at}.{name}: must be between 0 and 1"));
        }
    }
    if !(1..=3650).contains(&history.days) {
        return Err(format!("{at}.days: must be between 1 and 3650"));
    }
    if !(0.0..=1000.0).contains(&history.findings_per_pr_scan) || !(0.0..=1000.0).contains(&history.new_per_deepscan) {
        return Err(format!("{at}: averages must be between 0 and 1000"));
    }
    let every = duration(&history.deepscan_every).map_err(|e| format!("{at}.deepscan_every: {e}"))?;
    if every < SignedDuration::from_hours(1) || every > SignedDuration::from_hours(24 * 365) {
        return Err(format!("{at}.deepscan_every: must be between an hour and a year"));
    }
    if in_history.is_empty() {
        return Ok(());
    }
    let first_pr = b.state.pr_scans.len();
    let first_finding = b.state.findings.len();
    // Room for what the history will hold, made once: grown by doubling, a 100k-finding
    // world copied its findings about seventeen times and touched twice their memory.
    // The estimate (each PR scan's mean of new findings) is bounded like the world itself.
    let expected = history.pr_scans as f64 * history.findings_per_pr_scan;
    b.state.pr_scans.reserve(history.pr_scans.min(super::bounds::MAX_SCANS as usize));
    b.state.findings.reserve(expected.min(super::bounds::MAX_FINDINGS) as usize);
    history_pull_requests::generate(b, account, history, &in_history)?;
    let first_deep = b.state.deepscans.len();
    history_deepscans::generate(b, history, &in_history, &branches, every)?;
    // One of each generated thing is checked against the contract like scenario data.
    if let Some(s) = (first_pr < b.state.pr_scans.len()).then_some(first_pr) {
        b.check(format!("{at} (a generated PR scan)"), Entity::PrScan(s));
    }
    if first_deep < b.state.deepscans.len() {
        b.check(format!("{at} (a generated DeepScan)"), Entity::DeepScan(first_deep));
    }
    let mut kinds_checked = HashSet::new();
    for f in first_finding..b.state.findings.len() {
        if kinds_checked.insert(b.state.findings[f].kind) {
            b.check(format!("{at} (a generated finding)"), Entity::Finding(f));
        }
    }
    Ok(())
}
