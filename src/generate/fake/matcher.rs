//! A small backtracking matcher over `regex-syntax`'s HIR, with ECMA-262 "match anywhere"
//! semantics, bounded in input length, steps and nesting so that it gives up rather than
//! hang or overflow the stack.

use regex_syntax::hir::{self, Class, Hir, HirKind, Look};

/// Largest string the pattern matcher looks at.
const MATCH_MAX_CHARS: usize = 1024;
/// Nesting of the pattern matcher (roughly three frames per level) before it gives up.
const MATCH_MAX_DEPTH: usize = 1500;
/// Steps the pattern matcher may take before giving up.
const MATCH_BUDGET: usize = 200_000;

/// Whether `h` (ECMA-262 semantics: a match anywhere) matches `s`; `None` when the matcher
/// gives up.
pub(super) fn hir_matches(h: &Hir, s: &str) -> Option<bool> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() > MATCH_MAX_CHARS {
        return None;
    }
    let mut budget = MATCH_BUDGET;
    for start in 0..=chars.len() {
        if match_hir(h, &chars, start, &mut budget, &mut |_, _| true) {
            return Some(true);
        }
        if budget == 0 {
            return None;
        }
    }
    Some(false)
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Backtracking match of `h` at `chars[i..]`, calling `k` with each end position until it
/// returns true. `budget` bounds the work; at zero every branch fails.
fn match_hir(
    h: &Hir,
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    // Continuations nest on the stack: bound the nesting (and so the stack) as well.
    let depth = MATCH_DEPTH.with(|d| {
        let depth = d.get() + 1;
        d.set(depth);
        depth
    });
    let matched = if depth > MATCH_MAX_DEPTH {
        *budget = 0;
        false
    } else {
        match_node(h, chars, i, budget, k)
    };
    MATCH_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    matched
}

thread_local! {
    /// Nesting of [`match_hir`] on this thread.
    static MATCH_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn match_node(
    h: &Hir,
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    match h.kind() {
        HirKind::Empty => k(i, budget),
        HirKind::Literal(lit) => {
            let text = String::from_utf8_lossy(&lit.0);
            let mut j = i;
            for c in text.chars() {
                if chars.get(j) != Some(&c) {
                    return false;
                }
                j += 1;
            }
            k(j, budget)
        }
        HirKind::Class(Class::Unicode(class)) => match chars.get(i) {
            Some(&c) if class.ranges().iter().any(|r| r.start() <= c && c <= r.end()) => k(i + 1, budget),
            _ => false,
        },
        HirKind::Class(Class::Bytes(class)) => match chars.get(i) {
            Some(&c)
                if (c as u32) < 256
                    && class.ranges().iter().any(|r| r.start() as u32 <= c as u32 && c as u32 <= r.end() as u32) =>
            {
                k(i + 1, budget)
            }
            _ => false,
        },
        HirKind::Look(look) => {
            let prev = if i == 0 { None } else { chars.get(i - 1).copied() };
            let next = chars.get(i).copied();
            let holds = match look {
                Look::Start => i == 0,
                Look::End => i == chars.len(),
                Look::StartLF => i == 0 || prev == Some('\n'),
                Look::EndLF => i == chars.len() || next == Some('\n'),
                Look::StartCRLF => i == 0 || prev == Some('\n') || (prev == Some('\r') && next != Some('\n')),
                Look::EndCRLF => i == chars.len() || next == Some('\r') || (next == Some('\n') && prev != Some('\r')),
                Look::WordAscii | Look::WordUnicode => is_word(prev) != is_word(next),
                Look::WordAsciiNegate | Look::WordUnicodeNegate => is_word(prev) == is_word(next),
                Look::WordStartAscii | Look::WordStartUnicode => !is_word(prev) && is_word(next),
                Look::WordEndAscii | Look::WordEndUnicode => is_word(prev) && !is_word(next),
                Look::WordStartHalfAscii | Look::WordStartHalfUnicode => !is_word(prev),
                Look::WordEndHalfAscii | Look::WordEndHalfUnicode => !is_word(next),
                #[allow(unreachable_patterns)]
                _ => true,
            };
            holds && k(i, budget)
        }
        HirKind::Capture(cap) => match_hir(&cap.sub, chars, i, budget, k),
        HirKind::Concat(subs) => match_seq(subs, chars, i, budget, k),
        HirKind::Alternation(subs) => subs.iter().any(|s| match_hir(s, chars, i, budget, k)),
        HirKind::Repetition(rep) => match_rep(rep, 0, chars, i, budget, k),
    }
}

fn match_seq(
    subs: &[Hir],
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    match subs.split_first() {
        None => k(i, budget),
        Some((head, rest)) => match_hir(head, chars, i, budget, &mut |j, b| match_seq(rest, chars, j, b, k)),
    }
}

/// Whether `h` matches exactly one character and which: the common `[a-z]` and `x` bodies of
/// a repetition, matched without recursion.
fn single_char(h: &Hir, c: char) -> Option<bool> {
    match h.kind() {
        HirKind::Class(Class::Unicode(class)) => Some(class.ranges().iter().any(|r| r.start() <= c && c <= r.end())),
        HirKind::Class(Class::Bytes(class)) => Some(
            (c as u32) < 256
                && class.ranges().iter().any(|r| r.start() as u32 <= c as u32 && c as u32 <= r.end() as u32),
        ),
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            let mut it = text.chars();
            let only = it.next()?;
            if it.next().is_some() { None } else { Some(only == c) }
        }
        _ => None,
    }
}

fn match_rep(
    rep: &hir::Repetition,
    count: u32,
    chars: &[char],
    i: usize,
    budget: &mut usize,
    k: &mut dyn FnMut(usize, &mut usize) -> bool,
) -> bool {
    if count == 0 && single_char(&rep.sub, 'a').is_some() {
        // One character per round: count the run, then try the longest first.
        let max = rep.max.map_or(usize::MAX, |m| m as usize);
        let run = chars[i.min(chars.len())..]
            .iter()
            .take(max)
            .take_while(|c| single_char(&rep.sub, **c) == Some(true))
            .count();
        let mut n = run;
        loop {
            if n < rep.min as usize || *budget == 0 {
                return false;
            }
            *budget -= 1;
            if k(i + n, budget) {
                return true;
            }
            if n == 0 {
                return false;
            }
            n -= 1;
        }
    }
    if rep.max.is_none_or(|max| count < max)
        && match_hir(&rep.sub, chars, i, budget, &mut |j, b| {
            // A round that consumes nothing cannot help once the minimum is met.
            if j == i && count >= rep.min { false } else { match_rep(rep, count.saturating_add(1), chars, j, b, k) }
        })
    {
        return true;
    }
    count >= rep.min && k(i, budget)
}
