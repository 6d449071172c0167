//! The daily insights digest, computed from what actually happened that UTC day (by
//! default yesterday, the last complete day, on the virtual clock; today up to and
//! including the current instant). Each finding is open over one interval
//! (`model::lifespan`), and the day counts over those intervals:
//! - `new`: findings that opened (appeared) that day;
//! - `resolved`: findings that closed that day: a later scan of their pull request or
//!   branch stopped reporting them, or a closing triage was set;
//! - `open`: findings open at the end of the day;
//! - `scans`: PR scans and default-branch DeepScans requested that day;
//! - `top_repositories`: the (at most five) repositories with the most new findings.
//!
//! The digest sees what `all_findings` lists without `branch`: PR and code-policy
//! findings, and DeepScan and SCA findings of each repository's default branch; so
//! `scans.deepscans` counts only DeepScans of the default branch too.

use std::collections::HashMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::access::{self, DryRunCall};
use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::finding::FindingKind;
use crate::apis::dryrun::model::lifespan::Span;
use crate::apis::dryrun::model::timeline::{Phase, second};
use crate::apis::dryrun::model::verdict::RiskThreshold;
use crate::apis::dryrun::views::insights::{
    BySeverity, ByType, DigestFindings, DigestView, NewFindings, ScanCounts, SeverityTotals, TopRepositoryView,
};
use crate::reply::Answer;

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
    // What is known: the whole day, or today up to and including the current instant.
    let now_included = now.checked_add(SignedDuration::from_nanos(1)).unwrap_or(Timestamp::MAX);
    let span = Span { from: day_start, to: day_end.min(now_included) };
    let state = &*call.state;
    let in_day = |t: Timestamp| t >= span.from && t < span.to;

    // New, resolved and open are counted over each finding's one open interval, so
    // open(day) = open(day before) + new − resolved holds by construction.
    let mut new = BySeverity::default();
    let mut new_by_type: HashMap<FindingKind, usize> = HashMap::new();
    let mut new_by_repo: HashMap<usize, BySeverity> = HashMap::new();
    let mut resolved = BySeverity::default();
    let mut open = BySeverity::default();
    let mut open_by_repo: HashMap<usize, usize> = HashMap::new();
    for &f in &state.index.by_time[a] {
        if !state.in_digest(f) {
            continue;
        }
        let (finding, life) = (&state.findings[f], state.lifespan(f));
        if life.opened_in(span) {
            new.add(finding.severity);
            *new_by_type.entry(finding.kind).or_default() += 1;
            new_by_repo.entry(finding.repo).or_default().add(finding.severity);
        }
        if life.closed_in(span) {
            resolved.add(finding.severity);
        }
        if life.open_after(span) {
            open.add(finding.severity);
            *open_by_repo.entry(finding.repo).or_default() += 1;
        }
    }

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
        if in_day(run.created_at) && state.on_default_branch(d) {
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
                resolved: SeverityTotals::of(resolved),
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
