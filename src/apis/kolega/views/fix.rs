//! A fix as its operations show it: the fix with its pull requests (list, create, get,
//! refine, cancel), the progress heartbeat, the diff, and the pull requests just opened.
//! All read the fix's progress at the request's instant (`model::fix_run`).

use jiff::Timestamp;
use serde::Serialize;

use super::diff;
use crate::apis::kolega::model::fix::{Fix, PullRequest};
use crate::apis::kolega::model::fix_run::FixProgress;
use crate::apis::kolega::model::state::Organization;
use crate::apis::kolega::model::{FixStatus, Provider};

#[derive(Debug, Serialize)]
pub(crate) struct FixView<'a> {
    id: &'a str,
    repository_id: &'a str,
    finding_ids: Vec<&'a str>,
    title: &'a str,
    status: FixStatus,
    source_repo: &'a str,
    source_repo_provider: Provider,
    source_scan_branch: Option<&'a str>,
    /// Known once the agent has started.
    source_base_commit_sha: Option<String>,
    error_message: Option<String>,
    pull_requests: Vec<PullRequestView<'a>>,
    created_at: Timestamp,
    started_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
}

impl<'a> FixView<'a> {
    /// The fix as it stands at the instant `progress` was read for.
    pub(crate) fn new(org: &'a Organization, fix: &'a Fix, progress: FixProgress) -> FixView<'a> {
        FixView {
            id: &fix.id,
            repository_id: &org.repositories[fix.repo as usize].id,
            finding_ids: fix.findings.iter().map(|i| org.findings[*i as usize].id.as_str()).collect(),
            title: &fix.title,
            status: progress.status,
            source_repo: &fix.source_repo,
            source_repo_provider: fix.provider,
            source_scan_branch: fix.branch.as_deref(),
            source_base_commit_sha: progress.started_at.map(|_| fix.base_commit_sha()),
            error_message: progress.error,
            pull_requests: PullRequestView::all(fix),
            created_at: fix.created_at,
            started_at: progress.started_at,
            completed_at: progress.completed_at,
        }
    }
}

#[derive(Debug, Serialize)]
struct PullRequestView<'a> {
    repo_full_name: &'a str,
    branch_name: &'a str,
    pr_number: u64,
    pr_url: &'a str,
    /// `open`, or `merged` once the merge its fix drew has happened.
    merge_status: &'static str,
    created_at: Timestamp,
    merged_at: Option<Timestamp>,
}

impl<'a> PullRequestView<'a> {
    fn all(fix: &'a Fix) -> Vec<PullRequestView<'a>> {
        fix.pull_requests.iter().map(PullRequestView::new).collect()
    }

    fn new(pr: &'a PullRequest) -> PullRequestView<'a> {
        PullRequestView {
            repo_full_name: &pr.repo_full_name,
            branch_name: &pr.branch_name,
            pr_number: pr.number,
            pr_url: &pr.url,
            merge_status: if pr.merged_at.is_some() { "merged" } else { "open" },
            created_at: pr.created_at,
            merged_at: pr.merged_at,
        }
    }
}

/// `GET …/fixes/{fix_id}/progress`: the agent's heartbeat.
#[derive(Debug, Serialize)]
pub(crate) struct FixProgressView<'a> {
    fix_id: &'a str,
    repository_id: &'a str,
    status: FixStatus,
    started_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
    duration_seconds: Option<f64>,
    agent_steps_completed: u32,
    latest_activity_at: Option<Timestamp>,
    error_message: Option<String>,
}

impl<'a> FixProgressView<'a> {
    pub(crate) fn new(org: &'a Organization, fix: &'a Fix, progress: FixProgress) -> FixProgressView<'a> {
        FixProgressView {
            fix_id: &fix.id,
            repository_id: &org.repositories[fix.repo as usize].id,
            status: progress.status,
            started_at: progress.started_at,
            completed_at: progress.completed_at,
            duration_seconds: progress.duration_seconds,
            agent_steps_completed: progress.steps,
            latest_activity_at: progress.latest_activity_at,
            error_message: progress.error,
        }
    }
}

/// `GET …/fixes/{fix_id}/diff`: null until the agent has a change.
#[derive(Debug, Serialize)]
pub(crate) struct FixDiffView<'a> {
    fix_id: &'a str,
    status: FixStatus,
    diff: Option<String>,
}

impl<'a> FixDiffView<'a> {
    pub(crate) fn new(org: &'a Organization, fix: &'a Fix, progress: &FixProgress) -> FixDiffView<'a> {
        let has_change =
            matches!(progress.status, FixStatus::Completed | FixStatus::PrCreationFailed | FixStatus::PrUpdateFailed);
        FixDiffView {
            fix_id: &fix.id,
            status: progress.status,
            diff: has_change.then(|| diff::render(org, fix, progress.completed_runs)),
        }
    }
}

/// `POST …/pull-requests`: the pull requests the fix has now.
#[derive(Debug, Serialize)]
pub(crate) struct PullRequestsView<'a> {
    fix_id: &'a str,
    pull_requests: Vec<PullRequestView<'a>>,
}

impl<'a> PullRequestsView<'a> {
    pub(crate) fn new(fix: &'a Fix) -> PullRequestsView<'a> {
        PullRequestsView { fix_id: &fix.id, pull_requests: PullRequestView::all(fix) }
    }
}
