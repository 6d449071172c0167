//! What an imported snapshot must hold beyond its types. Relations in the state are
//! positions (a scan's repository, the findings a scan reports, a key's accounts, a code
//! policy setting's policy) that handlers and the index index with, so each must point
//! at something of the right kind: a PR scan reports PR and code-policy findings, a
//! DeepScan code findings and SCA findings, and every finding is reported by some scan
//! (its lineage is the index's key to it). A finding's detail matches its kind, and
//! instants stay where arithmetic on them is safe. Errors name the field's path in the
//! snapshot (`state.pr_scans[3].findings[0]`).

use jiff::Timestamp;

use crate::apis::dryrun::model::finding::{Detail, FindingKind};
use crate::apis::dryrun::model::scan::Run;
use crate::apis::dryrun::model::state::DryRunState;
use crate::world::limits::{instant, reference};

pub(crate) fn check(state: &DryRunState) -> Result<(), String> {
    let (accounts, findings) = (state.accounts.len(), state.findings.len());
    for (a, account) in state.accounts.iter().enumerate() {
        instant(format!("state.accounts[{a}].created_at"), account.created_at)?;
    }
    for (k, key) in state.keys.iter().enumerate() {
        for (i, a) in key.accounts.iter().enumerate() {
            reference(format!("state.keys[{k}].accounts[{i}]"), *a as u64, accounts, "an account")?;
        }
    }
    for (r, repo) in state.repositories.iter().enumerate() {
        let at = format!("state.repositories[{r}]");
        reference(format!("{at}.account"), repo.account as u64, accounts, "an account")?;
        times(&at, &[("created_at", repo.created_at), ("updated_at", repo.updated_at)])?;
    }
    for (p, policy) in state.policies.iter().enumerate() {
        let at = format!("state.policies[{p}]");
        reference(format!("{at}.account"), policy.account as u64, accounts, "an account")?;
        times(&at, &[("created_at", policy.created_at), ("updated_at", policy.updated_at)])?;
    }
    for (c, config) in state.configurations.iter().enumerate() {
        let at = format!("state.configurations[{c}]");
        reference(format!("{at}.account"), config.account as u64, accounts, "an account")?;
        times(&at, &[("created_at", config.created_at), ("updated_at", config.updated_at)])?;
        for (i, setting) in config.settings.code_policies.iter().enumerate() {
            let here = format!("{at}.settings.code_policies[{i}].policy");
            reference(here, setting.policy as u64, state.policies.len(), "a custom policy")?;
        }
    }
    let mut reported = vec![false; findings];
    for (s, scan) in state.pr_scans.iter().enumerate() {
        let at = format!("state.pr_scans[{s}]");
        owner(state, &at, scan.account, scan.repo)?;
        run(&at, &scan.run)?;
        for (i, &f) in scan.findings.iter().enumerate() {
            report(state, &format!("{at}.findings[{i}]"), f, &[FindingKind::Pullrequest, FindingKind::CodePolicy])?;
            reported[f] = true;
        }
    }
    for (d, scan) in state.deepscans.iter().enumerate() {
        let at = format!("state.deepscans[{d}]");
        owner(state, &at, scan.account, scan.repo)?;
        run(&at, &scan.run)?;
        for (i, &f) in scan.code.iter().enumerate() {
            report(state, &format!("{at}.code[{i}]"), f, &[FindingKind::Deepscan])?;
            reported[f] = true;
        }
        for (i, &f) in scan.sca.iter().enumerate() {
            report(state, &format!("{at}.sca[{i}]"), f, &[FindingKind::Sca])?;
            reported[f] = true;
        }
    }
    for (f, finding) in state.findings.iter().enumerate() {
        let at = format!("state.findings[{f}]");
        owner(state, &at, finding.account, finding.repo)?;
        if !reported[f] {
            return Err(format!("{at}: no scan reports finding '{}'", finding.id));
        }
        instant(format!("{at}.created_at"), finding.created_at)?;
        if let Some(t) = finding.triage_updated_at {
            instant(format!("{at}.triage_updated_at"), t)?;
        }
        let fits = matches!(
            (&finding.detail, finding.kind),
            (Detail::Pr { .. }, FindingKind::Pullrequest | FindingKind::CodePolicy)
                | (Detail::Code { .. }, FindingKind::Deepscan)
                | (Detail::Sca(_), FindingKind::Sca)
        );
        if !fits {
            return Err(format!("{at}.detail: does not fit a finding of kind {}", finding.kind.as_str()));
        }
        if let Detail::Pr { policy: Some(p), .. } = finding.detail {
            reference(format!("{at}.detail.policy"), p as u64, state.policies.len(), "a custom policy")?;
        }
    }
    Ok(())
}

fn times(at: &str, list: &[(&str, Timestamp)]) -> Result<(), String> {
    for (name, t) in list {
        instant(format!("{at}.{name}"), *t)?;
    }
    Ok(())
}

/// A scan's or finding's repository, and its account, which must be the repository's.
fn owner(state: &DryRunState, at: &str, account: usize, repo: usize) -> Result<(), String> {
    reference(format!("{at}.repo"), repo as u64, state.repositories.len(), "a repository")?;
    let owner = state.repositories[repo].account;
    if account != owner {
        return Err(format!("{at}.account: {account} is not the account of repository {repo} ({owner})"));
    }
    Ok(())
}

fn run(at: &str, run: &Run) -> Result<(), String> {
    times(
        &format!("{at}.run"),
        &[("created_at", run.created_at), ("started_at", run.started_at), ("finished_at", run.finished_at)],
    )?;
    if !(run.created_at <= run.started_at && run.started_at <= run.finished_at) {
        return Err(format!("{at}.run: a scan is created, then started, then finished"));
    }
    Ok(())
}

/// A scan's reference to a finding, which must be of one of `kinds`.
fn report(state: &DryRunState, at: &str, f: usize, kinds: &[FindingKind]) -> Result<(), String> {
    reference(at, f as u64, state.findings.len(), "a finding")?;
    let kind = state.findings[f].kind;
    if !kinds.contains(&kind) {
        return Err(format!("{at}: finding {f} is a {} finding, which this scan cannot report", kind.as_str()));
    }
    Ok(())
}
