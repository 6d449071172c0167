//! Lookups derived from the state, so no request scans everything: ids to positions,
//! each account's findings ordered newest first (a `days` window is two binary searches),
//! per-repository scan lists, and *lineages*.
//!
//! A lineage is the series of scans that look at the same code: the PR scans of one pull
//! request, or the DeepScans of one branch of a repository. A finding belongs to one
//! lineage and keeps its id while later scans of that lineage report it again; it is
//! "in the latest scan" when the newest completed scan of its lineage reports it, and
//! "fixed" when a later scan no longer does. The index never changes after a load
//! (scans and findings are immutable), so it is built once, lazily (`indexing`); what
//! the lineages say at an instant is in `reports`.

use jiff::Timestamp;

use super::finding::{FindingKind, Severity};
use super::id_map::IdMap;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum LineageKey {
    Pr(u64),
    Branch(String),
}

#[derive(Debug, Clone)]
pub(crate) struct Lineage {
    pub(crate) repo: usize,
    pub(crate) key: LineageKey,
    /// Its scans (PR scans or DeepScans, by the key), in the order they finished.
    pub(crate) scans: Vec<usize>,
}

impl Lineage {
    pub(crate) fn is_pr(&self) -> bool {
        matches!(self.key, LineageKey::Pr(_))
    }
}

/// Where a finding's lineage stands for the `branch` filter of `all_findings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Track {
    PullRequest,
    DefaultBranch,
    OtherBranch,
}

/// What `all_findings` filters on, one small record per finding, kept in `by_time`
/// order: a `days` window is then one contiguous run of memory rather than a hundred
/// thousand scattered findings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub(crate) created_at: Timestamp,
    /// When the last scan that reports the finding finished.
    pub(crate) last_finished: Timestamp,
    pub(crate) finding: u32,
    pub(crate) repo: u32,
    pub(crate) lineage: u32,
    pub(crate) last_scan: u32,
    pub(crate) kind: FindingKind,
    /// On the four-level scale.
    pub(crate) severity: Severity,
    pub(crate) track: Track,
}

/// Finding → the scans that report it (`reported_by[f]`, a slice), in the order they
/// finished. Flat: two allocations for the world instead of one per finding, which in a
/// 100k-finding world was ~40 bytes a finding and 100k allocations at load.
#[derive(Debug, Default)]
pub(crate) struct ReportedBy {
    /// Where finding `f`'s scans start in `scans`; `starts[f + 1]` is where they end.
    starts: Vec<usize>,
    scans: Vec<usize>,
}

impl ReportedBy {
    /// From (finding, scan) pairs in the order the scans finished, for findings `0..findings`.
    pub(crate) fn from_pairs(findings: usize, pairs: &[(usize, usize)]) -> ReportedBy {
        let mut starts = vec![0usize; findings + 1];
        for &(f, _) in pairs {
            starts[f + 1] += 1;
        }
        for f in 0..findings {
            starts[f + 1] += starts[f];
        }
        let mut next = starts.clone();
        let mut scans = vec![0usize; pairs.len()];
        for &(f, s) in pairs {
            scans[next[f]] = s;
            next[f] += 1;
        }
        ReportedBy { starts, scans }
    }
}

impl std::ops::Index<usize> for ReportedBy {
    type Output = [usize];

    fn index(&self, finding: usize) -> &[usize] {
        &self.scans[self.starts[finding]..self.starts[finding + 1]]
    }
}

#[derive(Debug, Default)]
pub(crate) struct Index {
    pub(crate) built: bool,
    pub(crate) accounts: IdMap,
    pub(crate) repos: IdMap,
    pub(crate) pr_scans: IdMap,
    pub(crate) deepscans: IdMap,
    pub(crate) findings: IdMap,
    /// Finding → the scans that report it, in the order they finished.
    pub(crate) reported_by: ReportedBy,
    /// Finding → when the first completed scan of its lineage after it appeared no
    /// longer reported it (`Timestamp::MAX` while none has): when a scan fixed it.
    pub(crate) fixed_at: Vec<Timestamp>,
    pub(crate) lineage_of: Vec<usize>,
    pub(crate) lineages: Vec<Lineage>,
    /// Account → its findings, newest `created_at` first (ties by id).
    pub(crate) by_time: Vec<Vec<usize>>,
    /// Account → the same findings as `Slot`s, in the same order.
    pub(crate) slots: Vec<Vec<Slot>>,
    /// Repository → its PR scans, newest `scan_date` first.
    pub(crate) repo_pr_scans: Vec<Vec<usize>>,
    /// Repository / account → DeepScans, newest `created_at` first.
    pub(crate) repo_deepscans: Vec<Vec<usize>>,
    pub(crate) account_deepscans: Vec<Vec<usize>>,
    /// Repository → its PR and code-policy findings, newest first.
    pub(crate) repo_pr_findings: Vec<Vec<usize>>,
    /// What `all_findings` answered lately, for as long as it holds (`listing`).
    pub(crate) listing: super::listing_memo::ListingMemo,
}
