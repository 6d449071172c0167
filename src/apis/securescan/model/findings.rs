//! What a scanner reports on a target, read from the shared security catalog in
//! SecureScan's vocabulary (scanner name, `scan_type`, severity, `rule_id`, one `cwe`).
//! A draw is a pure function of the target and the scanner, so rescanning the same
//! target reports the same findings with the same fingerprints (which is what compare
//! and triage rely on). Findings of several scanners are deduplicated as SecureScan
//! does, on (file, line, title).

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::compliance;
use super::scanners::{self, Reports, ScannerSpec};
use super::targets::Target;
use super::{ScanType, Severity};
use crate::catalog::{self, Rule, Scanner, Stack};

/// A stored finding.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Finding {
    pub(crate) id: String,
    pub(crate) scan_id: String,
    pub(crate) scanner: String,
    pub(crate) scan_type: ScanType,
    pub(crate) severity: Severity,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) file_path: Option<String>,
    pub(crate) line_start: Option<u32>,
    pub(crate) line_end: Option<u32>,
    pub(crate) rule_id: Option<String>,
    pub(crate) cwe: Option<String>,
    pub(crate) remediation: Option<String>,
    pub(crate) metadata: Map<String, Value>,
    pub(crate) compliance_tags: Vec<String>,
    pub(crate) fingerprint: String,
}

/// A finding before it belongs to a scan.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub(crate) scanner: &'static str,
    pub(crate) scan_type: ScanType,
    pub(crate) rule: &'static Rule,
    pub(crate) file_path: String,
    pub(crate) line: u32,
    pub(crate) also_reported_by: Option<&'static str>,
}

impl Draft {
    pub(crate) fn severity(&self) -> Severity {
        severity(self.rule)
    }

    fn title(&self) -> &'static str {
        &self.rule.title
    }

    pub(crate) fn cwe(&self) -> Option<&'static str> {
        self.rule.cwe.first().map(String::as_str)
    }

    /// SecureScan's fingerprint: SHA-256 of `scanner|rule_id|file_path|context|cwe`, the
    /// context being the flagged line lowercased with its whitespace collapsed.
    pub(crate) fn fingerprint(&self) -> String {
        let context = self.rule.snippet_lines().into_iter().find(|l| !l.trim().is_empty()).unwrap_or_default();
        let context = context.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let text =
            format!("{}|{}|{}|{}|{}", self.scanner, self.rule.id, self.file_path, context, self.cwe().unwrap_or(""));
        hex(&Sha256::digest(text.as_bytes()))
    }

    /// The stored finding, in `scan_id`, with the fields its scanner fills.
    pub(crate) fn into_finding(self, id: String, scan_id: &str) -> Finding {
        let lines = u32::try_from(self.rule.snippet_lines().len()).unwrap_or(1).max(1);
        let fills = scanners::find(self.scanner).map_or(scanners::REGISTRY[0].fills, |s| s.fills);
        let rule_id = match (fills.rule_prefix, self.rule.advisory) {
            ("npm-audit/", Some(a)) => format!("npm-audit/{}", a.package),
            (prefix, _) => format!("{prefix}{}", self.rule.id),
        };
        let mut metadata = Map::new();
        if let Some(advisory) = self.rule.advisory {
            metadata.insert("package".into(), json!(advisory.package));
            metadata.insert("installed_version".into(), json!(advisory.affected));
            metadata.insert("fixed_version".into(), json!(advisory.fixed));
            metadata.insert("ecosystem".into(), json!(advisory.ecosystem));
        }
        if let Some(other) = self.also_reported_by {
            metadata.insert("also_reported_by".into(), json!(other));
        }
        let remediation =
            self.rule.patch.added.first().map(|line| format!("Change the flagged code to: {}", line.trim()));
        let cwe = self.cwe().filter(|_| fills.cwe);
        Finding {
            id,
            scan_id: scan_id.to_string(),
            scanner: self.scanner.to_string(),
            scan_type: self.scan_type,
            severity: self.severity(),
            title: self.title().to_string(),
            description: self.rule.message.clone(),
            file_path: Some(self.file_path.clone()),
            line_start: fills.lines.then_some(self.line),
            line_end: fills.line_end.then_some(self.line + lines - 1),
            rule_id: Some(rule_id),
            cwe: cwe.map(str::to_string),
            remediation,
            metadata,
            compliance_tags: compliance::tags(cwe, self.title()),
            fingerprint: self.fingerprint(),
        }
    }
}

pub(crate) fn severity(rule: &Rule) -> Severity {
    match rule.severity {
        catalog::Severity::Critical => Severity::Critical,
        catalog::Severity::High => Severity::High,
        catalog::Severity::Medium => Severity::Medium,
        catalog::Severity::Low => Severity::Low,
    }
}

