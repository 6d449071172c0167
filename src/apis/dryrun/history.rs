//! Generated activity of an account over the last N days: pull requests scanned once or
//! again after a push (a re-scan keeps some findings and drops the fixed ones), and
//! DeepScans of each branch at a cadence, each reporting what the branch still has plus
//! what is new. A few scans are still queued or running when the scenario starts, so
//! they complete (and their findings appear) as virtual time passes.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};
use rand::RngExt;

use super::build::{Builder, Check, TriageTime};
use super::data::{code, hex, pick};
use super::scenario::{History, duration};
use super::synth;
use crate::apis::dryrun::model::finding::TriageCategory;
use crate::apis::dryrun::model::scan::{DeepScan, DeepScanType, Outcome, PrScan, PrStatus, Run};

/// Generates `history` for `account` over `repos` (plus `branches` per repository).
pub(crate) fn generate(
    b: &mut Builder<'_>,
    account: usize,
    history: &History,
    repos: &[usize],
    branches: &HashMap<usize, Vec<String>>,
    at: &str,
) -> Result<(), String> {
    for (name, rate) in [
        ("rescan_rate", history.rescan_rate),
        ("code_policy_rate", history.code_policy_rate),
        ("fix_rate", history.fix_rate),
        ("triaged", history.triaged),
        ("failure_rate", history.failure_rate),
    ] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("{at}.{name}: must be between 0 and 1"));
        }
    }
    if !(1..=3650).contains(&history.days) {
        return Err(format!("{at}.days: must be between 1 and 3650"));
    }
    if !(0.0..=1000.0).contains(&history.findings_per_pr_scan) || !(0.0..=1000.0).contains(&history.new_per_deepscan) {
        return Err(format!("{at}: averages must be between 0 and 1000"));
    }
    let every = duration(&history.deepscan_every).map_err(|e| format!("{at}.deepscan_every: {e}"))?;
    if every < SignedDuration::from_hours(1) || every > SignedDuration::from_hours(24 * 365) {
        return Err(format!("{at}.deepscan_every: must be between an hour and a year"));
    }
    if repos.is_empty() {
        return Ok(());
    }
    let first_pr = b.state.pr_scans.len();
    let first_finding = b.state.findings.len();
    pull_requests(b, account, history, repos)?;
    let first_deep = b.state.deepscans.len();
    deepscans(b, history, repos, branches, every)?;
    // One of each generated thing is checked against the contract like scenario data.
    if let Some(s) = (first_pr < b.state.pr_scans.len()).then_some(first_pr) {
        b.check(format!("{at} (a generated PR scan)"), Check::PrScan(s));
    }
    if first_deep < b.state.deepscans.len() {
        b.check(format!("{at} (a generated DeepScan)"), Check::DeepScan(first_deep));
    }
    let mut kinds_checked = HashSet::new();
    for f in first_finding..b.state.findings.len() {
        if kinds_checked.insert(b.state.findings[f].kind) {
            b.check(format!("{at} (a generated finding)"), Check::Finding(f));
        }
    }
    Ok(())
}

struct PullRequestPlan {
    repo: usize,
    scans: Vec<Timestamp>,
    in_progress: bool,
}

/// `(queued, running)` of one generated scan: running time varies by ±30 %.
fn phases(b: &mut Builder<'_>, base: (SignedDuration, SignedDuration)) -> (SignedDuration, SignedDuration) {
    let factor = b.rng.random_range(0.7..1.4);
    let running = SignedDuration::from_secs_f64((base.1.as_secs_f64() * factor).max(1.0));
    (base.0, SignedDuration::from_secs(running.as_secs()))
}

fn seconds(b: &mut Builder<'_>, span: SignedDuration) -> SignedDuration {
    SignedDuration::from_secs(b.rng.random_range(0..span.as_secs().max(1)))
}

fn pull_requests(b: &mut Builder<'_>, account: usize, history: &History, repos: &[usize]) -> Result<(), String> {
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
    let resource = *pick(&mut b.rng, code::RESOURCES);
    let (title, head_branch) = code::pull_request(&mut b.rng, resource);
    let author = if title.starts_with("Bump") || title.starts_with("Upgrade") {
        "dependabot[bot]"
    } else {
        *pick(&mut b.rng, &code::AUTHORS[..code::AUTHORS.len() - 1])
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
        let outcome = if b.rng.random_bool(history.failure_rate) { Outcome::Failed } else { Outcome::Completed };
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
        let summary = synth::summary(b, &reported);
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
            summary,
            findings: reported,
        });
    }
    Ok(())
}

/// Somebody triages a share of findings some hours or days after they appear (never
/// later than the scenario's start).
fn maybe_triage(b: &mut Builder<'_>, history: &History, f: usize, appears: Timestamp) {
    if appears >= b.start || !b.rng.random_bool(history.triaged) {
        return;
    }
    let category = match b.rng.random_range(0..20) {
        0..7 => TriageCategory::FalsePositive,
        7..12 => TriageCategory::AcceptedRisk,
        12..15 => TriageCategory::WontFix,
        _ => TriageCategory::InProgress,
    };
    let delay = SignedDuration::from_mins(b.rng.random_range(20..7200)).min(b.start.duration_since(appears));
    b.triage.push((f, category, TriageTime::AfterAppearing(delay)));
}

/// What one branch has open: findings and, for SCA findings, their advisory.
#[derive(Default)]
struct Branch {
    code: Vec<usize>,
    sca: Vec<(usize, usize)>,
    scanned: bool,
}

fn deepscans(
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

fn outcome(b: &mut Builder<'_>, history: &History) -> Outcome {
    if b.rng.random_bool(history.failure_rate) { Outcome::Failed } else { Outcome::Completed }
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
