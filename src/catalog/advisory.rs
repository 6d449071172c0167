//! Advisories: a published vulnerability in one version of a package. Every API that
//! reports vulnerable dependencies draws from this one list.

use std::sync::LazyLock;

use serde::Deserialize;

use super::{Cvss, Severity};

/// A published advisory on one version of a package.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Advisory {
    pub(crate) cve: String,
    /// `pypi`, `npm`, `maven`, `go`.
    pub(crate) ecosystem: String,
    pub(crate) package: String,
    /// The affected version a manifest pins.
    pub(crate) affected: String,
    /// The first version with the fix.
    pub(crate) fixed: String,
    pub(crate) severity: Severity,
    pub(crate) cvss: Cvss,
    pub(crate) cwe: Vec<String>,
    pub(crate) summary: String,
}

static ADVISORIES: LazyLock<Vec<Advisory>> =
    LazyLock::new(|| super::parse("advisories.yaml", include_str!("data/advisories.yaml")));

/// Every advisory, in the data file's order.
pub(crate) fn advisories() -> &'static [Advisory] {
    &ADVISORIES
}

/// The advisory with this CVE id.
pub(crate) fn advisory(cve: &str) -> Option<&'static Advisory> {
    advisories().iter().find(|a| a.cve == cve)
}
