//! A repository's findings: filtered and ordered, in full detail, and triaged.

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::finding::{Finding, ordered_by};
use crate::apis::platform::model::rules;
use crate::apis::platform::model::{FindingStatus, Severity};
use crate::apis::platform::views::finding::{FindingDetailView, FindingView};
use crate::apis::platform::views::page::{Page, window};
use crate::fragments::{Fragment, PageKey, Stamped};
use crate::reply::{Answer, Refusal, Reply};

/// `GET /v1/repositories/{repo_id}/findings`: `severity`, `status`, `scan_id`; severity
/// (critical first), then file, then line.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let r = op.repository()?;
    let (skip, limit) = op.window(50);
    let state = op.state();
    let repo = &state.repositories[r].id;
    let severity = op.query("severity").and_then(Severity::parse);
    let status = op.query("status").and_then(FindingStatus::parse);
    let scan = op.query("scan_id");
    // Which findings, in which order: read from the findings alone, so remembered by
    // their collection's stamp and the request's choices (the repository and scan ids
    // as text, a scan id given or not told apart).
    let numbers = [
        state.findings.stamp(),
        severity.map_or(0, |s| s as u64 + 1),
        status.map_or(0, |s| s as u64 + 1),
        skip as u64,
        limit as u64,
        u64::from(scan.is_some()),
        0,
        0,
    ];
    let text = format!("{repo}\n{}", scan.unwrap_or_default());
    let index = crate::fragments::remembered("platform repository findings", numbers, &text, || {
        let found: Vec<(usize, &Stamped<Finding>)> = state
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                &f.repo_id == repo
                    && severity.is_none_or(|s| f.severity() == s)
                    && status.is_none_or(|s| f.status == s)
                    && scan.is_none_or(|s| f.scan_id == s)
            })
            .collect();
        let found = ordered_by(found, |(_, f)| f);
        (found.len(), found[window(found.len(), skip, limit)].iter().map(|(i, _)| *i as u32).collect())
    });
    let items: Vec<_> = index.1.iter().map(|i| item(&state.findings[*i as usize])).collect();
    // The envelope shows the total and the window.
    let key = PageKey::of(&[index.0 as u64, skip as u64, limit as u64], items.iter().map(Option::as_ref));
    Ok(Reply::page(200, key, Page::new(items, index.0, skip, limit)))
}

/// A finding of the list: its view reads the finding alone (and the static catalog).
fn item<'a>(f: &'a Stamped<Finding>) -> Option<Fragment<impl Fn() -> Option<FindingView<'a>> + 'a>> {
    rules::rule(f.rule).map(|_| Fragment::new([f.stamp(), 0, 0], move || FindingView::new(f)))
}

fn finding(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let r = op.repository()?;
    let state = op.state();
    let id = op.call.request.path_param("finding_id").unwrap_or_default();
    let repo = &state.repositories[r].id;
    let at = state.findings.iter().position(|f| f.id == id && &f.repo_id == repo);
    at.ok_or_else(|| errors::finding_not_found(op.ctx()))
}

/// `GET /v1/repositories/{repo_id}/findings/{finding_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let f = finding(op)?;
    let view = FindingDetailView::new(&op.state().findings[f]).ok_or_else(|| errors::finding_not_found(op.ctx()))?;
    Ok(Reply::json(200, view))
}

/// `PUT /v1/repositories/{repo_id}/findings/{finding_id}`: every change appends to the
/// history; the note replaces the finding's.
pub(crate) fn update(op: &mut Op<'_, '_>) -> Answer {
    let f = finding(op)?;
    let status = op.body_str("status").and_then(FindingStatus::parse).unwrap_or(FindingStatus::Open);
    let note = op.body_str("note").map(str::to_string);
    let (user, now) = (op.user.clone(), op.now());
    op.call.state.findings[f].set_status(status, note, &user, now);
    let view = FindingDetailView::new(&op.state().findings[f]).ok_or_else(|| errors::finding_not_found(op.ctx()))?;
    Ok(Reply::json(200, view))
}
