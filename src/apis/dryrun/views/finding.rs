//! Findings as the scan-level lists show them: a PR (or code-policy) finding as a PR scan
//! reported it, a DeepScan code finding and an SCA finding. Each is `None` (shown as
//! null) for a finding of another kind, which neither loading nor a snapshot import lets
//! a scan report.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

use super::links::FindingLink;
use crate::apis::dryrun::model::finding::{
    Confidence, Detail, Finding, FindingsResult, Location, Severity, TriageCategory,
};
use crate::apis::dryrun::model::state::DryRunState;

/// The dashboard link of finding `finding` (in its repository's risk register).
pub(crate) fn link<'a>(state: &'a DryRunState, finding: &'a Finding) -> FindingLink<'a> {
    FindingLink { repository_id: &state.repositories[finding.repo].id, finding_id: &finding.id }
}

/// `PrFinding`.
#[derive(Debug, Serialize)]
pub(crate) struct PrFindingView<'a> {
    id: &'a str,
    scan_id: &'a str,
    pr_number: u64,
    dashboard_url: FindingLink<'a>,
    #[serde(rename = "type")]
    title: &'a str,
    label: Option<&'a str>,
    severity: Severity,
    confidence: Confidence,
    description: Cow<'a, str>,
    filename: &'a str,
    line_start: u32,
    line_end: u32,
    meta: Option<&'a Value>,
    findings_result: FindingsResult,
    triage: TriageStateView,
    created_at: Timestamp,
}

/// `TriageState`: the triage a PR finding shows wherever it is listed.
#[derive(Debug, Serialize)]
struct TriageStateView {
    triage_category: Option<TriageCategory>,
    updated_at: Option<Timestamp>,
}

impl<'a> PrFindingView<'a> {
    /// PR finding `f` as PR scan `s` reported it.
    pub(crate) fn new(state: &'a DryRunState, f: usize, s: usize) -> Option<Self> {
        let finding = &state.findings[f];
        let scan = &state.pr_scans[s];
        let Detail::Pr { label, confidence, filename, line_start, line_end, meta, result, .. } = &finding.detail else {
            return None;
        };
        Some(PrFindingView {
            id: &finding.id,
            scan_id: &scan.id,
            pr_number: scan.pr_number,
            dashboard_url: link(state, finding),
            title: &finding.title,
            label: label.as_deref(),
            severity: finding.severity,
            confidence: *confidence,
            description: finding.description(),
            filename,
            line_start: *line_start,
            line_end: *line_end,
            meta: meta.as_deref(),
            findings_result: *result,
            triage: TriageStateView { triage_category: finding.triage, updated_at: finding.triage_updated_at },
            created_at: finding.created_at,
        })
    }
}

/// `DeepscanFinding`.
#[derive(Debug, Serialize)]
pub(crate) struct CodeFindingView<'a> {
    id: &'a str,
    dashboard_url: FindingLink<'a>,
    title: &'a str,
    description: Cow<'a, str>,
    /// As stored: a scenario that gives these `error` is refused at load.
    severity: Severity,
    technical_details: Option<&'a str>,
    impact: Option<&'a str>,
    remediation: Option<&'a str>,
    locations: &'a [Location],
    created_at: Timestamp,
}

impl<'a> CodeFindingView<'a> {
    pub(crate) fn new(state: &'a DryRunState, f: usize) -> Option<Self> {
        let finding = &state.findings[f];
        let Detail::Code { technical_details, impact, remediation, locations } = &finding.detail else {
            return None;
        };
        Some(CodeFindingView {
            id: &finding.id,
            dashboard_url: link(state, finding),
            title: &finding.title,
            description: finding.description(),
            severity: finding.severity,
            technical_details: technical_details.as_deref(),
            impact: impact.as_deref(),
            remediation: remediation.as_deref(),
            locations,
            created_at: finding.created_at,
        })
    }
}

/// `ScaFinding`.
#[derive(Debug, Serialize)]
pub(crate) struct ScaFindingView<'a> {
    id: &'a str,
    dashboard_url: FindingLink<'a>,
    title: &'a str,
    description: Cow<'a, str>,
    severity: Severity,
    package_name: &'a str,
    package_version: &'a str,
    package_ecosystem: &'a str,
    cve_id: Option<&'a str>,
    cvss_score: Option<f64>,
    cvss_vector: Option<&'a str>,
    fixed_version: Option<&'a str>,
    remediation: Option<&'a str>,
    references: &'a [String],
    locations: &'a [Location],
    created_at: Timestamp,
}

impl<'a> ScaFindingView<'a> {
    pub(crate) fn new(state: &'a DryRunState, f: usize) -> Option<Self> {
        let finding = &state.findings[f];
        let Detail::Sca(sca) = &finding.detail else { return None };
        Some(ScaFindingView {
            id: &finding.id,
            dashboard_url: link(state, finding),
            title: &finding.title,
            description: finding.description(),
            severity: finding.severity,
            package_name: &sca.package_name,
            package_version: &sca.package_version,
            package_ecosystem: &sca.ecosystem,
            cve_id: sca.cve_id.as_deref(),
            cvss_score: sca.cvss_score,
            cvss_vector: sca.cvss_vector.as_deref(),
            fixed_version: sca.fixed_version.as_deref(),
            remediation: sca.remediation.as_deref(),
            references: &sca.references,
            locations: &sca.locations,
            created_at: finding.created_at,
        })
    }
}
