//! Organisation and repository names.

use std::sync::LazyLock;

use serde::Deserialize;

/// A repository: a service's name and the language it is written in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepositoryName {
    pub(crate) name: String,
    /// `go`, `typescript`, `python`, `java` or `ruby`.
    pub(crate) language: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    organizations: Vec<String>,
    repositories: Vec<RepositoryName>,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| super::parse("names.yaml", include_str!("data/names.yaml")));
static ORGANIZATIONS: LazyLock<Vec<&str>> = LazyLock::new(|| NAMES.organizations.iter().map(String::as_str).collect());
static REPOSITORY_NAMES: LazyLock<Vec<&str>> =
    LazyLock::new(|| NAMES.repositories.iter().map(|r| r.name.as_str()).collect());

/// Organisation slugs (`acme`, `globex`, …).
pub(crate) fn organizations() -> &'static [&'static str] {
    &ORGANIZATIONS
}

/// Repositories, without their owner, in a fixed order.
pub(crate) fn repositories() -> &'static [RepositoryName] {
    &NAMES.repositories
}

/// Repository names without their owner (`payments-api`, …).
pub(crate) fn repository_names() -> &'static [&'static str] {
    &REPOSITORY_NAMES
}
