//! Where a scan is in its life at a given instant. Nothing is pushed by timers: a scan's
//! status, its `completed_at` and whether its findings can be seen all follow from its
//! timestamps and the virtual clock when a request reads them, so jumping the clock by an
//! hour gives exactly what an hour of waiting would.

use jiff::Timestamp;

use super::scan::{Outcome, Run};

/// A whole second: what the API shows and stamps (the real clock has nanoseconds).
pub(crate) fn second(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).unwrap_or(t)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Requested later than now: not visible yet.
    Future,
    Queued,
    Running,
    Completed,
    Failed,
}

impl Phase {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Phase::Future | Phase::Queued => "queued",
            Phase::Running => "running",
            Phase::Completed => "completed",
            Phase::Failed => "failed",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Phase> {
        match s {
            "queued" => Some(Phase::Queued),
            "running" => Some(Phase::Running),
            "completed" => Some(Phase::Completed),
            "failed" => Some(Phase::Failed),
            _ => None,
        }
    }
}

impl Run {
    pub(crate) fn phase(&self, now: Timestamp) -> Phase {
        if now < self.created_at {
            Phase::Future
        } else if now < self.started_at {
            Phase::Queued
        } else if now < self.finished_at {
            Phase::Running
        } else if self.outcome == Outcome::Failed {
            Phase::Failed
        } else {
            Phase::Completed
        }
    }

    /// Whether the scan exists yet (it may still be queued).
    pub(crate) fn visible(&self, now: Timestamp) -> bool {
        self.created_at <= now
    }

    /// Whether the scan had completed successfully by `at`: its findings exist from then.
    pub(crate) fn completed_by(&self, at: Timestamp) -> bool {
        self.outcome == Outcome::Completed && self.finished_at <= at
    }

    /// `completed_at` as the API shows it: set once the scan completed or failed.
    pub(crate) fn finished_time(&self, now: Timestamp) -> Option<Timestamp> {
        (self.finished_at <= now).then_some(self.finished_at)
    }
}

#[cfg(test)]
mod tests {
    use jiff::{SignedDuration, Timestamp};

    use crate::apis::dryrun::model::scan::{Outcome, Run};
    use crate::apis::dryrun::model::timeline::Phase;

    #[test]
    fn a_run_moves_through_its_phases_at_its_own_instants() {
        let t0: Timestamp = "2026-01-15T09:00:00Z".parse().expect("timestamp");
        let run = Run {
            created_at: t0,
            started_at: t0 + SignedDuration::from_secs(30),
            finished_at: t0 + SignedDuration::from_secs(300),
            outcome: Outcome::Completed,
        };
        let at = |s: i64| t0 + SignedDuration::from_secs(s);
        assert_eq!(run.phase(at(-1)), Phase::Future);
        assert_eq!(run.phase(at(0)), Phase::Queued);
        assert_eq!(run.phase(at(29)), Phase::Queued);
        assert_eq!(run.phase(at(30)), Phase::Running);
        assert_eq!(run.phase(at(299)), Phase::Running);
        assert_eq!(run.phase(at(300)), Phase::Completed);
        assert!(!run.completed_by(at(299)) && run.completed_by(at(300)));
        assert_eq!(run.finished_time(at(299)), None);
        let failed = Run { outcome: Outcome::Failed, ..run };
        assert_eq!(failed.phase(at(300)), Phase::Failed);
        assert!(!failed.completed_by(at(900)));
    }
}
