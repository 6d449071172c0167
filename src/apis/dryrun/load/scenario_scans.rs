//! Scans and findings a scenario writes out (see `explicit`).

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::apis::dryrun::model::finding::{Confidence, FindingsResult, Location, Severity, TriageCategory};
use crate::apis::dryrun::model::scan::{DeepScanType, Outcome, PrStatus};

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrScanSpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    pub(crate) pr_number: u64,
    #[serde(default)]
    pub(crate) pr_title: Option<String>,
    #[serde(default)]
    pub(crate) pr_status: PrStatus,
    #[serde(default)]
    pub(crate) author: Option<String>,
    #[serde(default)]
    pub(crate) head_branch: Option<String>,
    /// Default: the repository's default branch.
    #[serde(default)]
    pub(crate) base_branch: Option<String>,
    #[serde(default)]
    pub(crate) head_sha: Option<String>,
    /// When the scan was requested (`scan_date`).
    pub(crate) at: String,
    #[serde(default)]
    pub(crate) outcome: Outcome,
    /// Default: written from the findings.
    #[serde(default)]
    pub(crate) summary: Option<String>,
    #[serde(default)]
    pub(crate) findings: Vec<PrFindingSpec>,
    /// Ids of findings an earlier scan of the same pull request reported that this one
    /// reports again (left out, they count as fixed by this scan).
    #[serde(default)]
    pub(crate) carry_over: Vec<String>,
    /// This many more findings, generated.
    #[serde(default)]
    #[schemars(range(max = 1_000_000))]
    pub(crate) generated_findings: usize,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PrFindingSpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    /// The finding's title ("SQL Injection").
    #[serde(rename = "type")]
    pub(crate) title: String,
    /// Classifier label (sqli, idor, auth_bypass, …).
    #[serde(default)]
    pub(crate) label: Option<String>,
    #[serde(default = "medium")]
    pub(crate) severity: Severity,
    #[serde(default)]
    pub(crate) confidence: Confidence,
    pub(crate) description: String,
    pub(crate) filename: String,
    pub(crate) line_start: u32,
    #[serde(default)]
    pub(crate) line_end: Option<u32>,
    #[serde(default)]
    pub(crate) meta: Option<Value>,
    /// Default: from the severity (critical/high/error failing, medium risky, low info).
    #[serde(default)]
    pub(crate) findings_result: Option<FindingsResult>,
    /// Makes it a code-policy finding of this custom policy (name or id).
    #[serde(default)]
    pub(crate) policy: Option<String>,
    #[serde(default)]
    pub(crate) triage: Option<TriageSpec>,
}

fn medium() -> Severity {
    Severity::Medium
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TriageSpec {
    pub(crate) category: TriageCategory,
    /// When it was triaged (default: when the finding appeared).
    #[serde(default)]
    pub(crate) at: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeepScanSpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    /// The branch (default: the repository's default branch; `null`: not recorded).
    #[serde(default, deserialize_with = "present")]
    pub(crate) branch: Option<Option<String>>,
    /// 40 hex digits (default: generated; `null`: not recorded).
    #[serde(default, deserialize_with = "present")]
    pub(crate) commit_sha: Option<Option<String>>,
    #[serde(default, rename = "type")]
    pub(crate) kind: DeepScanType,
    pub(crate) at: String,
    #[serde(default)]
    pub(crate) outcome: Outcome,
    #[serde(default)]
    pub(crate) findings: Vec<CodeFindingSpec>,
    #[serde(default)]
    pub(crate) sca: Vec<ScaFindingSpec>,
    /// Ids of findings an earlier DeepScan of the same branch reported that this one
    /// reports again.
    #[serde(default)]
    pub(crate) carry_over: Vec<String>,
    #[serde(default)]
    #[schemars(range(max = 1_000_000))]
    pub(crate) generated_findings: usize,
    /// At most as many as the catalogue has advisories for the repository's ecosystem.
    #[serde(default)]
    #[schemars(range(max = 1_000_000))]
    pub(crate) generated_sca: usize,
}

/// Tells a field given as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CodeFindingSpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) severity: Severity,
    #[serde(default)]
    pub(crate) technical_details: Option<String>,
    #[serde(default)]
    pub(crate) impact: Option<String>,
    #[serde(default)]
    pub(crate) remediation: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) locations: Vec<Location>,
    #[serde(default)]
    pub(crate) triage: Option<TriageSpec>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScaFindingSpec {
    #[serde(default)]
    pub(crate) id: Option<String>,
    /// Default: "<package>: <CVE or advisory>".
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    pub(crate) severity: Severity,
    pub(crate) package_name: String,
    pub(crate) package_version: String,
    pub(crate) package_ecosystem: String,
    #[serde(default)]
    pub(crate) cve_id: Option<String>,
    #[serde(default)]
    pub(crate) cvss_score: Option<f64>,
    #[serde(default)]
    pub(crate) cvss_vector: Option<String>,
    #[serde(default)]
    pub(crate) fixed_version: Option<String>,
    #[serde(default)]
    pub(crate) remediation: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) references: Vec<String>,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) locations: Vec<Location>,
    #[serde(default)]
    pub(crate) triage: Option<TriageSpec>,
}
