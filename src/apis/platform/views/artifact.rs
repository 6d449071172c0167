//! A scan's stored artifacts, rendered: the SARIF log and CycloneDX SBOM in the shared
//! formats (`crate::formats`), and the HTML report. The bytes are a function of the scan
//! and its findings, so the size and digest a scan's answer lists are those a download gets.

use std::fmt::Write as _;

use serde::Serialize;

use super::ops::VERSION;
use crate::apis::platform::model::artifacts::{Artifact, Subject};
use crate::apis::platform::model::ids::uuid_from;
use crate::apis::platform::model::rules::severity;
use crate::apis::platform::model::source::snapshot;
use crate::formats::html::escape;
use crate::formats::{cyclonedx, manifest, sarif};

const TOOL: sarif::ToolInfo =
    sarif::ToolInfo { name: "platform", version: VERSION, information_uri: "https://docs.platform.example/scans" };

fn pretty(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

/// The bytes of `artifact` of `subject`.
pub(crate) fn render(subject: &Subject<'_>, artifact: Artifact) -> Vec<u8> {
    match artifact {
        Artifact::Sarif => pretty(&sarif_log(subject)),
        Artifact::Sbom => {
            let snap = snapshot(subject.stack, subject.package);
            let packages = manifest::packages(snap.files.iter().map(|f| (f.path.as_str(), f.content.as_str())));
            let refs: Vec<String> = packages.iter().map(|p| p.purl.clone()).collect();
            let components = packages
                .iter()
                .zip(&refs)
                .map(|(p, r)| cyclonedx::Component::library(&p.name, &p.version, &p.purl, r))
                .collect();
            let serial = uuid_from(&[subject.scan.id.as_bytes(), b"sbom"]);
            let at = subject.scan.completes_at().to_string();
            pretty(&cyclonedx::Bom::new(&serial, at, ("platform", VERSION), subject.name, components))
        }
        Artifact::Report => report(subject).into_bytes(),
    }
}

fn sarif_log<'a>(subject: &'a Subject<'_>) -> sarif::Log<'a> {
    let results = subject
        .findings
        .iter()
        .map(|f| {
            let (level, security_severity) = sarif::grade(severity(f.rule).as_str());
            sarif::Finding {
                rule_id: f.rule.id.clone(),
                rule_name: f.rule.title.clone(),
                level,
                security_severity,
                tags: std::iter::once("security".to_string())
                    .chain(f.rule.cwe.iter().cloned())
                    .chain(f.rule.owasp.iter().cloned())
                    .collect(),
                title: &f.rule.title,
                description: &f.rule.message,
                path: Some(&f.path),
                start_line: Some(f.start_line),
                end_line: Some(f.end_line),
                fingerprint: Some(("platform/v1", &f.fingerprint)),
                remediation: None,
            }
        })
        .collect();
    sarif::Log::new(TOOL, true, results)
}

/// The HTML report: the scan, its counts per severity, and each finding.
fn report(subject: &Subject<'_>) -> String {
    let mut counts = [0usize; 5];
    let mut rows = String::new();
    for f in &subject.findings {
        let s = severity(f.rule);
        counts[s.slot()] += 1;
        let _ = writeln!(
            rows,
            "<tr class=\"sev-{s}\"><td>{s}</td><td>{}</td><td>{}:{}</td></tr>",
            escape(&f.rule.title),
            escape(&f.path),
            f.start_line,
            s = s.as_str()
        );
    }
    let name = escape(subject.name);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Scan report — {name}</title></head>\n<body>\n\
<h1>Scan report: {name}</h1>\n<p>Scan {id}<br>Completed {at}<br>Analyzers: {analyzers}</p>\n\
<table class=\"summary\"><tr><th>Critical</th><th>High</th><th>Medium</th><th>Low</th><th>Info</th></tr>\n\
<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></table>\n\
<h2>Findings ({n})</h2>\n<table class=\"findings\"><tr><th>Severity</th><th>Rule</th><th>Location</th></tr>\n{rows}</table>\n</body>\n</html>\n",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        id = subject.scan.id,
        at = subject.scan.completes_at(),
        analyzers = subject.scan.analyzers.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "),
        n = subject.findings.len(),
    )
}
