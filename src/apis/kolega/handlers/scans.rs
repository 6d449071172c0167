//! Scan batches: triggering one, and the four read views, all derived from its plan and
//! the clock.

use super::Op;
use crate::apis::kolega::errors;
use crate::apis::kolega::model::batch::ScanBatch;
use crate::apis::kolega::model::batch_plan;
use crate::apis::kolega::model::progress::BatchProgress;
use crate::apis::kolega::model::state::Organization;
use crate::apis::kolega::model::{BatchStatus, ScanType};
use crate::apis::kolega::views::batch::{BatchProgressView, BatchView, ScanResultsView};
use crate::apis::kolega::views::page::Page;
use crate::reply::{Answer, Refusal, Reply};

/// `GET /repositories/{id}/scans`: newest first, filtered by type and current status.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let repo = op.repository()?;
    let request = op.call.request;
    let scan_type = request.query_str("scan_type").and_then(ScanType::parse);
    let (skip, limit) = op.window(20);
    let Ok(status) = op.text_filter("status", BatchStatus::parse) else {
        return Ok(Reply::json(200, Page::<BatchView<'_>>::new(Vec::new(), 0, skip, limit)));
    };
    let now = op.call.now;
    let org = op.org_ref();
    let mut matching: Vec<(&ScanBatch, BatchProgress)> = org
        .batches
        .iter()
        .filter(|b| b.repo == repo && scan_type.is_none_or(|t| t == b.scan_type))
        .map(|b| (b, org.batch_progress(b, now)))
        .filter(|(_, p)| status.is_none_or(|s| s == p.status))
        .collect();
    // Newest first; of two created at the same instant, the later one first.
    matching.reverse();
    matching.sort_by_key(|(b, _)| std::cmp::Reverse(b.created_at));
    Ok(Reply::json(200, Page::of(&matching, skip, limit, |(b, p)| BatchView::new(org, b, p))))
}

/// `POST /repositories/{id}/scans`: spends one unit of the scan type's counter per source
/// repository, then answers 202 with the queued batch.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let repo = op.repository()?;
    let scan_type =
        op.body_str("scan_type").and_then(ScanType::parse).ok_or_else(|| errors::required(op.ctx(), &["scan_type"]))?;
    let (now, org) = (op.call.now, op.org());
    let units = op.org_ref().repositories[repo as usize].sources.len() as u64;
    op.org_mut().quota.spend(scan_type.quota(), units, now).map_err(errors::quota_exceeded)?;
    let id = op.call.uuid();
    let state = &mut *op.call.state;
    let timing = *state.timing.scan(scan_type);
    let batch = batch_plan::plan(id, repo, &state.orgs[org].repositories[repo as usize], scan_type, &timing, now, None);
    let idx = state.add_batch(org, batch);
    let o = &state.orgs[org];
    let batch = &o.batches[idx as usize];
    Ok(Reply::json(202, BatchView::new(o, batch, &o.batch_progress(batch, now))))
}

/// The batch named in the path.
fn batch<'o>(op: &'o Op<'_, '_>) -> Result<(&'o Organization, &'o ScanBatch), Refusal> {
    let batch = op.batch()?;
    let org = op.org_ref();
    Ok((org, &org.batches[batch as usize]))
}

/// `GET /repositories/{id}/scans/{scan_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let (org, b) = batch(op)?;
    Ok(Reply::json(200, BatchView::new(org, b, &org.batch_progress(b, op.call.now))))
}

/// `GET /repositories/{id}/scans/{scan_id}/progress`.
pub(crate) fn progress(op: &mut Op<'_, '_>) -> Answer {
    let (org, b) = batch(op)?;
    Ok(Reply::json(200, BatchProgressView::new(org, b, &org.batch_progress(b, op.call.now))))
}

/// `GET /repositories/{id}/scans/{scan_id}/results`: what the batch found, once it has
/// finished (until then, nothing).
pub(crate) fn results(op: &mut Op<'_, '_>) -> Answer {
    let (org, b) = batch(op)?;
    Ok(Reply::json(200, ScanResultsView::new(org, b, &org.batch_progress(b, op.call.now))))
}
