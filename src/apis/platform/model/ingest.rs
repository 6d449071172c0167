//! Fetching a repository's source into a snapshot: `pending` → `ingesting` → `ready` (or
//! `failed` for a source the scenario marks unreachable), each step at a planned instant,
//! so the status is read off the clock. The snapshot itself is generated from what the
//! ingest recorded (stack and package name, see `source`), never stored.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::IngestStatus;
use super::rules::Stack;
use super::scan::Timing;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Ingest {
    /// When the worker picks the repository up (`pending` until then).
    pub(crate) started_at: Timestamp,
    /// When the snapshot is ready (or the ingest fails).
    pub(crate) finished_at: Timestamp,
    /// Why it fails, for an unreachable source.
    pub(crate) failure: Option<String>,
    pub(crate) stack: Stack,
    /// The package name the generated code uses.
    pub(crate) package: String,
    /// The snapshot's commit, for git sources.
    pub(crate) commit_sha: Option<String>,
}

impl Ingest {
    /// An ingest starting `pending` after `at` and taking `running` once started.
    pub(crate) fn planned(at: Timestamp, pending: SignedDuration, running: SignedDuration, stack: Stack) -> Ingest {
        Ingest {
            started_at: at + pending,
            finished_at: at + pending + running,
            failure: None,
            stack,
            package: String::new(),
            commit_sha: None,
        }
    }

    pub(crate) fn status(&self, now: Timestamp) -> IngestStatus {
        if now < self.started_at {
            IngestStatus::Pending
        } else if now < self.finished_at {
            IngestStatus::Ingesting
        } else if self.failure.is_some() {
            IngestStatus::Failed
        } else {
            IngestStatus::Ready
        }
    }

    /// The failure, once the ingest has failed.
    pub(crate) fn error(&self, now: Timestamp) -> Option<&str> {
        (self.status(now) == IngestStatus::Failed).then_some(self.failure.as_deref()).flatten()
    }
}

/// The failure message for an unreachable source.
pub(crate) fn unreachable(url: &str, git: bool) -> String {
    if git {
        format!("git clone failed: remote: Repository not found. fatal: repository '{url}' not found")
    } else {
        format!("archive download failed: {url} could not be fetched (connection refused)")
    }
}

/// The stack of a new repository: the language asked for, else the catalog's language for
/// its name (or its URL's last segment), else one drawn from the name.
pub(crate) fn stack_for(name: &str, url: Option<&str>, language: Option<&str>) -> Stack {
    use super::rules::{stack_of_language, stack_of_name};
    language
        .and_then(stack_of_language)
        .or_else(|| stack_of_name(name))
        .or_else(|| url.and_then(stack_of_name))
        .unwrap_or_else(|| {
            let n = crate::generate::fingerprint(&[name.as_bytes()]) as usize;
            Stack::ALL[n % Stack::ALL.len()]
        })
}

/// Where a new repository comes from, and when it was added.
#[derive(Debug)]
pub(crate) struct Source<'a> {
    pub(crate) name: &'a str,
    pub(crate) source_type: super::SourceType,
    pub(crate) url: Option<&'a str>,
    pub(crate) branch: Option<&'a str>,
    pub(crate) language: Option<&'a str>,
}

/// The ingest a repository added at `at` goes through, taking `t`; a source among
/// `unreachable_urls` fails.
pub(crate) fn begin(t: &Timing, unreachable_urls: &[String], source: &Source<'_>, at: Timestamp) -> Ingest {
    use super::SourceType;
    let stack = stack_for(source.name, source.url, source.language);
    let pending = SignedDuration::from_secs(i64::from(t.ingest_pending));
    let mut ingest = Ingest::planned(at, pending, SignedDuration::from_secs(i64::from(t.ingest_running)), stack);
    ingest.package = super::rules::package_name(source.name, stack);
    let url = source.url.unwrap_or_default();
    if source.source_type == SourceType::Git {
        let branch = source.branch.unwrap_or("main");
        let at = at.as_second().to_le_bytes();
        ingest.commit_sha = Some(super::ids::commit_sha(&[url.as_bytes(), branch.as_bytes(), &at]));
    }
    if !url.is_empty() && unreachable_urls.iter().any(|u| u == url) {
        ingest.failure = Some(unreachable(url, source.source_type == SourceType::Git));
    }
    ingest
}
