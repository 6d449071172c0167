//! `GET /api/v1/finding-events`: the organisation's event log, newest first, filtered.
//! Unknown repository or finding ids give an empty page (the contract says so), never
//! another organisation's events.

use serde_json::{Value, json};

use super::Op;
use super::model::events::EventQuery;
use super::model::state::Organization;
use super::model::{EventType, ScanType, Severity};
use super::paging;
use crate::reply::Reply;

fn render_event(org: &Organization, pos: u32) -> Value {
    let event = &org.events.events[pos as usize];
    let finding = &org.findings[event.finding as usize];
    let repo = &org.repositories[finding.repo as usize];
    json!({
        "id": event.id,
        "organization_id": org.id,
        "repository_id": repo.id,
        "finding_id": finding.id,
        "scan_id": event.scan_id,
        "scan_type": finding.scan_type,
        "event_type": event.kind,
        "previous_status": event.previous,
        "new_status": event.new,
        "severity": finding.severity,
        "check_id": finding.check_id(),
        "file_path": finding.file_path(repo),
        "actor_user_id": event.actor,
        "metadata": event.metadata.as_deref().cloned().unwrap_or_default(),
        "event_timestamp": event.at,
        "created_at": event.written_at(),
    })
}

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
    let items = page.iter().map(|pos| render_event(org, *pos)).collect();
    Reply::json(200, paging::page(items, total, skip, limit))
}
