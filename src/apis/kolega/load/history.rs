//! A repository's past, from the scenario: scan batches (planned like live ones, so the
//! finished ones produce their findings through the same catch-up), findings written out
//! one by one or generated in bulk (`findings`), and fixes (planned like live ones, then
//! bent to the outcome the scenario asks for).

use std::collections::HashMap;

use jiff::SignedDuration;

use super::builder::Loader;
use super::findings;
use super::section::{FixInput, FixOutcome, RepoInput};
use crate::apis::kolega::model::Provider;
use crate::apis::kolega::model::batch::Outcome;
use crate::apis::kolega::model::batch_plan;
use crate::apis::kolega::model::fix::Fix;
use crate::apis::kolega::model::fix_run;
use crate::apis::kolega::model::timing::scaled;

/// Repository `repo_idx` of organisation `o`'s history.
pub(crate) fn load(l: &mut Loader, o: usize, repo_idx: u32, input: &RepoInput, at: &str) -> Result<(), String> {
    for (i, scan) in input.scans.iter().enumerate() {
        let at = format!("{at}.scans[{i}]");
        let id = l.id(scan.id.as_ref(), &format!("{at}.id"))?;
        let created_at = l.ago(scan.ago.0, &format!("{at}.ago"))?;
        let repo = &l.state.orgs[o].repositories[repo_idx as usize];
        if scan.outcome == Some(Outcome::PartialFailure) && repo.sources.len() < 2 {
            return Err(format!("{at}.outcome: partial_failure needs a repository with two or more sources"));
        }
        let timing = *l.state.timing.scan(scan.scan_type);
        let batch = batch_plan::plan(id, repo_idx, repo, scan.scan_type, &timing, created_at, scan.outcome);
        l.state.add_batch(o, batch);
    }
    let mut by_id = HashMap::new();
    for (i, finding) in input.findings.iter().enumerate() {
        let at = format!("{at}.findings[{i}]");
        let id = l.id(finding.id.as_ref(), &format!("{at}.id"))?;
        let (built, status, changed_at) = findings::written(l, o, repo_idx, id.clone(), finding, &at)?;
        let idx = l.add_past_finding(o, built, status, changed_at);
        by_id.insert(id, idx);
    }
    if let Some(generated) = &input.generated_findings {
        findings::generate(l, o, repo_idx, generated, &format!("{at}.generated_findings"))?;
    }
    for (i, fix_input) in input.fixes.iter().enumerate() {
        fix(l, o, repo_idx, fix_input, &by_id, &format!("{at}.fixes[{i}]"))?;
    }
    Ok(())
}

/// A past fix: planned like a live one, then bent to the outcome the scenario asks for.
fn fix(
    l: &mut Loader,
    o: usize,
    repo_idx: u32,
    input: &FixInput,
    finding_ids: &HashMap<String, u32>,
    at: &str,
) -> Result<(), String> {
    let mut findings = Vec::new();
    for id in &input.finding_ids {
        let idx = finding_ids
            .get(id)
            .copied()
            .ok_or_else(|| format!("{at}.finding_ids: {id} is not one of this repository's findings"))?;
        findings.push(idx);
    }
    let id = l.id(input.id.as_ref(), &format!("{at}.id"))?;
    let created_at = l.ago(input.ago.0, &format!("{at}.ago"))?;
    let instructions =
        input.instructions.clone().unwrap_or_else(|| "Fix the finding and keep current behaviour.".into());
    let mut run = fix_run::plan(&id, 0, instructions, created_at, &l.state.timing.fixes);
    match input.outcome {
        Some(FixOutcome::Completed) => run.failure = None,
        Some(FixOutcome::Failed) if run.failure.is_none() => {
            run.failure = Some("Agent stopped: the test suite failed after the change".into());
        }
        Some(FixOutcome::Cancelled) => {
            let midway = fix_run::start(&run) + scaled(run.running, 0.4);
            run.cancelled_at = Some(midway.min(l.now).max(created_at));
        }
        _ => {}
    }
    let org = &l.state.orgs[o];
    let repo = &org.repositories[repo_idx as usize];
    let source = match &input.source_repo {
        Some(name) => repo.sources.iter().find(|s| &s.full_name == name),
        None => repo.sources.first(),
    };
    let fix = Fix {
        id,
        repo: repo_idx,
        findings,
        title: input.title.clone(),
        source_repo: input
            .source_repo
            .clone()
            .or_else(|| source.map(|s| s.full_name.clone()))
            .unwrap_or_else(|| repo.name.clone()),
        provider: input.provider.or_else(|| source.map(|s| s.provider)).unwrap_or(Provider::Github),
        branch: source.map(|s| s.default_branch.clone()),
        created_at,
        runs: vec![run.clone()],
        pull_requests: Vec::new(),
        pr_failure: None,
        pr_attempts: 0,
    };
    let idx = l.state.add_fix(o, fix, created_at);
    if input.pull_request {
        let opened = fix_run::end(&run) + SignedDuration::from_mins(10);
        let completes = run.failure.is_none() && run.cancelled_at.is_none();
        if !completes || opened > l.now {
            return Err(format!(
                "{at}.pull_request: the fix must complete at least 10 minutes before the clock start (it {} at {})",
                if completes { "completes" } else { "does not complete; it ends" },
                fix_run::end(&run)
            ));
        }
        l.open_pull_request_later(o, idx, opened, input.pr_merged);
    }
    Ok(())
}
