//! `UnifiedFinding`: a finding of any type as the account-wide `all_findings` lists it.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Serialize;

use super::finding::link;
use super::links::FindingLink;
use crate::apis::dryrun::model::finding::{Detail, FindingKind, Severity, TriageCategory};
use crate::apis::dryrun::model::index::LineageKey;
use crate::apis::dryrun::model::state::DryRunState;

#[derive(Debug, Serialize)]
pub(crate) struct UnifiedFindingView<'a> {
    id: &'a str,
    finding_type: FindingKind,
    title: &'a str,
    description: Cow<'a, str>,
    /// On the four-level scale (`error` shows as `high`).
    severity: Severity,
    dashboard_url: FindingLink<'a>,
    repository_id: &'a str,
    repository_name: &'a str,
    /// The branch of a DeepScan or SCA finding; null for PR findings.
    branch: Option<&'a str>,
    /// The newest scan that reported it by now.
    scan_id: Option<&'a str>,
    pr_number: Option<u64>,
    filename: Option<&'a str>,
    line_start: Option<u32>,
    line_end: Option<u32>,
    package_name: Option<&'a str>,
    package_version: Option<&'a str>,
    cve_id: Option<&'a str>,
    policy_id: Option<&'a str>,
    triage_category: Option<TriageCategory>,
    created_at: Timestamp,
}

impl<'a> UnifiedFindingView<'a> {
    /// Finding `f` as of `now`.
    pub(crate) fn new(state: &'a DryRunState, f: usize, now: Timestamp) -> Self {
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
        UnifiedFindingView {
            id: &finding.id,
            finding_type: finding.kind,
            title: &finding.title,
            description: finding.description(),
            severity: finding.severity.four(),
            dashboard_url: link(state, finding),
            repository_id: &repo.id,
            repository_name: &repo.name,
            branch,
            scan_id,
            pr_number,
            filename,
            line_start,
            line_end,
            package_name,
            package_version,
            cve_id,
            policy_id,
            triage_category: finding.triage,
            created_at: finding.created_at,
        }
    }
}
