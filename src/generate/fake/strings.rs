//! Strings: the format, then a common shape for a narrow pattern, then the property-name
//! hint, then the pattern itself, then words; each candidate kept only if it satisfies every
//! string constraint.

use fake::Fake;
use rand::Rng;
use serde_json::Value;

use super::flatten::{Ctx, Flat};
use super::formats::format_accepts_hint;
use super::pattern::count_open_repetitions;
use super::util::{chars_len, lower_alnum};
use super::vocabulary as vocab;
use super::{Generator, MAX_STRING};

impl<'d> Generator<'d> {
    pub(super) fn gen_string<'a, R: Rng + ?Sized>(
        &self,
        flat: &Flat<'a>,
        name: Option<&'a str>,
        ctx: &Ctx<'a>,
        rng: &mut R,
    ) -> String {
        let min_len = flat.max_count("minLength").unwrap_or(0).min(MAX_STRING);
        let max_len = flat.min_count("maxLength");
        let patterns: Vec<&'a str> = flat.all("pattern").filter_map(Value::as_str).collect();
        let format = flat.first("format").and_then(Value::as_str);
        let fits = |s: &str| {
            let n = chars_len(s);
            n >= min_len
                && max_len.is_none_or(|m| n <= m)
                && patterns.iter().all(|p| self.pattern_matches(p, s) == Some(true))
        };

        let mut hint = name.and_then(vocab::hint_for);
        if let (Some(h), Some(name), Some(owner)) = (hint, name, ctx.owner) {
            hint = Some(vocab::refine(h, name, owner));
        }

        // 1. The format.
        if let Some(format) = format
            && let Some(s) = self.format_value(format, hint, rng)
            && fits(&s)
        {
            return s;
        }
        // 2. A common shape (a month, a naive timestamp, an amount, ...) when a narrow pattern
        //    asks for one.
        if let Some(first) = patterns.first().and_then(|p| self.pattern(p)) {
            for shape in &first.shapes {
                let candidate = self.shape_value(*shape, rng);
                if fits(&candidate) {
                    return candidate;
                }
            }
        }
        // 3. The property name, where the format allows it.
        if let Some(hint) = hint.filter(|h| format.is_none_or(|f| format_accepts_hint(f, *h))) {
            for _ in 0..3 {
                let s = self.hint_value(hint, rng);
                if fits(&s) {
                    return s;
                }
            }
        }
        // 4. The pattern.
        if !patterns.is_empty() {
            let mut last = None;
            // Stretch open repetitions (`+`, `*`, `{n,}`) so that lengths land in the bounds.
            let (extra, spread) = match self.pattern(patterns[0]) {
                Some(p) => {
                    let open = count_open_repetitions(&p.hir).max(1);
                    let base = p.hir.properties().minimum_len().unwrap_or(0);
                    let extra = min_len.saturating_sub(base).div_ceil(open);
                    let spread = max_len.map_or(8, |m| m.saturating_sub(min_len.max(base)) / open).min(8);
                    (extra.min(MAX_STRING) as u32, spread as u32)
                }
                None => (0, 8),
            };
            for attempt in 0..24u32 {
                let (extra, spread) = if attempt < 16 { (extra, spread) } else { (0, 8) };
                let Some(mut s) = self.sample_pattern(patterns[0], extra, spread, rng) else { break };
                if self.pattern(patterns[0]).is_some_and(|p| !p.end_anchored) && chars_len(&s) < 24 {
                    // An unanchored pattern (`^SPDXRef-`, `^Bearer`) reads better with something after it.
                    let separator = if s.ends_with(|c: char| c.is_ascii_alphabetic()) { " " } else { "" };
                    let tail = lower_alnum(rng, 12);
                    let longer = format!("{s}{separator}{tail}");
                    if fits(&longer) {
                        s = longer;
                    }
                }
                if !fits(&s) && chars_len(&s) < min_len && self.pattern(patterns[0]).is_some_and(|p| !p.end_anchored) {
                    let pad = lower_alnum(rng, min_len - chars_len(&s));
                    s.push_str(&pad);
                }
                if fits(&s) {
                    return s;
                }
                last = Some(s);
            }
            // Examples are authored to match; use one before giving up.
            let examples = flat.all("examples").filter_map(Value::as_array).flatten().chain(flat.all("example"));
            for example in examples {
                if let Some(s) = example.as_str()
                    && chars_len(s) >= min_len
                    && max_len.is_none_or(|m| chars_len(s) <= m)
                {
                    return s.to_owned();
                }
            }
            if let Some(s) = last {
                return s;
            }
        }
        // 5. Words, fitted to the length bounds.
        let words: Vec<String> = fake::faker::lorem::en::Words(1..4).fake_with_rng(rng);
        let mut s = words.join(" ");
        for _ in 0..4 {
            if fits(&s) {
                return s;
            }
            s = fit_length(&s, min_len, max_len, rng);
        }
        s
    }
}

/// `s` cut or padded (with lower-case letters) to `[min_len, max_len]` characters.
fn fit_length<R: Rng + ?Sized>(s: &str, min_len: usize, max_len: Option<usize>, rng: &mut R) -> String {
    let mut out: String = match max_len {
        Some(max) => s.chars().take(max).collect(),
        None => s.to_owned(),
    };
    let trimmed = out.trim_end().len();
    if chars_len(&out[..trimmed]) >= min_len.max(1) {
        out.truncate(trimmed);
    }
    let missing = min_len.saturating_sub(chars_len(&out));
    if missing > 0 {
        out.push_str(&lower_alnum(rng, missing));
    }
    out
}
