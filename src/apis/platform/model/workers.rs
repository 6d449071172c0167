//! The worker processes `GET /v1/ops/workers` reports: a fixed fleet (two scan workers,
//! one each for ingest, git uploads and legacy sessions) started with the world, whose
//! heartbeats advance with the clock (every 15 seconds) unless the scenario marks a worker
//! stale; a scan worker is busy while a scan it runs is in progress.

use jiff::{SignedDuration, Timestamp};

use super::state::PlatformState;
use super::{IngestStatus, ScanStatus};

/// Every worker id, with its queue.
pub(crate) const WORKERS: [&str; 5] = ["scans-1", "scans-2", "ingest-1", "git-uploads-1", "sessions-1"];

/// A heartbeat every this many seconds; a worker silent for 60 is stale.
const BEAT: i64 = 15;

#[derive(Debug)]
pub(crate) struct Worker {
    pub(crate) id: &'static str,
    pub(crate) queue: &'static str,
    pub(crate) state: &'static str,
    pub(crate) current_job: Option<(String, &'static str)>,
    pub(crate) jobs_completed: usize,
    pub(crate) started_at: Timestamp,
    pub(crate) last_heartbeat_at: Timestamp,
}

fn queue_of(id: &str) -> &'static str {
    match id {
        "scans-1" | "scans-2" => "scans",
        "ingest-1" => "ingest",
        "git-uploads-1" => "git_uploads",
        _ => "sessions",
    }
}

/// The fleet at `now`, most recent heartbeat first.
pub(crate) fn workers(state: &PlatformState, now: Timestamp) -> Vec<Worker> {
    let started = state.started_at.unwrap_or(now) - SignedDuration::from_hours(48);
    let mut scans: Vec<_> = state.scans.iter().collect();
    scans.sort_by_key(|s| s.created_at);
    let mut out = Vec::new();
    for (i, id) in WORKERS.iter().enumerate() {
        let queue = queue_of(id);
        let stale = state.stale_workers.iter().any(|w| w == id);
        let offset = SignedDuration::from_secs(i as i64 * 3);
        let last = if stale {
            state.started_at.unwrap_or(now) - SignedDuration::from_mins(5) - offset
        } else {
            let since = (now - started).as_secs();
            started + SignedDuration::from_secs(since - since.rem_euclid(BEAT)) - offset
        };
        let (mut current, mut completed) = (None, 0);
        match queue {
            "scans" => {
                let mine = scans.iter().enumerate().filter(|(n, _)| n % 2 == i).map(|(_, s)| s);
                for s in mine {
                    match s.status(now) {
                        ScanStatus::Completed | ScanStatus::Cancelled | ScanStatus::Failed => completed += 1,
                        ScanStatus::Running => current = Some((s.id.clone(), "scan")),
                        ScanStatus::Queued => {}
                    }
                }
            }
            "ingest" => {
                for r in &state.repositories {
                    match r.ingest.status(now) {
                        IngestStatus::Ingesting => current = Some((r.id.clone(), "ingest")),
                        IngestStatus::Ready | IngestStatus::Failed => completed += 1,
                        IngestStatus::Pending => {}
                    }
                }
            }
            _ => {}
        }
        let state_name = if stale || now - last > SignedDuration::from_secs(60) {
            current = None;
            "stale"
        } else if current.is_some() {
            "busy"
        } else {
            "idle"
        };
        out.push(Worker {
            id,
            queue,
            state: state_name,
            current_job: current,
            jobs_completed: completed,
            started_at: started,
            last_heartbeat_at: last,
        });
    }
    out.sort_by_key(|w| std::cmp::Reverse(w.last_heartbeat_at));
    out
}
