//! Findings: how one reads (its text comes from a catalog rule or from the scenario), the
//! repository's filtered list, one finding, and the status change that writes a
//! `status_changed` event.

use serde_json::Value;

use super::Op;
use super::errors::REPOSITORY_NOT_FOUND;
use super::model::finding_index::FindingFilter;
use super::model::{FindingStatus, ScanType, Severity};
use super::paging;
use super::views::finding::FindingView;
use super::views::page::Page;
use crate::reply::Reply;

/// `GET /repositories/{id}/findings`.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Reply {
    let org = op.org();
    let Some(repo) = op.repository() else { return op.call.error(404, REPOSITORY_NOT_FOUND) };
    let request = op.call.request;
    let filter = FindingFilter {
        severity: request.query_str("severity").and_then(Severity::parse),
        status: request.query_str("status").and_then(FindingStatus::parse),
        scan_type: request.query_str("scan_type").and_then(ScanType::parse),
    };
    let (skip, limit) = paging::window(request, 50);
    let org_state = &op.call.state.orgs[org];
    let (total, page) = org_state.findings_page(repo, request.query_str("scan_batch_id"), filter, skip, limit);
    let items = page.iter().map(|i| FindingView::new(org_state, &org_state.findings[*i as usize])).collect();
    Reply::json(200, Page::new(items, total, skip, limit))
}

/// `GET /repositories/{id}/findings/{finding_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Reply {
    match op.finding() {
        Ok(f) => {
            let org = &op.call.state.orgs[op.org()];
            Reply::json(200, FindingView::new(org, &org.findings[f as usize]))
        }
        Err(missing) => op.not_found(missing),
    }
}

/// `PATCH /repositories/{id}/findings/{finding_id}`: any status from any status; a real
/// change records a `status_changed` event, setting the same status changes nothing.
pub(crate) fn update_status(op: &mut Op<'_, '_>) -> Reply {
    let idx = match op.finding() {
        Ok(f) => f,
        Err(missing) => return op.not_found(missing),
    };
    let Some(new) = op.call.request.body_field("status").and_then(Value::as_str).and_then(FindingStatus::parse) else {
        // The contract has validated the body; this cannot be reached with a valid one.
        return op.call.error(422, "status is required");
    };
    let now = op.call.now;
    let key_id = op.key_id();
    let org = op.org_mut();
    org.set_finding_status(idx, new, now, key_id);
    Reply::json(200, FindingView::new(org, &org.findings[idx as usize]))
}
