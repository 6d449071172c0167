//! Security vocabulary: finding titles and descriptions, vulnerable snippets, CWE, OWASP and
//! CVSS identifiers, rule ids, categories and vulnerable packages, all read from the shared
//! catalog (`crate::catalog`) so a fact is written once; plus the generator's own words for
//! severities, scanners and how to install them.

use std::sync::LazyLock;

use crate::catalog::{self, Rule, Scanner};

pub(crate) const INSTALL_HINTS: &[&str] = &[
    "pip install semgrep",
    "pip install bandit",
    "brew install trivy",
    "go install github.com/securego/gosec/v2/cmd/gosec@latest",
    "brew install gitleaks",
    "npm install -g snyk",
    "pip install checkov",
];

/// Distinct values in first-seen order.
fn distinct(values: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    let mut seen = std::collections::HashSet::new();
    values.filter(|v| !v.is_empty() && seen.insert(*v)).collect()
}

/// The catalog's rules other than dependency advisories (whose texts read as advisories,
/// not as findings in code).
fn code_rules() -> impl Iterator<Item = &'static Rule> {
    catalog::rules().iter().filter(|r| r.scanner != Scanner::Dependency)
}

macro_rules! from_catalog {
    ($(#[$doc:meta] $name:ident => $values:expr;)*) => {$(
        #[$doc]
        pub(crate) fn $name() -> &'static [&'static str] {
            static VALUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| distinct($values));
            &VALUES
        }
    )*};
}

from_catalog! {
    /// Finding titles.
    vuln_titles => catalog::rules().iter().map(|r| r.title.as_str());
    /// Finding descriptions.
    sentences => catalog::rules().iter().map(|r| r.message.as_str());
    /// One vulnerable line of code each.
    snippets => code_rules().filter_map(|r| r.patch.removed.first()).map(|l| l.trim());
    /// CWE ids (`CWE-89`).
    cwes => catalog::rules().iter().flat_map(|r| &r.cwe).map(String::as_str);
    /// OWASP Top 10 categories.
    owasp => catalog::rules().iter().flat_map(|r| &r.owasp).map(String::as_str);
    /// CVSS v3.1 vectors.
    cvss_vectors => catalog::rules().iter().filter_map(|r| r.cvss.as_ref()).map(|c| c.vector.as_str());
    /// Code scanners' rule ids (dotted, as Semgrep's are).
    rule_ids => code_rules().filter(|r| r.scanner != Scanner::Secrets).map(|r| r.id.as_str());
    /// Real CVE ids, of the catalog's advisories.
    cves => catalog::advisories().iter().filter_map(|a| a.cve.as_deref());
    /// Finding categories.
    categories => catalog::rules().iter().map(|r| r.category.as_str());
}

/// Packages with a published advisory: name, ecosystem and an affected version.
pub(crate) fn vulnerable_packages() -> &'static [(&'static str, &'static str, &'static str)] {
    static VALUES: LazyLock<Vec<(&str, &str, &str)>> = LazyLock::new(|| {
        catalog::advisories().iter().map(|a| (a.package.as_str(), a.ecosystem.as_str(), a.affected.as_str())).collect()
    });
    &VALUES
}

pub(crate) const SEVERITIES: &[&str] = &["critical", "high", "medium", "low"];

pub(crate) const SCANNERS: &[&str] =
    &["semgrep", "bandit", "trivy", "gitleaks", "grype", "checkov", "gosec", "codeql", "osv-scanner", "trufflehog"];
