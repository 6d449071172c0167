//! Findings: how one reads (its text comes from a catalog rule or from the scenario), the
//! repository's filtered list, one finding, and the status change that writes a
//! `status_changed` event.

use serde_json::{Value, json};

use super::Op;
use super::catalog;
use super::errors::REPOSITORY_NOT_FOUND;
use super::model::finding::{Finding, FindingContent};
use super::model::finding_index::FindingFilter;
use super::model::state::{KolegaState, Organization};
use super::model::{FindingStatus, ScanType, Severity};
use super::paging;
use crate::reply::Reply;

pub(crate) fn render(org: &Organization, finding: &Finding) -> Value {
    let repo = &org.repositories[finding.repo as usize];
    let path = finding.file_path(repo);
    let source_url = repo
        .sources
        .get(finding.source as usize)
        .map(|s| s.provider.blob_url(&s.full_name, &s.default_branch, &path, finding.line));
    let cvss = finding.cvss();
    let vector = cvss.map(|(_, v)| v).filter(|v| !v.is_empty());
    json!({
        "id": finding.id,
        "repository_id": repo.id,
        "check_id": finding.check_id(),
        "severity": finding.severity,
        "status": finding.status,
        "file_path": path,
        "message": finding.message(),
        "title": finding.title(),
        "category": finding.category(),
        "scan_type": finding.scan_type,
        "cwe": finding.cwe(),
        "owasp": finding.owasp(),
        "references": finding.references(),
        "source_url": source_url,
        "cvss_base_score": cvss.map(|(s, _)| s),
        "cvss_severity": cvss.map(|(s, _)| catalog::cvss_rating(s)),
        "cvss_vector": vector,
        "first_detected_at": finding.first_detected_at,
        "last_detected_at": finding.last_detected_at,
        "resolved_at": finding.resolved_at,
        "created_at": finding.first_detected_at,
        "updated_at": finding.updated_at,
    })
}

/// The summary a batch's results list.
pub(crate) fn summary(org: &Organization, finding: &Finding) -> Value {
    let repo = &org.repositories[finding.repo as usize];
    json!({
        "check_id": finding.check_id(),
        "file_path": finding.file_path(repo),
        "severity": finding.severity,
        "message": finding.message(),
        "cwe": finding.cwe(),
        "owasp": finding.owasp(),
        "fingerprint": finding.fingerprint_hex(),
    })
}

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
    let items = page.iter().map(|i| render(org_state, &org_state.findings[*i as usize])).collect();
    Reply::json(200, paging::page(items, total, skip, limit))
}

/// `GET /repositories/{id}/findings/{finding_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Reply {
    match op.finding() {
        Ok(f) => {
            let org = &op.call.state.orgs[op.org()];
            Reply::json(200, render(org, &org.findings[f as usize]))
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
    Reply::json(200, render(org, &org.findings[idx as usize]))
}

/// Checks scenario-built findings against the contract.
pub(crate) fn check_against_contract(state: &KolegaState, spec: &crate::spec::ApiSpec) -> Result<(), String> {
    for org in &state.orgs {
        for finding in &org.findings {
            if let FindingContent::Custom(_) = finding.content {
                spec.check_component("PublicFindingResponse", &render(org, finding))
                    .map_err(|p| format!("finding {} ({}): {}", finding.id, finding.check_id(), p.join("; ")))?;
            }
        }
    }
    Ok(())
}
