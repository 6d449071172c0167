//! `pattern`s: parsed once into `regex-syntax`'s HIR (cached process-wide), matched with the
//! backtracking matcher, and sampled with `rand_regex` after taming (anchors dropped,
//! repetitions bounded, wide classes narrowed to readable characters).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use rand::{Rng, RngExt};
use regex_syntax::hir::{
    self, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
};

use super::matcher::hir_matches;
use super::shapes::{SHAPE_SAMPLES, Shape};
use super::{Generator, MAX_STRING};

/// Parsed patterns, shared by every generator of the process (a generator is typically built
/// per request). Caching never changes what is generated.
static PATTERNS: LazyLock<Mutex<PatternCache>> = LazyLock::new(Mutex::default);
/// Entries each map of [`PATTERNS`] may hold.
const PATTERN_CACHE_CAP: usize = 4096;

#[derive(Default)]
struct PatternCache {
    parsed: HashMap<String, Option<Arc<Pattern>>>,
    samplers: HashMap<(String, u32, u32), Option<Arc<rand_regex::Regex>>>,
}

/// A `pattern` parsed once (samplers for it are cached apart, per stretch).
pub(super) struct Pattern {
    pub(super) hir: Hir,
    pub(super) end_anchored: bool,
    /// Common shapes the pattern accepts, when it is narrow (see [`SHAPE_SAMPLES`]).
    pub(super) shapes: Vec<Shape>,
}

impl<'d> Generator<'d> {
    fn lock_patterns(&self) -> std::sync::MutexGuard<'static, PatternCache> {
        PATTERNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The parsed pattern, or `None` if `regex-syntax` cannot read it.
    pub(super) fn pattern(&self, pattern: &str) -> Option<Arc<Pattern>> {
        let cache = self.lock_patterns();
        if let Some(entry) = cache.parsed.get(pattern) {
            return entry.clone();
        }
        drop(cache);
        let parsed = regex_syntax::ParserBuilder::new().build().parse(pattern).ok().map(|hir| {
            let end_anchored = hir.properties().look_set_suffix().contains(Look::End);
            // Narrow patterns (ordinary words do not match) that a common shape matches.
            let specific = ["lorem", "lorem ipsum", "x"].iter().all(|probe| hir_matches(&hir, probe) == Some(false));
            let shapes = if specific {
                SHAPE_SAMPLES
                    .iter()
                    .filter(|(_, sample)| hir_matches(&hir, sample) == Some(true))
                    .map(|(s, _)| *s)
                    .collect()
            } else {
                Vec::new()
            };
            Arc::new(Pattern { hir, end_anchored, shapes })
        });
        let mut cache = self.lock_patterns();
        if cache.parsed.len() < PATTERN_CACHE_CAP {
            cache.parsed.insert(pattern.to_owned(), parsed.clone());
        }
        parsed
    }

    /// Whether `pattern` (ECMA-262 semantics: a match anywhere) matches `s`; `None` when the
    /// pattern cannot be read or the matcher gives up.
    pub(super) fn pattern_matches(&self, pattern: &str, s: &str) -> Option<bool> {
        hir_matches(&self.pattern(pattern)?.hir, s)
    }

    /// A string generated from `pattern`, each open repetition (`x+`, `x{n,}`) taking `extra`
    /// to `extra + spread` more rounds than its minimum.
    pub(super) fn sample_pattern<R: Rng + ?Sized>(
        &self,
        pattern: &str,
        extra: u32,
        spread: u32,
        rng: &mut R,
    ) -> Option<String> {
        let parsed = self.pattern(pattern)?;
        let key = (pattern.to_owned(), extra, spread);
        let sampler = {
            let mut cache = self.lock_patterns();
            match cache.samplers.get(&key) {
                Some(entry) => entry.clone(),
                None => {
                    let tamed = tame(&parsed.hir, extra, spread);
                    let bounded = tamed.properties().maximum_len().is_some_and(|n| n <= 64 * 1024);
                    let sampler = if bounded { rand_regex::Regex::with_hir(tamed, 0).ok().map(Arc::new) } else { None };
                    if cache.samplers.len() < PATTERN_CACHE_CAP {
                        cache.samplers.insert(key, sampler.clone());
                    }
                    sampler
                }
            }
        }?;
        let sampled: Result<String, _> = rng.sample(&*sampler);
        sampled.ok()
    }
}

/// A copy of `h` that `rand_regex` can sample and that samples readable text: anchors and
/// word boundaries dropped, every repetition bounded (open ones take `extra` to
/// `extra + spread` rounds beyond their minimum), and wide classes (`.`, `\S`, `[^/]`)
/// narrowed to ASCII letters and digits.
fn tame(h: &Hir, extra: u32, spread: u32) -> Hir {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(lit) => Hir::literal(lit.0.clone()),
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(tame_unicode(class))),
        HirKind::Class(Class::Bytes(class)) => Hir::class(Class::Bytes(tame_bytes(class))),
        HirKind::Repetition(rep) => {
            let cap = MAX_STRING as u32;
            let (min, max) = match rep.max {
                None => {
                    let min = rep.min.min(cap).saturating_add(extra.min(cap));
                    (min, min.saturating_add(spread))
                }
                Some(max) => {
                    let min = rep.min.min(cap);
                    (min, max.min(min.saturating_add(256)).max(min))
                }
            };
            let sub = Box::new(tame(&rep.sub, extra, spread));
            Hir::repetition(hir::Repetition { min, max: Some(max), greedy: rep.greedy, sub })
        }
        HirKind::Capture(cap) => tame(&cap.sub, extra, spread),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| tame(s, extra, spread)).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(|s| tame(s, extra, spread)).collect()),
    }
}

/// Repetitions without an upper bound (`x*`, `x+`, `x{n,}`) in `h`.
pub(super) fn count_open_repetitions(h: &Hir) -> usize {
    match h.kind() {
        HirKind::Repetition(rep) => usize::from(rep.max.is_none()) + count_open_repetitions(&rep.sub),
        HirKind::Capture(cap) => count_open_repetitions(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().map(count_open_repetitions).sum(),
        _ => 0,
    }
}

fn tame_unicode(class: &ClassUnicode) -> ClassUnicode {
    let size: u64 = class.ranges().iter().map(|r| u64::from(r.end()) - u64::from(r.start()) + 1).sum();
    let mut alnum = ClassUnicode::new([
        ClassUnicodeRange::new('0', '9'),
        ClassUnicodeRange::new('A', 'Z'),
        ClassUnicodeRange::new('a', 'z'),
    ]);
    alnum.intersect(class);
    let mut printable = ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]);
    printable.intersect(class);
    if size > 200 && !alnum.ranges().is_empty() {
        alnum
    } else if !printable.ranges().is_empty() {
        printable
    } else {
        class.clone()
    }
}

fn tame_bytes(class: &ClassBytes) -> ClassBytes {
    let size: u32 = class.ranges().iter().map(|r| u32::from(r.end()) - u32::from(r.start()) + 1).sum();
    let mut alnum = ClassBytes::new([
        ClassBytesRange::new(b'0', b'9'),
        ClassBytesRange::new(b'A', b'Z'),
        ClassBytesRange::new(b'a', b'z'),
    ]);
    alnum.intersect(class);
    let mut printable = ClassBytes::new([ClassBytesRange::new(b' ', b'~')]);
    printable.intersect(class);
    if size > 100 && !alnum.ranges().is_empty() {
        alnum
    } else if !printable.ranges().is_empty() {
        printable
    } else {
        class.clone()
    }
}
