//! `GET /api/v1/finding-events`: the organisation's event log, newest first, filtered.
//! Unknown repository or finding ids give an empty page (the contract says so), never
//! another organisation's events.

use super::Op;
use crate::apis::kolega::model::events::EventQuery;
use crate::apis::kolega::model::{EventType, ScanType, Severity};
use crate::apis::kolega::views::event::EventView;
use crate::apis::kolega::views::page::Page;
use crate::reply::{Answer, Reply};

pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
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
    let (skip, limit) = op.window(100);
    let (total, page) = org.events.query(&org.findings, &query, skip, limit);
    let items = page.iter().map(|pos| EventView::new(org, *pos)).collect();
    Ok(Reply::json(200, Page::new(items, total, skip, limit)))
}
