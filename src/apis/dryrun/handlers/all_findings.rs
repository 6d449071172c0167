//! `GET /accounts/{account_id}/all_findings`: every type of finding of an account, newest
//! first. The contract checks `days` (required, 1–365), `finding_type`, the `severity`
//! list, `page` and `per_page`; here they select:
//! - `days`: findings that appeared in the last N days of virtual time (two binary
//!   searches in the account's findings, which the index keeps newest first);
//! - `branch`: DeepScan and SCA findings of that branch, else of each repository's
//!   default branch; PR and code-policy findings are not affected;
//! - `all_results`: by default only what the newest completed scan of each pull request
//!   or branch reports, so a finding fixed by a later scan disappears; `true` keeps
//!   every finding ever reported.

use std::collections::HashSet;

use jiff::SignedDuration;

use super::access::{self, DryRunCall};
use super::pagination::Page;
use crate::apis::dryrun::model::finding::{FindingKind, Severity};
use crate::apis::dryrun::model::index::{LineageKey, Track};
use crate::apis::dryrun::model::reports::LatestScans;
use crate::apis::dryrun::views::unified::UnifiedFindingView;
use crate::fragments::Fragment;
use crate::reply::Answer;

pub(crate) fn list(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let repository = match call.request.query_str("repository_id") {
        Some(id) => Some(access::repository(call, a, Some(id))?),
        None => None,
    };
    let days = call.request.query_i64("days").unwrap_or(1);
    let kind = call.request.query_str("finding_type").and_then(FindingKind::parse);
    let severities: HashSet<Severity> =
        call.request.query_list("severity").iter().filter_map(|s| Severity::parse(s)).collect();
    let branch = call.request.query_str("branch");
    let all_results = call.request.query_bool("all_results").unwrap_or(false);

    let (state, now) = (&*call.state, call.now);
    let since = now.checked_sub(SignedDuration::from_hours(24 * days)).unwrap_or(jiff::Timestamp::MIN);
    let slots = &state.index.slots[a];
    let start = slots.partition_point(|s| s.created_at > now);
    let end = slots.partition_point(|s| s.created_at >= since).max(start);
    // With `branch`, which lineages are that branch (decided once, not per finding).
    let on_branch: Vec<bool> = match branch {
        Some(name) => {
            state.index.lineages.iter().map(|l| matches!(&l.key, LineageKey::Branch(b) if b == name)).collect()
        }
        None => Vec::new(),
    };
    let mut latest = LatestScans::new(state, now);
    let matching: Vec<usize> = slots[start..end]
        .iter()
        .filter(|slot| {
            kind.is_none_or(|k| k == slot.kind)
                && repository.is_none_or(|r| r == slot.repo as usize)
                && (severities.is_empty() || severities.contains(&slot.severity))
                && match (slot.track, branch) {
                    (Track::PullRequest, _) => true,
                    (track, None) => track == Track::DefaultBranch,
                    (_, Some(_)) => on_branch[slot.lineage as usize],
                }
                && (all_results || slot.in_latest(state, &mut latest, now))
        })
        .map(|slot| slot.finding as usize)
        .collect();
    // A finding's view reads the finding, its repository and the scan that reported it
    // last by now (scans are never changed once made, and their ids never reused).
    Ok(Page::of(call.request).respond_fragments(&matching, |f| {
        let (finding, repo) = (&state.findings[f], &state.repositories[state.findings[f].repo]);
        let scan = state.last_report(f, now).map_or(0, |s| s as u64 + 1);
        Fragment::new([finding.stamp(), repo.stamp(), scan], move || UnifiedFindingView::new(state, f, now))
    }))
}
