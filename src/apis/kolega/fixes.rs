//! Fixes: creating one (its findings must be this repository's), the views (fix,
//! progress heartbeat, diff), and the state changes (refine, cancel, open pull requests).
//!
//! Creating or refining a fix spends no quota; opening pull requests spends `prs`.

use serde_json::Value;

use super::errors::{FINDING_NOT_FOUND, REPOSITORY_NOT_FOUND};
use super::model::fix::Fix;
use super::model::fix_run::{self, FixProgress};
use super::model::{FixStatus, Provider, QuotaType};
use super::op::{NotFound, Op};
use super::paging;
use super::quotas;
use super::views::fix::{FixDiffView, FixProgressView, FixView, PullRequestsView};
use super::views::page::Page;
use crate::reply::Reply;

fn body_str<'r>(op: &'r Op<'_, '_>, name: &str) -> Option<&'r str> {
    op.call.request.body_field(name).and_then(Value::as_str)
}

/// `GET /repositories/{id}/fixes`: newest first, optionally those touching one finding.
pub(crate) fn list(op: &mut Op<'_, '_>) -> Reply {
    let Some(repo) = op.repository() else { return op.call.error(404, REPOSITORY_NOT_FOUND) };
    let (skip, limit) = paging::window(op.call.request, 50);
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
    Reply::json(200, Page::of(&matching, skip, limit, |f| FixView::new(org, f, fix_run::at(f, now))))
}

/// `POST /repositories/{id}/fixes`.
pub(crate) fn create(op: &mut Op<'_, '_>) -> Reply {
    let Some(repo) = op.repository() else { return op.call.error(404, REPOSITORY_NOT_FOUND) };
    let mut findings = Vec::new();
    if let Some(ids) = op.call.request.body_field("finding_ids").and_then(Value::as_array) {
        for id in ids.iter().filter_map(Value::as_str) {
            match op.org_ref().finding_of(repo, id) {
                Some(f) if !findings.contains(&f) => findings.push(f),
                Some(_) => {}
                None => {
                    return op
                        .call
                        .error(404, &format!("{FINDING_NOT_FOUND}: {id} is not a finding of this repository"));
                }
            }
        }
    }
    let (Some(title), Some(instructions), Some(source_repo)) =
        (body_str(op, "title"), body_str(op, "instructions"), body_str(op, "source_repo"))
    else {
        return op.call.error(422, "title, instructions and source_repo are required");
    };
    let (title, instructions, source_repo) = (title.to_string(), instructions.to_string(), source_repo.to_string());
    let provider = body_str(op, "source_repo_provider").and_then(Provider::parse).unwrap_or(Provider::Github);
    let branch = body_str(op, "source_scan_branch").map(str::to_string).or_else(|| {
        let r = &op.org_ref().repositories[repo as usize];
        r.sources.iter().find(|s| s.full_name == source_repo).map(|s| s.default_branch.clone())
    });
    let now = op.call.now;
    let id = op.call.uuid();
    let org = op.org();
    let state = &mut *op.call.state;
    let run = fix_run::plan(&id, 0, instructions, now, &state.timing.fixes);
    let fix = Fix {
        id,
        repo,
        findings,
        title,
        source_repo,
        provider,
        branch,
        created_at: now,
        runs: vec![run],
        pull_requests: Vec::new(),
    };
    let idx = state.add_fix(org, fix, now);
    let o = &state.orgs[org];
    let fix = &o.fixes[idx as usize];
    Reply::json(201, FixView::new(o, fix, fix_run::at(fix, now)))
}

fn fix_and_view(op: &Op<'_, '_>) -> Result<(u32, FixProgress), NotFound> {
    let idx = op.fix()?;
    Ok((idx, fix_run::at(&op.org_ref().fixes[idx as usize], op.call.now)))
}

/// `GET /repositories/{id}/fixes/{fix_id}`.
pub(crate) fn get(op: &mut Op<'_, '_>) -> Reply {
    match fix_and_view(op) {
        Ok((idx, v)) => Reply::json(200, FixView::new(op.org_ref(), &op.org_ref().fixes[idx as usize], v)),
        Err(missing) => op.not_found(missing),
    }
}

