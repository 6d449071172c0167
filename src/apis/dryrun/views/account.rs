//! Accounts and what the account-wide lists show: repositories, the analyzer catalogue and
//! custom code policies.

use jiff::Timestamp;
use serde::Serialize;

use crate::apis::dryrun::model::account::{Account, Provider, Repository};
use crate::apis::dryrun::model::configuration::{Analyzer, CustomPolicy};

/// `Account`.
#[derive(Debug, Serialize)]
pub(crate) struct AccountView<'a> {
    account_id: &'a str,
    org_name: &'a str,
    provider_type: Provider,
    active: bool,
    created_at: Timestamp,
}

impl<'a> AccountView<'a> {
    pub(crate) fn new(account: &'a Account) -> Self {
        AccountView {
            account_id: &account.id,
            org_name: &account.org_name,
            provider_type: account.provider,
            active: account.active,
            created_at: account.created_at,
        }
    }
}

/// `Repository`.
#[derive(Debug, Serialize)]
pub(crate) struct RepositoryView<'a> {
    id: &'a str,
    name: &'a str,
    full_name: &'a str,
    provider_repo_id: &'a str,
    default_branch: &'a str,
    private: bool,
    enabled: bool,
    configuration_id: Option<&'a str>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl<'a> RepositoryView<'a> {
    pub(crate) fn new(repo: &'a Repository) -> Self {
        RepositoryView {
            id: &repo.id,
            name: &repo.name,
            full_name: &repo.full_name,
            provider_repo_id: &repo.provider_repo_id,
            default_branch: &repo.default_branch,
            private: repo.private,
            enabled: repo.enabled,
            configuration_id: repo.configuration_id.as_deref(),
            created_at: repo.created_at,
            updated_at: repo.updated_at,
        }
    }
}

/// `Analyzer`.
#[derive(Debug, Serialize)]
pub(crate) struct AnalyzerView<'a> {
    slug: &'a str,
    name: &'a str,
    description: &'a str,
    category: &'a str,
    enabled: bool,
}

impl<'a> AnalyzerView<'a> {
    pub(crate) fn new(analyzer: &'a Analyzer) -> Self {
        AnalyzerView {
            slug: &analyzer.slug,
            name: &analyzer.name,
            description: &analyzer.description,
            category: &analyzer.category,
            enabled: analyzer.enabled,
        }
    }
}

/// `CustomPolicy`.
#[derive(Debug, Serialize)]
pub(crate) struct PolicyView<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    enabled: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl<'a> PolicyView<'a> {
    pub(crate) fn new(policy: &'a CustomPolicy) -> Self {
        PolicyView {
            id: &policy.id,
            name: &policy.name,
            description: &policy.description,
            enabled: policy.enabled,
            created_at: policy.created_at,
            updated_at: policy.updated_at,
        }
    }
}
