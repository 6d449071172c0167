//! A finding as the findings list and `GET …/findings/{id}` show it, and the shorter
//! summary a batch's results list.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::kolega::model::finding::Finding;
use crate::apis::kolega::model::rules;
use crate::apis::kolega::model::state::Organization;
use crate::apis::kolega::model::{FindingStatus, ScanType, Severity};

#[derive(Debug, Serialize)]
pub(crate) struct FindingView<'a> {
    id: &'a str,
    repository_id: &'a str,
    check_id: &'a str,
    severity: Severity,
    status: FindingStatus,
    file_path: Cow<'a, str>,
    message: &'a str,
    title: Option<&'a str>,
    category: &'a str,
    scan_type: ScanType,
    cwe: &'a [String],
    owasp: &'a [String],
    references: &'a [String],
    source_url: Option<String>,
    cvss_base_score: Option<f64>,
    cvss_severity: Option<&'static str>,
    cvss_vector: Option<&'a str>,
    first_detected_at: Timestamp,
    last_detected_at: Timestamp,
    resolved_at: Option<Timestamp>,
    /// Kolega creates the row when the finding is first detected.
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl<'a> FindingView<'a> {
    pub(crate) fn new(org: &'a Organization, finding: &'a Finding) -> FindingView<'a> {
        let repo = &org.repositories[finding.repo as usize];
        let file_path = finding.file_path(repo);
        let source_url = repo
            .sources
            .get(finding.source as usize)
            .map(|s| s.provider.blob_url(&s.full_name, &s.default_branch, &file_path, finding.line));
        let cvss = finding.cvss();
        FindingView {
            id: &finding.id,
            repository_id: &repo.id,
            check_id: finding.check_id(),
            severity: finding.severity,
            status: finding.status,
            file_path,
            message: finding.message(),
            title: finding.title(),
            category: finding.category(),
            scan_type: finding.scan_type,
            cwe: finding.cwe(),
            owasp: finding.owasp(),
            references: finding.references(),
            source_url,
            cvss_base_score: cvss.map(|(score, _)| score),
            cvss_severity: cvss.map(|(score, _)| rules::cvss_rating(score)),
            // A score known without its vector shows no vector.
            cvss_vector: cvss.map(|(_, vector)| vector).filter(|v| !v.is_empty()),
            first_detected_at: finding.first_detected_at,
            last_detected_at: finding.last_detected_at,
            resolved_at: finding.resolved_at,
            created_at: finding.first_detected_at,
            updated_at: finding.updated_at,
        }
    }
}

/// A finding in a batch's results.
#[derive(Debug, Serialize)]
pub(crate) struct FindingSummaryView<'a> {
    check_id: &'a str,
    file_path: Cow<'a, str>,
    severity: Severity,
    message: &'a str,
    cwe: &'a [String],
    owasp: &'a [String],
    fingerprint: String,
}

impl<'a> FindingSummaryView<'a> {
    pub(crate) fn new(org: &'a Organization, finding: &'a Finding) -> FindingSummaryView<'a> {
        FindingSummaryView {
            check_id: finding.check_id(),
            file_path: finding.file_path(&org.repositories[finding.repo as usize]),
            severity: finding.severity,
            message: finding.message(),
            cwe: finding.cwe(),
            owasp: finding.owasp(),
            fingerprint: finding.fingerprint_hex(),
        }
    }
}
