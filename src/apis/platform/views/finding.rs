//! Findings, in the list's shape and with full detail. Texts come from the finding's rule
//! in the shared catalog.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::platform::model::finding::{Finding, StatusChange};
use crate::apis::platform::model::rules::{self, Rule, analyzer, confidence, severity};
use crate::apis::platform::model::{Analyzer, FindingStatus, Severity};

#[derive(Debug, Serialize)]
pub(crate) struct FindingView<'a> {
    id: &'a str,
    repo_id: &'a str,
    project_id: &'a str,
    scan_id: &'a str,
    analyzer: Analyzer,
    rule_id: &'a str,
    title: &'a str,
    severity: Severity,
    confidence: &'static str,
    cwe: Option<&'a str>,
    file_path: &'a str,
    start_line: u32,
    end_line: u32,
    start_column: Option<u32>,
    end_column: Option<u32>,
    snippet: Option<&'a str>,
    fingerprint: &'a str,
    status: FindingStatus,
    note: Option<&'a str>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl<'a> FindingView<'a> {
    /// `None` for a finding whose rule the catalog no longer has (an old snapshot).
    pub(crate) fn new(f: &'a Finding) -> Option<Self> {
        let rule: &'static Rule = rules::rule(f.rule)?;
        Some(FindingView {
            id: &f.id,
            repo_id: &f.repo_id,
            project_id: &f.project_id,
            scan_id: &f.scan_id,
            analyzer: analyzer(rule),
            rule_id: &rule.id,
            title: &rule.title,
            severity: severity(rule),
            confidence: confidence(rule),
            cwe: rule.cwe.first().map(String::as_str),
            file_path: &f.file_path,
            start_line: f.start_line,
            end_line: f.end_line,
            start_column: Some(1),
            end_column: None,
            snippet: Some(&f.snippet),
            fingerprint: &f.fingerprint,
            status: f.status,
            note: f.note.as_deref(),
            created_at: f.created_at,
            updated_at: f.updated_at,
        })
    }
}

#[derive(Debug, Serialize)]
struct DependencyView<'a> {
    ecosystem: &'a str,
    package: &'a str,
    version: &'a str,
    fixed_versions: Vec<&'a str>,
    advisory_id: &'a str,
}

#[derive(Debug, Serialize)]
pub(crate) struct FindingDetailView<'a> {
    #[serde(flatten)]
    base: FindingView<'a>,
    description: String,
    remediation: Option<String>,
    references: &'a [String],
    dependency: Option<DependencyView<'a>>,
    status_history: &'a [StatusChange],
}

impl<'a> FindingDetailView<'a> {
    pub(crate) fn new(f: &'a Finding) -> Option<Self> {
        let rule: &'static Rule = rules::rule(f.rule)?;
        let dependency = rule.advisory.map(|a| DependencyView {
            ecosystem: &a.ecosystem,
            package: &a.package,
            version: &a.affected,
            fixed_versions: a.fixed.as_deref().into_iter().collect(),
            advisory_id: a.cve.as_deref().unwrap_or(&rule.id),
        });
        let remediation = (!rule.patch.added.is_empty()).then(|| {
            let removed = rule.patch.removed.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
            let added = rule.patch.added.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
            if removed.is_empty() { format!("Add `{added}`.") } else { format!("Replace `{removed}` with `{added}`.") }
        });
        Some(FindingDetailView {
            base: FindingView::new(f)?,
            description: rule.message.clone(),
            remediation,
            references: &rule.references,
            dependency,
            status_history: &f.history,
        })
    }
}
