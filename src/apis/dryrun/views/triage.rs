//! `Triage`: a finding's triage state, and what removing it answers.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::dryrun::model::finding::{Finding, FindingKind, TriageCategory};

#[derive(Debug, Serialize)]
pub(crate) struct TriageView<'a> {
    finding_id: &'a str,
    finding_type: FindingKind,
    /// Null when untriaged.
    triage_category: Option<TriageCategory>,
    triaged: bool,
    /// When the triage was last set or removed.
    updated_at: Option<Timestamp>,
}

impl<'a> TriageView<'a> {
    pub(crate) fn new(finding: &'a Finding) -> Self {
        TriageView {
            finding_id: &finding.id,
            finding_type: finding.kind,
            triage_category: finding.triage,
            triaged: finding.triage.is_some(),
            updated_at: finding.triage_updated_at,
        }
    }
}

/// The reset triage state, saying what was removed.
#[derive(Debug, Serialize)]
pub(crate) struct TriageRemovedView<'a> {
    #[serde(flatten)]
    pub(crate) triage: TriageView<'a>,
    pub(crate) previous_triage_category: Option<TriageCategory>,
}
