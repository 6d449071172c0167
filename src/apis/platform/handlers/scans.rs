//! Scans of a repository: started on a ready snapshot within the caller's quota, read off
//! the clock, cancelled, and followed through their events.

use serde_json::Value;

use super::Op;
use crate::apis::platform::errors;
use crate::apis::platform::model::scan::Scan;
use crate::apis::platform::model::scan_events::events;
use crate::apis::platform::model::scan_start::{ScanRequest, plan};
use crate::apis::platform::model::{Analyzer, Depth, ScanStatus};
use crate::apis::platform::views::page::Page;
use crate::apis::platform::views::scan::{EventView, ScanView};
use crate::reply::{Answer, Refusal, Reply};

/// `GET /v1/repositories/{repo_id}/scans`: newest first; `status`.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let r = op.repository()?;
    let (skip, limit) = op.window(50);
    let origin = op.origin();
    let (state, now) = (op.state(), op.now());
    let status = op.query("status").and_then(ScanStatus::parse);
    let repo = &state.repositories[r].id;
    let mut found: Vec<&Scan> = state.scans_of(repo).filter(|s| status.is_none_or(|st| s.status(now) == st)).collect();
    found.reverse();
    found.sort_by_key(|s| std::cmp::Reverse(s.created_at));
    Ok(Reply::json(200, Page::of(&found, skip, limit, |s| ScanView::new(state, s, &origin, now))))
}

fn strings(op: &Op<'_, '_>, name: &str) -> Vec<String> {
    let list = op.call.request.body_field(name).and_then(Value::as_array);
    list.map(|l| l.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

/// `POST /v1/repositories/{repo_id}/scans`: 202 with the queued scan.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let r = op.ready_repository()?;
    let now = op.now();
    let repo = &op.state().repositories[r];
    if let Some(busy) = op.state().scans_of(&repo.id).find(|s| s.status(now).in_progress()) {
        return Err(errors::scan_in_progress(op.ctx(), &busy.id));
    }
    op.within_quota()?;
    let analyzers = op
        .call
        .request
        .body_field("analyzers")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(|a| a.as_str().and_then(Analyzer::parse)).collect::<Vec<_>>());
    let asked = ScanRequest {
        analyzers,
        depth: op.body_str("depth").and_then(Depth::parse),
        include: strings(op, "include"),
        exclude: strings(op, "exclude"),
    };
    let id = op.call.uuid();
    let state = op.state();
    let scan = plan(id, &state.repositories[r], &op.user, asked, state.timing, &state.failing_analyzers, now).map_err(
        |pattern| {
            let body = op.call.request.body.clone().unwrap_or(Value::Null);
            errors::value_error(&[], &format!("{pattern:?} is not a valid glob pattern"), body)
        },
    )?;
    op.call.state.scans.push(scan);
    let origin = op.origin();
    let state = op.state();
    Ok(Reply::json(202, state.scans.last().map(|s| ScanView::new(state, s, &origin, now))))
}

/// The repository's scan in the path (index).
fn scan(op: &Op<'_, '_>) -> Result<usize, Refusal> {
    let r = op.repository()?;
    let state = op.state();
    let id = op.call.request.path_param("scan_id").unwrap_or_default();
    let repo = &state.repositories[r].id;
    state.scans.iter().position(|s| s.id == id && &s.repo_id == repo).ok_or_else(|| errors::scan_not_found(op.ctx()))
}

/// `GET /v1/repositories/{repo_id}/scans/{scan_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let s = scan(op)?;
    let origin = op.origin();
    let state = op.state();
    Ok(Reply::json(200, ScanView::new(state, &state.scans[s], &origin, op.now())))
}

/// `DELETE /v1/repositories/{repo_id}/scans/{scan_id}`: a queued or running scan stops
/// where it stands and is kept, `cancelled`.
pub(crate) fn cancel(op: &mut Op<'_, '_>) -> Answer {
    let s = scan(op)?;
    let now = op.now();
    let status = op.state().scans[s].status(now);
    if !status.in_progress() {
        return Err(errors::scan_final(op.ctx(), status));
    }
    op.call.state.scans[s].cancelled_at = Some(now);
    let origin = op.origin();
    let state = op.state();
    Ok(Reply::json(200, ScanView::new(state, &state.scans[s], &origin, now)))
}

/// `GET /v1/repositories/{repo_id}/scans/{scan_id}/events`: oldest first, after the
/// `after` cursor; `type`.
pub(crate) fn list_events(op: &mut Op<'_, '_>) -> Answer {
    let s = scan(op)?;
    let (skip, limit) = op.window(100);
    let after = op.call.request.query_i64("after").unwrap_or(0);
    let kind = op.query("type");
    let (state, now) = (op.state(), op.now());
    let scan = &state.scans[s];
    let all: Vec<_> = events(state, scan, now)
        .into_iter()
        .filter(|e| i64::from(e.sequence) > after && kind.is_none_or(|k| e.kind == k))
        .collect();
    Ok(Reply::json(200, Page::of(&all, skip, limit, |e| EventView::new(scan, e))))
}
