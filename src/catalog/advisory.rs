//! Advisories: a published vulnerability in one version of a package. Every API that
//! reports vulnerable dependencies draws from this one list.

use std::sync::LazyLock;

use serde::Deserialize;

use super::{Cvss, Severity};

/// A published advisory on one version of a package.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Advisory {
    /// `None` for the few a feed publishes without one.
    #[serde(default)]
    pub(crate) cve: Option<String>,
    /// `pypi`, `npm`, `maven`, `go`, `rubygems`.
    pub(crate) ecosystem: String,
    pub(crate) package: String,
    /// The affected version a manifest pins.
    pub(crate) affected: String,
    /// The first version with the fix, where there is one.
    #[serde(default)]
    pub(crate) fixed: Option<String>,
    pub(crate) severity: Severity,
    #[serde(default)]
    pub(crate) cvss: Option<Cvss>,
    #[serde(default)]
    pub(crate) cwe: Vec<String>,
    /// One line, as a title reads it.
    pub(crate) summary: String,
    #[serde(default)]
    description: Option<String>,
}

impl Advisory {
    /// A paragraph on what is affected and why: the published one, or one read from the
    /// summary.
    pub(crate) fn description(&self) -> String {
        match &self.description {
            Some(text) => text.clone(),
            None => format!("{} {} is affected: {}.", self.package, self.affected, self.summary),
        }
    }
}

static ADVISORIES: LazyLock<Vec<Advisory>> =
    LazyLock::new(|| super::parse("advisories.yaml", include_str!("data/advisories.yaml")));

/// Every advisory, in the data file's order.
pub(crate) fn advisories() -> &'static [Advisory] {
    &ADVISORIES
}

/// The advisory with this CVE id.
pub(crate) fn advisory(cve: &str) -> Option<&'static Advisory> {
    advisories().iter().find(|a| a.cve.as_deref() == Some(cve))
}
