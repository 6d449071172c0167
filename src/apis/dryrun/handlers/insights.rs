//! The daily insights digest, computed from what actually happened that UTC day (by
//! default yesterday, the last complete day, on the virtual clock):
//! - `new`: findings that appeared that day;
//! - `resolved`: findings a scan of their pull request or branch stopped reporting that
//!   day, and findings triaged that day;
//! - `open`: what the newest scan of each pull request and branch reported at the end of
//!   the day, less what was triaged by then;
//! - `scans`: PR scans and DeepScans requested that day;
//! - `top_repositories`: the (at most five) repositories with the most new findings.
//!
//! DeepScan and SCA findings count on each repository's default branch only, so a
//! finding on a feature branch does not count twice.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::access::{self, DryRunCall};
use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::finding::FindingKind;
use crate::apis::dryrun::model::index::{LineageKey, window};
use crate::apis::dryrun::model::state::DryRunState;
use crate::apis::dryrun::model::timeline::{Phase, second};
use crate::apis::dryrun::model::verdict::RiskThreshold;
use crate::apis::dryrun::views::insights::{
    BySeverity, ByType, DigestFindings, DigestView, NewFindings, ScanCounts, SeverityTotals, TopRepositoryView,
};
use crate::reply::Answer;

fn tracked(state: &DryRunState, lineage: usize) -> bool {
    let lineage = &state.index.lineages[lineage];
    match &lineage.key {
        LineageKey::Pr(_) => true,
        LineageKey::Branch(b) => *b == state.repositories[lineage.repo].default_branch,
    }
}

fn reported(state: &DryRunState, pr: bool, scan: usize) -> Vec<usize> {
    if pr {
        state.pr_scans[scan].findings.clone()
    } else {
        let d = &state.deepscans[scan];
        d.code.iter().chain(&d.sca).copied().collect()
    }
}

/// `GET /accounts/{account_id}/insights`.
pub(crate) fn digest(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let now = call.now;
    let today = now.to_zoned_datetime(TimeZone::UTC).date();
    let date = match call.request.query_str("date") {
        Some(text) => text.parse::<Date>().map_err(|e| errors::invalid_date(call, e))?,
        None => today.yesterday().unwrap_or(today),
    };
    if date > today {
        return Err(errors::date_in_future(call));
    }
    let Ok(day_start) = date.to_zoned_datetime(TimeZone::UTC).map(|z| z.timestamp()) else {
        return Err(errors::date_out_of_range(call));
    };
    // Checked: an admin may have set the clock to the edge of the representable range.
    let day_end = day_start.checked_add(SignedDuration::from_hours(24)).unwrap_or(Timestamp::MAX);
    // What is known: the whole day, or today until now.
    let end = day_end.min(now);
    let last = end.checked_sub(SignedDuration::from_nanos(1)).unwrap_or(end);
    let state = &*call.state;
    let in_day = |t: Timestamp| t >= day_start && t < end;

    let mut new = BySeverity::default();
    let mut new_by_type: HashMap<FindingKind, usize> = HashMap::new();
    let mut new_by_repo: HashMap<usize, BySeverity> = HashMap::new();
    for &f in window(&state.index.by_time[a], |f| state.findings[f].created_at, day_start, last) {
        if !tracked(state, state.index.lineage_of[f]) {
            continue;
        }
        let finding = &state.findings[f];
        new.add(finding.severity);
        *new_by_type.entry(finding.kind).or_default() += 1;
        new_by_repo.entry(finding.repo).or_default().add(finding.severity);
    }

    let mut resolved: HashSet<usize> = HashSet::new();
    let mut open = BySeverity::default();
    let mut open_by_repo: HashMap<usize, usize> = HashMap::new();
    for (l, lineage) in state.index.lineages.iter().enumerate() {
        if state.repositories[lineage.repo].account != a || !tracked(state, l) {
            continue;
        }
        let pr = lineage.is_pr();
        let completed: Vec<usize> =
            lineage.scans.iter().copied().filter(|&s| state.lineage_run(lineage, s).completed_by(last)).collect();
        for pair in completed.windows(2) {
            if in_day(state.lineage_run(lineage, pair[1]).finished_at) {
                let after = reported(state, pr, pair[1]);
                resolved.extend(reported(state, pr, pair[0]).into_iter().filter(|f| !after.contains(f)));
            }
        }
        if let Some(&latest) = completed.last() {
            for f in reported(state, pr, latest) {
                if !state.findings[f].triaged_at(last) {
                    open.add(state.findings[f].severity);
                    *open_by_repo.entry(lineage.repo).or_default() += 1;
                }
            }
        }
    }
    for &f in &state.index.by_time[a] {
        let finding = &state.findings[f];
        if finding.triage.is_some()
            && finding.triage_updated_at.is_some_and(in_day)
            && tracked(state, state.index.lineage_of[f])
        {
            resolved.insert(f);
        }
    }
    let mut resolved_counts = BySeverity::default();
    resolved.iter().for_each(|&f| resolved_counts.add(state.findings[f].severity));

    let (mut pr_scans, mut failing, mut deepscans, mut failed) = (0, 0, 0, 0);
    for (s, scan) in state.pr_scans.iter().enumerate() {
        if scan.account == a && in_day(scan.run.created_at) {
            pr_scans += 1;
            let phase = scan.run.phase(now);
            if state.result_counts(s, now).threshold(phase) == Some(RiskThreshold::Fail) {
                failing += 1;
            }
        }
    }
    for &d in &state.index.account_deepscans[a] {
        let run = &state.deepscans[d].run;
        if in_day(run.created_at) {
            deepscans += 1;
            if run.phase(now) == Phase::Failed {
                failed += 1;
            }
        }
    }

    let mut top: Vec<(usize, BySeverity)> = new_by_repo.into_iter().collect();
    top.sort_by(|(ra, ca), (rb, cb)| {
        cb.total().cmp(&ca.total()).then_with(|| state.repositories[*ra].name.cmp(&state.repositories[*rb].name))
    });
    let top: Vec<TopRepositoryView<'_>> = top
        .into_iter()
        .take(5)
        .map(|(r, counts)| TopRepositoryView {
            repository_id: &state.repositories[r].id,
            name: &state.repositories[r].name,
            new_findings: counts.total(),
            open_findings: open_by_repo.get(&r).copied().unwrap_or(0),
            by_severity: counts,
        })
        .collect();
    let generated_at = match day_end.checked_add(SignedDuration::from_mins(5)) {
        Ok(digest_time) if day_end <= now => digest_time.min(now),
        _ => now,
    };
    let by_type = |k: FindingKind| new_by_type.get(&k).copied().unwrap_or(0);
    access::data(
        200,
        DigestView {
            account_id: &state.accounts[a].id,
            date,
            generated_at: second(generated_at),
            findings: DigestFindings {
                new: NewFindings {
                    total: new.total(),
                    by_severity: new,
                    by_type: ByType {
                        pullrequest: by_type(FindingKind::Pullrequest),
                        deepscan: by_type(FindingKind::Deepscan),
                        sca: by_type(FindingKind::Sca),
                        code_policy: by_type(FindingKind::CodePolicy),
                    },
                },
                resolved: SeverityTotals::of(resolved_counts),
                open: SeverityTotals::of(open),
            },
            scans: ScanCounts {
                pull_request_scans: pr_scans,
                failing_pull_request_scans: failing,
                deepscans,
                failed_deepscans: failed,
            },
            top_repositories: top,
        },
    )
}
