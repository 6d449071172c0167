//! A Kolega repository: a named group of one or more source repositories on a git
//! provider, written in one stack (which decides what scans find there).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::vocabulary::Provider;
use crate::apis::kolega::model::rules::{self, Stack};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Repository {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) archived: bool,
    pub(crate) stack: Stack,
    pub(crate) sources: Vec<SourceRepo>,
    pub(crate) created_at: Timestamp,
    pub(crate) updated_at: Timestamp,
}

impl Repository {
    /// The `owner` part of the name, and the package name its code uses.
    pub(crate) fn owner_and_package(&self) -> (String, String) {
        let owner = self.name.split_once('/').map_or("acme", |(o, _)| o).to_string();
        (owner, rules::package_name(&self.name, self.stack))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SourceRepo {
    pub(crate) full_name: String,
    pub(crate) default_branch: String,
    pub(crate) provider: Provider,
    pub(crate) html_url: Option<String>,
}
