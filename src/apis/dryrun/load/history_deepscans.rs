//! Generated DeepScans: each branch scanned at a cadence; the first scan finds what the
//! branch starts with, each later one keeps what was not fixed and adds what is new.

use std::collections::HashMap;

use jiff::SignedDuration;
use rand::RngExt;

use super::builder::Builder;
use super::draws::{maybe_triage, outcome, phases, seconds};
use super::scenario_history::History;
use super::synth;
use crate::apis::dryrun::data::hex;
use crate::apis::dryrun::model::scan::{DeepScan, DeepScanType, Outcome, Run};

/// What one branch has open: findings and, for SCA findings, their advisory.
#[derive(Default)]
struct Branch {
    code: Vec<usize>,
    sca: Vec<(usize, usize)>,
    scanned: bool,
}

/// DeepScans of each of `repos`' default branch and `extra` branches, every `every` (with
/// up to six hours' jitter) across the history's window, the first few default branches
/// with one still running at the scenario's start.
pub(crate) fn generate(
    b: &mut Builder<'_>,
    history: &History,
    repos: &[usize],
    extra: &HashMap<usize, Vec<String>>,
    every: SignedDuration,
) -> Result<(), String> {
    let window_start = b.start - SignedDuration::from_hours(24 * i64::from(history.days));
    let slowest = b.deep_phases.0 + SignedDuration::from_secs_f64(b.deep_phases.1.as_secs_f64() * 1.4);
    for (n, &repo) in repos.iter().enumerate() {
        let default = b.state.repositories[repo].default_branch.clone();
        let mut names = vec![default.clone()];
        names.extend(extra.get(&repo).cloned().unwrap_or_default());
        for name in names {
            let is_default = name == default;
            let mut branch = Branch::default();
            let mut t = window_start + seconds(b, every);
            while t + slowest < b.start {
                let phases = phases(b, b.deep_phases);
                let outcome = outcome(b, history);
                deepscan(b, history, repo, &name, is_default, &mut branch, Builder::run(t, phases, outcome))?;
                let jitter = SignedDuration::from_mins(b.rng.random_range(0..360));
                t = t + every + jitter;
            }
            if is_default && n < history.in_progress.deepscans {
                let phases = phases(b, b.deep_phases);
                let ago = seconds(b, phases.0 + phases.1);
                let run = Builder::run(b.start - ago, phases, Outcome::Completed);
                deepscan(b, history, repo, &name, is_default, &mut branch, run)?;
            }
        }
    }
    Ok(())
}

fn deepscan(
    b: &mut Builder<'_>,
    history: &History,
    repo: usize,
    name: &str,
    is_default: bool,
    branch: &mut Branch,
    run: Run,
) -> Result<(), String> {
    let kind = if branch.scanned && b.rng.random_bool(0.3) { DeepScanType::Incremental } else { DeepScanType::Full };
    if run.outcome == Outcome::Completed {
        let (new_code, new_sca) = if branch.scanned {
            branch.code.retain(|_| !b.rng.random_bool(history.fix_rate));
            branch.sca.retain(|_| !b.rng.random_bool(history.fix_rate));
            let count = (b.rng.random::<f64>() * history.new_per_deepscan * 2.0).round() as usize;
            let code = (0..count).filter(|_| b.rng.random_bool(0.6)).count();
            (code, count - code)
        } else if is_default {
            (history.code_findings, history.sca_findings)
        } else {
            (history.code_findings / 2, history.sca_findings / 2)
        };
        for _ in 0..new_code {
            let severity = synth::severity(b, &history.severity_mix);
            let f = synth::code_finding(b, repo, severity)?;
            maybe_triage(b, history, f, run.finished_at);
            branch.code.push(f);
        }
        for _ in 0..new_sca {
            let advisories: Vec<usize> = branch.sca.iter().map(|(_, a)| *a).collect();
            if let Some((f, advisory)) = synth::sca_finding(b, repo, &advisories)? {
                maybe_triage(b, history, f, run.finished_at);
                branch.sca.push((f, advisory));
            }
        }
        branch.scanned = true;
    }
    let done = run.outcome == Outcome::Completed;
    let id = b.id(None, "generated DeepScan")?;
    b.state.deepscans.push(DeepScan {
        id,
        account: b.state.repositories[repo].account,
        repo,
        branch: Some(name.to_string()),
        commit_sha: Some(hex(&mut b.rng, 40)),
        kind,
        run,
        code: if done { branch.code.clone() } else { Vec::new() },
        sca: if done { branch.sca.iter().map(|(f, _)| *f).collect() } else { Vec::new() },
    });
    Ok(())
}
