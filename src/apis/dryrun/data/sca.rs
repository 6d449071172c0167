//! DryRun's reading of the shared catalog's advisories (`crate::catalog`): its own names
//! for ecosystems (`pip`, `gem`) and how an SCA finding words an advisory. A generated
//! SCA finding stores its advisory's position in [`advisories`].

use crate::apis::dryrun::model::finding::Severity;
pub(crate) use crate::catalog::{Advisory, advisories};

/// The catalog's name for one of DryRun's ecosystems.
fn catalog_ecosystem(ecosystem: &str) -> &str {
    match ecosystem {
        "pip" => "pypi",
        "gem" => "rubygems",
        other => other,
    }
}

/// OSV's name for one of DryRun's ecosystems.
fn osv_ecosystem(ecosystem: &str) -> &str {
    match ecosystem {
        "pip" => "PyPI",
        "gem" => "RubyGems",
        "maven" => "Maven",
        "go" => "Go",
        other => other,
    }
}

/// Positions of the advisories on packages of a DryRun ecosystem.
pub(crate) fn of_ecosystem(ecosystem: &str) -> impl Iterator<Item = usize> + '_ {
    let wanted = catalog_ecosystem(ecosystem);
    advisories().iter().enumerate().filter(move |(_, a)| a.ecosystem == wanted).map(|(i, _)| i)
}

pub(crate) fn severity(advisory: &Advisory) -> Severity {
    Severity::from(advisory.severity)
}

pub(crate) fn title(advisory: &Advisory) -> String {
    format!("{}: {}", advisory.package, advisory.summary)
}

pub(crate) fn remediation(advisory: &Advisory) -> Option<String> {
    advisory.fixed.as_ref().map(|v| format!("Upgrade {} to {v} or later.", advisory.package))
}

pub(crate) fn references(advisory: &Advisory, ecosystem: &str) -> Vec<String> {
    match &advisory.cve {
        Some(cve) => {
            vec![format!("https://nvd.nist.gov/vuln/detail/{cve}"), format!("https://osv.dev/vulnerability/{cve}")]
        }
        None => vec![format!("https://osv.dev/list?ecosystem={}&q={}", osv_ecosystem(ecosystem), advisory.package)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_repository_ecosystem_has_advisories_of_several_severities() {
        for eco in ["npm", "pip", "go", "gem", "maven"] {
            let list: Vec<&Advisory> = of_ecosystem(eco).map(|i| &advisories()[i]).collect();
            assert!(list.len() >= 5, "{eco}");
            let severities: std::collections::HashSet<_> = list.iter().map(|a| severity(a)).collect();
            assert!(severities.len() >= 2, "{eco}");
        }
    }
}
