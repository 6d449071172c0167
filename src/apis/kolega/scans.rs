//! Scan batches: triggering one, and the four read views, all derived from its plan and
//! the clock.

use serde_json::Value;

use super::errors::REPOSITORY_NOT_FOUND;
use super::model::batch::ScanBatch;
use super::model::batch_plan;
use super::model::progress::BatchProgress;
use super::model::state::Organization;
use super::model::{BatchStatus, ScanType};
use super::op::{NotFound, Op};
use super::paging;
use super::quotas;
use super::views::batch::{BatchProgressView, BatchView, ScanResultsView};
use super::views::page::Page;
use crate::reply::Reply;

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
        .map(|b| (b, org.batch_progress(b, now)))
        .filter(|(_, p)| status.is_none_or(|s| s == p.status))
        .collect();
    matching.reverse();
    matching.sort_by_key(|(b, _)| std::cmp::Reverse(b.created_at));
    Reply::json(200, Page::of(&matching, skip, limit, |(b, p)| BatchView::new(org, b, p)))
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
    Reply::json(202, BatchView::new(o, batch, &o.batch_progress(batch, now)))
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
        Ok((org, b)) => Reply::json(200, BatchView::new(org, b, &org.batch_progress(b, now))),
        Err(missing) => op.not_found(missing),
    }
}

/// `GET /repositories/{id}/scans/{scan_id}/progress`.
pub(crate) fn progress(op: &mut Op<'_, '_>) -> Reply {
    let now = op.call.now;
    match batch(op) {
        Ok((org, b)) => Reply::json(200, BatchProgressView::new(org, b, &org.batch_progress(b, now))),
        Err(missing) => op.not_found(missing),
    }
}

/// `GET /repositories/{id}/scans/{scan_id}/results`: what the batch found, once it has
/// finished (until then, nothing).
pub(crate) fn results(op: &mut Op<'_, '_>) -> Reply {
    let now = op.call.now;
    match batch(op) {
        Ok((org, b)) => Reply::json(200, ScanResultsView::new(org, b, &org.batch_progress(b, now))),
        Err(missing) => op.not_found(missing),
    }
}
