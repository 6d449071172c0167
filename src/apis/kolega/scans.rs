//! Scan batches: triggering one, and the four read views, all derived from its plan and
//! the clock.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::errors::REPOSITORY_NOT_FOUND;
use super::findings;
use super::model::batch::ScanBatch;
use super::model::batch_plan;
use super::model::progress::{self, BatchProgress};
use super::model::state::Organization;
use super::model::{BatchStatus, ScanType};
use super::op::{NotFound, Op};
use super::paging;
use super::quotas;
use crate::reply::Reply;

fn view(org: &Organization, batch: &ScanBatch, now: Timestamp) -> BatchProgress {
    let repo = &org.repositories[batch.repo as usize];
    let names: Vec<&str> = repo.sources.iter().map(|s| s.full_name.as_str()).collect();
    progress::at(batch, &names, now)
}

fn render(org: &Organization, batch: &ScanBatch, v: &BatchProgress) -> Value {
    json!({
        "batch_id": batch.id,
        "repository_id": org.repositories[batch.repo as usize].id,
        "scan_type": batch.scan_type,
        "status": v.status,
        "total_repositories": batch.scans.len(),
        "scans_created": v.scans_created,
        "scans_failed": v.scans_failed,
        "scans_completed": v.scans_completed,
        "scans_assessed": v.scans_assessed,
        "error_message": v.error,
        "created_at": batch.created_at,
        "started_at": v.started_at,
        "completed_at": v.completed_at,
    })
}

/// `GET /repositories/{id}/scans`: newest first, filtered by type and current status.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Reply {
    let Some(repo) = op.repository() else { return op.call.error(404, REPOSITORY_NOT_FOUND) };
    let request = op.call.request;
    let scan_type = request.query_str("scan_type").and_then(ScanType::parse);
    let status = request.query_str("status").and_then(BatchStatus::parse);
    let (skip, limit) = paging::window(request, 20);
    let now = op.call.now;
    let org = op.org_ref();
    let mut matching: Vec<(&ScanBatch, BatchProgress)> = org
        .batches
        .iter()
        .filter(|b| b.repo == repo && scan_type.is_none_or(|t| t == b.scan_type))
        .map(|b| (b, view(org, b, now)))
        .filter(|(_, v)| status.is_none_or(|s| s == v.status))
        .collect();
    matching.reverse();
    matching.sort_by_key(|(b, _)| std::cmp::Reverse(b.created_at));
    let items = paging::slice(&matching, skip, limit).iter().map(|(b, v)| render(org, b, v)).collect();
    Reply::json(200, paging::page(items, matching.len(), skip, limit))
}

/// `POST /repositories/{id}/scans`: spends one unit of the scan type's counter per source
/// repository, then answers 202 with the queued batch.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Reply {
    let Some(repo) = op.repository() else { return op.call.error(404, REPOSITORY_NOT_FOUND) };
    let Some(scan_type) = op.call.request.body_field("scan_type").and_then(Value::as_str).and_then(ScanType::parse)
    else {
        return op.call.error(422, "scan_type is required");
    };
    let now = op.call.now;
    let org = op.org();
    let units = op.call.state.orgs[org].repositories[repo as usize].sources.len() as u64;
    if let Err(refusal) = op.call.state.orgs[org].quota.spend(scan_type.quota(), units, now) {
        return quotas::refused(refusal);
    }
    let id = op.call.uuid();
    let state = &mut *op.call.state;
    let timing = *state.timing.scan(scan_type);
    let batch = batch_plan::plan(id, repo, &state.orgs[org].repositories[repo as usize], scan_type, &timing, now, None);
    let idx = state.add_batch(org, batch);
    let o = &state.orgs[org];
    let batch = &o.batches[idx as usize];
    Reply::json(202, render(o, batch, &view(o, batch, now)))
}

/// The batch named in the path, or the 404 to answer.
fn batch<'o>(op: &'o Op<'_, '_>) -> Result<(&'o Organization, &'o ScanBatch), NotFound> {
    let batch = op.batch()?;
    let org = op.org_ref();
    Ok((org, &org.batches[batch as usize]))
}

/// `GET /repositories/{id}/scans/{scan_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Reply {
    let now = op.call.now;
    match batch(op) {
        Ok((org, b)) => Reply::json(200, render(org, b, &view(org, b, now))),
        Err(missing) => op.not_found(missing),
    }
}

/// `GET /repositories/{id}/scans/{scan_id}/progress`.
pub(crate) fn progress(op: &mut Op<'_, '_>) -> Reply {
    let now = op.call.now;
    let (org, b) = match batch(op) {
        Ok(found) => found,
        Err(missing) => return op.not_found(missing),
    };
    let v = view(org, b, now);
    let repo = &org.repositories[b.repo as usize];
    let repositories: Vec<Value> = b
        .scans
        .iter()
        .zip(&v.sources)
        .map(|(scan, s)| {
            let source = &repo.sources[scan.source as usize];
            json!({
                "repository": source.full_name,
                "branch": source.default_branch,
                "status": s.status,
                "status_reason": s.reason,
                "findings_count": s.findings,
                "started_at": s.started_at,
                "completed_at": s.completed_at,
            })
        })
        .collect();
    let mut body = render(org, b, &v);
    if let Some(map) = body.as_object_mut() {
        map.remove("created_at");
        map.insert("percent_complete".into(), json!(v.percent));
        map.insert("repositories".into(), json!(repositories));
    }
    Reply::json(200, body)
}

/// `GET /repositories/{id}/scans/{scan_id}/results`: what the batch found, once it has
/// finished (until then, nothing).
pub(crate) fn results(op: &mut Op<'_, '_>) -> Reply {
    let now = op.call.now;
    let (org, b) = match batch(op) {
        Ok(found) => found,
        Err(missing) => return op.not_found(missing),
    };
    let v = view(org, b, now);
    let mut attributed: Vec<u32> = b.findings.clone();
    attributed.sort_by_key(|i| org.findings[*i as usize].severity);
    let summaries: Vec<Value> = attributed.iter().map(|i| findings::summary(org, &org.findings[*i as usize])).collect();
    Reply::json(
        200,
        json!({
            "batch_id": b.id,
            "scan_type": b.scan_type,
            "status": v.status,
            "findings_count": summaries.len(),
            "findings": summaries,
        }),
    )
}
