//! A fix: an AI agent's change for some of a repository's findings, stored as its runs'
//! plans (`fix_run` reads its state at a moment, `fix_lifecycle` moves it on) and the
//! pull requests it opened.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::ids::{hex, rng_for};
use super::vocabulary::Provider;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Fix {
    pub(crate) id: String,
    pub(crate) repo: u32,
    pub(crate) findings: Vec<u32>,
    pub(crate) title: String,
    pub(crate) source_repo: String,
    pub(crate) provider: Provider,
    pub(crate) branch: Option<String>,
    pub(crate) created_at: Timestamp,
    /// The first run, then one per refine.
    pub(crate) runs: Vec<FixRun>,
    pub(crate) pull_requests: Vec<PullRequest>,
    /// The last attempt to open or update its pull requests failed (until a retry works).
    #[serde(default)]
    pub(crate) pr_failure: Option<PrFailure>,
    /// Attempts to open its pull requests (each draws afresh).
    #[serde(default)]
    pub(crate) pr_attempts: u32,
}

/// Why the fix's status is `pr_creation_failed` or `pr_update_failed`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PrFailure {
    /// Opening (`true`) or updating (`false`) failed.
    pub(crate) creation: bool,
    /// The run it happened after (a later run clears it).
    pub(crate) run: u32,
    pub(crate) reason: String,
}

impl Fix {
    /// The commit of the source repository the agent works from (fixed per fix).
    pub(crate) fn base_commit_sha(&self) -> String {
        hex(&mut rng_for(&[self.id.as_bytes(), b"base"]), 20)
    }
}

/// One agent run: when it was asked for and how it goes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FixRun {
    pub(crate) instructions: String,
    pub(crate) requested_at: Timestamp,
    pub(crate) pending: SignedDuration,
    pub(crate) running: SignedDuration,
    pub(crate) step_every: SignedDuration,
    pub(crate) failure: Option<String>,
    pub(crate) cancelled_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PullRequest {
    pub(crate) repo_full_name: String,
    pub(crate) branch_name: String,
    pub(crate) number: u64,
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) created_at: Timestamp,
    #[serde(default)]
    pub(crate) merged_at: Option<Timestamp>,
}
