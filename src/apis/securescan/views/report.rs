//! A scan's reports: SARIF 2.1.0 as SecureScan writes it (canonical order, one rule per
//! rule id, `partialFingerprints` under `securescan/v1`, keys sorted, two-space indent)
//! and the HTML assessment.

use crate::apis::securescan::model::findings::Finding;
use crate::apis::securescan::model::scan::Scan;
use crate::apis::securescan::model::time::naive;
use crate::apis::securescan::model::{ScanStatus, Severity};
use crate::formats::html::escape;
use crate::formats::sarif;

const TOOL: sarif::ToolInfo =
    sarif::ToolInfo { name: "SecureScan", version: "0.1.0", information_uri: "https://github.com/Metbcy/securescan" };

fn rule_id(f: &Finding) -> String {
    f.rule_id.clone().unwrap_or_else(|| {
        let slug: String = f.title.to_lowercase().replace(' ', "-").chars().take(50).collect();
        format!("{}/{slug}", f.scanner)
    })
}

/// The SARIF log of `findings` in SecureScan's canonical order (severity, file, line,
/// rule, title), one per fingerprint.
pub(crate) fn sarif<'a>(scan: &Scan, findings: &[&'a Finding]) -> sarif::Log<'a> {
    let mut ordered: Vec<&'a Finding> = findings.to_vec();
    ordered.sort_by(|a, b| {
        let key = |f: &'a Finding| {
            (
                f.severity,
                f.file_path.clone().unwrap_or_default(),
                f.line_start.unwrap_or(0),
                rule_id(f),
                f.title.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    let mut seen = std::collections::HashSet::new();
    ordered.retain(|f| f.fingerprint.is_empty() || seen.insert(f.fingerprint.clone()));
    let results = ordered
        .into_iter()
        .map(|f| (f, sarif::grade(f.severity.as_str())))
        .map(|(f, (level, security_severity))| sarif::Finding {
            rule_id: rule_id(f),
            rule_name: f.title.chars().take(100).collect(),
            level,
            security_severity,
            tags: std::iter::once("security".to_string()).chain(f.cwe.clone()).collect(),
            title: &f.title,
            description: &f.description,
            path: f.file_path.as_deref(),
            start_line: f.line_start,
            end_line: f.line_end,
            fingerprint: (!f.fingerprint.is_empty()).then_some(("securescan/v1", f.fingerprint.as_str())),
            remediation: f.remediation.as_deref(),
        })
        .collect();
    sarif::Log::new(TOOL, scan.status == ScanStatus::Completed, results)
}

/// The HTML assessment: the scan, its severity counts and every finding, most severe
/// first.
pub(crate) fn html(scan: &Scan, findings: &[&Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut rows = String::new();
    for f in findings {
        let place = match (&f.file_path, f.line_start) {
            (Some(p), Some(l)) => format!("{}:{l}", escape(p)),
            (Some(p), None) => escape(p),
            _ => String::new(),
        };
        rows.push_str(&format!(
            "<tr class=\"sev-{s}\"><td>{s}</td><td>{}</td><td>{}</td><td>{place}</td></tr>\n",
            escape(&f.title),
            escape(&f.scanner),
            s = f.severity.as_str()
        ));
    }
    let completed = scan.completed_at.map(naive).unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>SecureScan Security Assessment — {target}</title></head>\n\
<body>\n<h1>Security Assessment</h1>\n<p>Target: {target}<br>Scan: {id}<br>Completed: {completed}<br>Risk score: {risk:.1}</p>\n\
<table class=\"summary\"><tr><th>Critical</th><th>High</th><th>Medium</th><th>Low</th><th>Info</th></tr>\n\
<tr><td>{c}</td><td>{h}</td><td>{m}</td><td>{l}</td><td>{i}</td></tr></table>\n\
<h2>Findings ({n})</h2>\n<table class=\"findings\"><tr><th>Severity</th><th>Title</th><th>Scanner</th><th>Location</th></tr>\n{rows}</table>\n</body>\n</html>\n",
        target = escape(&scan.target_path),
        id = scan.id,
        risk = scan.risk_score.unwrap_or(0.0),
        c = count(Severity::Critical),
        h = count(Severity::High),
        m = count(Severity::Medium),
        l = count(Severity::Low),
        i = count(Severity::Info),
        n = findings.len(),
    )
}
