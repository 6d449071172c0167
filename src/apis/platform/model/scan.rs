//! Scans: planned when started, then read off the clock. A scan waits `queued`, prepares
//! (selects files), runs each analyzer in turn, reports, and is `completed`; cancelling
//! freezes it where it stood. Progress is a pure function of the plan and the instant, so
//! it only ever grows.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::{Analyzer, Depth, Phase, ScanStatus};

/// How long each step takes, in seconds (a scenario may change them).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct Timing {
    /// A new repository waits this long for an ingest worker.
    #[schemars(range(min = 0, max = 86_400))]
    pub(crate) ingest_pending: u32,
    /// Fetching the source once a worker has it.
    #[schemars(range(min = 0, max = 86_400))]
    pub(crate) ingest_running: u32,
    #[schemars(range(min = 0, max = 86_400))]
    pub(crate) queued: u32,
    #[schemars(range(min = 1, max = 86_400))]
    pub(crate) preparing: u32,
    /// Each analyzer.
    #[schemars(range(min = 1, max = 86_400))]
    pub(crate) per_analyzer: u32,
    #[schemars(range(min = 1, max = 86_400))]
    pub(crate) reporting: u32,
    /// The client's `git push` reaches a git upload this long after the upload is created
    /// (null: nobody pushes, and uploads expire).
    #[schemars(range(min = 0, max = 86_400))]
    pub(crate) git_push: Option<u32>,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            ingest_pending: 2,
            ingest_running: 8,
            queued: 5,
            preparing: 15,
            per_analyzer: 20,
            reporting: 10,
            git_push: Some(30),
        }
    }
}

fn secs(s: u32) -> SignedDuration {
    SignedDuration::from_secs(i64::from(s))
}

/// The default analyzers at a depth: `ai_review` only runs deep.
pub(crate) fn default_analyzers(depth: Depth) -> Vec<Analyzer> {
    let mut all = vec![Analyzer::Sast, Analyzer::Secrets, Analyzer::Sca, Analyzer::Iac];
    if depth == Depth::Deep {
        all.push(Analyzer::AiReview);
    }
    all
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Scan {
    pub(crate) id: String,
    pub(crate) repo_id: String,
    pub(crate) project_id: String,
    pub(crate) triggered_by: String,
    pub(crate) analyzers: Vec<Analyzer>,
    pub(crate) depth: Depth,
    pub(crate) include: Vec<String>,
    pub(crate) exclude: Vec<String>,
    pub(crate) commit_sha: Option<String>,
    /// Files the include/exclude globs select.
    pub(crate) files_total: u32,
    pub(crate) created_at: Timestamp,
    pub(crate) timing: Timing,
    pub(crate) cancelled_at: Option<Timestamp>,
    /// Whether its findings exist yet (catch-up creates them once it has completed).
    pub(crate) reported: bool,
    /// Whether a cleanup deleted its artifacts.
    #[serde(default)]
    pub(crate) artifacts_purged: bool,
}

/// Where a scan stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Progress {
    pub(crate) status: ScanStatus,
    pub(crate) phase: Phase,
    pub(crate) percent: u8,
    pub(crate) current_analyzer: Option<Analyzer>,
    pub(crate) files_total: Option<u32>,
    pub(crate) files_scanned: Option<u32>,
    pub(crate) started_at: Option<Timestamp>,
    pub(crate) finished_at: Option<Timestamp>,
}

/// `part / whole` of `span` percent points, rounded down.
fn share(part: SignedDuration, whole: SignedDuration, span: f64) -> f64 {
    if whole.is_zero() { span } else { span * (part.as_secs_f64() / whole.as_secs_f64()).clamp(0.0, 1.0) }
}

impl Scan {
    pub(crate) fn started_at(&self) -> Timestamp {
        self.created_at + secs(self.timing.queued)
    }

    fn prepared_at(&self) -> Timestamp {
        self.started_at() + secs(self.timing.preparing)
    }

    fn analyzing(&self) -> SignedDuration {
        secs(self.timing.per_analyzer) * i32::try_from(self.analyzers.len()).unwrap_or(i32::MAX)
    }

