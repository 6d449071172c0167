//! Generated pull requests: each scanned once, or again after a push (at most four scans);
//! a re-scan keeps some of what the pull request still has and drops what was fixed.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};
use rand::RngExt;

use super::builder::Builder;
use super::draws::{maybe_triage, outcome, phases, seconds};
use super::scenario_history::History;
use super::synth;
use crate::apis::dryrun::data::{code, hex, pick};
use crate::apis::dryrun::model::scan::{Outcome, PrScan, PrStatus};

struct PullRequestPlan {
    repo: usize,
    scans: Vec<Timestamp>,
    in_progress: bool,
}

/// `history.pr_scans` PR scans over `repos` (busier repositories get more), a few still
/// in progress at the scenario's start.
pub(crate) fn generate(b: &mut Builder<'_>, account: usize, history: &History, repos: &[usize]) -> Result<(), String> {
    let window = SignedDuration::from_hours(24 * i64::from(history.days));
    let window_start = b.start - window;
    let weights: Vec<u32> = repos.iter().map(|_| b.rng.random_range(1..=4)).collect();
    let total_weight: u32 = weights.iter().sum();
    let slowest = b.pr_phases.0 + SignedDuration::from_secs_f64(b.pr_phases.1.as_secs_f64() * 1.4);
    let in_progress = history.in_progress.pr_scans.min(history.pr_scans);
    let target = history.pr_scans - in_progress;

    let mut plans = Vec::new();
    let mut planned = 0;
    while planned < target {
        let mut roll = b.rng.random_range(0..total_weight);
        let mut r = 0;
        while roll >= weights[r] {
            roll -= weights[r];
            r += 1;
        }
        let latest = window - slowest - SignedDuration::from_mins(1);
        let opened = window_start + seconds(b, latest);
        let mut scans = vec![opened];
        while scans.len() < 4 && planned + scans.len() < target && b.rng.random_bool(history.rescan_rate) {
            let gap = SignedDuration::from_mins(b.rng.random_range(30..2880));
            let next = scans[scans.len() - 1] + gap;
            if next + slowest >= b.start {
                break;
            }
            scans.push(next);
        }
        planned += scans.len();
        plans.push(PullRequestPlan { repo: repos[r], scans, in_progress: false });
    }
    for _ in 0..in_progress {
        let repo = *pick(&mut b.rng, repos);
        let ago = seconds(b, b.pr_phases.0 + b.pr_phases.1);
        plans.push(PullRequestPlan { repo, scans: vec![b.start - ago], in_progress: true });
    }
    plans.sort_by_key(|p| p.scans[0]);

    let mut numbers: HashMap<usize, (u64, HashSet<u64>)> = HashMap::new();
    for scan in &b.state.pr_scans {
        numbers.entry(scan.repo).or_default().1.insert(scan.pr_number);
    }
    let policies: Vec<usize> = (0..b.state.policies.len())
        .filter(|&p| b.state.policies[p].account == account && b.state.policies[p].enabled)
        .collect();
    for plan in plans {
        let entry = numbers.entry(plan.repo).or_default();
        if entry.0 == 0 {
            entry.0 = b.rng.random_range(40..600);
        }
        while entry.1.contains(&entry.0) {
            entry.0 += 1;
        }
        let number = entry.0;
        entry.1.insert(number);
        entry.0 += b.rng.random_range(1..4);
        pull_request(b, history, plan, number, &policies)?;
    }
    Ok(())
}

fn pull_request(
    b: &mut Builder<'_>,
    history: &History,
    plan: PullRequestPlan,
    number: u64,
    policies: &[usize],
) -> Result<(), String> {
    let repo = plan.repo;
    let resource = pick(&mut b.rng, code::resources()).as_str();
    let (title, head_branch) = code::pull_request(&mut b.rng, resource);
    let author = if title.starts_with("Bump") || title.starts_with("Upgrade") {
        "dependabot[bot]"
    } else {
        pick(&mut b.rng, &code::authors()[..code::authors().len() - 1]).as_str()
    };
    let last = plan.scans[plan.scans.len() - 1];
    let pr_status = if last + SignedDuration::from_hours(72) > b.start {
        PrStatus::Open
    } else if b.rng.random_bool(0.85) {
        PrStatus::Merged
    } else {
        PrStatus::Closed
    };
    let mut open: Vec<usize> = Vec::new();
    for (i, &created) in plan.scans.iter().enumerate() {
        let phases = phases(b, b.pr_phases);
        let outcome = outcome(b, history);
        let created = if plan.in_progress {
            created.max(b.start - phases.0 - phases.1 + SignedDuration::from_secs(1))
        } else {
            created
        };
        let run = Builder::run(created, phases, outcome);
        let mut reported = Vec::new();
        if outcome == Outcome::Completed {
            // A push after review fixes about half of what the last scan found.
            reported = open.iter().copied().filter(|_| b.rng.random_bool(0.5)).collect();
            let mean = if i == 0 { history.findings_per_pr_scan } else { history.findings_per_pr_scan / 2.0 };
            let count = (b.rng.random::<f64>() * mean * 2.0).round() as usize;
            for _ in 0..count {
                let severity = synth::severity(b, &history.severity_mix);
                let policy = (!policies.is_empty() && b.rng.random_bool(history.code_policy_rate))
                    .then(|| *pick(&mut b.rng, policies));
                let f = synth::pr_finding(b, repo, severity, policy)?;
                maybe_triage(b, history, f, run.finished_at);
                reported.push(f);
            }
            open = reported.clone();
        }
        let id = b.id(None, "generated PR scan")?;
        b.state.pr_scans.push(PrScan {
            id,
            account: b.state.repositories[repo].account,
            repo,
            pr_number: number,
            pr_title: title.clone(),
            pr_status,
            author: author.to_string(),
            head_branch: head_branch.clone(),
            base_branch: b.state.repositories[repo].default_branch.clone(),
            head_sha: hex(&mut b.rng, 40),
            run,
            summary: None,
            findings: reported,
        });
    }
    Ok(())
}
