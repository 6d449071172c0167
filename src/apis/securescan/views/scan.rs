//! `Scan`, `ScanSummary`, the compare answer's summary and the event token.

use serde::Serialize;

use crate::apis::securescan::model::findings::{Finding, risk_score};
use crate::apis::securescan::model::scan::{Scan, Skip};
use crate::apis::securescan::model::time::naive;
use crate::apis::securescan::model::{ScanType, Severity};

#[derive(Debug, Serialize)]
pub(crate) struct SkipView<'a> {
    name: &'a str,
    reason: &'a str,
    install_hint: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ScanView<'a> {
    id: &'a str,
    target_path: &'a str,
    scan_types: Vec<&'static str>,
    status: &'static str,
    started_at: Option<String>,
    completed_at: Option<String>,
    findings_count: u64,
    risk_score: Option<f64>,
    summary: Option<&'a str>,
    error: Option<&'a str>,
    target_url: Option<&'a str>,
    target_host: Option<&'a str>,
    scanners_run: &'a [String],
    scanners_skipped: Vec<SkipView<'a>>,
}

impl<'a> ScanView<'a> {
    pub(crate) fn new(scan: &'a Scan) -> ScanView<'a> {
        ScanView {
            id: &scan.id,
            target_path: &scan.target_path,
            scan_types: scan.scan_types.iter().map(|t| ScanType::as_str(*t)).collect(),
            status: scan.status.as_str(),
            started_at: scan.started_at.map(naive),
            completed_at: scan.completed_at.map(naive),
            findings_count: scan.findings_count,
            risk_score: scan.risk_score,
            summary: None,
            error: scan.error.as_deref(),
            target_url: scan.target_url.as_deref(),
            target_host: scan.target_host.as_deref(),
            scanners_run: &scan.scanners_run,
            scanners_skipped: scan.scanners_skipped.iter().map(skip).collect(),
        }
    }
}

fn skip(s: &Skip) -> SkipView<'_> {
    SkipView { name: &s.name, reason: &s.reason, install_hint: s.install_hint.as_deref() }
}

#[derive(Debug, Serialize)]
pub(crate) struct SummaryView<'a> {
    total_findings: usize,
    critical: usize,
    high: usize,
    medium: usize,
    low: usize,
    info: usize,
    risk_score: f64,
    /// The scanners that reported something, in the order their findings are stored.
    scanners_run: Vec<&'a str>,
}

impl<'a> SummaryView<'a> {
    /// Counted and scored from the scan's stored findings, as SecureScan does.
    pub(crate) fn new(findings: &[&'a Finding]) -> SummaryView<'a> {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let mut scanners: Vec<&str> = Vec::new();
        for f in findings {
            if !scanners.contains(&f.scanner.as_str()) {
                scanners.push(&f.scanner);
            }
        }
        SummaryView {
            total_findings: findings.len(),
            critical: count(Severity::Critical),
            high: count(Severity::High),
            medium: count(Severity::Medium),
            low: count(Severity::Low),
            info: count(Severity::Info),
            risk_score: risk_score(findings.iter().map(|f| f.severity)),
            scanners_run: scanners,
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct EventTokenView<'a> {
    pub(crate) token: &'a str,
    pub(crate) expires_in: i64,
}
