//! Findings of every kind and the small vocabularies they use: severities, kinds,
//! confidence, PR classifications, triage categories, code locations, and what only one
//! kind of finding has (`Detail`).

use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::description::Description;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Critical,
    High,
    Medium,
    Low,
    /// Only on PR findings (DryRun's own example shows it); ranks as `high`.
    Error,
}

impl From<crate::catalog::Severity> for Severity {
    fn from(severity: crate::catalog::Severity) -> Severity {
        match severity {
            crate::catalog::Severity::Critical => Severity::Critical,
            crate::catalog::Severity::High => Severity::High,
            crate::catalog::Severity::Medium => Severity::Medium,
            crate::catalog::Severity::Low => Severity::Low,
        }
    }
}

impl Severity {
    /// The four-level severity the filters and `all_findings` use.
    pub(crate) fn four(self) -> Severity {
        if self == Severity::Error { Severity::High } else { self }
    }

    /// 0 (critical) … 3 (low): for "most severe first".
    pub(crate) fn rank(self) -> u8 {
        match self.four() {
            Severity::Critical => 0,
            Severity::High | Severity::Error => 1,
            Severity::Medium => 2,
            Severity::Low => 3,
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Severity> {
        match s {
            "critical" => Some(Severity::Critical),
            "high" => Some(Severity::High),
            "medium" => Some(Severity::Medium),
            "low" => Some(Severity::Low),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FindingKind {
    Pullrequest,
    Deepscan,
    Sca,
    CodePolicy,
}

impl FindingKind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FindingKind::Pullrequest => "pullrequest",
            FindingKind::Deepscan => "deepscan",
            FindingKind::Sca => "sca",
            FindingKind::CodePolicy => "code_policy",
        }
    }

    /// Reported by PR scans (rather than DeepScans).
    pub(crate) fn by_pr_scans(self) -> bool {
        matches!(self, FindingKind::Pullrequest | FindingKind::CodePolicy)
    }

    pub(crate) fn parse(s: &str) -> Option<FindingKind> {
        match s {
            "pullrequest" => Some(FindingKind::Pullrequest),
            "deepscan" => Some(FindingKind::Deepscan),
            "sca" => Some(FindingKind::Sca),
            "code_policy" => Some(FindingKind::CodePolicy),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Confidence {
    High,
    #[default]
    Medium,
    Low,
}

/// A PR finding's classification against the configuration's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum FindingsResult {
    Failing,
    Risky,
    Info,
}

impl FindingsResult {
    /// What a finding of this severity counts as when nobody said otherwise.
    pub(crate) fn for_severity(severity: Severity) -> FindingsResult {
        match severity.rank() {
            0 | 1 => FindingsResult::Failing,
            2 => FindingsResult::Risky,
            _ => FindingsResult::Info,
        }
    }

    pub(crate) fn parse(s: &str) -> Option<FindingsResult> {
        match s {
            "failing" => Some(FindingsResult::Failing),
            "risky" => Some(FindingsResult::Risky),
            "info" => Some(FindingsResult::Info),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TriageCategory {
    FalsePositive,
    WontFix,
    AcceptedRisk,
    InProgress,
}

impl TriageCategory {
    pub(crate) fn parse(s: &str) -> Option<TriageCategory> {
        match s {
            "false_positive" => Some(TriageCategory::FalsePositive),
            "wont_fix" => Some(TriageCategory::WontFix),
            "accepted_risk" => Some(TriageCategory::AcceptedRisk),
            "in_progress" => Some(TriageCategory::InProgress),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Location {
    pub(crate) filename: String,
    #[serde(default)]
    pub(crate) line_start: Option<u32>,
    #[serde(default)]
    pub(crate) line_end: Option<u32>,
}

/// What only one kind of finding has.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "detail", rename_all = "snake_case")]
pub(crate) enum Detail {
    /// Pull-request and code-policy findings.
    Pr {
        /// Shared like `title`.
        label: Option<Arc<str>>,
        confidence: Confidence,
        filename: String,
        line_start: u32,
        line_end: u32,
        /// Shared: generated findings of one weakness class (or one custom policy) hold
        /// the same `meta`, once for the world rather than once per finding.
        meta: Option<Arc<Value>>,
        result: FindingsResult,
        policy: Option<usize>,
    },
    Code {
        technical_details: Option<String>,
        impact: Option<String>,
        remediation: Option<String>,
        locations: Vec<Location>,
    },
    Sca(Box<ScaDetail>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ScaDetail {
    pub(crate) package_name: String,
    pub(crate) package_version: String,
    pub(crate) ecosystem: String,
    pub(crate) cve_id: Option<String>,
    pub(crate) cvss_score: Option<f64>,
    pub(crate) cvss_vector: Option<String>,
    pub(crate) fixed_version: Option<String>,
    pub(crate) remediation: Option<String>,
    pub(crate) references: Vec<String>,
    pub(crate) locations: Vec<Location>,
}

/// Serialised by hand (below) so that a description filled at render time is written as
/// its text: a snapshot reads the same whichever way the finding holds it.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Finding {
    pub(crate) id: String,
    pub(crate) account: usize,
    pub(crate) repo: usize,
    pub(crate) kind: FindingKind,
    pub(crate) severity: Severity,
    /// The PR finding's `type`, the others' `title`. Shared: generated PR findings of one
    /// weakness class hold one copy.
    pub(crate) title: Arc<str>,
    /// Read it with `description()`.
    pub(crate) description: Description,
    /// When the first scan that reports it completed: when it appeared.
    pub(crate) created_at: Timestamp,
    pub(crate) detail: Detail,
    pub(crate) triage: Option<TriageCategory>,
    /// When the triage was last set or removed.
    pub(crate) triage_updated_at: Option<Timestamp>,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Finding", 11)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("account", &self.account)?;
        out.serialize_field("repo", &self.repo)?;
        out.serialize_field("kind", &self.kind)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("title", &self.title)?;
        out.serialize_field("description", &self.description())?;
        out.serialize_field("created_at", &self.created_at)?;
        out.serialize_field("detail", &self.detail)?;
        out.serialize_field("triage", &self.triage)?;
        out.serialize_field("triage_updated_at", &self.triage_updated_at)?;
        out.end()
    }
}

impl Finding {
    /// The description as the API shows it (`Description`).
    pub(crate) fn description(&self) -> std::borrow::Cow<'_, str> {
        match &self.description {
            Description::Text(text) => std::borrow::Cow::Borrowed(text),
            Description::Filled { template, resource } => {
                let (file, _, _) = self.primary_location();
                std::borrow::Cow::Owned(crate::catalog::fill(template, resource, file.unwrap_or_default()))
            }
        }
    }

    /// The first location: what `all_findings` shows as `filename` and line range.
    pub(crate) fn primary_location(&self) -> (Option<&str>, Option<u32>, Option<u32>) {
        match &self.detail {
            Detail::Pr { filename, line_start, line_end, .. } => {
                (Some(filename.as_str()), Some(*line_start), Some(*line_end))
            }
            Detail::Code { locations, .. } => first(locations),
            Detail::Sca(sca) => first(&sca.locations),
        }
    }
}

fn first(locations: &[Location]) -> (Option<&str>, Option<u32>, Option<u32>) {
    match locations.first() {
        Some(l) => (Some(l.filename.as_str()), l.line_start, l.line_end),
        None => (None, None, None),
    }
}
