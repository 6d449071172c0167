//! Operational state: limits, the worker fleet, health and readiness.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::platform::model::cleanup::Candidate;
use crate::apis::platform::model::state::Limits;
use crate::apis::platform::model::workers::Worker;

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub(crate) struct LimitsView<'a>(pub(crate) &'a Limits);

#[derive(Debug, Serialize)]
pub(crate) struct WorkerView<'a> {
    worker_id: &'a str,
    hostname: String,
    queue: &'a str,
    version: &'static str,
    state: &'a str,
    current_job_id: Option<&'a str>,
    current_job_type: Option<&'a str>,
    jobs_completed: usize,
    started_at: Timestamp,
    last_heartbeat_at: Timestamp,
}

impl<'a> WorkerView<'a> {
    pub(crate) fn new(w: &'a Worker) -> Self {
        WorkerView {
            worker_id: w.id,
            hostname: format!("platform-worker-{}", w.id),
            queue: w.queue,
            version: VERSION,
            state: w.state,
            current_job_id: w.current_job.as_ref().map(|(id, _)| id.as_str()),
            current_job_type: w.current_job.as_ref().map(|(_, kind)| *kind),
            jobs_completed: w.jobs_completed,
            started_at: w.started_at,
            last_heartbeat_at: w.last_heartbeat_at,
        }
    }
}

/// The backend's version, as health and workers report it.
pub(crate) const VERSION: &str = "1.14.2";

#[derive(Debug, Serialize)]
pub(crate) struct HealthView {
    status: &'static str,
    version: &'static str,
    uptime_seconds: f64,
}

impl HealthView {
    pub(crate) fn new(uptime_seconds: f64) -> Self {
        HealthView { status: "ok", version: VERSION, uptime_seconds }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CheckView {
    status: &'static str,
    latency_ms: Option<f64>,
    error: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ChecksView {
    postgres: CheckView,
    s3: CheckView,
    sqs: CheckView,
}

/// The dependencies the readiness probe checks.
pub(crate) const DEPENDENCIES: [&str; 3] = ["postgres", "s3", "sqs"];

/// The probe of each dependency: `down` lists the unreachable ones.
fn checks(down: &[String]) -> ChecksView {
    let check = |name: &str, latency: f64, error: &'static str| {
        if down.iter().any(|d| d == name) {
            CheckView { status: "error", latency_ms: Some(2000.0), error: Some(error) }
        } else {
            CheckView { status: "ok", latency_ms: Some(latency), error: None }
        }
    };
    ChecksView {
        postgres: check("postgres", 1.8, "connection refused: postgres:5432"),
        s3: check("s3", 14.2, "Connect timeout on endpoint URL: \"http://minio:9000/platform-artifacts\""),
        sqs: check("sqs", 9.6, "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist"),
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct ReadyView {
    status: &'static str,
    checks: ChecksView,
}

impl ReadyView {
    pub(crate) fn new() -> Self {
        ReadyView { status: "ready", checks: checks(&[]) }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct NotReadyView<'a> {
    detail: String,
    status: &'static str,
    failing: &'a [String],
    checks: ChecksView,
}

impl<'a> NotReadyView<'a> {
    pub(crate) fn new(down: &'a [String]) -> Self {
        let detail = match down {
            [one] => format!("Dependency unavailable: {one}"),
            many => format!("Dependencies unavailable: {}", many.join(", ")),
        };
        NotReadyView { detail, status: "not_ready", failing: down, checks: checks(down) }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct CandidateView {
    target: &'static str,
    objects: u64,
    bytes: u64,
}

/// A cleanup job: `completed` for a dry run, `queued` for a real one.
#[derive(Debug, Serialize)]
pub(crate) struct CleanupJobView<'a> {
    pub(crate) id: &'a str,
    pub(crate) status: &'static str,
    pub(crate) dry_run: bool,
    pub(crate) targets: &'a [&'static str],
    pub(crate) older_than_days: i64,
    pub(crate) cutoff: Timestamp,
    pub(crate) candidates: Vec<CandidateView>,
    pub(crate) requested_by: &'a str,
    pub(crate) requested_at: Timestamp,
    pub(crate) finished_at: Option<Timestamp>,
}

impl CandidateView {
    pub(crate) fn new(c: &Candidate) -> Self {
        CandidateView { target: c.target, objects: c.objects, bytes: c.bytes }
    }
}
