//! A fix's state at a moment, derived from its latest run's plan and the clock: `pending`
//! until an agent picks it up, `running` while the agent takes steps at a steady pace,
//! then `completed` or `failed` as planned, or `cancelled` from the moment a cancel was
//! recorded. A refine appends a run that starts at once.

use jiff::{SignedDuration, Timestamp};
use rand::RngExt;

use super::fix::{Fix, FixRun};
use super::ids::rng_for;
use super::timing::{FixTiming, jittered, scaled};
use super::vocabulary::FixStatus;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FixProgress {
    pub(crate) status: FixStatus,
    pub(crate) started_at: Option<Timestamp>,
    pub(crate) completed_at: Option<Timestamp>,
    pub(crate) duration_seconds: Option<f64>,
    pub(crate) steps: u32,
    pub(crate) latest_activity_at: Option<Timestamp>,
    pub(crate) error: Option<String>,
    /// Runs that have completed (a refined fix's diff grows with each).
    pub(crate) completed_runs: usize,
}

impl FixProgress {
    /// A fix whose current run has not started, after `completed_runs` earlier ones.
    fn pending(completed_runs: usize) -> FixProgress {
        FixProgress {
            status: FixStatus::Pending,
            started_at: None,
            completed_at: None,
            duration_seconds: None,
            steps: 0,
            latest_activity_at: None,
            error: None,
            completed_runs,
        }
    }
}

const FAILURES: &[&str] = &[
    "Agent stopped: the test suite failed after the change",
    "Agent stopped: the change did not pass the repository's linters after 3 attempts",
    "Agent stopped: could not reproduce the finding on the scanned branch",
    "Agent stopped: step limit reached before a passing change was found",
];

/// Plans run number `n` of fix `fix_id`.
pub(crate) fn plan(
    fix_id: &str,
    n: usize,
    instructions: String,
    requested_at: Timestamp,
    timing: &FixTiming,
) -> FixRun {
    let mut rng = rng_for(&[fix_id.as_bytes(), b"run", &(n as u64).to_le_bytes()]);
    let mut running = jittered(timing.running, timing.jitter, rng.random::<f64>());
    let failure =
        rng.random_bool(timing.failure_rate).then(|| FAILURES[rng.random_range(0..FAILURES.len())].to_string());
    if failure.is_some() {
        running = scaled(running, rng.random_range(0.3..0.8));
    }
    FixRun {
        instructions,
        requested_at,
        // Only a new fix waits for an agent; a refine continues in the agent's session.
        pending: if n == 0 { timing.pending } else { SignedDuration::ZERO },
        running,
        step_every: jittered(timing.step_every, 0.2, rng.random::<f64>()),
        failure,
        cancelled_at: None,
    }
}

pub(crate) fn start(run: &FixRun) -> Timestamp {
    run.requested_at + run.pending
}

pub(crate) fn end(run: &FixRun) -> Timestamp {
    start(run) + run.running
}

fn total_steps(run: &FixRun) -> u32 {
    (run.running.as_secs_f64() / run.step_every.as_secs_f64().max(0.001)).round().max(1.0) as u32
}

/// Steps taken by `t`, and when the last one was.
fn steps_at(run: &FixRun, t: Timestamp) -> (u32, Timestamp) {
    let (s, e) = (start(run), end(run));
    if t >= e {
        return (total_steps(run), e);
    }
    let taken = (t.duration_since(s).as_secs_f64() / run.step_every.as_secs_f64().max(0.001)).floor().max(0.0) as u32;
    let taken = taken.min(total_steps(run).saturating_sub(1));
    let last = s + scaled(run.step_every, f64::from(taken));
    (taken, last)
}

fn seconds(from: Timestamp, to: Timestamp) -> f64 {
    (to.duration_since(from).as_millis() as f64 / 1000.0).max(0.0)
}

pub(crate) fn at(fix: &Fix, now: Timestamp) -> FixProgress {
    let completed_before =
        |runs: &[FixRun]| runs.iter().filter(|r| r.failure.is_none() && r.cancelled_at.is_none()).count();
    let Some((run, earlier)) = fix.runs.split_last() else { return FixProgress::pending(0) };
    let (s, e) = (start(run), end(run));
    let cancelled = run.cancelled_at.filter(|c| *c <= now);
    let mut v = FixProgress::pending(completed_before(earlier));
    if let Some(c) = cancelled {
        v.status = FixStatus::Cancelled;
        v.completed_at = Some(c);
        if c >= s {
            let (steps, last) = steps_at(run, c);
            v.started_at = Some(s);
            v.duration_seconds = Some(seconds(s, c));
            v.steps = steps;
            v.latest_activity_at = Some(last.max(s));
        }
        return v;
    }
    if now < s {
        return v;
    }
    v.started_at = Some(s);
    let (steps, last) = steps_at(run, now);
    v.steps = steps;
    v.latest_activity_at = Some(last);
    if now < e {
        v.status = FixStatus::Running;
        v.duration_seconds = Some(seconds(s, now));
        return v;
    }
    v.completed_at = Some(e);
    v.duration_seconds = Some(seconds(s, e));
    match &run.failure {
        Some(reason) => {
            v.status = FixStatus::Failed;
            v.error = Some(reason.clone());
        }
        None => {
            v.status = FixStatus::Completed;
            v.completed_runs += 1;
            // Its pull requests could not be opened or updated after this run.
            if let Some(failure) = fix.pr_failure.as_ref().filter(|f| f.run as usize == earlier.len()) {
                v.status = if failure.creation { FixStatus::PrCreationFailed } else { FixStatus::PrUpdateFailed };
                v.error = Some(failure.reason.clone());
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apis::kolega::model::timing::Timing;

    #[test]
    fn a_run_goes_pending_running_completed_with_growing_steps() {
        let t0 = Timestamp::from_second(1_000_000).expect("in range");
        let timing = FixTiming { jitter: 0.0, failure_rate: 0.0, ..Timing::default().fixes };
        let run = plan("f", 0, "fix it".into(), t0, &timing);
        let fix = Fix {
            id: "f".into(),
            repo: 0,
            findings: vec![],
            title: "t".into(),
            source_repo: "acme/a".into(),
            provider: crate::apis::kolega::model::Provider::Github,
            branch: None,
            created_at: t0,
            runs: vec![run.clone()],
            pull_requests: vec![],
            pr_failure: None,
            pr_attempts: 0,
        };
        assert_eq!(at(&fix, t0).status, FixStatus::Pending);
        let mid = at(&fix, start(&run) + SignedDuration::from_secs(60));
        assert_eq!(mid.status, FixStatus::Running);
        assert!(
            mid.steps > 0 && mid.latest_activity_at.is_some_and(|l| l <= start(&run) + SignedDuration::from_secs(60))
        );
        let later = at(&fix, start(&run) + SignedDuration::from_secs(120));
        assert!(later.steps > mid.steps);
        let done = at(&fix, end(&run));
        assert_eq!((done.status, done.completed_at, done.completed_runs), (FixStatus::Completed, Some(end(&run)), 1));
        assert_eq!(done.steps, total_steps(&run));
    }
}
