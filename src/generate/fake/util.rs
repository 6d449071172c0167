//! Small helpers: uniform picks and ranges from the RNG, random hex and alphanumeric text,
//! slugs, character counts.

use rand::{Rng, RngExt};

pub(super) fn pick<'v, T, R: Rng + ?Sized>(rng: &mut R, items: &'v [T]) -> Option<&'v T> {
    if items.is_empty() { None } else { Some(&items[rng.random_range(0..items.len())]) }
}

pub(super) fn pick_str<R: Rng + ?Sized>(rng: &mut R, items: &[&'static str]) -> &'static str {
    pick(rng, items).copied().unwrap_or("")
}

/// A uniform integer in `lo..=hi` (`lo` when the range is empty).
pub(super) fn range_i64<R: Rng + ?Sized>(rng: &mut R, lo: i64, hi: i64) -> i64 {
    if lo >= hi { lo } else { rng.random_range(lo..=hi) }
}

/// A uniform float in `[lo, hi]` that never overflows (`lo` when the range is empty).
pub(super) fn range_f64<R: Rng + ?Sized>(rng: &mut R, lo: f64, hi: f64) -> f64 {
    if !lo.is_finite() || !hi.is_finite() || lo >= hi {
        return lo;
    }
    let u: f64 = rng.random();
    let v = lo * (1.0 - u) + hi * u;
    v.clamp(lo, hi)
}

pub(super) fn chars_len(s: &str) -> usize {
    s.chars().count()
}

pub(super) fn hex<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    (0..len).map(|_| DIGITS[rng.random_range(0..16)] as char).collect()
}

pub(super) fn alnum<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    const CHARS: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

pub(super) fn lower_alnum<R: Rng + ?Sized>(rng: &mut R, len: usize) -> String {
    const CHARS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..len).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

/// Lower-case ASCII letters, digits and `sep` only (for slugs and e-mail local parts).
pub(super) fn slug(s: &str, sep: char) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with(sep) {
            out.push(sep);
        }
    }
    while out.ends_with(sep) {
        out.pop();
    }
    if out.is_empty() { "x".to_owned() } else { out }
}
