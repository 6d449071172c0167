//! The platform's state and every rule that moves it. Nothing time changes is stored: an
//! ingest's status, a scan's phase and progress, its events are derived from what was
//! planned and the clock when read; what must happen once (a completed scan's findings)
//! is due work `catch_up` runs before every request acts.

pub(crate) mod artifacts;
pub(crate) mod billing;
pub(crate) mod catch_up;
pub(crate) mod cleanup;
pub(crate) mod detect;
pub(crate) mod finding;
pub(crate) mod git_upload;
pub(crate) mod ids;
pub(crate) mod ingest;
pub(crate) mod legacy;
pub(crate) mod login;
pub(crate) mod rollup;
pub(crate) mod rules;
pub(crate) mod scan;
pub(crate) mod scan_events;
pub(crate) mod scan_start;
pub(crate) mod session;
pub(crate) mod source;
pub(crate) mod state;
pub(crate) mod token;
pub(crate) mod work;
pub(crate) mod workers;

use serde::{Deserialize, Serialize};

/// Group membership: `users` (everyone) grants read and write, `ops` adds ops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Group {
    Users,
    Ops,
}

/// A permission a credential carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Scope {
    Read,
    Write,
    Ops,
}

impl Scope {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Ops => "ops",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Scope> {
        match s {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            "ops" => Some(Scope::Ops),
            _ => None,
        }
    }
}

/// The scopes the groups grant, in order.
pub(crate) fn scopes_of(groups: &[Group]) -> Vec<Scope> {
    let mut scopes = vec![Scope::Read, Scope::Write];
    if groups.contains(&Group::Ops) {
        scopes.push(Scope::Ops);
    }
    scopes
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub(crate) fn parse(s: &str) -> Option<Severity> {
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    /// Its index in per-severity counts (`SeverityCounts` order, critical first).
    pub(crate) fn slot(self) -> usize {
        self as usize
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ScanStatus {
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl ScanStatus {
    pub(crate) fn parse(s: &str) -> Option<ScanStatus> {
        use ScanStatus::*;
        [Queued, Running, Completed, Failed, Cancelled].into_iter().find(|v| v.as_str() == s)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ScanStatus::Queued => "queued",
            ScanStatus::Running => "running",
            ScanStatus::Completed => "completed",
            ScanStatus::Failed => "failed",
            ScanStatus::Cancelled => "cancelled",
        }
    }

    /// Queued or running: a scan still in progress.
    pub(crate) fn in_progress(self) -> bool {
        matches!(self, ScanStatus::Queued | ScanStatus::Running)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Analyzer {
    Sast,
    Secrets,
    Sca,
    Iac,
    AiReview,
}

impl Analyzer {
    pub(crate) fn parse(s: &str) -> Option<Analyzer> {
        use Analyzer::*;
        [Sast, Secrets, Sca, Iac, AiReview].into_iter().find(|v| v.as_str() == s)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Analyzer::Sast => "sast",
            Analyzer::Secrets => "secrets",
            Analyzer::Sca => "sca",
            Analyzer::Iac => "iac",
            Analyzer::AiReview => "ai_review",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Depth {
    Quick,
    Standard,
    Deep,
}

impl Depth {
    pub(crate) fn parse(s: &str) -> Option<Depth> {
        [Depth::Quick, Depth::Standard, Depth::Deep].into_iter().find(|d| d.as_str() == s)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Depth::Quick => "quick",
            Depth::Standard => "standard",
            Depth::Deep => "deep",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FindingStatus {
    Open,
    Confirmed,
    Dismissed,
}

impl FindingStatus {
    pub(crate) fn parse(s: &str) -> Option<FindingStatus> {
        use FindingStatus::*;
        [Open, Confirmed, Dismissed].into_iter().find(|v| v.as_str() == s)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Confirmed => "confirmed",
            FindingStatus::Dismissed => "dismissed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SourceType {
    Git,
    Url,
    Upload,
    GitUpload,
}

impl SourceType {
    pub(crate) fn parse(s: &str) -> Option<SourceType> {
        use SourceType::*;
        [Git, Url, Upload, GitUpload].into_iter().find(|v| v.as_str() == s)
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SourceType::Git => "git",
            SourceType::Url => "url",
            SourceType::Upload => "upload",
            SourceType::GitUpload => "git_upload",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum IngestStatus {
    Pending,
    Ingesting,
    Ready,
    Failed,
}

impl IngestStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            IngestStatus::Pending => "pending",
            IngestStatus::Ingesting => "ingesting",
            IngestStatus::Ready => "ready",
            IngestStatus::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Phase {
    Queued,
    Preparing,
    Analyzing,
    Reporting,
    Done,
}
