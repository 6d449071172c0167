//! Random draws the generated history shares: a scan's phases with some spread, an
//! instant within a span, whether a scan fails, and whether (and how) somebody triaged a
//! finding. Each draws from the builder's seeded RNG, so a seed gives the same world.

use jiff::{SignedDuration, Timestamp};
use rand::RngExt;

use super::builder::{Builder, TriageTime};
use super::scenario_history::History;
use crate::apis::dryrun::model::finding::TriageCategory;
use crate::apis::dryrun::model::scan::Outcome;

/// `(queued, running)` of one generated scan: running time varies by ±30 %.
pub(crate) fn phases(b: &mut Builder<'_>, base: (SignedDuration, SignedDuration)) -> (SignedDuration, SignedDuration) {
    let factor = b.rng.random_range(0.7..1.4);
    let running = SignedDuration::from_secs_f64((base.1.as_secs_f64() * factor).max(1.0));
    (base.0, SignedDuration::from_secs(running.as_secs()))
}

pub(crate) fn seconds(b: &mut Builder<'_>, span: SignedDuration) -> SignedDuration {
    SignedDuration::from_secs(b.rng.random_range(0..span.as_secs().max(1)))
}

/// Whether a generated scan fails (`failure_rate`) or completes.
pub(crate) fn outcome(b: &mut Builder<'_>, history: &History) -> Outcome {
    if b.rng.random_bool(history.failure_rate) { Outcome::Failed } else { Outcome::Completed }
}

/// Somebody triages a share of findings some hours or days after they appear (never
/// later than the scenario's start).
pub(crate) fn maybe_triage(b: &mut Builder<'_>, history: &History, f: usize, appears: Timestamp) {
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
