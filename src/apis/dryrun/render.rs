//! The JSON the API shows for accounts, repositories, scans, DeepScans, configurations,
//! analyzers and policies, as of an instant (a scan's status and counts depend on it).
//! Findings are in `render_findings`.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::render_findings;
use crate::apis::dryrun::model::entity::Entity;
use crate::apis::dryrun::model::finding::FindingKind;

use crate::apis::dryrun::model::account::{Provider, Repository};
use crate::apis::dryrun::model::finding::FindingsResult;
use crate::apis::dryrun::model::settings;
use crate::apis::dryrun::model::state::DryRunState;
use crate::apis::dryrun::model::timeline::Phase;

pub(crate) fn account(state: &DryRunState, a: usize) -> Value {
    let account = &state.accounts[a];
    json!({
        "account_id": account.id,
        "org_name": account.org_name,
        "provider_type": match account.provider { Provider::Github => "github", Provider::Gitlab => "gitlab" },
        "active": account.active,
        "created_at": account.created_at,
    })
}

pub(crate) fn repository(state: &DryRunState, r: usize) -> Value {
    let repo = &state.repositories[r];
    json!({
        "id": repo.id,
        "name": repo.name,
        "full_name": repo.full_name,
        "provider_repo_id": repo.provider_repo_id,
        "default_branch": repo.default_branch,
        "private": repo.private,
        "enabled": repo.enabled,
        "configuration_id": repo.configuration_id,
        "created_at": repo.created_at,
        "updated_at": repo.updated_at,
    })
}

fn pr_url(state: &DryRunState, s: usize) -> String {
    let scan = &state.pr_scans[s];
    let repo = &state.repositories[scan.repo];
    match state.accounts[repo.account].provider {
        Provider::Github => format!("https://github.com/{}/pull/{}", repo.full_name, scan.pr_number),
        Provider::Gitlab => format!("https://gitlab.com/{}/-/merge_requests/{}", repo.full_name, scan.pr_number),
    }
}

/// A PR scan as listed (without findings).
pub(crate) fn scan(state: &DryRunState, s: usize, now: Timestamp) -> Value {
    let scan = &state.pr_scans[s];
    let phase = scan.run.phase(now);
    let counts = state.result_counts(s, now);
    json!({
        "scan_id": scan.id,
        "dashboard_url": format!("https://app.dryrun.security/pull-requests/{}", scan.id),
        "repository_id": state.repositories[scan.repo].id,
        "pr_number": scan.pr_number,
        "pr_title": scan.pr_title,
        "pr_status": scan.pr_status.as_str(),
        "pr_url": pr_url(state, s),
        "author": scan.author,
        "head_branch": scan.head_branch,
        "base_branch": scan.base_branch,
        "head_sha": scan.head_sha,
        "scan_date": scan.run.created_at,
        "status": phase.as_str(),
        "summary": (phase == Phase::Completed).then_some(&scan.summary),
        "risk_threshold": counts.threshold(phase),
        "findings_count": {
            "failing": counts.of(FindingsResult::Failing),
            "risky": counts.of(FindingsResult::Risky),
            "info": counts.of(FindingsResult::Info),
        },
    })
}

pub(crate) fn deepscan(state: &DryRunState, d: usize, now: Timestamp) -> Value {
    let scan = &state.deepscans[d];
    let phase = scan.run.phase(now);
    let done = phase == Phase::Completed;
    json!({
        "id": scan.id,
        "repository_id": state.repositories[scan.repo].id,
        "repository_name": state.repositories[scan.repo].name,
        "branch": scan.branch,
        "commit_sha": scan.commit_sha,
        "type": scan.kind.as_str(),
        "status": phase.as_str(),
        "code_findings_count": if done { scan.code.len() } else { 0 },
        "sca_findings_count": if done { scan.sca.len() } else { 0 },
        "created_at": scan.run.created_at,
        "completed_at": scan.run.finished_time(now),
    })
}

pub(crate) fn configuration(state: &DryRunState, c: usize) -> Value {
    let config = &state.configurations[c];
    let mut repos: Vec<&Repository> =
        state.repositories.iter().filter(|r| r.configuration_id.as_deref() == Some(config.id.as_str())).collect();
    repos.sort_by(|a, b| a.name.cmp(&b.name));
    json!({
        "id": config.id,
        "name": config.name,
        "configuration": settings::render(state, &config.settings),
        "repository_ids": repos.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        "created_at": config.created_at,
        "updated_at": config.updated_at,
    })
}

pub(crate) fn policy(state: &DryRunState, p: usize) -> Value {
    let policy = &state.policies[p];
    json!({
        "id": policy.id,
        "name": policy.name,
        "description": policy.description,
        "enabled": policy.enabled,
        "created_at": policy.created_at,
        "updated_at": policy.updated_at,
    })
}

pub(crate) fn analyzer(state: &DryRunState, a: usize) -> Value {
    let analyzer = &state.analyzers[a];
    json!({
        "slug": analyzer.slug,
        "name": analyzer.name,
        "description": analyzer.description,
        "category": analyzer.category,
        "enabled": analyzer.enabled,
    })
}

/// The contract component a stored thing is answered with, and its JSON as of `at`.
pub(crate) fn component(state: &DryRunState, what: Entity, at: Timestamp) -> Result<(&'static str, Value), String> {
    Ok(match what {
        Entity::Account(i) => ("Account", account(state, i)),
        Entity::Repository(i) => ("Repository", repository(state, i)),
        Entity::Policy(i) => ("CustomPolicy", policy(state, i)),
        Entity::Analyzer(i) => ("Analyzer", analyzer(state, i)),
        Entity::Configuration(i) => ("Configuration", configuration(state, i)),
        Entity::PrScan(i) => ("Scan", scan(state, i, at)),
        Entity::DeepScan(i) => ("Deepscan", deepscan(state, i, at)),
        Entity::Finding(f) => match state.findings[f].kind {
            FindingKind::Pullrequest | FindingKind::CodePolicy => {
                let scan = state.index.reported_by[f].first().copied().unwrap_or(0);
                ("PrFinding", render_findings::pr_finding(state, f, scan))
            }
            FindingKind::Deepscan => ("DeepscanFinding", render_findings::code_finding(state, f)),
            FindingKind::Sca => ("ScaFinding", render_findings::sca_finding(state, f)),
        },
    })
}
