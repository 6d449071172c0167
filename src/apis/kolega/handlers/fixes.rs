//! Fixes: creating one (its findings must be this repository's), reading it (the fix,
//! its progress heartbeat, its diff), and moving it on (refine, cancel, open pull
//! requests). Creating or refining a fix spends no quota; opening pull requests spends
//! `prs`.

use jiff::Timestamp;
use serde_json::Value;

use super::Op;
use crate::apis::kolega::errors;
use crate::apis::kolega::model::fix::Fix;
use crate::apis::kolega::model::fix_run::{self, FixProgress};
use crate::apis::kolega::model::state::Organization;
use crate::apis::kolega::model::{FixStatus, Provider, QuotaType};
use crate::apis::kolega::views::fix::{FixDiffView, FixProgressView, FixView, PullRequestsView};
use crate::apis::kolega::views::page::Page;
use crate::reply::{Answer, Refusal, Reply};

/// `GET /repositories/{id}/fixes`: newest first, optionally those touching one finding.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Answer {
    let repo = op.repository()?;
    let (skip, limit) = op.window(50);
    let now = op.call.now;
    let org = op.org_ref();
    let finding = op.call.request.query_str("finding_id").map(|id| org.finding_of(repo, id));
    let mut matching: Vec<&Fix> = org
        .fixes
        .iter()
        .rev()
        .filter(|f| f.repo == repo)
        .filter(|f| finding.is_none_or(|wanted| wanted.is_some_and(|w| f.findings.contains(&w))))
        .collect();
    matching.sort_by_key(|f| std::cmp::Reverse(f.created_at));
    Ok(Reply::json(200, Page::of(&matching, skip, limit, |f| FixView::new(org, f, fix_run::at(f, now)))))
}

/// `POST /repositories/{id}/fixes`.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Answer {
    let repo = op.repository()?;
    let mut findings = Vec::new();
    if let Some(ids) = op.call.request.body_field("finding_ids").and_then(Value::as_array) {
        for id in ids.iter().filter_map(Value::as_str) {
            let finding = op
                .org_ref()
                .finding_of(repo, id)
                .ok_or_else(|| errors::not_a_finding_of_the_repository(op.ctx(), id))?;
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        }
    }
    let (Some(title), Some(instructions), Some(source_repo)) =
        (op.body_str("title"), op.body_str("instructions"), op.body_str("source_repo"))
    else {
        return Err(errors::required(op.ctx(), &["title", "instructions", "source_repo"]));
    };
    let provider = op.body_str("source_repo_provider").and_then(Provider::parse).unwrap_or(Provider::Github);
    let sources = &op.org_ref().repositories[repo as usize].sources;
    let Some(source) = sources.iter().find(|s| s.full_name == source_repo) else {
        return Err(errors::not_a_source_of_the_repository(op.ctx(), source_repo));
    };
    let branch = op.body_str("source_scan_branch").map(str::to_string).or_else(|| Some(source.default_branch.clone()));
    let now = op.call.now;
    // A fix ends in pull requests: none may start while no `prs` remain (nothing is spent).
    op.org_mut().quota.require(QuotaType::Prs, now).map_err(errors::quota_exceeded)?;
    let id = op.call.uuid();
    let org = op.org();
    let state = &mut *op.call.state;
    let run = fix_run::plan(&id, 0, instructions.to_string(), now, &state.timing.fixes);
    let fix = Fix {
        id,
        repo,
        findings,
        title: title.to_string(),
        source_repo: source_repo.to_string(),
        provider,
        branch,
        created_at: now,
        runs: vec![run],
        pull_requests: Vec::new(),
        pr_failure: None,
        pr_attempts: 0,
    };
    let idx = state.add_fix(org, fix, now);
    fix_at(201, &state.orgs[org], idx, now)
}

/// Answers with fix `idx` as it stands at `now` (just changed by the request).
fn fix_at(status: u16, org: &Organization, idx: u32, now: Timestamp) -> Answer {
    let fix = &org.fixes[idx as usize];
    Ok(Reply::json(status, FixView::new(org, fix, fix_run::at(fix, now))))
}

