//! What a repository's code looks like: the resources a web service is about, where each
//! language keeps its source, which manifests declare each ecosystem's dependencies.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Code {
    /// What code is about (`orders`, `invoices`, …), plural.
    pub(crate) resources: Vec<String>,
    /// Source file templates per language (`{res}`, `{one}`, `{Cap}`).
    source_files: BTreeMap<String, Vec<String>>,
    /// Manifest and lock files per ecosystem; `*` for any other.
    manifests: BTreeMap<String, Vec<String>>,
    /// The ecosystem of each language's dependencies.
    ecosystems: BTreeMap<String, String>,
}

static CODE: LazyLock<Code> = LazyLock::new(|| super::parse("code.yaml", include_str!("data/code.yaml")));

/// The code facts.
pub(crate) fn code() -> &'static Code {
    &CODE
}

impl Code {
    /// Source file templates of `language` (none for a language the catalog lacks).
    pub(crate) fn source_files(&self, language: &str) -> &[String] {
        self.source_files.get(language).map_or(&[], Vec::as_slice)
    }

    /// The files that declare dependencies of `ecosystem`.
    pub(crate) fn manifests(&self, ecosystem: &str) -> &[String] {
        self.manifests.get(ecosystem).or_else(|| self.manifests.get("*")).map_or(&[], Vec::as_slice)
    }

    /// The ecosystem of `language`'s dependencies.
    pub(crate) fn ecosystem(&self, language: &str) -> Option<&str> {
        self.ecosystems.get(language).map(String::as_str)
    }

    /// The languages the catalog knows.
    #[cfg(test)]
    pub(crate) fn languages(&self) -> impl Iterator<Item = &str> {
        self.source_files.keys().map(String::as_str)
    }
}
