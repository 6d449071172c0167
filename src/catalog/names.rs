//! Organisation and repository names.

use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    organizations: Vec<String>,
    repositories: Vec<String>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| super::parse("names.yaml", include_str!("data/names.yaml")));
static ORGANIZATIONS: LazyLock<Vec<&str>> = LazyLock::new(|| NAMES.organizations.iter().map(String::as_str).collect());
static REPOSITORIES: LazyLock<Vec<&str>> = LazyLock::new(|| NAMES.repositories.iter().map(String::as_str).collect());

/// Organisation slugs (`acme`, `globex`, …).
pub(crate) fn organizations() -> &'static [&'static str] {
    &ORGANIZATIONS
}

/// Repository names without their owner (`payments-api`, …).
pub(crate) fn repositories() -> &'static [&'static str] {
    &REPOSITORIES
}
