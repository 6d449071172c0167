//! `GET /api/v1/finding-events`: the organisation's event log, newest first, filtered.
//! Unknown repository or finding ids give an empty page (the contract says so), never
//! another organisation's events.

use super::Op;
use super::model::events::EventQuery;
use super::model::{EventType, ScanType, Severity};
use super::paging;
use super::views::event::EventView;
use super::views::page::Page;
use crate::reply::Reply;

pub(crate) fn list(op: &mut Op<'_, '_>) -> Reply {
    let request = op.call.request;
    let org = op.org_ref();
    let time = |name: &str| request.query_str(name).and_then(|s| s.parse::<jiff::Timestamp>().ok());
    let query = EventQuery {
        repository: request.query_str("repository_id").map(|id| org.repo(id)),
        finding: request.query_str("finding_id").map(|id| org.index.findings.get(id).copied()),
        scan_type: request.query_str("scan_type").and_then(ScanType::parse),
        severity: request.query_str("severity").and_then(Severity::parse),
        kind: request.query_str("event_type").and_then(EventType::parse),
        start: time("start"),
        end: time("end"),
    };
    let (skip, limit) = paging::window(request, 100);
    let (total, page) = org.events.query(&org.findings, &query, skip, limit);
    let items = page.iter().map(|pos| EventView::new(org, *pos)).collect();
    Reply::json(200, Page::new(items, total, skip, limit))
}
