//! Kolega's reading of the shared security catalog (`crate::catalog`): which of its scan
//! types reports a rule, its severity in Kolega's words, and a rule's `check_id` (the
//! catalog's id). A finding stores its rule's index in [`rules`].

use crate::catalog::{self, Scanner};
pub(crate) use crate::catalog::{Advisory, Rule, Stack, cvss_rating, expand, package_name, rules};

use super::{ScanType, Severity};

/// The scan that reports a rule.
pub(crate) fn scan_type(rule: &Rule) -> ScanType {
    match rule.scanner {
        Scanner::Secrets => ScanType::Secrets,
        Scanner::Sast => ScanType::Semgrep,
        Scanner::Ai => ScanType::DeepAi,
        Scanner::Dependency => ScanType::Sbom,
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

/// The index of the rule with this check id.
pub(crate) fn find(check_id: &str) -> Option<u16> {
    catalog::find(check_id).and_then(|i| u16::try_from(i).ok())
}

/// The rule at an index a finding stored.
pub(crate) fn rule(index: u16) -> Option<&'static Rule> {
    rules().get(index as usize)
}

/// Indexes of the rules a scan of `scan_type` can report on a `stack` repository.
pub(crate) fn candidates(scan_type: ScanType, stack: Stack) -> Vec<u16> {
    rules()
        .iter()
        .enumerate()
        .filter(|(_, r)| self::scan_type(r) == scan_type && r.stack.is_none_or(|s| s == stack))
        .filter_map(|(i, _)| u16::try_from(i).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scan_type_has_rules_for_every_stack() {
        for scan_type in ScanType::ALL {
            for stack in Stack::ALL {
                assert!(!candidates(*scan_type, stack).is_empty(), "{scan_type:?} {stack:?}");
            }
        }
    }
}
