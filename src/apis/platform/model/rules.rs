//! The platform's reading of the shared security catalog (`crate::catalog`): which
//! analyzer reports a rule, its severity and confidence in the platform's words. A finding
//! stores its rule's index in [`rules`].

use crate::catalog::{self, Scanner};
pub(crate) use crate::catalog::{Rule, Stack, expand, package_name, rules};

use super::{Analyzer, Severity};

/// The analyzer that reports a rule. `iac` reports none of the catalog's rules: the
/// catalog's infrastructure findings are committed secrets, which `secrets` reports.
pub(crate) fn analyzer(rule: &Rule) -> Analyzer {
    match rule.scanner {
        Scanner::Secrets => Analyzer::Secrets,
        Scanner::Sast => Analyzer::Sast,
        Scanner::Ai => Analyzer::AiReview,
        Scanner::Dependency => Analyzer::Sca,
    }
}

pub(crate) fn severity(rule: &Rule) -> Severity {
    match rule.severity {
        catalog::Severity::Critical => Severity::Critical,
        catalog::Severity::High => Severity::High,
        catalog::Severity::Medium => Severity::Medium,
        catalog::Severity::Low => Severity::Low,
    }
}

/// An AI review is less sure than a pattern match.
pub(crate) fn confidence(rule: &Rule) -> &'static str {
    match rule.scanner {
        Scanner::Ai => "medium",
        _ => "high",
    }
}

/// The rule at an index a finding stored.
pub(crate) fn rule(index: u16) -> Option<&'static Rule> {
    rules().get(index as usize)
}

/// The stack a language name means (`typescript` is Node), if the catalog has it.
pub(crate) fn stack_of_language(language: &str) -> Option<Stack> {
    match language {
        "python" => Some(Stack::Python),
        "typescript" | "javascript" | "node" => Some(Stack::Node),
        "java" => Some(Stack::Java),
        "go" => Some(Stack::Go),
        _ => None,
    }
}

/// The stack of a repository the catalog names (`payments-api`), by its last path segment.
pub(crate) fn stack_of_name(name: &str) -> Option<Stack> {
    let last = name.trim_end_matches(".git").rsplit('/').next().unwrap_or(name);
    catalog::repositories().iter().find(|r| r.name == last).and_then(|r| stack_of_language(&r.language))
}
