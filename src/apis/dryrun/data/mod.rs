//! The vocabulary generated DryRun data is made of: repository names and languages, code
//! paths, people, pull-request titles, vulnerability classes with their write-ups, real
//! SCA advisories and DryRun's analyzers. Kept here, next to the behaviour, because it
//! is DryRun-shaped (labels, analyzers, risk-register wording).

pub(crate) mod analyzers;
pub(crate) mod code;
pub(crate) mod sca;
pub(crate) mod vulns;

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

/// One item of `items`, uniformly.
pub(crate) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// `len` lowercase hex digits (commit SHAs).
pub(crate) fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdef";
    (0..len).map(|_| DIGITS[rng.random_range(0..16)] as char).collect()
}
