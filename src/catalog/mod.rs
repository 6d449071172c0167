//! Security knowledge, once, as data: the rules each kind of scanner reports (secrets,
//! SAST, AI/business-logic, dependency advisories) with their CWE/OWASP tags, severity,
//! texts, the stacks and files they occur in, a vulnerable snippet and the patch that
//! fixes it; the stacks themselves; and organisation and repository names.
//!
//! The facts live in YAML under `data/`, built into the binary and parsed once on first
//! use; a unit test checks them once (ids, CWE format, patches that fit their snippets).
//! Every API renders them in its own vocabulary (Kolega's `check_id` and `scan_type`, the
//! generic generator's field hints) in its own folder: this module imports nothing else
//! of the crate.

mod advisory;
mod names;
mod rule;
mod stack;

#[cfg(test)]
mod check;

pub(crate) use advisory::{Advisory, advisories, advisory};
pub(crate) use names::{organizations, repositories, repository_names};
pub(crate) use rule::{Cvss, Rule, Scanner, Severity, cvss_rating, find, rules};
pub(crate) use stack::{Stack, expand, package_name};

/// Parses one built-in data file; they are checked by the unit tests, so a failure here is
/// a bug in the crate, not in anything a request controls.
fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    match yaml_serde::from_str(text) {
        Ok(value) => value,
        Err(e) => panic!("built-in catalog file {name} is malformed: {e}"),
    }
}
