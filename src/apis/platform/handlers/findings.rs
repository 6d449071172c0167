//! A repository's findings: filtered and ordered, in full detail, and triaged.

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::finding::{Finding, ordered};
use crate::apis::platform::model::rules;
use crate::apis::platform::model::{FindingStatus, Severity};
use crate::apis::platform::views::finding::{FindingDetailView, FindingView};
use crate::apis::platform::views::page::Page;
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
    let found: Vec<&Stamped<Finding>> = state
        .findings
        .iter()
        .filter(|f| {
            &f.repo_id == repo
                && severity.is_none_or(|s| f.severity() == s)
                && status.is_none_or(|s| f.status == s)
                && scan.is_none_or(|s| f.scan_id == s)
        })
        .collect();
    let found = ordered(found);
    let page = Page::of(&found, skip, limit, item);
    // The envelope shows the total and the window.
    let mut key = PageKey::new(&[found.len() as u64, skip as u64, limit as u64]);
    page.items().iter().for_each(|f| key.fragment(f.as_ref()));
    Ok(Reply::page(200, key, page))
}

/// A finding of the list: its view reads the finding alone (and the static catalog).
fn item<'a>(f: &&'a Stamped<Finding>) -> Option<Fragment<impl Fn() -> Option<FindingView<'a>> + 'a>> {
    let f: &'a Stamped<Finding> = f;
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
