//! Organisation, repository and people's names, and pull-request titles.

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

/// A kind of generated repository (`api`, `worker`, …) and the language it is written in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepositoryKind {
    pub(crate) name: String,
    pub(crate) language: String,
}

/// Names for repositories beyond the named ones: `domain-kind`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GeneratedRepositories {
    pub(crate) domains: Vec<String>,
    pub(crate) kinds: Vec<RepositoryKind>,
}

/// A pull-request title template (`{res}`, `{one}`, `{pkg}`) and its branch prefix.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PullRequestTitle {
    pub(crate) title: String,
    pub(crate) branch: String,
}

/// Pull-request titles, and the packages a dependency bump names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PullRequests {
    pub(crate) titles: Vec<PullRequestTitle>,
    pub(crate) packages: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    organizations: Vec<String>,
    repositories: Vec<RepositoryName>,
    generated_repositories: GeneratedRepositories,
    people: Vec<String>,
    pull_requests: PullRequests,
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

/// How repositories beyond [`repositories`] are named.
pub(crate) fn generated_repositories() -> &'static GeneratedRepositories {
    &NAMES.generated_repositories
}

/// Provider logins of people (`jlee`, …, `dependabot[bot]`).
pub(crate) fn people() -> &'static [String] {
    &NAMES.people
}

/// Pull-request titles and the packages a dependency bump names.
pub(crate) fn pull_requests() -> &'static PullRequests {
    &NAMES.pull_requests
}
