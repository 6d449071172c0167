//! Where and why CPython's `json` module rejects a document. A FastAPI client sees that
//! verdict in a 422 (`loc: ["body", <position>]`, `ctx.error: <message>`), and serde's
//! own errors differ from it in wording and often in position (serde points at the last
//! character read, Python at the next one it expected). This is a small re-statement of
//! the C scanner in CPython 3.8–3.12 (`Modules/_json.c`), run only on bodies serde has
//! already refused; positions count characters, as Python's do.

/// JSON whitespace, as `_json.c` defines it.
fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// How deep the scanner follows nesting before giving up (it recurses, and request bodies
/// are hostile). Deeper than serde's own limit of 128 is refused either way; this is only
/// reached when serde stopped early on something Python accepts, such as `NaN`.
const MAX_DEPTH: usize = 200;

#[derive(Clone, Copy)]
struct Fail {
    message: &'static str,
    position: usize,
}

/// A term was expected at this index (Python's `StopIteration(idx)`).
fn expecting_value(position: usize) -> Fail {
    Fail { message: "Expecting value", position }
}

struct Scanner {
    s: Vec<char>,
}

/// Python's message and character position for an invalid JSON text, or `None` if Python
/// would accept it (`NaN`, `1e400` and the like, which serde refuses).
pub(crate) fn locate(text: &str) -> Option<(&'static str, usize)> {
    // `json.loads(bytes)` decodes with `utf-8-sig`: a byte-order mark is not an error.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let scanner = Scanner { s: text.chars().collect() };
    let start = scanner.skip_ws(0);
    let result = scanner.value(start, 0).and_then(|end| {
        let end = scanner.skip_ws(end);
        if end == scanner.s.len() { Ok(()) } else { Err(Fail { message: "Extra data", position: end }) }
    });
    result.err().map(|f| (f.message, f.position))
}

