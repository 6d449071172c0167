//! Stacks: a repository's main language and framework family, where it keeps its
//! security regression tests, the files every checkout of it has, and how its code names
//! things.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// A repository's main language and framework family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Stack {
    Python,
    Node,
    Java,
    Go,
}

/// A security regression test a refined fix adds: its file (a template, see [`expand`])
/// and its lines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegressionTest {
    pub(crate) path: String,
    pub(crate) lines: String,
}

/// A file every repository of a stack has besides those a rule puts code in (README,
/// entry point, build file): its path and its lines, both templates (see [`expand`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SkeletonFile {
    pub(crate) path: String,
    pub(crate) lines: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StackFacts {
    regression_test: RegressionTest,
    #[serde(default)]
    files: Vec<SkeletonFile>,
}

static STACKS: LazyLock<BTreeMap<Stack, StackFacts>> =
    LazyLock::new(|| super::parse("stacks.yaml", include_str!("data/stacks.yaml")));

impl Stack {
    pub(crate) const ALL: [Stack; 4] = [Stack::Python, Stack::Node, Stack::Java, Stack::Go];

    fn facts(self) -> &'static StackFacts {
        // Every stack has an entry: checked by the catalog's unit test.
        &STACKS[&self]
    }

    /// Where it keeps its security regression tests, and what one looks like.
    pub(crate) fn regression_test(self) -> &'static RegressionTest {
        &self.facts().regression_test
    }

    /// The files every checkout of the stack has besides those rules put code in.
    pub(crate) fn skeleton(self) -> &'static [SkeletonFile] {
        &self.facts().files
    }
}

/// A path template filled in for one repository: `{pkg}` is its package name, `{owner}`
/// its owner.
pub(crate) fn expand(template: &str, owner: &str, pkg: &str) -> String {
    // One pass, one allocation: every finding of a list is shown with its path expanded,
    // and two `str::replace` calls (each building a substring searcher) were most of the
    // cost of a Kolega finding's view. A package name has no braces (`package_name`).
    let mut out = String::with_capacity(template.len() + owner.len() + pkg.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        rest = if let Some(after) = tail.strip_prefix("{pkg}") {
            out.push_str(pkg);
            after
        } else if let Some(after) = tail.strip_prefix("{owner}") {
            out.push_str(owner);
            after
        } else {
            out.push('{');
            &tail[1..]
        };
    }
    out.push_str(rest);
    out
}

/// The package name a repository's code uses: `acme/payments-api` → `payments`, with the
/// separator a stack's package names allow.
pub(crate) fn package_name(repo_name: &str, stack: Stack) -> String {
    let last = repo_name.rsplit('/').next().unwrap_or(repo_name).to_ascii_lowercase();
    let mut base = last.as_str();
    for suffix in ["-api", "-service", "-svc", "-server", "-web", "-app", "-backend"] {
        if let Some(stripped) = base.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            base = stripped;
            break;
        }
    }
    let cleaned: String = base.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    match stack {
        Stack::Python => cleaned.replace('-', "_"),
        Stack::Java => cleaned.replace('-', ""),
        Stack::Node | Stack::Go => cleaned,
    }
}

#[cfg(test)]
mod expand_tests {
    use super::expand;

    #[test]
    fn both_placeholders_are_filled_and_other_braces_kept() {
        assert_eq!(expand("src/{pkg}/db/{owner}.py", "acme", "payments"), "src/payments/db/acme.py");
        assert_eq!(expand("{pkg}{pkg}", "o", "p"), "pp");
        assert_eq!(expand("a{b}/{pk/{owner", "o", "p"), "a{b}/{pk/{owner");
        assert_eq!(expand("", "o", "p"), "");
    }
}
