//! `Finding` (as stored, for compare) and `FindingWithState` (with its triage verdict,
//! for a scan's findings list), the compare answer, triage state and comments.

use serde::Serialize;
use serde_json::{Map, Value};

use super::scan::ScanView;
use crate::apis::securescan::model::findings::Finding;
use crate::apis::securescan::model::scan::Scan;
use crate::apis::securescan::model::time::naive;
use crate::apis::securescan::model::triage::{Comment, State};

#[derive(Debug, Serialize)]
pub(crate) struct FindingView<'a> {
    id: &'a str,
    scan_id: &'a str,
    scanner: &'a str,
    scan_type: &'static str,
    severity: &'static str,
    title: &'a str,
    description: &'a str,
    file_path: Option<&'a str>,
    line_start: Option<u32>,
    line_end: Option<u32>,
    rule_id: Option<&'a str>,
    cwe: Option<&'a str>,
    remediation: Option<&'a str>,
    metadata: &'a Map<String, Value>,
    compliance_tags: &'a [String],
    fingerprint: &'a str,
}

impl<'a> FindingView<'a> {
    pub(crate) fn new(f: &'a Finding) -> FindingView<'a> {
        FindingView {
            id: &f.id,
            scan_id: &f.scan_id,
            scanner: &f.scanner,
            scan_type: f.scan_type.as_str(),
            severity: f.severity.as_str(),
            title: &f.title,
            description: &f.description,
            file_path: f.file_path.as_deref(),
            line_start: f.line_start,
            line_end: f.line_end,
            rule_id: f.rule_id.as_deref(),
            cwe: f.cwe.as_deref(),
            remediation: f.remediation.as_deref(),
            metadata: &f.metadata,
            compliance_tags: &f.compliance_tags,
            fingerprint: &f.fingerprint,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct StateView<'a> {
    fingerprint: &'a str,
    status: &'static str,
    note: Option<&'a str>,
    updated_at: String,
    updated_by: Option<&'a str>,
}

impl<'a> StateView<'a> {
    pub(crate) fn new(s: &'a State) -> StateView<'a> {
        StateView {
            fingerprint: &s.fingerprint,
            status: s.status.as_str(),
            note: s.note.as_deref(),
            updated_at: naive(s.updated_at),
            updated_by: s.updated_by.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct FindingWithStateView<'a> {
    #[serde(flatten)]
    finding: FindingView<'a>,
    state: Option<StateView<'a>>,
}

impl<'a> FindingWithStateView<'a> {
    pub(crate) fn new(f: &'a Finding, state: Option<&'a State>) -> FindingWithStateView<'a> {
        FindingWithStateView { finding: FindingView::new(f), state: state.map(StateView::new) }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CompareSummaryView {
    pub(crate) new_count: usize,
    pub(crate) fixed_count: usize,
    pub(crate) unchanged_count: usize,
    pub(crate) risk_delta: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct CompareView<'a> {
    scan_a: ScanView<'a>,
    scan_b: ScanView<'a>,
    new_findings: Vec<FindingView<'a>>,
    fixed_findings: Vec<FindingView<'a>>,
    unchanged_findings: Vec<FindingView<'a>>,
    summary: CompareSummaryView,
}

impl<'a> CompareView<'a> {
    pub(crate) fn new(
        a: &'a Scan,
        b: &'a Scan,
        new: Vec<&'a Finding>,
        fixed: Vec<&'a Finding>,
        unchanged: Vec<&'a Finding>,
    ) -> CompareView<'a> {
        let delta = b.risk_score.unwrap_or(0.0) - a.risk_score.unwrap_or(0.0);
        let summary = CompareSummaryView {
            new_count: new.len(),
            fixed_count: fixed.len(),
            unchanged_count: unchanged.len(),
            risk_delta: (delta * 100.0).round() / 100.0,
        };
        let views = |list: Vec<&'a Finding>| list.into_iter().map(FindingView::new).collect();
        CompareView {
            scan_a: ScanView::new(a),
            scan_b: ScanView::new(b),
            new_findings: views(new),
            fixed_findings: views(fixed),
            unchanged_findings: views(unchanged),
            summary,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CommentView<'a> {
    id: &'a str,
    fingerprint: &'a str,
    text: &'a str,
    author: Option<&'a str>,
    created_at: String,
}

impl<'a> CommentView<'a> {
    pub(crate) fn new(c: &'a Comment) -> CommentView<'a> {
        CommentView {
            id: &c.id,
            fingerprint: &c.fingerprint,
            text: &c.text,
            author: c.author.as_deref(),
            created_at: naive(c.created_at),
        }
    }
}
