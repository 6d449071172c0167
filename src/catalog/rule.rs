//! Rules: one thing a scanner reports, with the snippet it flags and the patch that fixes
//! it. Dependency rules carry the advisory they report.

use std::sync::LazyLock;

use serde::Deserialize;

use super::{Advisory, Stack, advisory};

/// The kind of scanner that reports a rule (one data file each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scanner {
    /// Committed credentials (Gitleaks).
    Secrets,
    /// Static analysis of code (Semgrep).
    Sast,
    /// Business-logic and authorization flaws an AI review finds.
    Ai,
    /// Dependencies with a published advisory.
    Dependency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

/// A CVSS v3.1 base score and vector.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cvss {
    pub(crate) score: f64,
    pub(crate) vector: String,
}

/// The change that fixes a rule's snippet: the lines it removes (a run of the snippet),
/// the lines it adds in their place, and the hunk's function context.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Patch {
    #[serde(default)]
    pub(crate) function: String,
    /// Where a pure insertion goes: after this many snippet lines. A patch that removes
    /// lines goes where they stand.
    #[serde(default)]
    at: Option<usize>,
    pub(crate) removed: Vec<String>,
    pub(crate) added: Vec<String>,
}

/// One thing a scanner reports.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rule {
    /// A dependency rule's is its advisory's CVE id.
    #[serde(default)]
    pub(crate) id: String,
    #[serde(skip, default = "no_scanner")]
    pub(crate) scanner: Scanner,
    /// `None`: found in any stack (CI files, infrastructure code).
    #[serde(default)]
    pub(crate) stack: Option<Stack>,
    #[serde(default = "no_severity")]
    pub(crate) severity: Severity,
    #[serde(default)]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) message: String,
    #[serde(default)]
    pub(crate) category: String,
    #[serde(default)]
    pub(crate) cwe: Vec<String>,
    #[serde(default)]
    pub(crate) owasp: Vec<String>,
    #[serde(default)]
    pub(crate) references: Vec<String>,
    /// Candidate files, as templates (see [`super::expand`]).
    pub(crate) paths: Vec<String>,
    #[serde(default)]
    pub(crate) cvss: Option<Cvss>,
    /// The vulnerable code as it stands in the file.
    pub(crate) snippet: String,
    pub(crate) patch: Patch,
    /// A dependency rule's advisory, by CVE id.
    #[serde(default, rename = "advisory")]
    advisory_id: Option<String>,
    #[serde(skip)]
    pub(crate) advisory: Option<&'static Advisory>,
}

fn no_scanner() -> Scanner {
    Scanner::Secrets
}

fn no_severity() -> Severity {
    Severity::Low
}

impl Rule {
    /// The snippet's lines.
    pub(crate) fn snippet_lines(&self) -> Vec<&str> {
        self.snippet.lines().collect()
    }

    /// Where the patch applies in the snippet: the index of its first removed line (or of
    /// the line an insertion precedes). `None` when the removed lines are not a run of the
    /// snippet (the catalog's unit test rules that out).
    pub(crate) fn patch_at(&self) -> Option<usize> {
        let lines = self.snippet_lines();
        let removed = &self.patch.removed;
        if removed.is_empty() {
            return self.patch.at.filter(|at| *at <= lines.len());
        }
        lines.windows(removed.len()).position(|w| w.iter().zip(removed).all(|(a, b)| *a == b.as_str()))
    }

    /// The snippet's lines before and after the patched run: the hunk's context.
    pub(crate) fn context(&self) -> (Vec<&str>, Vec<&str>) {
        let lines = self.snippet_lines();
        let at = self.patch_at().unwrap_or(lines.len());
        let end = (at + self.patch.removed.len()).min(lines.len());
        (lines[..at].to_vec(), lines[end..].to_vec())
    }

    /// Whether a dependency rule names an advisory the catalog has.
    #[cfg(test)]
    pub(crate) fn advisory_resolves(&self) -> bool {
        self.advisory_id.is_some() == self.advisory.is_some()
    }

    /// Dependency rules name only their advisory; the rest follows from it.
    fn complete(mut self, scanner: Scanner) -> Self {
        self.scanner = scanner;
        self.advisory = self.advisory_id.as_deref().and_then(advisory);
        if let Some(a) = self.advisory {
            let (package, version, summary) = (&a.package, &a.affected, &a.summary);
            let fixed = a.fixed.as_deref().unwrap_or("a fixed version");
            self.id = a.cve.clone().unwrap_or_default();
            self.severity = a.severity;
            self.cwe = a.cwe.clone();
            self.cvss = a.cvss.clone();
            self.title = format!("{summary} in {package} {version}");
            self.message =
                format!("{package} {version} is affected by {}: {summary}. Upgrade to {fixed} or later.", self.id);
            self.category = "vulnerable-dependency".into();
            self.owasp = vec!["A06:2021 - Vulnerable and Outdated Components".into()];
            self.references = vec![
                format!("https://nvd.nist.gov/vuln/detail/{}", self.id),
                format!("https://osv.dev/vulnerability/{}", self.id),
            ];
        }
        self
    }
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    [
        (Scanner::Secrets, "secrets.yaml", include_str!("data/secrets.yaml")),
        (Scanner::Sast, "sast.yaml", include_str!("data/sast.yaml")),
        (Scanner::Ai, "ai.yaml", include_str!("data/ai.yaml")),
        (Scanner::Dependency, "dependencies.yaml", include_str!("data/dependencies.yaml")),
    ]
    .into_iter()
    .flat_map(|(scanner, name, text)| {
        super::parse::<Vec<Rule>>(name, text).into_iter().map(move |r| r.complete(scanner))
    })
    .collect()
});

/// Every rule, in a fixed order (secrets, SAST, AI, dependencies, each in its file's
/// order). Kolega's saved snapshots store a rule's index: a rule added anywhere but at the
/// end of `dependencies.yaml` shifts the rules after it and invalidates them.
pub(crate) fn rules() -> &'static [Rule] {
    &RULES
}

/// The index of the rule with this id.
pub(crate) fn find(id: &str) -> Option<usize> {
    rules().iter().position(|r| r.id == id)
}

/// CVSS v3 qualitative rating of a base score.
pub(crate) fn cvss_rating(score: f64) -> &'static str {
    match score {
        s if s >= 9.0 => "CRITICAL",
        s if s >= 7.0 => "HIGH",
        s if s >= 4.0 => "MEDIUM",
        s if s > 0.0 => "LOW",
        _ => "NONE",
    }
}
