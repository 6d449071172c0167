//! A project's scans, findings and events: the union over its repositories, with the same
//! filters and order as a repository's own lists.

use super::Op;
use crate::apis::platform::model::finding::ordered;
use crate::apis::platform::model::scan::Scan;
use crate::apis::platform::model::scan_events::{ScanEvent, events};
use crate::apis::platform::model::{FindingStatus, ScanStatus, Severity};
use crate::apis::platform::views::finding::FindingView;
use crate::apis::platform::views::page::Page;
use crate::apis::platform::views::scan::{EventView, ScanView};
use crate::reply::{Answer, Reply};

/// `GET /v1/projects/{project_id}/scans`: newest first; `status`, `repo_id`.
pub(crate) fn scans(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let (skip, limit) = op.window(50);
    let origin = op.origin();
    let (state, now) = (op.state(), op.now());
    let project = &state.projects[p].id;
    let status = op.query("status").and_then(ScanStatus::parse);
    let repo = op.query("repo_id");
    let mut found: Vec<&Scan> = state
        .scans
        .iter()
        .filter(|s| &s.project_id == project && repo.is_none_or(|r| s.repo_id == r))
        .filter(|s| status.is_none_or(|st| s.status(now) == st))
        .collect();
    found.reverse();
    found.sort_by_key(|s| std::cmp::Reverse(s.created_at));
    Ok(Reply::json(200, Page::of(&found, skip, limit, |s| ScanView::new(state, s, &origin, now))))
}

/// `GET /v1/projects/{project_id}/findings`: `severity`, `status`, `scan_id`, `repo_id`.
pub(crate) fn findings(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let (skip, limit) = op.window(50);
    let state = op.state();
    let project = &state.projects[p].id;
    let severity = op.query("severity").and_then(Severity::parse);
    let status = op.query("status").and_then(FindingStatus::parse);
    let (scan, repo) = (op.query("scan_id"), op.query("repo_id"));
    let found = state.findings.iter().filter(|f| {
        &f.project_id == project
            && severity.is_none_or(|s| f.severity() == s)
            && status.is_none_or(|s| f.status == s)
            && scan.is_none_or(|s| f.scan_id == s)
            && repo.is_none_or(|r| f.repo_id == r)
    });
    let found = ordered(found.collect());
    let page = Page::of(&found, skip, limit, |f| FindingView::new(f));
    Ok(Reply::json(200, page))
}

/// `GET /v1/projects/{project_id}/events`: newest first; `repo_id`, `scan_id`, `type`.
pub(crate) fn events_of_project(op: &mut Op<'_, '_>) -> Answer {
    let p = op.project()?;
    let (skip, limit) = op.window(100);
    let (state, now) = (op.state(), op.now());
    let project = &state.projects[p].id;
    let (repo, scan, kind) = (op.query("repo_id"), op.query("scan_id"), op.query("type"));
    let mut all: Vec<(&Scan, ScanEvent)> = Vec::new();
    for s in state.scans.iter().filter(|s| &s.project_id == project) {
        if repo.is_some_and(|r| s.repo_id != r) || scan.is_some_and(|id| s.id != id) {
            continue;
        }
        all.extend(events(state, s, now).into_iter().filter(|e| kind.is_none_or(|k| e.kind == k)).map(|e| (s, e)));
    }
    all.sort_by_key(|(_, e)| std::cmp::Reverse((e.timestamp, e.sequence)));
    Ok(Reply::json(200, Page::of(&all, skip, limit, |(s, e)| EventView::new(s, e))))
}
