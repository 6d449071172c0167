//! DryRun's reading of the catalog's weaknesses (`crate::catalog::weaknesses`): the one
//! that fits a finding's severity, and the analyzer DryRun credits with finding it. A PR
//! finding's `type`/`label` is the weakness's id, its description the weakness's summary;
//! a DeepScan finding carries the full write-up.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::{analyzers, pick};
use crate::apis::dryrun::model::finding::Severity;
use crate::catalog::{Weakness, weaknesses};

/// A weakness that plausibly has `severity` (any weakness when none does).
pub(crate) fn class_for(rng: &mut ChaCha8Rng, severity: Severity) -> &'static Weakness {
    let rank = severity.rank();
    let all = weaknesses();
    let fitting: Vec<&Weakness> = all.iter().filter(|w| fits(w, rank)).collect();
    if fitting.is_empty() { pick(rng, all) } else { fitting[rng.random_range(0..fitting.len())] }
}

fn fits(weakness: &Weakness, rank: u8) -> bool {
    let range = weakness.severity;
    Severity::from(range.worst).rank() <= rank && rank <= Severity::from(range.mildest).rank()
}

/// The analyzer (its slug) DryRun credits with finding `weakness`.
pub(crate) fn analyzer(weakness: &Weakness) -> &'static str {
    analyzers::finding(&weakness.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_severity_has_a_class_and_every_class_an_analyzer() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for severity in [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Error] {
            let class = class_for(&mut rng, severity);
            assert!(fits(class, severity.rank()), "{} for {severity:?}", class.id);
        }
        let slugs: Vec<String> = analyzers::catalogue().into_iter().map(|a| a.slug).collect();
        for weakness in weaknesses() {
            assert!(slugs.iter().any(|s| s == analyzer(weakness)), "{} has no analyzer", weakness.id);
        }
    }
}
