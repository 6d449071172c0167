//! Who and what is scanned: accounts, the API keys that see them, and repositories.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Provider {
    Github,
    Gitlab,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) org_name: String,
    pub(crate) provider: Provider,
    pub(crate) active: bool,
    pub(crate) created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ApiKey {
    pub(crate) key: String,
    pub(crate) name: Option<String>,
    /// Indices of the accounts the key can see.
    pub(crate) accounts: Vec<usize>,
}

/// The language a repository is mostly written in: it picks file paths and the SCA
/// ecosystem of generated findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Language {
    Go,
    Typescript,
    Python,
    Ruby,
    Java,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Repository {
    pub(crate) id: String,
    pub(crate) account: usize,
    pub(crate) name: String,
    pub(crate) full_name: String,
    pub(crate) provider_repo_id: String,
    pub(crate) default_branch: String,
    pub(crate) private: bool,
    pub(crate) enabled: bool,
    pub(crate) configuration_id: Option<String>,
    pub(crate) language: Language,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}