/// A stable number from text (the first 8 bytes of its SHA-256).
fn stable(parts: &[&str]) -> u64 {
    let digest = Sha256::digest(parts.join("\u{1f}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `rule` is one this scanner reports on a `stack` target.
fn reports(spec: &ScannerSpec, rule: &Rule, target: &Target) -> bool {
    let in_stack = rule.stack.is_none_or(|s| s == target.stack);
    let stack = target.stack;
    match spec.reports {
        Reports::Code => {
            target.has_code
                && rule.scanner == Scanner::Sast
                && in_stack
                && (spec.name != "bandit" || stack == Stack::Python)
        }
        Reports::Secrets => target.has_code && rule.scanner == Scanner::Secrets && in_stack,
        Reports::Dependencies(ecosystems) => {
            target.has_manifest
                && rule.scanner == Scanner::Dependency
                && in_stack
                && rule.advisory.is_some_and(|a| ecosystems.is_empty() || ecosystems.contains(&a.ecosystem.as_str()))
        }
        Reports::Infrastructure | Reports::Nothing => false,
    }
}

/// What `spec` reports on `target`: the target's declared rules, or a stable two-thirds
/// of the rules that hold in its stack.
pub(crate) fn draw(spec: &'static ScannerSpec, target: &Target) -> Vec<Draft> {
    let repo = target.path.rsplit('/').next().unwrap_or("app");
    let pkg = catalog::package_name(repo, target.stack);
    catalog::rules()
        .iter()
        .filter(|rule| reports(spec, rule, target))
        .filter(|rule| match &target.rules {
            Some(ids) => ids.contains(&rule.id),
            None => !stable(&[&target.path, &rule.id]).is_multiple_of(3),
        })
        .map(|rule| {
            let at = stable(&[&target.path, &rule.id, "where"]);
            let template = rule.paths.get(at as usize % rule.paths.len().max(1)).map_or("", String::as_str);
            Draft {
                scanner: spec.name,
                scan_type: spec.scan_type,
                rule,
                file_path: catalog::expand(template, "", &pkg),
                line: 3 + (at % 180) as u32,
                also_reported_by: None,
            }
        })
        .collect()
}

/// SecureScan's dedup: one finding per (file, line, title), the more severe kept (the
/// first on a tie), naming the other scanner in `also_reported_by`.
pub(crate) fn dedup(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut kept: Vec<Draft> = Vec::new();
    for draft in drafts {
        let same = kept.iter().position(|k| {
            k.file_path == draft.file_path
                && k.line == draft.line
                && k.title().to_lowercase() == draft.title().to_lowercase()
        });
        match same {
            Some(i) if draft.severity() < kept[i].severity() => {
                let mut draft = draft;
                draft.also_reported_by = Some(kept[i].scanner);
                kept[i] = draft;
            }
            Some(i) => kept[i].also_reported_by = Some(draft.scanner),
            None => kept.push(draft),
        }
    }
    kept
}

/// SecureScan's risk score: `min(100, 20·ln(1 + Σ weights))`, one decimal.
pub(crate) fn risk_score(severities: impl Iterator<Item = Severity>) -> f64 {
    let raw: f64 = severities.map(Severity::weight).sum();
    if raw == 0.0 {
        return 0.0;
    }
    ((20.0 * raw.ln_1p()).min(100.0) * 10.0).round() / 10.0
}

/// Findings listed as SecureScan lists them: most severe first, then as stored.
pub(crate) fn by_severity<'a, F: Borrow<Finding>>(findings: impl Iterator<Item = &'a F>) -> Vec<&'a F> {
    ordered_by_severity(findings.collect(), |f| (*f).borrow())
}

/// [`by_severity`] for anything that holds a finding (`finding` reads it): a stable sort,
/// so ties keep their stored order.
pub(crate) fn ordered_by_severity<T>(mut list: Vec<T>, finding: impl Fn(&T) -> &Finding) -> Vec<T> {
    list.sort_by_key(|item| finding(item).severity);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apis::securescan::model::scanners;

    #[test]
    fn a_target_draws_the_same_findings_every_time() {
        let target = Target::declared("/srv/repos/payments-api".into(), Stack::Python);
        let semgrep = scanners::find("semgrep").expect("semgrep");
        let a: Vec<String> = draw(semgrep, &target).iter().map(Draft::fingerprint).collect();
        let b: Vec<String> = draw(semgrep, &target).iter().map(Draft::fingerprint).collect();
        assert!(!a.is_empty());
        assert_eq!(a, b);
        assert_eq!(a[0].len(), 64);
    }

    #[test]
    fn bandit_and_semgrep_on_the_same_line_count_once() {
        let target = Target::declared("/srv/repos/payments-api".into(), Stack::Python);
        let both: Vec<Draft> =
            ["semgrep", "bandit"].iter().flat_map(|n| draw(scanners::find(n).expect("a scanner"), &target)).collect();
        let half = both.len() / 2;
        let kept = dedup(both);
        assert_eq!(kept.len(), half);
        assert!(kept.iter().all(|d| d.also_reported_by == Some("bandit")));
    }

    #[test]
    fn the_risk_score_is_securescans() {
        assert_eq!(risk_score([].into_iter()), 0.0);
        // 15 + 8 = 23 → 20·ln(24) = 63.56…
        assert_eq!(risk_score([Severity::Critical, Severity::High].into_iter()), 63.6);
        assert_eq!(risk_score(std::iter::repeat_n(Severity::Critical, 100)), 100.0);
    }
}
