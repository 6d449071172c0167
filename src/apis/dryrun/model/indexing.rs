//! Builds the `Index` from the state: once after a load or an import, on first use.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use super::id_map::IdMap;
use super::index::{Index, Lineage, LineageKey, ReportedBy, Slot, Track};
use super::scan::Outcome;
use super::state::DryRunState;

impl DryRunState {
    /// Builds the index if a load or an import left it empty.
    pub(crate) fn ensure_index(&mut self) {
        if !self.index.built {
            self.index = Index::build(self);
        }
    }
}

impl Index {
    pub(crate) fn build(state: &DryRunState) -> Index {
        let mut index = Index { built: true, ..Index::default() };
        index.accounts = IdMap::of(state.accounts.iter().map(|a| a.id.as_str()));
        index.repos = IdMap::of(state.repositories.iter().map(|r| r.id.as_str()));
        index.pr_scans = IdMap::of(state.pr_scans.iter().map(|s| s.id.as_str()));
        index.deepscans = IdMap::of(state.deepscans.iter().map(|s| s.id.as_str()));
        index.findings = IdMap::of(state.findings.iter().map(|f| f.id.as_str()));

        let mut lineage_ids: HashMap<(usize, LineageKey), usize> = HashMap::new();
        let mut lineage = |repo: usize, key: LineageKey, lineages: &mut Vec<Lineage>| {
            *lineage_ids.entry((repo, key.clone())).or_insert_with(|| {
                lineages.push(Lineage { repo, key, scans: Vec::new() });
                lineages.len() - 1
            })
        };
        let mut reports: Vec<(usize, usize)> = Vec::with_capacity(state.findings.len() * 2);
        index.lineage_of = vec![0; state.findings.len()];
        let mut pr_order: Vec<usize> = (0..state.pr_scans.len()).collect();
        pr_order.sort_by_key(|&s| (state.pr_scans[s].run.finished_at, s));
        for s in pr_order {
            let scan = &state.pr_scans[s];
            let l = lineage(scan.repo, LineageKey::Pr(scan.pr_number), &mut index.lineages);
            index.lineages[l].scans.push(s);
            for &f in &scan.findings {
                reports.push((f, s));
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
                reports.push((f, s));
                index.lineage_of[f] = l;
            }
        }

        index.reported_by = ReportedBy::from_pairs(state.findings.len(), &reports);
        drop(reports);
        index.fixed_at = index.fixes(state);

        index.by_time = vec![Vec::new(); state.accounts.len()];
        index.repo_pr_findings = vec![Vec::new(); state.repositories.len()];
        for (i, f) in state.findings.iter().enumerate() {
            index.by_time[f.account].push(i);
            if f.kind.by_pr_scans() {
                index.repo_pr_findings[f.repo].push(i);
            }
        }
        // Sorted on keys gathered first: comparing through `state.findings[i]` jumped
        // about a 100k-finding world for every comparison (benches/README.md, issue 14).
        // Ids are unique, so the order is total and an unstable sort gives the same one.
        let newest_first = |list: &mut Vec<usize>| {
            let mut keyed: Vec<(std::cmp::Reverse<Timestamp>, &str, usize)> = list
                .iter()
                .map(|&f| (std::cmp::Reverse(state.findings[f].created_at), state.findings[f].id.as_str(), f))
                .collect();
            keyed.sort_unstable();
            list.clear();
            list.extend(keyed.into_iter().map(|(_, _, f)| f));
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
    /// Walks each lineage's completed scans in order: a finding one scan reports and the
    /// next completed one does not was fixed when that next one finished.
    fn fixes(&self, state: &DryRunState) -> Vec<Timestamp> {
        let mut fixed_at = vec![Timestamp::MAX; state.findings.len()];
        for lineage in &self.lineages {
            let mut open: HashSet<usize> = HashSet::new();
            for &s in &lineage.scans {
                let run = state.lineage_run(lineage, s);
                if run.outcome != Outcome::Completed {
                    continue;
                }
                let reported: HashSet<usize> = if lineage.is_pr() {
                    state.pr_scans[s].findings.iter().copied().collect()
                } else {
                    state.deepscans[s].code.iter().chain(&state.deepscans[s].sca).copied().collect()
                };
                for &f in open.difference(&reported) {
                    if fixed_at[f] == Timestamp::MAX {
                        fixed_at[f] = run.finished_at;
                    }
                }
                open = reported;
            }
        }
        fixed_at
    }

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
