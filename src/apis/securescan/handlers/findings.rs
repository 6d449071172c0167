//! A scan's findings (with their triage verdicts; filtered by severity, scan type or
//! compliance tag; most severe first; `limit` keeps the most severe), its summary, and
//! the comparison of two scans on the findings' dedup key.

use std::collections::BTreeMap;

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::findings::{Finding, by_severity, ordered_by_severity};
use crate::apis::securescan::views::finding::{CompareView, FindingWithStateView};
use crate::apis::securescan::views::scan::SummaryView;
use crate::fragments::{Fragment, PageKey};
use crate::reply::{Answer, Reply};

pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let id = op.scan_id()?;
    let request = op.call.request;
    let severity = request.query_str("severity").filter(|s| !s.is_empty());
    let scan_type = request.query_str("scan_type").filter(|s| !s.is_empty());
    let compliance = request.query_str("compliance").filter(|s| !s.is_empty());
    let limit = request.query_i64("limit").and_then(|l| usize::try_from(l).ok()).unwrap_or(usize::MAX);
    let state = op.state();
    // Which findings, in which order: read from the findings alone, so remembered by
    // their collection's stamp and the request's choices (a filter given or not told
    // apart from an empty one by the numbers).
    let numbers = [
        state.findings.stamp(),
        u64::try_from(limit).unwrap_or(u64::MAX),
        u64::from(severity.is_some()),
        u64::from(scan_type.is_some()),
        u64::from(compliance.is_some()),
        0,
        0,
        0,
    ];
    let text =
        [id.as_str(), severity.unwrap_or_default(), scan_type.unwrap_or_default(), compliance.unwrap_or_default()]
            .join("\n");
    let index = crate::fragments::remembered("securescan scan findings", numbers, &text, || {
        let matching: Vec<_> = state
            .placed_findings_of(&id)
            .filter(|(_, f)| {
                severity.is_none_or(|s| f.severity.as_str() == s)
                    && scan_type.is_none_or(|t| f.scan_type.as_str() == t)
                    && compliance.is_none_or(|c| f.compliance_tags.iter().any(|t| t == c))
            })
            .collect();
        let matching = ordered_by_severity(matching, |(_, f)| f);
        (matching.len(), matching.into_iter().take(limit).map(|(i, _)| i as u32).collect())
    });
    // A finding's view reads the finding and its triage state, if it has one.
    let views: Vec<_> = index
        .1
        .iter()
        .map(|i| {
            let f = &state.findings[*i as usize];
            let triage = state.triage.get(&f.fingerprint);
            let versions = [f.stamp(), triage.map_or(0, |t| t.stamp()), 0];
            Fragment::new(versions, move || FindingWithStateView::new(f, triage.map(|t| &**t)))
        })
        .collect();
    // A bare array: the page is its fragments alone.
    let key = PageKey::of(&[], views.iter().map(Some));
    Ok(Reply::page(200, key, views))
}

pub(crate) fn summary(op: &mut Op<'_, '_>) -> Answer {
    let id = op.scan_id()?;
    let findings: Vec<&Finding> = op.state().findings_of(&id).collect();
    Ok(Reply::json(200, SummaryView::new(&findings)))
}

/// SecureScan's dedup key: file, first line, and the title's first 60 characters
/// lowercased (without a leading `b`, `cwe-` or `rule-`).
fn dedup_key(f: &Finding) -> String {
    let mut title = f.title.trim().to_lowercase();
    for prefix in ["b", "cwe-", "rule-"] {
        if let Some(rest) = title.strip_prefix(prefix) {
            title = rest.to_string();
        }
    }
    let title: String = title.chars().take(60).collect();
    format!("{}|{}|{title}", f.file_path.as_deref().unwrap_or("no-file"), f.line_start.unwrap_or(0))
}

pub(crate) fn compare(op: &mut Op<'_, '_>) -> Answer {
    let request = op.call.request;
    let (a_id, b_id) =
        (request.query_str("scan_a").unwrap_or_default(), request.query_str("scan_b").unwrap_or_default());
    let state = op.state();
    let a = state.scan(a_id).ok_or_else(|| errors::compared_scan_not_found(op.ctx(), 'A'))?;
    let b = state.scan(b_id).ok_or_else(|| errors::compared_scan_not_found(op.ctx(), 'B'))?;
    let in_a: BTreeMap<String, &Finding> =
        by_severity(state.findings_of(a_id)).into_iter().map(|f| (dedup_key(f), f)).collect();
    let in_b: BTreeMap<String, &Finding> =
        by_severity(state.findings_of(b_id)).into_iter().map(|f| (dedup_key(f), f)).collect();
    let new = in_b.iter().filter(|(k, _)| !in_a.contains_key(*k)).map(|(_, f)| *f).collect();
    let fixed = in_a.iter().filter(|(k, _)| !in_b.contains_key(*k)).map(|(_, f)| *f).collect();
    let unchanged = in_b.iter().filter(|(k, _)| in_a.contains_key(*k)).map(|(_, f)| *f).collect();
    Ok(Reply::json(200, CompareView::new(a, b, new, fixed, unchanged)))
}
