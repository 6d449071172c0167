//! SecureScan's world: keys, scans planned on the virtual clock, the findings a completed
//! scan leaves, triage by fingerprint, notifications, webhook subscriptions and each
//! scan's event log. Nothing here knows HTTP; what the clock changes is either derived
//! when read (a scan's events) or due work that `catch_up` runs before each request (a
//! scan starting, completing and leaving its findings).

pub(crate) mod catch_up;
pub(crate) mod compliance;
pub(crate) mod events;
pub(crate) mod findings;
pub(crate) mod keys;
pub(crate) mod notifications;
pub(crate) mod sbom;
pub(crate) mod scan;
pub(crate) mod scanners;
pub(crate) mod state;
pub(crate) mod targets;
pub(crate) mod time;
pub(crate) mod tokens;
pub(crate) mod triage;
pub(crate) mod webhooks;
pub(crate) mod work;

use serde::{Deserialize, Serialize};

/// What an issued key may do; scopes are independent (a `write` key cannot read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Scope {
    Read,
    Write,
    Admin,
}

impl Scope {
    pub(crate) const ALL: [Scope; 3] = [Scope::Read, Scope::Write, Scope::Admin];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
            Scope::Admin => "admin",
        }
    }
}

/// The kinds of scan a request asks for; each scanner belongs to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ScanType {
    Code,
    Dependency,
    Iac,
    Baseline,
    Dast,
    Network,
}

impl ScanType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ScanType::Code => "code",
            ScanType::Dependency => "dependency",
            ScanType::Iac => "iac",
            ScanType::Baseline => "baseline",
            ScanType::Dast => "dast",
            ScanType::Network => "network",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<ScanType> {
        [ScanType::Code, ScanType::Dependency, ScanType::Iac, ScanType::Baseline, ScanType::Dast, ScanType::Network]
            .into_iter()
            .find(|t| t.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ScanStatus {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

impl ScanStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ScanStatus::Pending => "pending",
            ScanStatus::Running => "running",
            ScanStatus::Completed => "completed",
            ScanStatus::Failed => "failed",
            ScanStatus::Cancelled => "cancelled",
        }
    }

    pub(crate) fn is_terminal(self) -> bool {
        matches!(self, ScanStatus::Completed | ScanStatus::Failed | ScanStatus::Cancelled)
    }
}

/// A finding's severity, most severe first (the order findings are listed in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    /// The points one finding adds to the raw risk score.
    pub(crate) fn weight(self) -> f64 {
        match self {
            Severity::Critical => 15.0,
            Severity::High => 8.0,
            Severity::Medium => 3.0,
            Severity::Low => 1.0,
            Severity::Info => 0.2,
        }
    }
}
