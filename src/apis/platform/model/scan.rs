//! Scans: planned when started, then read off the clock. A scan waits `queued`, prepares
//! (selects files), runs each analyzer in turn, reports, and is `completed`; cancelling
//! freezes it where it stood. An analyzer the scenario marks broken for the repository
//! (`failing_analyzers`) fails the scan halfway through that analyzer. Progress is a pure function of the plan and the instant, so
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
    /// Where it fails, planned when it started.
    #[serde(default)]
    pub(crate) failure: Option<Failure>,
}

/// An analyzer the scenario marks broken: on the repositories named (every repository when
/// none is), it crashes with `error`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BrokenAnalyzer {
    pub(crate) analyzer: Analyzer,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub(crate) repositories: Vec<String>,
    #[schemars(length(min = 1, max = 1000))]
    pub(crate) error: String,
}

impl BrokenAnalyzer {
    /// Where a scan running `analyzers` on `repository` fails, if it does: the first broken
    /// analyzer it runs.
    pub(crate) fn plan(broken: &[BrokenAnalyzer], repository: &str, analyzers: &[Analyzer]) -> Option<Failure> {
        analyzers.iter().enumerate().find_map(|(i, a)| {
            broken
                .iter()
                .find(|b| {
                    b.analyzer == *a && (b.repositories.is_empty() || b.repositories.iter().any(|r| r == repository))
                })
                .map(|b| Failure { analyzer: i, error: b.error.clone() })
        })
    }
}

/// An analyzer that crashes: its index in the scan's analyzers, and the error it leaves.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Failure {
    pub(crate) analyzer: usize,
    pub(crate) error: String,
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

    /// When its broken analyzer fails it (halfway through that analyzer), unless it was
    /// cancelled first.
    pub(crate) fn fails_at(&self) -> Option<Timestamp> {
        let f = self.failure.as_ref()?;
        let at = self.analyzer_at(f.analyzer) + secs(self.timing.per_analyzer) / 2;
        self.cancelled_at.is_none_or(|c| c > at).then_some(at)
    }

    /// Why it failed, once it has.
    pub(crate) fn error(&self, now: Timestamp) -> Option<&str> {
        let failed = self.fails_at().is_some_and(|at| at <= now);
        self.failure.as_ref().filter(|_| failed).map(|f| f.error.as_str())
    }

    /// When it failed, or else when it was cancelled, by `now` and before it would have
    /// completed: (failed, cancelled), at most one of them set.
    pub(crate) fn cut_short(&self, now: Timestamp) -> (Option<Timestamp>, Option<Timestamp>) {
        let end = self.completes_at();
        let failed = self.fails_at().filter(|f| *f <= now && *f < end);
        let cancelled = self.cancelled_at.filter(|c| failed.is_none() && *c <= now && *c < end);
        (failed, cancelled)
    }

    pub(crate) fn progress(&self, now: Timestamp) -> Progress {
        let end = self.completes_at();
        let (failed, cancelled) = self.cut_short(now);
        let t = failed.or(cancelled).unwrap_or(now).min(end);
        let (start, prepared, reporting) = (self.started_at(), self.prepared_at(), self.reporting_at());
        let status = match () {
            _ if failed.is_some() => ScanStatus::Failed,
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
                ScanStatus::Failed => failed,
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
            failure: None,
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

    #[test]
    fn a_broken_analyzer_fails_the_scan_halfway_through_it_and_it_stays_failed() {
        let mut s = scan();
        s.failure = Some(Failure { analyzer: 1, error: "boom".into() });
        let at = s.fails_at().expect("fails");
        assert_eq!(at, s.analyzer_at(1) + SignedDuration::from_secs(10));
        assert_eq!(s.status(at - SignedDuration::from_secs(1)), ScanStatus::Running);
        assert_eq!(s.error(at - SignedDuration::from_secs(1)), None);
        let later = s.progress(at + SignedDuration::from_secs(86_400));
        assert_eq!(
            (later.status, later.finished_at, later.percent),
            (ScanStatus::Failed, Some(at), s.progress(at).percent)
        );
        assert_eq!(s.error(at), Some("boom"));
        s.cancelled_at = Some(at - SignedDuration::from_secs(1));
        assert_eq!(s.status(at), ScanStatus::Cancelled, "a scan cancelled first never fails");
    }
}
