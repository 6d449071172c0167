//! Findings: how one reads (its text comes from a catalog rule or from the scenario), the
//! repository's filtered list, one finding, and the status change that writes a
//! `status_changed` event.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::Op;
use super::catalog::{self, Rule};
use super::errors::REPOSITORY_NOT_FOUND;
use super::events::NewEvent;
use super::finding_index::FindingFilter;
use super::model::{EventType, FindingStatus, ScanType, Severity};
use super::paging;
use super::state::{Finding, FindingContent, KolegaState, Organization, Repository};
use crate::reply::Reply;

fn rule(finding: &Finding) -> Option<&'static Rule> {
    match &finding.content {
        FindingContent::Catalog { rule, .. } => catalog::rules().get(*rule as usize).copied(),
        FindingContent::Custom(_) => None,
    }
}

/// The dependency advisory behind an SBOM finding.
pub(crate) fn advisory(finding: &Finding) -> Option<&'static catalog::Advisory> {
    rule(finding).and_then(|r| r.advisory.as_ref())
}

pub(crate) fn check_id(finding: &Finding) -> &str {
    match &finding.content {
        FindingContent::Catalog { .. } => rule(finding).map_or("unknown", |r| r.check_id),
        FindingContent::Custom(c) => &c.check_id,
    }
}

pub(crate) fn file_path(repo: &Repository, finding: &Finding) -> String {
    match &finding.content {
        FindingContent::Catalog { path, .. } => {
            let template = rule(finding).and_then(|r| r.paths.get(*path as usize)).copied().unwrap_or("README.md");
            let (owner, pkg) = repo.owner_and_package();
            catalog::expand(template, &owner, &pkg)
        }
        FindingContent::Custom(c) => c.file_path.clone(),
    }
}

fn message(finding: &Finding) -> Cow<'_, str> {
    match &finding.content {
        FindingContent::Catalog { .. } => Cow::Borrowed(rule(finding).map_or("", |r| r.message)),
        FindingContent::Custom(c) => Cow::Borrowed(&c.message),
    }
}

/// CWE and OWASP tags.
pub(crate) fn tags(finding: &Finding) -> (Vec<String>, Vec<String>) {
    match &finding.content {
        FindingContent::Catalog { .. } => rule(finding).map_or_else(Default::default, |r| {
            (r.cwe.iter().map(|s| s.to_string()).collect(), r.owasp.iter().map(|s| s.to_string()).collect())
        }),
        FindingContent::Custom(c) => (c.cwe.clone(), c.owasp.clone()),
    }
}

/// The 64-hex-digit fingerprint scanners report.
pub(crate) fn fingerprint_hex(finding: &Finding) -> String {
    super::ids::hex(&mut super::ids::rng_for(&[&finding.fingerprint.to_le_bytes()]), 32)
}

pub(crate) fn render(org: &Organization, finding: &Finding) -> Value {
    let repo = &org.repositories[finding.repo as usize];
    let path = file_path(repo, finding);
    let source_url = repo
        .sources
        .get(finding.source as usize)
        .map(|s| s.provider.blob_url(&s.full_name, &s.default_branch, &path, finding.line));
    let (cwe, owasp) = tags(finding);
    let (title, category, references, cvss) = match &finding.content {
        FindingContent::Catalog { .. } => rule(finding).map_or((None, "", Vec::new(), None), |r| {
            (Some(r.title.to_string()), r.category, r.references.iter().map(|s| s.to_string()).collect(), r.cvss)
        }),
        FindingContent::Custom(c) => (
            c.title.clone(),
            c.category.as_str(),
            c.references.clone(),
            c.cvss_base_score.map(|s| (s, c.cvss_vector.as_deref().unwrap_or(""))),
        ),
    };
    let vector = cvss.map(|(_, v)| v).filter(|v| !v.is_empty());
    json!({
        "id": finding.id,
        "repository_id": repo.id,
        "check_id": check_id(finding),
        "severity": finding.severity,
        "status": finding.status,
        "file_path": path,
        "message": message(finding),
        "title": title,
        "category": category,
        "scan_type": finding.scan_type,
        "cwe": cwe,
        "owasp": owasp,
        "references": references,
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
    let (cwe, owasp) = tags(finding);
    json!({
        "check_id": check_id(finding),
        "file_path": file_path(repo, finding),
        "severity": finding.severity,
        "message": message(finding),
        "cwe": cwe,
        "owasp": owasp,
        "fingerprint": fingerprint_hex(finding),
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
    let (total, page) = match request.query_str("scan_batch_id") {
        Some(batch_id) => by_batch(org_state, repo, batch_id, filter, skip, limit),
        None => {
            org_state.index.repo_findings.get(repo as usize).map_or((0, Vec::new()), |b| b.page(filter, skip, limit))
        }
    };
    let items = page.iter().map(|i| render(org_state, &org_state.findings[*i as usize])).collect();
    Reply::json(200, paging::page(items, total, skip, limit))
}

/// A batch's findings, filtered and in list order (a batch holds a few dozen at most).
fn by_batch(
    org: &Organization,
    repo: u32,
    batch_id: &str,
    filter: FindingFilter,
    skip: usize,
    limit: usize,
) -> (usize, Vec<u32>) {
    let Some(batch) = org.batch_of(repo, batch_id) else { return (0, Vec::new()) };
    let mut matching: Vec<u32> = org.batches[batch as usize]
        .findings
        .iter()
        .copied()
        .filter(|i| filter.matches(&org.findings[*i as usize]))
        .collect();
    matching.sort_by_key(|i| {
        let f = &org.findings[*i as usize];
        (f.severity, std::cmp::Reverse(f.last_detected_at), std::cmp::Reverse(*i))
    });
    let total = matching.len();
    (total, paging::slice(&matching, skip, limit).to_vec())
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
    let previous = org.findings[idx as usize].status;
    if previous != new {
        org.update_finding(idx, |f| {
            f.status = new;
            f.updated_at = now;
            f.resolved_at = if new == FindingStatus::Resolved { Some(now) } else { None };
        });
        let mut event =
            NewEvent::new(idx, EventType::StatusChanged, now).meta("source", "public_api").meta("api_key_id", key_id);
        event.previous = Some(previous);
        event.new = Some(new);
        org.record(event);
    }
    Reply::json(200, render(org, &org.findings[idx as usize]))
}

/// Checks scenario-built findings against the contract.
pub(crate) fn check_against_contract(state: &KolegaState, spec: &crate::spec::ApiSpec) -> Result<(), String> {
    for org in &state.orgs {
        for finding in &org.findings {
            if let FindingContent::Custom(_) = finding.content {
                spec.check_component("PublicFindingResponse", &render(org, finding))
                    .map_err(|p| format!("finding {} ({}): {}", finding.id, check_id(finding), p.join("; ")))?;
            }
        }
    }
    Ok(())
}
