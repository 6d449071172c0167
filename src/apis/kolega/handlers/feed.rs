//! `GET /api/v1/finding-events`: the organisation's event log, newest first, filtered.
//! Unknown repository or finding ids, and filter values Kolega does not know, give an
//! empty page (the contract says so), never another organisation's events.

use super::Op;
use crate::apis::kolega::model::events::EventQuery;
use crate::apis::kolega::model::{EventType, ScanType, Severity};
use crate::apis::kolega::views::event::EventView;
use crate::apis::kolega::views::page::Page;
use crate::reply::{Answer, Reply};

pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let request = op.call.request;
    let (skip, limit) = op.window(100);
    let filters = (
        op.text_filter("scan_type", ScanType::parse),
        op.text_filter("severity", Severity::parse),
        op.text_filter("event_type", EventType::parse),
    );
    let (Ok(scan_type), Ok(severity), Ok(kind)) = filters else {
        return Ok(Reply::json(200, Page::<EventView<'_>>::new(Vec::new(), 0, skip, limit)));
    };
    let org = op.org_ref();
    let time = |name: &str| request.query_str(name).and_then(|s| s.parse::<jiff::Timestamp>().ok());
    let query = EventQuery {
        repository: request.query_str("repository_id").map(|id| org.repo(id)),
        finding: request.query_str("finding_id").map(|id| org.index.findings.get(id).copied()),
        scan_type,
        severity,
        kind,
        start: time("start"),
        end: time("end"),
    };
    let (total, page) = org.events.query(&org.findings, &query, skip, limit);
    let items = page.iter().map(|pos| EventView::new(org, *pos)).collect();
    Ok(Reply::json(200, Page::new(items, total, skip, limit)))
}
