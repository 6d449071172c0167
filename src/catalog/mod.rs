//! Security knowledge, once, as data: the rules each kind of scanner reports (secrets,
//! SAST, AI/business-logic, dependency advisories) with their CWE/OWASP tags, severity,
//! texts, the stacks and files they occur in, a vulnerable snippet and the patch that
//! fixes it; weaknesses (classes of flaw and their write-ups); the stacks themselves;
//! and organisation and repository names.
//!
//! The facts live in YAML under `data/`, built into the binary and parsed once on first
//! use; a unit test checks them once (ids, CWE format, patches that fit their snippets).
//! Every API renders them in its own vocabulary (Kolega's `check_id` and `scan_type`, the
//! generic generator's field hints) in its own folder: this module imports nothing else
//! of the crate.

mod advisory;
mod code;
mod names;
mod rule;
mod stack;
mod template;
mod weakness;

#[cfg(test)]
mod check;

pub(crate) use advisory::{Advisory, advisories, advisory};
pub(crate) use code::code;
pub(crate) use names::{generated_repositories, organizations, people, pull_requests, repositories, repository_names};
pub(crate) use rule::{Cvss, Rule, Scanner, Severity, cvss_rating, find, rules};
pub(crate) use stack::{Stack, expand, package_name};
pub(crate) use template::{capitalise, substitute};
pub(crate) use weakness::{Weakness, fill, weaknesses};

/// Parses one built-in data file; they are checked by the unit tests, so a failure here is
/// a bug in the crate, not in anything a request controls.
fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> T {
    match yaml_serde::from_str(text) {
        Ok(value) => value,
        Err(e) => panic!("built-in catalog file {name} is malformed: {e}"),
    }
}