/// `GET /repositories/{id}/fixes/{fix_id}/progress`.
pub(crate) fn progress(op: &mut Op<'_, '_>) -> Reply {
    let (idx, v) = match fix_and_view(op) {
        Ok(found) => found,
        Err(missing) => return op.not_found(missing),
    };
    let org = op.org_ref();
    let fix = &org.fixes[idx as usize];
    Reply::json(200, FixProgressView::new(org, fix, v))
}

/// `GET /repositories/{id}/fixes/{fix_id}/diff`: null until the agent has a change.
pub(crate) fn get_diff(op: &mut Op<'_, '_>) -> Reply {
    let (idx, v) = match fix_and_view(op) {
        Ok(found) => found,
        Err(missing) => return op.not_found(missing),
    };
    let org = op.org_ref();
    let fix = &org.fixes[idx as usize];
    Reply::json(200, FixDiffView::new(org, fix, &v))
}

/// `POST …/refine`: a completed fix runs again, at once, with the new instructions.
pub(crate) fn refine(op: &mut Op<'_, '_>) -> Reply {
    let (idx, v) = match fix_and_view(op) {
        Ok(found) => found,
        Err(missing) => return op.not_found(missing),
    };
    if v.status != FixStatus::Completed {
        let message = format!("Fix can only be refined when completed (current status: {})", v.status.as_str());
        return op.call.error(409, &message);
    }
    let instructions = body_str(op, "instructions").unwrap_or_default().to_string();
    let now = op.call.now;
    let org = op.org();
    let state = &mut *op.call.state;
    state.refine_fix(org, idx, instructions, now);
    let o = &state.orgs[org];
    let fix = &o.fixes[idx as usize];
    Reply::json(200, FixView::new(o, fix, fix_run::at(fix, now)))
}

/// `POST …/cancel`: stops a pending or running fix.
pub(crate) fn cancel(op: &mut Op<'_, '_>) -> Reply {
    let (idx, v) = match fix_and_view(op) {
        Ok(found) => found,
        Err(missing) => return op.not_found(missing),
    };
    if !matches!(v.status, FixStatus::Pending | FixStatus::Running) {
        let message = format!("Only pending or running fixes can be cancelled (current status: {})", v.status.as_str());
        return op.call.error(409, &message);
    }
    let now = op.call.now;
    let o = op.org_mut();
    o.cancel_fix(idx, now);
    let fix = &o.fixes[idx as usize];
    Reply::json(200, FixView::new(o, fix, fix_run::at(fix, now)))
}

/// `POST …/pull-requests`: one pull request on the fix's source repository.
pub(crate) fn open_pull_requests(op: &mut Op<'_, '_>) -> Reply {
    let (idx, v) = match fix_and_view(op) {
        Ok(found) => found,
        Err(missing) => return op.not_found(missing),
    };
    let has_prs = !op.org_ref().fixes[idx as usize].pull_requests.is_empty();
    let allowed = (v.status == FixStatus::Completed && !has_prs) || v.status == FixStatus::PrCreationFailed;
    if !allowed {
        let message = if v.status == FixStatus::Completed {
            "Pull requests already exist for this fix".to_string()
        } else {
            format!("Fix is not completed (current status: {})", v.status.as_str())
        };
        return op.call.error(409, &message);
    }
    let now = op.call.now;
    let (title, body, branch) = (body_str(op, "title"), body_str(op, "body"), body_str(op, "branch_name"));
    let (title, body, branch) = (title.map(str::to_string), body.map(str::to_string), branch.map(str::to_string));
    let o = op.org_mut();
    if let Err(refusal) = o.quota.spend(QuotaType::Prs, 1, now) {
        return quotas::refused(refusal);
    }
    o.attach_pull_request(idx, now, title, body, branch);
    let fix = &o.fixes[idx as usize];
    Reply::json(201, PullRequestsView::new(fix))
}
