//! The catalog's data, checked once.

use std::collections::HashSet;

use super::*;

#[test]
fn every_rule_is_complete_and_its_patch_fits_its_snippet() {
    let mut ids = HashSet::new();
    for rule in rules() {
        let id = &rule.id;
        assert!(ids.insert(id.as_str()), "duplicate rule id {id}");
        assert!(!rule.title.is_empty() && !rule.message.is_empty() && !rule.category.is_empty(), "{id}: texts");
        assert!(!rule.paths.is_empty(), "{id}: no candidate path");
        assert!(!rule.references.is_empty(), "{id}: no reference");
        assert!(!rule.cwe.is_empty(), "{id}: no CWE");
        for cwe in &rule.cwe {
            let number = cwe.strip_prefix("CWE-").unwrap_or_default();
            assert!(!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()), "{id}: CWE {cwe}");
        }
        for owasp in &rule.owasp {
            assert!(owasp.starts_with('A') && owasp.get(3..8) == Some(":2021"), "{id}: OWASP {owasp}");
        }
        if let Some(cvss) = &rule.cvss {
            assert!((0.0..=10.0).contains(&cvss.score) && cvss.vector.starts_with("CVSS:3.1/"), "{id}: CVSS");
        }
        let patch = &rule.patch;
        assert!(!patch.removed.is_empty() || !patch.added.is_empty(), "{id}: the patch changes nothing");
        assert!(rule.patch_at().is_some(), "{id}: the patch's removed lines are not a run of the snippet");
        let lines = rule.snippet_lines();
        let runs = lines.windows(patch.removed.len().max(1)).filter(|w| w.iter().eq(patch.removed.iter())).count();
        assert!(patch.removed.is_empty() || runs == 1, "{id}: the removed lines stand {runs} times in the snippet");
        assert!(rule.advisory_resolves(), "{id}: names an advisory the catalog does not have");
        assert_eq!(rule.advisory.is_some(), rule.scanner == Scanner::Dependency, "{id}: advisory");
        if rule.advisory.is_some() {
            assert!(id.starts_with("CVE-") || id.starts_with("GHSA-"), "{id}: an advisory's id");
            let ecosystem = match rule.stack {
                Some(Stack::Python) => "pypi",
                Some(Stack::Node) => "npm",
                Some(Stack::Java) => "maven",
                Some(Stack::Go) => "go",
                None => "",
            };
            assert_eq!(rule.advisory.map(|a| a.ecosystem.as_str()), Some(ecosystem), "{id}: the stack's ecosystem");
        }
    }
}

#[test]
fn every_advisory_is_complete() {
    let mut ids = HashSet::new();
    for a in advisories() {
        assert!(ids.insert(a.cve.as_str()), "duplicate advisory {}", a.cve);
        assert!(a.cve.starts_with("CVE-") || a.cve.starts_with("GHSA-"), "{}", a.cve);
        assert!(["pypi", "npm", "maven", "go"].contains(&a.ecosystem.as_str()), "{}: ecosystem", a.cve);
        assert!(!a.package.is_empty() && a.affected != a.fixed && !a.summary.is_empty(), "{}", a.cve);
        assert!(a.cwe.iter().all(|c| c.starts_with("CWE-")), "{}: CWE", a.cve);
        assert!((0.0..=10.0).contains(&a.cvss.score) && a.cvss.vector.starts_with("CVSS:3.1/"), "{}: CVSS", a.cve);
    }
}

#[test]
fn every_scanner_has_rules_for_every_stack() {
    for scanner in [Scanner::Secrets, Scanner::Sast, Scanner::Ai, Scanner::Dependency] {
        for stack in Stack::ALL {
            let found = rules().iter().any(|r| r.scanner == scanner && r.stack.is_none_or(|s| s == stack));
            assert!(found, "{scanner:?} {stack:?}");
        }
    }
    for stack in Stack::ALL {
        assert!(!stack.regression_test().lines.is_empty(), "{stack:?}");
    }
}

#[test]
fn names_are_unique_slugs() {
    for list in [organizations(), repositories()] {
        assert_eq!(list.iter().collect::<HashSet<_>>().len(), list.len());
        assert!(list.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')), "{list:?}");
    }
}

#[test]
fn package_names_follow_the_stack() {
    assert_eq!(package_name("acme/payments-api", Stack::Python), "payments");
    assert_eq!(package_name("acme/legacy-billing", Stack::Java), "legacybilling");
    assert_eq!(package_name("acme/api", Stack::Go), "api");
}
