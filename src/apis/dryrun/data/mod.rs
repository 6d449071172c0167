//! The vocabulary generated DryRun data is made of, in DryRun's words: code paths, people,
//! pull-request titles, vulnerability classes with their write-ups and DryRun's
//! analyzers (DryRun-shaped: labels, analyzers, risk-register wording), and its reading
//! of what the shared catalog (`crate::catalog`) holds once for every API: repository
//! names and languages (`code`) and advisories (`sca`).

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
