//! Weaknesses: classes of flaw a reviewer writes up (SQL injection, IDOR, …), with their
//! CWE, how severe they plausibly are, and the texts of a write-up. Rules (`rule.rs`) are
//! what a scanner flags in one snippet; a weakness is what a report about a change or a
//! whole repository says, in prose, about any code of that class.

use std::sync::LazyLock;

use serde::Deserialize;

use super::Severity;

/// The most and the least severe a weakness plausibly is.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeverityRange {
    pub(crate) worst: Severity,
    pub(crate) mildest: Severity,
}

/// One class of flaw and its write-up. Texts may name `{res}` (the resource the code is
/// about, `orders`), `{one}` (its singular) and `{file}`; [`fill`] fills them in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Weakness {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) cwe: String,
    pub(crate) severity: SeverityRange,
    /// What the code does wrong, in a sentence or two.
    pub(crate) summary: String,
    /// A full report's title.
    pub(crate) headline: String,
    pub(crate) technical: String,
    pub(crate) impact: String,
    pub(crate) remediation: String,
}

static WEAKNESSES: LazyLock<Vec<Weakness>> =
    LazyLock::new(|| super::parse("weaknesses.yaml", include_str!("data/weaknesses.yaml")));

/// Every weakness, in the data file's order.
pub(crate) fn weaknesses() -> &'static [Weakness] {
    &WEAKNESSES
}

/// Fills `{res}`, `{one}` (capitalised at the start of a sentence) and `{file}`.
pub(crate) fn fill(text: &str, resource: &str, file: &str) -> String {
    let one = resource.strip_suffix('s').unwrap_or(resource);
    let out = super::template::substitute(text, &[("res", resource), ("file", file), ("one", one)]);
    if text.starts_with("{one}") || text.starts_with("{res}") { super::template::capitalise(&out) } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_and_capitalise() {
        assert_eq!(fill("{one} notes in {file}", "orders", "a.ts"), "Order notes in a.ts");
    }
}
