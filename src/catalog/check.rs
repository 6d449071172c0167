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
        if let Some(a) = rule.advisory {
            assert!(id.starts_with("CVE-"), "{id}: an advisory's id");
            let ecosystem = match rule.stack {
                Some(Stack::Python) => "pypi",
                Some(Stack::Node) => "npm",
                Some(Stack::Java) => "maven",
                Some(Stack::Go) => "go",
                None => "",
            };
            assert_eq!(a.ecosystem, ecosystem, "{id}: the stack's ecosystem");
            assert!(a.fixed.is_some() && a.cvss.is_some() && !a.cwe.is_empty(), "{id}: a rule's advisory is complete");
        }
    }
}

#[test]
fn every_advisory_is_complete() {
    let mut ids = HashSet::new();
    for a in advisories() {
        let id = format!("{} {} ({:?})", a.package, a.affected, a.cve);
        assert!(ids.insert((&a.package, &a.affected, &a.cve)), "duplicate advisory {id}");
        assert!(a.cve.as_deref().is_none_or(|c| c.starts_with("CVE-")), "{id}");
        assert!(["pypi", "npm", "maven", "go", "rubygems"].contains(&a.ecosystem.as_str()), "{id}: ecosystem");
        assert!(!a.package.is_empty() && Some(&a.affected) != a.fixed.as_ref() && !a.summary.is_empty(), "{id}");
        assert!(a.cwe.iter().all(|c| c.starts_with("CWE-")), "{id}: CWE");
        if let Some(cvss) = &a.cvss {
            assert!((0.0..=10.0).contains(&cvss.score) && cvss.vector.starts_with("CVSS:3.1/"), "{id}: CVSS");
        }
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
        assert!(!stack.skeleton().is_empty(), "{stack:?} has skeleton files");
    }
}

#[test]
fn names_are_unique_slugs() {
    for repo in repositories() {
        assert!(["go", "typescript", "python", "java", "ruby"].contains(&repo.language.as_str()), "{repo:?}");
    }
    for list in [organizations(), repository_names()] {
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

#[test]
fn every_weakness_is_complete_and_every_severity_has_one() {
    let rank = |s: Severity| {
        [Severity::Critical, Severity::High, Severity::Medium, Severity::Low].iter().position(|x| *x == s)
    };
    let list = weaknesses();
    assert_eq!(list.iter().map(|w| &w.id).collect::<HashSet<_>>().len(), list.len(), "ids are unique");
    for w in list {
        let number = w.cwe.strip_prefix("CWE-").unwrap_or_default();
        assert!(!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()), "{}: CWE {}", w.id, w.cwe);
        assert!(rank(w.severity.worst) <= rank(w.severity.mildest), "{}: worst is at least mildest", w.id);
        for text in [&w.title, &w.summary, &w.headline, &w.technical, &w.impact, &w.remediation] {
            // `{id}` is literal: a route template in the prose.
            let unknown = text.replace("{res}", "").replace("{one}", "").replace("{file}", "").replace("{id}", "");
            assert!(!text.is_empty() && !unknown.contains('{'), "{}: {text}", w.id);
        }
    }
    for severity in [Severity::Critical, Severity::High, Severity::Medium, Severity::Low] {
        let r = rank(severity);
        assert!(list.iter().any(|w| rank(w.severity.worst) <= r && r <= rank(w.severity.mildest)), "{severity:?}");
    }
}

#[test]
fn every_language_has_source_files_and_an_ecosystem_with_manifests() {
    let code = code();
    let languages: Vec<&str> = code.languages().collect();
    assert_eq!(languages.len(), 5);
    let kinds = generated_repositories().kinds.iter().map(|k| k.language.as_str());
    for language in languages.iter().copied().chain(repositories().iter().map(|r| r.language.as_str())).chain(kinds) {
        assert!(!code.source_files(language).is_empty(), "{language}: source files");
        let ecosystem = code.ecosystem(language).unwrap_or_default();
        assert!(!code.manifests(ecosystem).is_empty(), "{language}: manifests of {ecosystem}");
    }
    assert!(!code.manifests("unheard-of").is_empty(), "any other ecosystem has a manifest");
    assert!(!people().is_empty() && !pull_requests().titles.is_empty() && !pull_requests().packages.is_empty());
}
