//! The dashboard and provider URLs answers carry, written straight into the response as
//! it is serialised rather than built as a `String` first (`all_findings` shows one per
//! finding, fifty to a page).

use std::fmt;

use serde::{Serialize, Serializer};

use crate::apis::dryrun::model::account::Provider;

/// A finding in DryRun's risk register.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FindingLink<'a> {
    pub(crate) repository_id: &'a str,
    pub(crate) finding_id: &'a str,
}

impl fmt::Display for FindingLink<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "https://app.dryrun.security/risk-register/{}?finding={}", self.repository_id, self.finding_id)
    }
}

/// A PR scan on DryRun's dashboard.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScanLink<'a> {
    pub(crate) scan_id: &'a str,
}

impl fmt::Display for ScanLink<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "https://app.dryrun.security/pull-requests/{}", self.scan_id)
    }
}

/// A pull request (GitHub) or merge request (GitLab) on its provider.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PullRequestLink<'a> {
    pub(crate) provider: Provider,
    pub(crate) full_name: &'a str,
    pub(crate) number: u64,
}

impl fmt::Display for PullRequestLink<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.provider {
            Provider::Github => write!(f, "https://github.com/{}/pull/{}", self.full_name, self.number),
            Provider::Gitlab => write!(f, "https://gitlab.com/{}/-/merge_requests/{}", self.full_name, self.number),
        }
    }
}

macro_rules! serialize_as_text {
    ($($link:ident),*) => {$(
        impl Serialize for $link<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    )*};
}

serialize_as_text!(FindingLink, ScanLink, PullRequestLink);
