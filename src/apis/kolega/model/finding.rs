//! A finding and how it reads. Its text is either a catalog rule (generated and scanned
//! findings store only the rule's index and which of its paths) or written out in the
//! scenario; the accessors here answer both the same way, so the event feed, the fix
//! diff, pull request bodies and the finding views all read a finding alike.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::ids::{hex, rng_for};
use super::repository::Repository;
use super::vocabulary::{FindingStatus, ScanType, Severity};
use crate::apis::kolega::model::rules::{self, Advisory, Rule};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Finding {
    pub(crate) id: String,
    pub(crate) repo: u32,
    pub(crate) source: u16,
    pub(crate) scan_type: ScanType,
    pub(crate) severity: Severity,
    pub(crate) status: FindingStatus,
    pub(crate) content: FindingContent,
    pub(crate) line: u32,
    /// Identity across scans: a re-detection updates this finding instead of adding one.
    pub(crate) fingerprint: u64,
    /// The source scan that first reported it, if one did.
    pub(crate) scan_id: Option<String>,
    pub(crate) first_detected_at: Timestamp,
    pub(crate) last_detected_at: Timestamp,
    pub(crate) resolved_at: Option<Timestamp>,
    pub(crate) updated_at: Timestamp,
    /// When the code stopped holding it (a merged fix, or the scenario's history): scans
    /// from then on no longer report it.
    #[serde(default)]
    pub(crate) fixed_at: Option<Timestamp>,
}

impl Finding {
    /// Whether the code still holds it at `at`.
    pub(crate) fn in_code(&self, at: Timestamp) -> bool {
        self.first_detected_at <= at && self.fixed_at.is_none_or(|f| f > at)
    }
}

/// A finding's text: a catalog rule and one of its paths (generated findings), or text
/// written in the scenario.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum FindingContent {
    Catalog { rule: u16, path: u16 },
    Custom(Box<CustomFinding>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CustomFinding {
    pub(crate) check_id: String,
    pub(crate) file_path: String,
    pub(crate) message: String,
    pub(crate) title: Option<String>,
    pub(crate) category: String,
    pub(crate) cwe: Vec<String>,
    pub(crate) owasp: Vec<String>,
    pub(crate) references: Vec<String>,
    pub(crate) cvss_base_score: Option<f64>,
    pub(crate) cvss_vector: Option<String>,
}

impl FindingContent {
    /// The catalog rule behind generated and scanned findings.
    pub(crate) fn rule(&self) -> Option<&'static Rule> {
        match self {
            FindingContent::Catalog { rule, .. } => rules::rule(*rule),
            FindingContent::Custom(_) => None,
        }
    }

    /// The file it is in, within `repo` (a catalog path is a template filled in per
    /// repository).
    pub(crate) fn file_path(&self, repo: &Repository) -> Cow<'_, str> {
        match self {
            FindingContent::Catalog { path, .. } => {
                let template =
                    self.rule().and_then(|r| r.paths.get(*path as usize)).map_or("README.md", String::as_str);
                let (owner, pkg) = repo.owner_and_package();
                Cow::Owned(rules::expand(template, &owner, &pkg))
            }
            FindingContent::Custom(c) => Cow::Borrowed(&c.file_path),
        }
    }
}

impl Finding {
    /// The dependency advisory behind an SBOM finding.
    pub(crate) fn advisory(&self) -> Option<&'static Advisory> {
        self.content.rule().and_then(|r| r.advisory)
    }

    pub(crate) fn check_id(&self) -> &str {
        match &self.content {
            FindingContent::Catalog { .. } => self.content.rule().map_or("unknown", |r| r.id.as_str()),
            FindingContent::Custom(c) => &c.check_id,
        }
    }

    pub(crate) fn file_path(&self, repo: &Repository) -> Cow<'_, str> {
        self.content.file_path(repo)
    }

    pub(crate) fn message(&self) -> &str {
        match &self.content {
            FindingContent::Catalog { .. } => self.content.rule().map_or("", |r| r.message.as_str()),
            FindingContent::Custom(c) => &c.message,
        }
    }

    pub(crate) fn title(&self) -> Option<&str> {
        match &self.content {
            FindingContent::Catalog { .. } => self.content.rule().map(|r| r.title.as_str()),
            FindingContent::Custom(c) => c.title.as_deref(),
        }
    }

    pub(crate) fn category(&self) -> &str {
        match &self.content {
            FindingContent::Catalog { .. } => self.content.rule().map_or("", |r| r.category.as_str()),
            FindingContent::Custom(c) => &c.category,
        }
    }

    /// CWE tags: the catalog rule's, or the scenario's.
    pub(crate) fn cwe(&self) -> &[String] {
        self.texts(|r| &r.cwe, |c| &c.cwe)
    }

    pub(crate) fn owasp(&self) -> &[String] {
        self.texts(|r| &r.owasp, |c| &c.owasp)
    }

    pub(crate) fn references(&self) -> &[String] {
        self.texts(|r| &r.references, |c| &c.references)
    }

    fn texts<'a>(
        &'a self,
        catalog: impl FnOnce(&'static Rule) -> &'static [String],
        written: impl FnOnce(&'a CustomFinding) -> &'a [String],
    ) -> &'a [String] {
        match &self.content {
            FindingContent::Catalog { .. } => self.content.rule().map_or(&[], catalog),
            FindingContent::Custom(c) => written(c),
        }
    }

    /// The CVSS base score and vector (empty when only a score is known), where known.
    pub(crate) fn cvss(&self) -> Option<(f64, &str)> {
        match &self.content {
            FindingContent::Catalog { .. } => {
                self.content.rule().and_then(|r| r.cvss.as_ref()).map(|c| (c.score, c.vector.as_str()))
            }
            FindingContent::Custom(c) => c.cvss_base_score.map(|s| (s, c.cvss_vector.as_deref().unwrap_or(""))),
        }
    }

    /// The 64-hex-digit fingerprint scanners report.
    pub(crate) fn fingerprint_hex(&self) -> String {
        hex(&mut rng_for(&[&self.fingerprint.to_le_bytes()]), 32)
    }
}
