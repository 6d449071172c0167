//! Lookups derived from the state, so no request scans everything: ids to positions,
//! each account's findings ordered newest first (a `days` window is two binary searches),
//! per-repository scan lists, and *lineages*.
//!
//! A lineage is the series of scans that look at the same code: the PR scans of one pull
//! request, or the DeepScans of one branch of a repository. A finding belongs to one
//! lineage and keeps its id while later scans of that lineage report it again; it is
//! "in the latest scan" when the newest completed scan of its lineage reports it, and
//! "fixed" when a later scan no longer does. The index never changes after a load
//! (scans and findings are immutable), so it is built once, lazily.

use std::collections::HashMap;

use jiff::Timestamp;

use super::state::{DryRunState, FindingKind, Run, Severity};

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

impl Slot {
    /// Whether the newest scan of its lineage that completed by `now` reports it. When
    /// its own last report is done (the usual case) that is the same as "the lineage's
    /// newest scan is its last report"; otherwise ask the full list.
    pub(crate) fn in_latest(&self, state: &DryRunState, latest: &mut LatestScans, now: Timestamp) -> bool {
        let newest = latest.of(state, self.lineage as usize);
        if self.last_finished <= now {
            newest == Some(self.last_scan as usize)
        } else {
            newest.is_some_and(|s| state.index.reported_by[self.finding as usize].contains(&s))
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Index {
    pub(crate) built: bool,
    pub(crate) accounts: HashMap<String, usize>,
    pub(crate) repos: HashMap<String, usize>,
    pub(crate) pr_scans: HashMap<String, usize>,
    pub(crate) deepscans: HashMap<String, usize>,
    pub(crate) findings: HashMap<String, usize>,
    /// Finding → the scans that report it, in the order they finished.
    pub(crate) reported_by: Vec<Vec<usize>>,
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
}

impl DryRunState {
    /// Builds the index if a load or an import left it empty.
    pub(crate) fn ensure_index(&mut self) {
        if !self.index.built {
            self.index = Index::build(self);
        }
    }

    /// The run of a lineage's scan.
    pub(crate) fn lineage_run(&self, lineage: &Lineage, scan: usize) -> &Run {
        if lineage.is_pr() { &self.pr_scans[scan].run } else { &self.deepscans[scan].run }
    }

    pub(crate) fn finding_run(&self, finding: usize, scan: usize) -> &Run {
        if self.findings[finding].kind.by_pr_scans() { &self.pr_scans[scan].run } else { &self.deepscans[scan].run }
    }

    /// The newest scan of `lineage` that had completed by `at`.
    pub(crate) fn latest_completed(&self, lineage: usize, at: Timestamp) -> Option<usize> {
        let lineage = &self.index.lineages[lineage];
        lineage.scans.iter().rev().copied().find(|&s| self.lineage_run(lineage, s).completed_by(at))
    }

    /// The newest scan that reported `finding` by `at` (what `scan_id` shows).
    pub(crate) fn last_report(&self, finding: usize, at: Timestamp) -> Option<usize> {
        self.index.reported_by[finding].iter().rev().copied().find(|&s| self.finding_run(finding, s).completed_by(at))
    }
}

/// The newest completed scan of each lineage, worked out once per lineage per request.
pub(crate) struct LatestScans {
    at: Timestamp,
    memo: Vec<Option<Option<usize>>>,
}

impl LatestScans {
    pub(crate) fn new(state: &DryRunState, at: Timestamp) -> LatestScans {
        LatestScans { at, memo: vec![None; state.index.lineages.len()] }
    }

    pub(crate) fn of(&mut self, state: &DryRunState, lineage: usize) -> Option<usize> {
        *self.memo[lineage].get_or_insert_with(|| state.latest_completed(lineage, self.at))
    }
}

impl Index {
    pub(crate) fn build(state: &DryRunState) -> Index {
        let mut index = Index { built: true, ..Index::default() };
        index.accounts = state.accounts.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        index.repos = state.repositories.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        index.pr_scans = state.pr_scans.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        index.deepscans = state.deepscans.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        index.findings = state.findings.iter().enumerate().map(|(i, f)| (f.id.clone(), i)).collect();

        let mut lineage_ids: HashMap<(usize, LineageKey), usize> = HashMap::new();
        let mut lineage = |repo: usize, key: LineageKey, lineages: &mut Vec<Lineage>| {
            *lineage_ids.entry((repo, key.clone())).or_insert_with(|| {
                lineages.push(Lineage { repo, key, scans: Vec::new() });
                lineages.len() - 1
            })
        };
        index.reported_by = vec![Vec::new(); state.findings.len()];
        index.lineage_of = vec![0; state.findings.len()];
        let mut pr_order: Vec<usize> = (0..state.pr_scans.len()).collect();
        pr_order.sort_by_key(|&s| (state.pr_scans[s].run.finished_at, s));
        for s in pr_order {
            let scan = &state.pr_scans[s];
            let l = lineage(scan.repo, LineageKey::Pr(scan.pr_number), &mut index.lineages);
            index.lineages[l].scans.push(s);
            for &f in &scan.findings {
                index.reported_by[f].push(s);
                index.lineage_of[f] = l;
            }
        }
        let mut deep_order: Vec<usize> = (0..state.deepscans.len()).collect();
        deep_order.sort_by_key(|&s| (state.deepscans[s].run.finished_at, s));
        for s in deep_order {
            let scan = &state.deepscans[s];
            let branch = scan.branch.clone().unwrap_or_else(|| state.repositories[scan.repo].default_branch.clone());
            let l = lineage(scan.repo, LineageKey::Branch(branch), &mut index.lineages);
            index.lineages[l].scans.push(s);
            for &f in scan.code.iter().chain(&scan.sca) {
                index.reported_by[f].push(s);
                index.lineage_of[f] = l;
            }
        }

        index.by_time = vec![Vec::new(); state.accounts.len()];
        index.repo_pr_findings = vec![Vec::new(); state.repositories.len()];
        for (i, f) in state.findings.iter().enumerate() {
            index.by_time[f.account].push(i);
            if f.kind.by_pr_scans() {
                index.repo_pr_findings[f.repo].push(i);
            }
        }
        let newest_first = |list: &mut Vec<usize>| {
            list.sort_by(|&a, &b| {
                let (fa, fb) = (&state.findings[a], &state.findings[b]);
                fb.created_at.cmp(&fa.created_at).then_with(|| fa.id.cmp(&fb.id))
            })
        };
        index.by_time.iter_mut().for_each(newest_first);
        index.repo_pr_findings.iter_mut().for_each(newest_first);
        index.slots = index.by_time.iter().map(|list| list.iter().map(|&f| index.slot(state, f)).collect()).collect();

        index.repo_pr_scans = vec![Vec::new(); state.repositories.len()];
        for (i, s) in state.pr_scans.iter().enumerate() {
            index.repo_pr_scans[s.repo].push(i);
        }
        for list in &mut index.repo_pr_scans {
            list.sort_by(|&a, &b| {
                let (sa, sb) = (&state.pr_scans[a], &state.pr_scans[b]);
                sb.run.created_at.cmp(&sa.run.created_at).then_with(|| sa.id.cmp(&sb.id))
            });
        }
        index.repo_deepscans = vec![Vec::new(); state.repositories.len()];
        index.account_deepscans = vec![Vec::new(); state.accounts.len()];
        let mut deep_newest: Vec<usize> = (0..state.deepscans.len()).collect();
        deep_newest.sort_by(|&a, &b| {
            let (sa, sb) = (&state.deepscans[a], &state.deepscans[b]);
            sb.run.created_at.cmp(&sa.run.created_at).then_with(|| sa.id.cmp(&sb.id))
        });
        for s in deep_newest {
            let scan = &state.deepscans[s];
            index.repo_deepscans[scan.repo].push(s);
            index.account_deepscans[scan.account].push(s);
        }
        index
    }
}

impl Index {
    fn slot(&self, state: &DryRunState, f: usize) -> Slot {
        let finding = &state.findings[f];
        let lineage = self.lineage_of[f];
        let last_scan = self.reported_by[f].last().copied().unwrap_or(0);
        let last_finished = if finding.kind.by_pr_scans() {
            state.pr_scans.get(last_scan).map(|s| s.run.finished_at)
        } else {
            state.deepscans.get(last_scan).map(|s| s.run.finished_at)
        };
        let track = match &self.lineages[lineage].key {
            LineageKey::Pr(_) => Track::PullRequest,
            LineageKey::Branch(b) if *b == state.repositories[finding.repo].default_branch => Track::DefaultBranch,
            LineageKey::Branch(_) => Track::OtherBranch,
        };
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Slot {
            created_at: finding.created_at,
            last_finished: last_finished.unwrap_or(Timestamp::MAX),
            finding: small(f),
            repo: small(finding.repo),
            lineage: small(lineage),
            last_scan: small(last_scan),
            kind: finding.kind,
            severity: finding.severity.four(),
            track,
        }
    }
}

/// The positions of `list` (ordered newest first by `created`) created in `[from, to]`.
pub(crate) fn window(list: &[usize], created: impl Fn(usize) -> Timestamp, from: Timestamp, to: Timestamp) -> &[usize] {
    let start = list.partition_point(|&i| created(i) > to);
    let end = list.partition_point(|&i| created(i) >= from);
    if start >= end { &[] } else { &list[start..end] }
}
