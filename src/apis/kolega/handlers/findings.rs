//! Findings: the repository's filtered list, one finding, and the status change that
//! writes a `status_changed` event.

use super::Op;
use crate::apis::kolega::errors;
use crate::apis::kolega::model::finding_index::FindingFilter;
use crate::apis::kolega::model::{FindingStatus, ScanType, Severity};
use crate::apis::kolega::views::finding::FindingView;
use crate::apis::kolega::views::page::Page;
use crate::fragments::{Fragment, PageKey};
use crate::reply::{Answer, Reply};

/// `GET /repositories/{id}/findings`: severity first, then most recently detected.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let repo = op.repository()?;
    let request = op.call.request;
    let (skip, limit) = op.window(50);
    let filters = (
        op.text_filter("severity", Severity::parse),
        op.text_filter("status", FindingStatus::parse),
        op.text_filter("scan_type", ScanType::parse),
    );
    let (Ok(severity), Ok(status), Ok(scan_type)) = filters else {
        return Ok(Reply::json(200, Page::<FindingView<'_>>::new(Vec::new(), 0, skip, limit)));
    };
    let filter = FindingFilter { severity, status, scan_type };
    let org = op.org_ref();
    let (total, page) = org.findings_page(repo, request.query_str("scan_batch_id"), filter, skip, limit);
    // A finding's view reads the finding and its repository (and the static catalog).
    let items: Vec<_> = page
        .iter()
        .map(|i| {
            let finding = &org.findings[*i as usize];
            let repo = &org.repositories[finding.repo as usize];
            Fragment::new([finding.stamp(), repo.stamp(), 0], move || FindingView::new(org, finding))
        })
        .collect();
    // The envelope shows the total and the window (`has_next` follows from them).
    let key = PageKey::of(&[total as u64, skip as u64, limit as u64], items.iter().map(Some));
    Ok(Reply::page(200, key, Page::new(items, total, skip, limit)))
}

/// `GET /repositories/{id}/findings/{finding_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let finding = op.finding()?;
    let org = op.org_ref();
    Ok(Reply::json(200, FindingView::new(org, &org.findings[finding as usize])))
}

/// `PATCH /repositories/{id}/findings/{finding_id}`: any status from any status.
pub(crate) fn update_status(op: &mut Op<'_, '_>) -> Answer {
    let finding = op.finding()?;
    let new =
        op.body_str("status").and_then(FindingStatus::parse).ok_or_else(|| errors::required(op.ctx(), &["status"]))?;
    let (now, key_id) = (op.call.now, op.key_id());
    let org = op.org_mut();
    org.set_finding_status(finding, new, now, key_id);
    Ok(Reply::json(200, FindingView::new(org, &org.findings[finding as usize])))
}
