//! When a finding is open: one interval `[opened, closed)` per finding, from which the
//! daily digest counts what is new, resolved and open. Counting all three over the same
//! intervals makes them reconcile by construction: for any day,
//! `open(end) = open(start) + new − resolved`.
//!
//! A finding opens when it appears (its first scan completes) and closes at the first of:
//! - a later completed scan of its lineage (its pull request, or its branch) no longer
//!   reporting it (`Index::fixed_at`), which is also when `all_findings` stops listing
//!   it as in the latest scan;
//! - a triage that closes it (`false_positive`, `wont_fix`, `accepted_risk`), from when
//!   it was set. `in_progress` is work on an open finding and closes nothing.
//!
//! Triage is kept as its current state, not as a history: removing a closing triage
//! reopens the finding as if it had never been triaged, and moving it from one closing
//! category to another closes it from the newer triage's time.

use jiff::Timestamp;

use super::finding::TriageCategory;
use super::index::LineageKey;
use super::state::DryRunState;

impl TriageCategory {
    /// Whether a finding triaged so no longer needs work.
    pub(crate) fn closes(self) -> bool {
        !matches!(self, TriageCategory::InProgress)
    }
}

/// When a finding was open: from `opened` until `closed` (`Timestamp::MAX` while open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lifespan {
    pub(crate) opened: Timestamp,
    pub(crate) closed: Timestamp,
}

/// The instants `[from, to)` a digest covers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub(crate) from: Timestamp,
    pub(crate) to: Timestamp,
}

impl Span {
    fn holds(self, t: Timestamp) -> bool {
        self.from <= t && t < self.to
    }
}

impl Lifespan {
    /// It appeared during `span`.
    pub(crate) fn opened_in(self, span: Span) -> bool {
        span.holds(self.opened)
    }

    /// It was fixed or triaged away during `span`.
    pub(crate) fn closed_in(self, span: Span) -> bool {
        span.holds(self.closed)
    }

    /// It was open at the end of `span` (the last instant before `to`).
    pub(crate) fn open_after(self, span: Span) -> bool {
        self.opened < span.to && self.closed >= span.to
    }
}

impl DryRunState {
    /// Finding `f`'s interval (the index must be built).
    pub(crate) fn lifespan(&self, f: usize) -> Lifespan {
        let finding = &self.findings[f];
        let fixed = self.index.fixed_at.get(f).copied().unwrap_or(Timestamp::MAX);
        let triaged = match finding.triage {
            // A closing triage stored without its time (an imported snapshot) has always held.
            Some(category) if category.closes() => finding.triage_updated_at.unwrap_or(finding.created_at),
            _ => Timestamp::MAX,
        };
        // Triage set before the finding appeared (a clock set back) closes it as it opens.
        Lifespan { opened: finding.created_at, closed: fixed.min(triaged).max(finding.created_at) }
    }

    /// Whether finding `f` counts in the digest: PR and code-policy findings, and
    /// DeepScan and SCA findings of the repository's default branch (what `all_findings`
    /// lists without `branch`).
    pub(crate) fn in_digest(&self, f: usize) -> bool {
        // An imported snapshot may hold a finding no scan reports: it belongs to no view.
        let Some(lineage) = self.index.lineage_of.get(f).and_then(|&l| self.index.lineages.get(l)) else {
            return false;
        };
        match &lineage.key {
            LineageKey::Pr(_) => true,
            LineageKey::Branch(b) => *b == self.repositories[lineage.repo].default_branch,
        }
    }

    /// Whether DeepScan `d` scans its repository's default branch (a null branch does).
    pub(crate) fn on_default_branch(&self, d: usize) -> bool {
        let scan = &self.deepscans[d];
        scan.branch.as_deref().is_none_or(|b| b == self.repositories[scan.repo].default_branch)
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::{Lifespan, Span};

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    #[test]
    fn a_day_counts_each_finding_once_and_reconciles() {
        let d1 = Span { from: at("2026-01-10T00:00:00Z"), to: at("2026-01-11T00:00:00Z") };
        let d2 = Span { from: d1.to, to: at("2026-01-12T00:00:00Z") };
        let spans = [
            Lifespan { opened: at("2026-01-09T10:00:00Z"), closed: at("2026-01-10T12:00:00Z") },
            Lifespan { opened: at("2026-01-10T10:00:00Z"), closed: Timestamp::MAX },
            Lifespan { opened: at("2026-01-10T10:00:00Z"), closed: at("2026-01-10T10:00:00Z") },
            Lifespan { opened: at("2026-01-11T01:00:00Z"), closed: at("2026-01-11T02:00:00Z") },
        ];
        let count = |f: fn(Lifespan, Span) -> bool, span| spans.iter().filter(|l| f(**l, span)).count();
        let (before, new, resolved, after) = (
            count(Lifespan::open_after, d1),
            count(Lifespan::opened_in, d2),
            count(Lifespan::closed_in, d2),
            count(Lifespan::open_after, d2),
        );
        assert_eq!((before, new, resolved, after), (1, 1, 1, 1));
        assert_eq!(after, before + new - resolved);
        assert_eq!(count(Lifespan::opened_in, d1), 2, "one opened and closed the same instant still appeared");
    }
}
