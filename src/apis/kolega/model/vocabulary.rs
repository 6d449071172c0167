//! The closed vocabularies of Kolega's public API, named and spelled as its own client
//! spells them (`kolega-facts.md`): scan types, batch and scan states, severities, finding
//! and fix statuses, event types, providers and key scopes. Each knows its wire name, so
//! query filters (already validated against the same enums by the contract) parse back.

use serde::{Deserialize, Serialize};

/// Declares a wire enum: serde/schemars names, `ALL` in declaration order, `as_str` and
/// `parse`. Declaration order is meaningful where a type is ranked (severities).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub(crate) enum $name {
            $(#[serde(rename = $wire)] $variant),+
        }

        // Not every enum needs every helper.
        #[allow(dead_code)]
        impl $name {
            pub(crate) const ALL: &'static [$name] = &[$($name::$variant),+];

            pub(crate) fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }

            pub(crate) fn parse(s: &str) -> Option<$name> {
                match s { $($wire => Some($name::$variant),)+ _ => None }
            }

            /// Position in `ALL` (dense, for array-backed indexes).
            pub(crate) fn rank(self) -> usize {
                self as usize
            }
        }
    };
}

wire_enum! {
    /// What a scan looks for; decides the quota counter it spends and what it finds.
    ScanType { Secrets = "secrets_scan", Semgrep = "semgrep_scan", DeepAi = "deep_ai_scan", Sbom = "sbom_scan" }
}

wire_enum! {
    /// A scan batch's state (Kolega's `ScanBatchStatus`).
    BatchStatus {
        Queued = "queued", CreatingScans = "creating_scans", Scanning = "scanning", Assessing = "assessing",
        Completed = "completed", PartialFailure = "partial_failure", Failed = "failed",
    }
}

wire_enum! {
    /// One source repository's scan within a batch.
    ScanStatus { Pending = "pending", Running = "running", Succeeded = "succeeded", Failed = "failed" }
}

wire_enum! {
    /// Finding severity, most severe first (the findings list sorts by this order).
    Severity { Critical = "critical", High = "high", Medium = "medium", Low = "low" }
}

wire_enum! {
    FindingStatus {
        Open = "open", Resolved = "resolved", Ignored = "ignored", FalsePositive = "false_positive",
        NeedsManualReview = "needs_manual_review",
    }
}

wire_enum! {
    /// An autofix run's state (Kolega's `FixStatus`).
    FixStatus {
        Pending = "pending", Running = "running", Completed = "completed", Failed = "failed",
        Cancelled = "cancelled", PrCreationFailed = "pr_creation_failed", PrUpdateFailed = "pr_update_failed",
    }
}

wire_enum! {
    /// Kolega's `FindingEventType`.
    EventType {
        Detected = "detected", ResolvedAuto = "resolved_auto", ResolvedManual = "resolved_manual",
        ResolvedPrMerged = "resolved_pr_merged", ResolvedPrLinked = "resolved_pr_linked", Reopened = "reopened",
        StatusChanged = "status_changed", FixCreated = "fix_created", FixStarted = "fix_started",
        FixCompleted = "fix_completed", FixFailed = "fix_failed", FixCancelled = "fix_cancelled",
        FixPrCreated = "fix_pr_created", FixPrUpdated = "fix_pr_updated",
    }
}

wire_enum! {
    /// Git hosting provider of a source repository.
    Provider { Github = "github", Gitlab = "gitlab", AzureDevops = "azure_devops" }
}

wire_enum! {
    /// A key's scope: `read` for GETs, `write` for POSTs and PATCHes.
    Scope { Read = "read", Write = "write" }
}

wire_enum! {
    /// The quota counters a refusal can name.
    QuotaType { Prs = "prs", SastScans = "sast_scans", DeepAiScans = "deep_ai_scans", Repositories = "repositories" }
}

impl ScanType {
    /// The counter a scan of this type spends (from Kolega's own client).
    pub(crate) fn quota(self) -> QuotaType {
        match self {
            ScanType::DeepAi => QuotaType::DeepAiScans,
            ScanType::Secrets | ScanType::Semgrep | ScanType::Sbom => QuotaType::SastScans,
        }
    }
}

impl Provider {
    /// Where a repository lives on the provider, from its `owner/name`.
    pub(crate) fn html_url(self, full_name: &str) -> String {
        match self {
            Provider::Github => format!("https://github.com/{full_name}"),
            Provider::Gitlab => format!("https://gitlab.com/{full_name}"),
            Provider::AzureDevops => {
                let (org, repo) = full_name.split_once('/').unwrap_or((full_name, full_name));
                format!("https://dev.azure.com/{org}/{repo}/_git/{repo}")
            }
        }
    }

    /// A link to one line of a file on a branch.
    pub(crate) fn blob_url(self, full_name: &str, branch: &str, path: &str, line: u32) -> String {
        let base = self.html_url(full_name);
        match self {
            Provider::Github => format!("{base}/blob/{branch}/{path}#L{line}"),
            Provider::Gitlab => format!("{base}/-/blob/{branch}/{path}#L{line}"),
            Provider::AzureDevops => format!("{base}?path=/{path}&version=GB{branch}&line={line}"),
        }
    }

    /// A pull (merge) request's page.
    pub(crate) fn pull_request_url(self, full_name: &str, number: u64) -> String {
        let base = self.html_url(full_name);
        match self {
            Provider::Github => format!("{base}/pull/{number}"),
            Provider::Gitlab => format!("{base}/-/merge_requests/{number}"),
            Provider::AzureDevops => format!("{base}/pullrequest/{number}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_and_rank_follows_declaration() {
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Severity::Critical.rank(), 0);
        assert_eq!(EventType::ALL.len(), 14);
        assert_eq!(ScanType::Sbom.quota(), QuotaType::SastScans);
        assert_eq!(
            serde_json::to_value(FixStatus::PrCreationFailed).ok(),
            Some(serde_json::json!("pr_creation_failed"))
        );
    }

    #[test]
    fn provider_urls_look_like_the_providers() {
        assert_eq!(Provider::Gitlab.pull_request_url("acme/api", 7), "https://gitlab.com/acme/api/-/merge_requests/7");
        assert_eq!(
            Provider::Github.blob_url("acme/api", "main", "src/app.py", 12),
            "https://github.com/acme/api/blob/main/src/app.py#L12"
        );
    }
}