impl Scanner {
    fn at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ws) {
            i += 1;
        }
        i
    }

    fn literal(&self, i: usize, word: &str) -> bool {
        word.chars().enumerate().all(|(k, c)| self.at(i + k) == Some(c))
    }

    /// `scan_once_unicode`: one term starting exactly at `i`; returns the index after it.
    fn value(&self, i: usize, depth: usize) -> Result<usize, Fail> {
        if depth > MAX_DEPTH {
            return Err(Fail { message: "Maximum nesting depth exceeded", position: i });
        }
        let Some(c) = self.at(i) else { return Err(expecting_value(i)) };
        match c {
            '"' => return self.string(i + 1),
            '{' => return self.object(i + 1, depth + 1),
            '[' => return self.array(i + 1, depth + 1),
            _ => {}
        }
        for word in ["null", "true", "false", "NaN", "Infinity", "-Infinity"] {
            if self.literal(i, word) {
                return Ok(i + word.chars().count());
            }
        }
        self.number(i)
    }

    /// `_match_number_unicode`: `-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?`, backtracking
    /// over a fraction or exponent that has no digits.
    fn number(&self, start: usize) -> Result<usize, Fail> {
        let digit = |i: usize| self.at(i).is_some_and(|c| c.is_ascii_digit());
        let mut i = start;
        if self.at(i) == Some('-') {
            i += 1;
        }
        match self.at(i) {
            Some('1'..='9') => {
                while digit(i) {
                    i += 1;
                }
            }
            Some('0') => i += 1,
            _ => return Err(expecting_value(start)),
        }
        if self.at(i) == Some('.') && digit(i + 1) {
            i += 2;
            while digit(i) {
                i += 1;
            }
        }
        if matches!(self.at(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some('-' | '+')) {
                j += 1;
            }
            if digit(j) {
                while digit(j) {
                    j += 1;
                }
                i = j;
            }
        }
        Ok(i)
    }

    /// `scanstring_unicode`: `i` is just after the opening quote.
    fn string(&self, mut i: usize) -> Result<usize, Fail> {
        let begin = i - 1;
        let unterminated = Fail { message: "Unterminated string starting at", position: begin };
        loop {
            let c = self.at(i).ok_or(unterminated)?;
            match c {
                '"' => return Ok(i + 1),
                '\\' => {
                    let escape = self.at(i + 1).ok_or(unterminated)?;
                    if escape != 'u' {
                        if !matches!(escape, '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') {
                            return Err(Fail { message: "Invalid \\escape", position: i });
                        }
                        i += 2;
                        continue;
                    }
                    let unit = self.hex4(i + 2, self.s.len())?;
                    i += 6;
                    // A high surrogate may be followed by its low half; a bad one is
                    // reported like any other `\u` escape.
                    if (0xd800..0xdc00).contains(&unit)
                        && self.at(i) == Some('\\')
                        && self.at(i + 1) == Some('u')
                        && i + 6 < self.s.len()
                    {
                        self.hex4(i + 2, self.s.len())?;
                        i += 6;
                    }
                }
                c if u32::from(c) <= 0x1f => {
                    return Err(Fail { message: "Invalid control character at", position: i });
                }
                _ => i += 1,
            }
        }
    }

    /// Four hex digits at `i` (just after `\u`).
    fn hex4(&self, i: usize, len: usize) -> Result<u32, Fail> {
        let bad = Fail { message: "Invalid \\uXXXX escape", position: i - 1 };
        // `_json.c` wants at least one character after the four digits.
        if i + 4 >= len {
            return Err(bad);
        }
        let mut unit = 0;
        for k in 0..4 {
            let d = self.at(i + k).and_then(|c| c.to_digit(16)).ok_or(bad)?;
            unit = unit * 16 + d;
        }
        Ok(unit)
    }

    /// `_parse_object_unicode`: `i` is just after `{`.
    fn object(&self, i: usize, depth: usize) -> Result<usize, Fail> {
        let mut i = self.skip_ws(i);
        if self.at(i) == Some('}') {
            return Ok(i + 1);
        }
        loop {
            if self.at(i) != Some('"') {
                return Err(Fail { message: "Expecting property name enclosed in double quotes", position: i });
            }
            i = self.skip_ws(self.string(i + 1)?);
            if self.at(i) != Some(':') {
                return Err(Fail { message: "Expecting ':' delimiter", position: i });
            }
            i = self.skip_ws(self.value(self.skip_ws(i + 1), depth)?);
            match self.at(i) {
                Some('}') => return Ok(i + 1),
                Some(',') => i = self.skip_ws(i + 1),
                _ => return Err(Fail { message: "Expecting ',' delimiter", position: i }),
            }
        }
    }

    /// `_parse_array_unicode`: `i` is just after `[`.
    fn array(&self, i: usize, depth: usize) -> Result<usize, Fail> {
        let mut i = self.skip_ws(i);
        if self.at(i) == Some(']') {
            return Ok(i + 1);
        }
        loop {
            i = self.skip_ws(self.value(i, depth)?);
            match self.at(i) {
                Some(']') => return Ok(i + 1),
                Some(',') => i = self.skip_ws(i + 1),
                _ => return Err(Fail { message: "Expecting ',' delimiter", position: i }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(input, message, position)` exactly as CPython 3.11's `json.loads` reports them.
    const PYTHON: &[(&str, &str, usize)] = &[
        ("{\"name\": \"x\",}", "Expecting property name enclosed in double quotes", 13),
        ("[1, 2,]", "Expecting value", 6),
        ("{\"name\": ", "Expecting value", 9),
        ("[1, 2] x", "Extra data", 7),
        ("{name: 1}", "Expecting property name enclosed in double quotes", 1),
        ("{\n  \"a\": 1,\n  \"b\": tru\n}", "Expecting value", 19),
        ("{\"a\": 1", "Expecting ',' delimiter", 7),
        ("[1, 2", "Expecting ',' delimiter", 5),
        ("{", "Expecting property name enclosed in double quotes", 1),
        ("[", "Expecting value", 1),
        ("{\"a\"", "Expecting ':' delimiter", 4),
        ("{\"a\" 1}", "Expecting ':' delimiter", 5),
        ("[1 2]", "Expecting ',' delimiter", 3),
        ("{\"a\": 1 \"b\": 2}", "Expecting ',' delimiter", 8),
        ("\"abc", "Unterminated string starting at", 0),
        ("{\"a\": \"x\\q\"}", "Invalid \\escape", 8),
        ("-", "Expecting value", 0),
        ("nul", "Expecting value", 0),
        ("", "Expecting value", 0),
        ("   ", "Expecting value", 3),
        ("{\"a\":\"é\" x}", "Expecting ',' delimiter", 9),
        ("[\"\u{1}\"]", "Invalid control character at", 2),
        ("01", "Extra data", 1),
        ("[1,]", "Expecting value", 3),
        ("\"\\u12\"", "Invalid \\uXXXX escape", 2),
        ("\"\\ud800\\u12\"", "Invalid \\uXXXX escape", 8),
        ("{\"a\":\"\\u00e9\"", "Expecting ',' delimiter", 13),
        ("[1, -]", "Expecting value", 4),
        ("[1.]", "Expecting ',' delimiter", 2),
        ("[1.5e]", "Expecting ',' delimiter", 4),
        ("[tru]", "Expecting value", 1),
    ];

    #[test]
    fn errors_are_where_python_puts_them() {
        let wrong: Vec<String> = PYTHON
            .iter()
            .filter(|(input, message, position)| locate(input) != Some((message, *position)))
            .map(|(input, message, position)| {
                format!("{input:?}: got {:?}, Python says ({message:?}, {position})", locate(input))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn deep_nesting_after_what_serde_refused_is_cut_short() {
        let deep = format!("[NaN, {}", "[".repeat(100_000));
        assert_eq!(locate(&deep), Some(("Maximum nesting depth exceeded", 6 + MAX_DEPTH)));
    }

    #[test]
    fn documents_python_accepts_are_not_located() {
        for ok in ["[NaN]", "[1e400]", "[1] ", "\u{feff}[1]", "{\"a\": [true, false, null, -Infinity]}"] {
            assert_eq!(locate(ok), None, "{ok:?}");
        }
    }
}
