//! The JSON of findings: a PR finding (scan detail, repository findings), a DeepScan code
//! finding, an SCA finding, the account-wide `UnifiedFinding`, and a triage state. The
//! triage shows wherever the finding is listed.

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::apis::dryrun::model::finding::{Detail, Location};
use crate::apis::dryrun::model::index::LineageKey;
use crate::apis::dryrun::model::state::DryRunState;

pub(crate) fn finding_url(repo_id: &str, finding_id: &str) -> String {
    format!("https://app.dryrun.security/risk-register/{repo_id}?finding={finding_id}")
}

fn locations(list: &[Location]) -> Vec<Value> {
    list.iter().map(|l| json!({"filename": l.filename, "line_start": l.line_start, "line_end": l.line_end})).collect()
}

/// A PR (or code-policy) finding as reported by PR scan `s`.
pub(crate) fn pr_finding(state: &DryRunState, f: usize, s: usize) -> Value {
    let finding = &state.findings[f];
    let scan = &state.pr_scans[s];
    let repo = &state.repositories[finding.repo];
    let Detail::Pr { label, confidence, filename, line_start, line_end, meta, result, .. } = &finding.detail else {
        return Value::Null;
    };
    json!({
        "id": finding.id,
        "scan_id": scan.id,
        "pr_number": scan.pr_number,
        "dashboard_url": finding_url(&repo.id, &finding.id),
        "type": finding.title,
        "label": label,
        "severity": finding.severity.as_str(),
        "confidence": confidence.as_str(),
        "description": finding.description,
        "filename": filename,
        "line_start": line_start,
        "line_end": line_end,
        "meta": meta,
        "findings_result": result.as_str(),
        "triage": {
            "triage_category": finding.triage.map(|t| t.as_str()),
            "updated_at": finding.triage_updated_at,
        },
        "created_at": finding.created_at,
    })
}

pub(crate) fn code_finding(state: &DryRunState, f: usize) -> Value {
    let finding = &state.findings[f];
    let Detail::Code { technical_details, impact, remediation, locations: list } = &finding.detail else {
        return Value::Null;
    };
    json!({
        "id": finding.id,
        "dashboard_url": finding_url(&state.repositories[finding.repo].id, &finding.id),
        "title": finding.title,
        "description": finding.description,
        // As stored: a scenario that gives these `error` is refused at load.
        "severity": finding.severity.as_str(),
        "technical_details": technical_details,
        "impact": impact,
        "remediation": remediation,
        "locations": locations(list),
        "created_at": finding.created_at,
    })
}

pub(crate) fn sca_finding(state: &DryRunState, f: usize) -> Value {
    let finding = &state.findings[f];
    let Detail::Sca(sca) = &finding.detail else { return Value::Null };
    json!({
        "id": finding.id,
        "dashboard_url": finding_url(&state.repositories[finding.repo].id, &finding.id),
        "title": finding.title,
        "description": finding.description,
        "severity": finding.severity.as_str(),
        "package_name": sca.package_name,
        "package_version": sca.package_version,
        "package_ecosystem": sca.ecosystem,
        "cve_id": sca.cve_id,
        "cvss_score": sca.cvss_score,
        "cvss_vector": sca.cvss_vector,
        "fixed_version": sca.fixed_version,
        "remediation": sca.remediation,
        "references": sca.references,
        "locations": locations(&sca.locations),
        "created_at": finding.created_at,
    })
}

/// A finding of any type as `all_findings` lists it, as of `now`.
pub(crate) fn unified(state: &DryRunState, f: usize, now: Timestamp) -> Value {
    let finding = &state.findings[f];
    let repo = &state.repositories[finding.repo];
    let lineage = &state.index.lineages[state.index.lineage_of[f]];
    let scan = state.last_report(f, now).or_else(|| state.index.reported_by[f].first().copied());
    let (scan_id, pr_number) = match (finding.kind.by_pr_scans(), scan) {
        (true, Some(s)) => (Some(state.pr_scans[s].id.as_str()), Some(state.pr_scans[s].pr_number)),
        (false, Some(s)) => (Some(state.deepscans[s].id.as_str()), None),
        (_, None) => (None, None),
    };
    let branch = match &lineage.key {
        LineageKey::Branch(b) => Some(b.as_str()),
        LineageKey::Pr(_) => None,
    };
    let (filename, line_start, line_end) = finding.primary_location();
    let (package_name, package_version, cve_id) = match &finding.detail {
        Detail::Sca(sca) => {
            (Some(sca.package_name.as_str()), Some(sca.package_version.as_str()), sca.cve_id.as_deref())
        }
        _ => (None, None, None),
    };
    let policy_id = match &finding.detail {
        Detail::Pr { policy: Some(p), .. } => Some(state.policies[*p].id.as_str()),
        _ => None,
    };
    json!({
        "id": finding.id,
        "finding_type": finding.kind.as_str(),
        "title": finding.title,
        "description": finding.description,
        "severity": finding.severity.four().as_str(),
        "dashboard_url": finding_url(&repo.id, &finding.id),
        "repository_id": repo.id,
        "repository_name": repo.name,
        "branch": branch,
        "scan_id": scan_id,
        "pr_number": pr_number,
        "filename": filename,
        "line_start": line_start,
        "line_end": line_end,
        "package_name": package_name,
        "package_version": package_version,
        "cve_id": cve_id,
        "policy_id": policy_id,
        "triage_category": finding.triage.map(|t| t.as_str()),
        "created_at": finding.created_at,
    })
}

/// A finding's triage state (`Triage`).
pub(crate) fn triage(state: &DryRunState, f: usize) -> Value {
    let finding = &state.findings[f];
    json!({
        "finding_id": finding.id,
        "finding_type": finding.kind.as_str(),
        "triage_category": finding.triage.map(|t| t.as_str()),
        "triaged": finding.triage.is_some(),
        "updated_at": finding.triage_updated_at,
    })
}
