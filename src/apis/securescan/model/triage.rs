//! Triage by fingerprint: a verdict (and note) that follows a finding across rescans of
//! its target, and a comment thread. A finding never triaged has no verdict (`null`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Verdict {
    New,
    Triaged,
    FalsePositive,
    AcceptedRisk,
    Fixed,
    WontFix,
}

impl Verdict {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Verdict::New => "new",
            Verdict::Triaged => "triaged",
            Verdict::FalsePositive => "false_positive",
            Verdict::AcceptedRisk => "accepted_risk",
            Verdict::Fixed => "fixed",
            Verdict::WontFix => "wont_fix",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Verdict> {
        [
            Verdict::New,
            Verdict::Triaged,
            Verdict::FalsePositive,
            Verdict::AcceptedRisk,
            Verdict::Fixed,
            Verdict::WontFix,
        ]
        .into_iter()
        .find(|v| v.as_str() == text)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) fingerprint: String,
    pub(crate) status: Verdict,
    pub(crate) note: Option<String>,
    pub(crate) updated_at: Timestamp,
    pub(crate) updated_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Comment {
    pub(crate) id: String,
    pub(crate) fingerprint: String,
    pub(crate) text: String,
    pub(crate) author: Option<String>,
    pub(crate) created_at: Timestamp,
}
