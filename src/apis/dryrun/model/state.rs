//! The DryRun world as data: accounts, keys, repositories, PR scans, DeepScans, findings,
//! configurations, analyzers and custom policies. Relations inside the state are indices
//! (repositories, scans and findings are never deleted); ids are what the API shows.
//!
//! Scans and findings are written once, when the scenario loads. What changes with time
//! (a scan's status, when its findings appear) is derived from their timestamps when read
//! (`timeline`), so a manual clock jump is exact. Only triage, configurations and
//! configuration assignments change through the API.

use serde::{Deserialize, Serialize};

use super::account::{Account, ApiKey, Repository};
use super::configuration::{Analyzer, Configuration, CustomPolicy};
use super::finding::Finding;
use super::index::Index;
use super::scan::{DeepScan, PrScan};
use crate::fragments::Stamped;

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct DryRunState {
    pub(crate) accounts: Vec<Account>,
    pub(crate) keys: Vec<ApiKey>,
    /// The analyzer catalogue (the same for every account).
    pub(crate) analyzers: Vec<Analyzer>,
    pub(crate) repositories: Vec<Stamped<Repository>>,
    pub(crate) pr_scans: Vec<PrScan>,
    pub(crate) deepscans: Vec<DeepScan>,
    pub(crate) findings: Vec<Stamped<Finding>>,
    pub(crate) configurations: Vec<Configuration>,
    pub(crate) policies: Vec<CustomPolicy>,
    /// Lookups derived from the above; rebuilt on first use after a load or an import.
    #[serde(skip)]
    pub(crate) index: Index,
}

impl DryRunState {
    /// What the start-up banner says about this world: its size, and which key sees what.
    pub(crate) fn banner(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} accounts, {} repositories, {} PR scans, {} DeepScans, {} findings",
            self.accounts.len(),
            self.repositories.len(),
            self.pr_scans.len(),
            self.deepscans.len(),
            self.findings.len()
        )];
        for key in &self.keys {
            let orgs: Vec<&str> = key.accounts.iter().map(|&a| self.accounts[a].org_name.as_str()).collect();
            let name = key.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            lines.push(format!("key {}{name} sees {}", key.key, orgs.join(", ")));
        }
        lines
    }

    /// The account's repositories, by name (how every list of them is ordered).
    pub(crate) fn repositories_of(&self, account: usize) -> Vec<usize> {
        let mut repos: Vec<usize> =
            (0..self.repositories.len()).filter(|&r| self.repositories[r].account == account).collect();
        repos.sort_by(|&x, &y| self.repositories[x].name.cmp(&self.repositories[y].name));
        repos
    }
}
