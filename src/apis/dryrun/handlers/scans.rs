//! PR scans of a repository (with the filters DryRun's own client sends), one scan with
//! its findings, and a repository's PR findings.

use std::collections::HashSet;

use jiff::Timestamp;

use super::access::{self, DryRunCall};
use super::pagination::Page;
use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::finding::{Detail, FindingsResult, Severity};
use crate::apis::dryrun::model::timeline::Phase;
use crate::apis::dryrun::views::envelope::Paged;
use crate::apis::dryrun::views::finding::PrFindingView;
use crate::apis::dryrun::views::scan::{ScanDetailView, ScanView};
use crate::reply::{Answer, Reply};

/// A date-time bound, or a plain date: from its first instant (`date_from`) or to its
/// last (`date_to`), UTC.
fn instant(call: &DryRunCall<'_>, name: &str) -> Option<Timestamp> {
    let text = call.request.query_str(name)?;
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    let day = text.parse::<jiff::civil::Date>().ok()?;
    let start = format!("{day}T00:00:00Z").parse::<Timestamp>().ok()?;
    if name == "date_to" {
        return Some(start + jiff::SignedDuration::from_hours(24) - jiff::SignedDuration::from_nanos(1));
    }
    Some(start)
}

/// `GET …/repositories/{repository_id}/scans`: newest `scan_date` first.
pub(crate) fn list(call: &mut DryRunCall<'_>) -> Answer {
    let (_, r) = access::account_repository(call)?;
    let (from, to) = (instant(call, "date_from"), instant(call, "date_to"));
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(errors::dates_reversed(call));
    }
    let severities: HashSet<Severity> =
        call.request.query_list("severity").iter().filter_map(|s| Severity::parse(s)).collect();
    let statuses: HashSet<&'static str> =
        call.request.query_list("status").iter().filter_map(|s| Phase::parse(s)).map(Phase::as_str).collect();
    let pr_number = call.request.query_i64("pr_number").and_then(|n| u64::try_from(n).ok());
    let (state, now) = (&*call.state, call.now);
    let scans: Vec<usize> = state.index.repo_pr_scans[r]
        .iter()
        .copied()
        .filter(|&s| {
            let scan = &state.pr_scans[s];
            let phase = scan.run.phase(now);
            phase != Phase::Future
                && pr_number.is_none_or(|n| scan.pr_number == n)
                && from.is_none_or(|t| scan.run.created_at >= t)
                && to.is_none_or(|t| scan.run.created_at <= t)
                && (statuses.is_empty() || statuses.contains(phase.as_str()))
                && (severities.is_empty()
                    || (phase == Phase::Completed
                        && scan.findings.iter().any(|&f| severities.contains(&state.findings[f].severity.four()))))
        })
        .collect();
    Ok(Page::of(call.request).respond(&scans, |s| ScanView::new(state, s, now)))
}

/// `GET …/scans/{id}`: the scan with (a page of) its findings, filtered by
/// `findings_result`; `findings_count` always counts them all.
pub(crate) fn get(call: &mut DryRunCall<'_>) -> Answer {
    let (_, r) = access::account_repository(call)?;
    let id = call.request.path_param("id").unwrap_or_default().to_ascii_lowercase();
    let (state, now) = (&*call.state, call.now);
    let s = match state.index.pr_scans.get(&id).copied() {
        Some(s) if state.pr_scans[s].repo == r && state.pr_scans[s].run.visible(now) => s,
        _ => return Err(errors::not_found(call)),
    };
    let wanted: HashSet<FindingsResult> =
        call.request.query_list("findings_result").iter().filter_map(|s| FindingsResult::parse(s)).collect();
    let scan = &state.pr_scans[s];
    let mut findings: Vec<usize> =
        if scan.run.phase(now) == Phase::Completed { scan.findings.clone() } else { Vec::new() };
    findings.retain(|&f| match state.findings[f].detail {
        Detail::Pr { result, .. } => wanted.is_empty() || wanted.contains(&result),
        _ => false,
    });
    findings.sort_by_key(|&f| {
        let finding = &state.findings[f];
        let result = match finding.detail {
            Detail::Pr { result, .. } => result,
            _ => FindingsResult::Info,
        };
        (result, finding.severity.rank(), finding.id.clone())
    });
    let page = Page::of(call.request);
    let data = ScanDetailView {
        scan: ScanView::new(state, s, now),
        findings: page.slice(&findings).iter().map(|&f| PrFindingView::new(state, f, s)).collect(),
    };
    Ok(Reply::json(200, Paged { data, pagination: page.pagination(findings.len()) }))
}

/// `GET …/repositories/{repository_id}/findings`: every PR finding that exists by now,
/// newest first, each as reported by the latest scan that reported it.
pub(crate) fn findings(call: &mut DryRunCall<'_>) -> Answer {
    let (_, r) = access::account_repository(call)?;
    let (state, now) = (&*call.state, call.now);
    let list: Vec<Option<PrFindingView<'_>>> = state.index.repo_pr_findings[r]
        .iter()
        .copied()
        .filter(|&f| state.findings[f].created_at <= now)
        .filter_map(|f| state.last_report(f, now).map(|s| PrFindingView::new(state, f, s)))
        .collect();
    access::data(200, list)
}
