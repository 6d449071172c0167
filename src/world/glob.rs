//! Globs that come from outside (fault rules, scenario patterns, request bodies), compiled
//! safely. globset turns a glob into a regex and panics ("regex compilation shouldn't
//! fail") when that regex is refused, which deeply nested alternates (`{a,{b,{c,…}}}`)
//! provoke; compiling one such pattern also costs far more memory than its size
//! suggests. So a pattern is bounded in length and in brace nesting before globset sees
//! it, and compilation runs under `catch_unwind`, so that a pattern the bounds let
//! through but globset still cannot compile is an error rather than a crash.

use globset::{Glob, GlobMatcher};

/// The longest pattern accepted, in characters (as JSON Schema's `maxLength` counts).
pub const MAX_GLOB_LEN: usize = 1024;

/// The deepest nesting of `{…}` alternates accepted.
pub const MAX_GLOB_NESTING: usize = 8;

/// Compiles `pattern`, or says why it cannot be used.
pub fn matcher(pattern: &str) -> Result<GlobMatcher, String> {
    let length = pattern.chars().count();
    if length > MAX_GLOB_LEN {
        return Err(format!("a pattern is at most {MAX_GLOB_LEN} characters long, this one has {length}"));
    }
    let nesting = brace_nesting(pattern);
    if nesting > MAX_GLOB_NESTING {
        return Err(format!("alternates `{{…}}` nest at most {MAX_GLOB_NESTING} deep, this pattern nests {nesting}"));
    }
    let glob = Glob::new(pattern).map_err(|e| e.to_string())?;
    std::panic::catch_unwind(|| glob.compile_matcher()).map_err(|_| "the pattern is too complex to compile".to_string())
}

/// How deep `{` nests (escaped braces counted too: erring on the side of refusing).
fn brace_nesting(pattern: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for c in pattern.chars() {
        match c {
            '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        let mut p = String::new();
        for i in 0..depth {
            p.push_str(&format!("{{a{i},"));
        }
        p.push('z');
        p.push_str(&"}".repeat(depth));
        p
    }

    #[test]
    fn ordinary_patterns_compile_and_match() {
        let m = matcher("/api/v1/{repositories,scans}/*").expect("compiles");
        assert!(m.is_match("/api/v1/scans/x/y"));
        assert!(matcher(&nested(MAX_GLOB_NESTING)).is_ok());
    }

    #[test]
    fn deep_nesting_and_long_patterns_are_refused_before_compiling() {
        let err = matcher(&nested(MAX_GLOB_NESTING + 1)).expect_err("too deep");
        assert!(err.contains("nest at most 8"), "{err}");
        let err = matcher(&"a".repeat(MAX_GLOB_LEN + 1)).expect_err("too long");
        assert!(err.contains("at most 1024 characters"), "{err}");
        assert!(matcher("[").is_err());
    }
}
