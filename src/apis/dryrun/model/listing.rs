//! Which of an account's findings `all_findings` lists at an instant, and a memo of it.
//!
//! Without the memo every request visited every finding of the account in its `days`
//! window (100k in `dryrun-100k`: ~0.7 ms of CPU a request) to filter and count them.
//! What passes the filters can only change at an *event*: a finding appearing
//! (`created_at`) or a scan finishing (`finished_at`, which moves "the newest completed
//! scan of a lineage"). Between two events the answer is the same whatever the clock
//! says, so it is kept, per query, with the span of instants `[from, until)` it holds
//! for; a request whose clock falls in the span reuses it, and the `days` window is then
//! one binary search (the list is newest first, so the window is a prefix of it).
//!
//! Everything the filters read (findings' kind, severity, repository and time, scans'
//! runs, lineages) is written once at load; an import or a reset builds a new `Index`,
//! and with it an empty memo. Triage and configurations, the only things the API
//! changes, are not filtered on. Debug builds compare every reused answer with a fresh
//! computation.

use std::sync::Arc;

use jiff::Timestamp;

use super::index::{LineageKey, Track};
use super::listing_memo::{FindingFilter, Listed, REMEMBERED};
use super::reports::LatestScans;
use super::state::DryRunState;

impl DryRunState {
    /// The findings of `filter.account` that `all_findings` lists at `now` with no `days`
    /// limit, as positions in the account's slots (newest first). The index must be built.
    pub(crate) fn listed(&mut self, filter: &FindingFilter, now: Timestamp) -> Arc<[u32]> {
        let memo = &self.index.listing;
        if let Some(hit) = memo.listed.iter().find(|l| l.filter == *filter && l.from <= now && now < l.until) {
            let positions = hit.positions.clone();
            debug_assert_eq!(*positions, *self.listed_fresh(filter, now), "memoised all_findings for {filter:?}");
            return positions;
        }
        let positions: Arc<[u32]> = self.listed_fresh(filter, now).into();
        let (from, until) = self.quiet_span(filter.account, now);
        let memo = &mut self.index.listing;
        if memo.listed.len() >= REMEMBERED {
            memo.listed.pop_front();
        }
        memo.listed.push_back(Listed { filter: filter.clone(), from, until, positions: positions.clone() });
        positions
    }

    /// The same, computed from the slots (what every request did before the memo).
    pub(crate) fn listed_fresh(&self, filter: &FindingFilter, now: Timestamp) -> Vec<u32> {
        let slots = &self.index.slots[filter.account];
        let start = slots.partition_point(|s| s.created_at > now);
        // With `branch`, which lineages are that branch (decided once, not per finding).
        let on_branch: Vec<bool> = match &filter.branch {
            Some(name) => {
                self.index.lineages.iter().map(|l| matches!(&l.key, LineageKey::Branch(b) if b == name)).collect()
            }
            None => Vec::new(),
        };
        let mut latest = LatestScans::new(self, now);
        let mut out = Vec::new();
        for (position, slot) in slots.iter().enumerate().skip(start) {
            let keep = filter.kind.is_none_or(|k| k == slot.kind)
                && filter.repository.is_none_or(|r| r == slot.repo as usize)
                && (filter.severities == 0 || filter.severities & FindingFilter::severity_bit(slot.severity) != 0)
                && match (slot.track, &filter.branch) {
                    (Track::PullRequest, _) => true,
                    (track, None) => track == Track::DefaultBranch,
                    (_, Some(_)) => on_branch[slot.lineage as usize],
                }
                && (filter.all_results || slot.in_latest(self, &mut latest, now));
            if keep {
                out.push(u32::try_from(position).unwrap_or(u32::MAX));
            }
        }
        out
    }

    /// The instants `[from, until)` around `now` in which no finding of `account` appears
    /// and no scan finishes: what `listed_fresh` answers is the same throughout.
    fn quiet_span(&mut self, account: usize, now: Timestamp) -> (Timestamp, Timestamp) {
        let slots = &self.index.slots[account];
        let start = slots.partition_point(|s| s.created_at > now);
        let mut from = slots.get(start).map_or(Timestamp::MIN, |s| s.created_at);
        let mut until = start.checked_sub(1).map_or(Timestamp::MAX, |p| slots[p].created_at);
        let (pr_scans, deepscans) = (&self.pr_scans, &self.deepscans);
        let finishes = self.index.listing.finishes.get_or_insert_with(|| {
            let mut all: Vec<Timestamp> =
                pr_scans.iter().map(|s| s.run.finished_at).chain(deepscans.iter().map(|s| s.run.finished_at)).collect();
            all.sort_unstable();
            all.dedup();
            all
        });
        let after = finishes.partition_point(|&t| t <= now);
        if let Some(&t) = after.checked_sub(1).and_then(|p| finishes.get(p)) {
            from = from.max(t);
        }
        if let Some(&t) = finishes.get(after) {
            until = until.min(t);
        }
        (from, until)
    }
}