/// The fix named in the path, and how it stands now.
fn fix_and_progress(op: &Op<'_, '_>) -> Result<(u32, FixProgress), Refusal> {
    let idx = op.fix()?;
    Ok((idx, fix_run::at(&op.org_ref().fixes[idx as usize], op.call.now)))
}

/// `GET /repositories/{id}/fixes/{fix_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Answer {
    let (idx, progress) = fix_and_progress(op)?;
    let org = op.org_ref();
    Ok(Reply::json(200, FixView::new(org, &org.fixes[idx as usize], progress)))
}

/// `GET /repositories/{id}/fixes/{fix_id}/progress`.
pub(crate) fn progress(op: &mut Op<'_, '_>) -> Answer {
    let (idx, progress) = fix_and_progress(op)?;
    let org = op.org_ref();
    Ok(Reply::json(200, FixProgressView::new(org, &org.fixes[idx as usize], progress)))
}

/// `GET /repositories/{id}/fixes/{fix_id}/diff`: null until the agent has a change.
pub(crate) fn get_diff(op: &mut Op<'_, '_>) -> Answer {
    let (idx, progress) = fix_and_progress(op)?;
    let org = op.org_ref();
    Ok(Reply::json(200, FixDiffView::new(org, &org.fixes[idx as usize], &progress)))
}

/// `POST …/refine`: a completed fix runs again, at once, with the new instructions.
pub(crate) fn refine(op: &mut Op<'_, '_>) -> Answer {
    let (idx, progress) = fix_and_progress(op)?;
    // A refine also retries pushing to pull requests an update failed to reach.
    if !matches!(progress.status, FixStatus::Completed | FixStatus::PrUpdateFailed) {
        return Err(errors::fix_not_refinable(progress.status));
    }
    let instructions = op.body_str("instructions").unwrap_or_default().to_string();
    let (now, org) = (op.call.now, op.org());
    let state = &mut *op.call.state;
    state.refine_fix(org, idx, instructions, now);
    fix_at(200, &state.orgs[org], idx, now)
}

/// `POST …/cancel`: stops a pending or running fix.
pub(crate) fn cancel(op: &mut Op<'_, '_>) -> Answer {
    let (idx, progress) = fix_and_progress(op)?;
    if !matches!(progress.status, FixStatus::Pending | FixStatus::Running) {
        return Err(errors::fix_not_cancellable(progress.status));
    }
    let now = op.call.now;
    let o = op.org_mut();
    o.cancel_fix(idx, now);
    fix_at(200, o, idx, now)
}

/// `POST …/pull-requests`: one pull request on the fix's source repository, once the fix
/// has completed (again after a failed attempt to open one).
pub(crate) fn open_pull_requests(op: &mut Op<'_, '_>) -> Answer {
    let (idx, progress) = fix_and_progress(op)?;
    let has_prs = !op.org_ref().fixes[idx as usize].pull_requests.is_empty();
    match progress.status {
        FixStatus::Completed if has_prs => return Err(errors::pull_requests_exist()),
        FixStatus::Completed | FixStatus::PrCreationFailed => {}
        status => return Err(errors::fix_not_completed(status)),
    }
    let now = op.call.now;
    let given = |name| op.body_str(name).map(str::to_string);
    let given = (given("title"), given("body"), given("branch_name"));
    let org = op.org();
    let state = &mut *op.call.state;
    // The quota is checked first; an attempt that fails opens nothing and spends nothing.
    state.orgs[org].quota.require(QuotaType::Prs, now).map_err(errors::quota_exceeded)?;
    if state.open_pull_request(org, idx, now, given) {
        state.orgs[org].quota.spend(QuotaType::Prs, 1, now).map_err(errors::quota_exceeded)?;
    }
    Ok(Reply::json(201, PullRequestsView::new(&state.orgs[org].fixes[idx as usize])))
}