    /// When analyzer `i` starts.
    pub(crate) fn analyzer_at(&self, i: usize) -> Timestamp {
        self.prepared_at() + secs(self.timing.per_analyzer) * i32::try_from(i).unwrap_or(i32::MAX)
    }

    pub(crate) fn reporting_at(&self) -> Timestamp {
        self.prepared_at() + self.analyzing()
    }

    /// When it completes, unless cancelled first.
    pub(crate) fn completes_at(&self) -> Timestamp {
        self.reporting_at() + secs(self.timing.reporting)
    }

    pub(crate) fn status(&self, now: Timestamp) -> ScanStatus {
        self.progress(now).status
    }

    pub(crate) fn progress(&self, now: Timestamp) -> Progress {
        let end = self.completes_at();
        let cancelled = self.cancelled_at.filter(|c| *c <= now && *c < end);
        let t = cancelled.unwrap_or(now).min(end);
        let (start, prepared, reporting) = (self.started_at(), self.prepared_at(), self.reporting_at());
        let status = match () {
            _ if cancelled.is_some() => ScanStatus::Cancelled,
            _ if t < start => ScanStatus::Queued,
            _ if t < end => ScanStatus::Running,
            _ => ScanStatus::Completed,
        };
        let files = (t >= prepared).then_some(self.files_total);
        let (phase, percent, analyzer, scanned) = if t < start {
            (Phase::Queued, 0.0, None, None)
        } else if t < prepared {
            (Phase::Preparing, share(t - start, prepared - start, 10.0), None, None)
        } else if t < reporting {
            let done = t - prepared;
            let i = (done.as_secs() / i64::from(self.timing.per_analyzer.max(1))) as usize;
            let part = share(done, self.analyzing(), 1.0);
            let scanned = (f64::from(self.files_total) * part) as u32;
            (Phase::Analyzing, 10.0 + 80.0 * part, self.analyzers.get(i).copied(), Some(scanned))
        } else if t < end {
            (Phase::Reporting, 90.0 + share(t - reporting, end - reporting, 9.0), None, files)
        } else {
            (Phase::Done, 100.0, None, files)
        };
        Progress {
            status,
            phase,
            percent: percent as u8,
            current_analyzer: analyzer,
            files_total: files,
            files_scanned: scanned,
            started_at: (t >= start).then_some(start),
            finished_at: match status {
                ScanStatus::Cancelled => cancelled,
                ScanStatus::Completed => Some(end),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan() -> Scan {
        Scan {
            id: "s".into(),
            repo_id: "r".into(),
            project_id: "p".into(),
            triggered_by: "u".into(),
            analyzers: vec![Analyzer::Sast, Analyzer::Secrets],
            depth: Depth::Standard,
            include: vec![],
            exclude: vec![],
            commit_sha: None,
            files_total: 10,
            created_at: Timestamp::UNIX_EPOCH,
            timing: Timing::default(),
            cancelled_at: None,
            reported: false,
            artifacts_purged: false,
        }
    }

    #[test]
    fn progress_only_grows_and_ends_completed() {
        let s = scan();
        let mut last = 0;
        for second in 0..120 {
            let p = s.progress(Timestamp::UNIX_EPOCH + SignedDuration::from_secs(second));
            assert!(p.percent >= last, "at {second}s");
            last = p.percent;
        }
        let end = s.progress(s.completes_at());
        assert_eq!((end.status, end.phase, end.percent), (ScanStatus::Completed, Phase::Done, 100));
    }

    #[test]
    fn a_cancelled_scan_stays_where_it_stood() {
        let mut s = scan();
        let at = Timestamp::UNIX_EPOCH + SignedDuration::from_secs(30);
        s.cancelled_at = Some(at);
        let later = s.progress(at + SignedDuration::from_secs(3600));
        assert_eq!(later.status, ScanStatus::Cancelled);
        assert_eq!(later.percent, s.progress(at).percent);
        assert_eq!(later.finished_at, Some(at));
    }
}
