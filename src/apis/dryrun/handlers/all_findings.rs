//! `GET /accounts/{account_id}/all_findings`: every type of finding of an account, newest
//! first. The contract checks `days` (required, 1–365), `finding_type`, the `severity`
//! list, `page` and `per_page`; here they select:
//! - `days`: findings that appeared in the last N days of virtual time (one binary
//!   search in what the other filters keep, newest first, which `model::listing`
//!   remembers until a finding appears or a scan finishes);
//! - `branch`: DeepScan and SCA findings of that branch, else of each repository's
//!   default branch; PR and code-policy findings are not affected;
//! - `all_results`: by default only what the newest completed scan of each pull request
//!   or branch reports, so a finding fixed by a later scan disappears; `true` keeps
//!   every finding ever reported.

use jiff::SignedDuration;

use super::access::{self, DryRunCall};
use super::pagination::Page;
use crate::apis::dryrun::model::finding::{FindingKind, Severity};
use crate::apis::dryrun::model::listing_memo::FindingFilter;
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
    let filter = FindingFilter {
        account: a,
        kind: call.request.query_str("finding_type").and_then(FindingKind::parse),
        repository,
        severities: call
            .request
            .query_list("severity")
            .iter()
            .filter_map(|s| Severity::parse(s))
            .fold(0, |bits, s| bits | FindingFilter::severity_bit(s)),
        branch: call.request.query_str("branch").map(str::to_string),
        all_results: call.request.query_bool("all_results").unwrap_or(false),
    };
    let now = call.now;
    // Every finding the filters keep, newest first (memoised: `model::listing`); the
    // `days` window is the prefix that appeared since.
    let listed = call.state.listed(&filter, now);
    let state = &*call.state;
    let since = now.checked_sub(SignedDuration::from_hours(24 * days)).unwrap_or(jiff::Timestamp::MIN);
    let slots = &state.index.slots[a];
    let window = &listed[..listed.partition_point(|&p| slots[p as usize].created_at >= since)];
    // A finding's view reads the finding, its repository and the scan that reported it
    // last by now (scans are never changed once made, and their ids never reused).
    Ok(Page::of(call.request).respond_fragments(window, |p: u32| {
        let f = slots[p as usize].finding as usize;
        let (finding, repo) = (&state.findings[f], &state.repositories[state.findings[f].repo]);
        let scan = state.last_report(f, now).map_or(0, |s| s as u64 + 1);
        Fragment::new([finding.stamp(), repo.stamp(), scan], move || UnifiedFindingView::new(state, f, now))
    }))
}
