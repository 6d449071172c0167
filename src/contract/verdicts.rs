//! Remembered verdicts on response bodies. Whether a body is valid against a schema is a
//! pure function of the two, so a body byte-identical to one already checked against the
//! same schema has the same problems. A mock answers the same bytes over and over (an
//! example, an unchanged list); remembering the verdict keeps "every response is
//! validated" true without paying for it again on each request.

use std::sync::Arc;

use xxhash_rust::xxh3::xxh3_128;

use crate::memo::Bounded;
use crate::spec::Schema;

/// A schema problem in a body, before it is attached to an operation and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    pub pointer: String,
    pub schema_pointer: String,
    pub message: String,
}

/// A validator (by address: validators live as long as their spec) and a body hash.
type VerdictKey = (usize, u128);

/// Verdicts by validator and body hash; bounded, and emptied when full (bodies come back).
#[derive(Debug)]
pub struct Verdicts {
    seen: Bounded<VerdictKey, Arc<[BodyProblem]>>,
}

impl Default for Verdicts {
    fn default() -> Self {
        Verdicts::new(4096)
    }
}

impl Verdicts {
    pub fn new(capacity: usize) -> Verdicts {
        Verdicts { seen: Bounded::new(capacity, usize::MAX) }
    }

    /// The problems of `bytes` against `schema`, computed by `check` only the first time.
    /// `digest`, when given, stands for the bytes (a page written from remembered
    /// fragments: `fragments::compose`), so that they need not be hashed.
    pub(crate) fn remember(
        &self,
        schema: &Schema,
        bytes: &[u8],
        digest: Option<u128>,
        check: impl FnOnce() -> Vec<BodyProblem>,
    ) -> Arc<[BodyProblem]> {
        let key = (Arc::as_ptr(&schema.validator) as usize, digest.unwrap_or_else(|| xxh3_128(bytes)));
        if let Some(found) = self.seen.get(&key) {
            return found;
        }
        // Checked outside the lock: two threads may both check a new body, which is
        // harmless, while holding the lock would serialise every miss.
        let verdict: Arc<[BodyProblem]> = check().into();
        self.seen.keep(key, verdict.clone(), 0);
        verdict
    }
}
