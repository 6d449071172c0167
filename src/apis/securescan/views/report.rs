//! A scan's reports: SARIF 2.1.0 as SecureScan writes it (canonical order, one rule per
//! rule id, `partialFingerprints` under `securescan/v1`, keys sorted, two-space indent)
//! and the HTML assessment.

use serde::Serialize;

use crate::apis::securescan::model::findings::Finding;
use crate::apis::securescan::model::scan::Scan;
use crate::apis::securescan::model::time::naive;
use crate::apis::securescan::model::{ScanStatus, Severity};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

fn score(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "7.5",
        Severity::Medium => "5.0",
        Severity::Low => "2.5",
        Severity::Info => "0.5",
    }
}

// Fields are declared in alphabetical order: SecureScan writes SARIF with sorted keys.
#[derive(Debug, Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Debug, Serialize)]
struct Level {
    level: &'static str,
}

#[derive(Debug, Serialize)]
struct RuleProperties {
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
    tags: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    default_configuration: Level,
    full_description: Text<'a>,
    id: String,
    name: String,
    properties: RuleProperties,
    short_description: Text<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    start_line: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Uri<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Serialize)]
struct Uri<'a> {
    uri: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical<'a>,
}

#[derive(Debug, Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "securescan/v1")]
    v1: &'a str,
}

#[derive(Debug, Serialize)]
struct ResultProperties<'a> {
    remediation: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<Vec<Location<'a>>>,
    message: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    partial_fingerprints: Option<Fingerprints<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
    rule_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<Rule<'a>>,
    version: &'static str,
}

#[derive(Debug, Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
}

#[derive(Debug, Serialize)]
struct Run<'a> {
    invocations: Vec<Invocation>,
    results: Vec<SarifResult<'a>>,
    tool: Tool<'a>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SarifView<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: Vec<Run<'a>>,
    version: &'static str,
}

fn rule_id(f: &Finding) -> String {
    f.rule_id.clone().unwrap_or_else(|| {
        let slug: String = f.title.to_lowercase().replace(' ', "-").chars().take(50).collect();
        format!("{}/{slug}", f.scanner)
    })
}

impl<'a> SarifView<'a> {
    /// `findings` in SecureScan's canonical order (severity, file, line, rule, title),
    /// one per fingerprint.
    pub(crate) fn new(scan: &Scan, findings: &[&'a Finding]) -> SarifView<'a> {
        let mut ordered: Vec<&Finding> = findings.to_vec();
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
        let mut rules: std::collections::BTreeMap<String, Rule<'a>> = std::collections::BTreeMap::new();
        let mut results = Vec::new();
        for f in ordered {
            let id = rule_id(f);
            rules.entry(id.clone()).or_insert_with(|| Rule {
                default_configuration: Level { level: level(f.severity) },
                full_description: Text { text: &f.description },
                id: id.clone(),
                name: f.title.chars().take(100).collect(),
                properties: RuleProperties {
                    security_severity: score(f.severity),
                    tags: std::iter::once("security".to_string()).chain(f.cwe.clone()).collect(),
                },
                short_description: Text { text: &f.title },
            });
            let locations = f.file_path.as_deref().map(|uri| {
                let region =
                    f.line_start.filter(|l| *l > 0).map(|start| Region { end_line: f.line_end, start_line: start });
                vec![Location { physical_location: Physical { artifact_location: Uri { uri }, region } }]
            });
            results.push(SarifResult {
                level: level(f.severity),
                locations,
                message: Text { text: &f.description },
                partial_fingerprints: (!f.fingerprint.is_empty()).then_some(Fingerprints { v1: &f.fingerprint }),
                properties: f.remediation.as_deref().map(|remediation| ResultProperties { remediation }),
                rule_id: id,
            });
        }
        let driver = Driver {
            information_uri: "https://github.com/Metbcy/securescan",
            name: "SecureScan",
            rules: rules.into_values().collect(),
            version: "0.1.0",
        };
        SarifView {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            runs: vec![Run {
                invocations: vec![Invocation { execution_successful: scan.status == ScanStatus::Completed }],
                results,
                tool: Tool { driver },
            }],
            version: "2.1.0",
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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
