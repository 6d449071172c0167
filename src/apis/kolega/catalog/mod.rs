//! What Kolega's scanners find, as data: real Gitleaks and Semgrep rule ids, Kolega-style
//! AI findings about business logic, and dependency advisories with real CVE ids, package
//! names and versions. Each rule carries the patch a fix applies, so a fix's diff touches
//! the finding's own file with a change that fits the rule. Rules are tied to a stack
//! (Python, Node, Java, Go) so a repository's findings look like one codebase's.
//!
//! `src/generate/` has no shared vocabulary tables yet; if it grows some (CWE ids,
//! package names, paths), these tables are the ones to fold into it.

mod deep_ai;
mod sbom;
mod secrets;
mod semgrep;

use serde::{Deserialize, Serialize};

use super::model::{ScanType, Severity};

/// A repository's main language and framework family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Stack {
    Python,
    Node,
    Java,
    Go,
}

impl Stack {
    pub(crate) const ALL: [Stack; 4] = [Stack::Python, Stack::Node, Stack::Java, Stack::Go];
}

/// A change to one file: the hunk's function context, the lines around the change, and
/// the removed and added lines (without the diff markers).
#[derive(Debug)]
pub(crate) struct Patch {
    pub(crate) function: &'static str,
    pub(crate) before: &'static [&'static str],
    pub(crate) removed: &'static [&'static str],
    pub(crate) added: &'static [&'static str],
    pub(crate) after: &'static [&'static str],
}

/// A dependency advisory (SBOM findings).
#[derive(Debug)]
pub(crate) struct Advisory {
    pub(crate) package: &'static str,
    pub(crate) version: &'static str,
    pub(crate) fixed: &'static str,
    pub(crate) summary: &'static str,
}

/// One thing a scanner reports.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) check_id: &'static str,
    pub(crate) scan_type: ScanType,
    /// `None`: found in any stack (CI files, infrastructure code).
    pub(crate) stack: Option<Stack>,
    pub(crate) severity: Severity,
    pub(crate) title: &'static str,
    pub(crate) message: &'static str,
    pub(crate) category: &'static str,
    pub(crate) cwe: &'static [&'static str],
    pub(crate) owasp: &'static [&'static str],
    pub(crate) references: &'static [&'static str],
    /// Candidate files; `{pkg}` is the repository's package name, `{owner}` its owner.
    pub(crate) paths: &'static [&'static str],
    /// CVSS base score and vector, where the source publishes one.
    pub(crate) cvss: Option<(f64, &'static str)>,
    pub(crate) patch: Patch,
    pub(crate) advisory: Option<Advisory>,
}

/// Every rule, in a fixed order: a finding stores its rule's index.
pub(crate) fn rules() -> &'static [&'static Rule] {
    static ALL: std::sync::OnceLock<Vec<&'static Rule>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| [secrets::RULES, semgrep::RULES, deep_ai::RULES, sbom::RULES].into_iter().flatten().collect())
}

/// The index of the first rule with this check id.
pub(crate) fn find(check_id: &str) -> Option<u16> {
    rules().iter().position(|r| r.check_id == check_id).and_then(|i| u16::try_from(i).ok())
}

/// Indexes of the rules a scan of `scan_type` can report on a `stack` repository.
pub(crate) fn candidates(scan_type: ScanType, stack: Stack) -> Vec<u16> {
    rules()
        .iter()
        .enumerate()
        .filter(|(_, r)| r.scan_type == scan_type && r.stack.is_none_or(|s| s == stack))
        .filter_map(|(i, _)| u16::try_from(i).ok())
        .collect()
}

/// CVSS v3 qualitative rating of a base score.
pub(crate) fn cvss_rating(score: f64) -> &'static str {
    match score {
        s if s >= 9.0 => "CRITICAL",
        s if s >= 7.0 => "HIGH",
        s if s >= 4.0 => "MEDIUM",
        s if s > 0.0 => "LOW",
        _ => "NONE",
    }
}

/// A path template filled in for one repository.
pub(crate) fn expand(template: &str, owner: &str, pkg: &str) -> String {
    template.replace("{pkg}", pkg).replace("{owner}", owner)
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

/// Where a stack keeps its security regression tests (a refined fix adds one).
pub(crate) fn regression_test(stack: Stack, pkg: &str) -> (String, &'static [&'static str]) {
    match stack {
        Stack::Python => (
            "tests/security/test_regressions.py".into(),
            &[
                "def test_rejects_tampered_input(client):",
                "    response = client.get(\"/api/v1/orders\", params={\"customer_id\": \"1' OR '1'='1\"})",
                "    assert response.status_code in (400, 404)",
            ],
        ),
        Stack::Node => (
            "test/security/regressions.test.ts".into(),
            &[
                "it(\"rejects tampered input\", async () => {",
                "  const res = await request(app).get(\"/api/orders?customerId=1' OR '1'='1\");",
                "  expect([400, 404]).toContain(res.status);",
                "});",
            ],
        ),
        Stack::Java => (
            format!("src/test/java/com/acme/{pkg}/SecurityRegressionTest.java"),
            &[
                "    @Test",
                "    void rejectsTamperedInput() throws Exception {",
                "        mvc.perform(get(\"/api/orders\").param(\"customerId\", \"1' OR '1'='1\"))",
                "            .andExpect(status().is4xxClientError());",
                "    }",
            ],
        ),
        Stack::Go => (
            "internal/security/regression_test.go".into(),
            &[
                "func TestRejectsTamperedInput(t *testing.T) {",
                "\tres := get(t, \"/api/orders?customer_id=1' OR '1'='1\")",
                "\tif res.StatusCode < 400 {",
                "\t\tt.Fatalf(\"expected a client error, got %d\", res.StatusCode)",
                "\t}",
                "}",
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scan_type_has_rules_for_every_stack_and_patches_are_real_changes() {
        for scan_type in ScanType::ALL {
            for stack in Stack::ALL {
                assert!(!candidates(*scan_type, stack).is_empty(), "{scan_type:?} {stack:?}");
            }
        }
        for rule in rules() {
            assert!(!rule.paths.is_empty(), "{}", rule.check_id);
            assert!(!rule.patch.removed.is_empty() || !rule.patch.added.is_empty(), "{}", rule.check_id);
            assert!(rule.cwe.iter().all(|c| c.starts_with("CWE-")), "{}", rule.check_id);
            if let Some((score, vector)) = rule.cvss {
                assert!((0.0..=10.0).contains(&score) && vector.starts_with("CVSS:3.1/"), "{}", rule.check_id);
            }
        }
    }

    #[test]
    fn package_names_follow_the_stack() {
        assert_eq!(package_name("acme/payments-api", Stack::Python), "payments");
        assert_eq!(package_name("acme/legacy-billing", Stack::Java), "legacybilling");
        assert_eq!(package_name("acme/api", Stack::Go), "api");
    }
}
