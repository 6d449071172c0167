//! Configurations with their settings (`Configuration`, `ConfigurationSettings`), and what
//! deleting one answers.

use indexmap::IndexMap;
use jiff::Timestamp;
use serde::Serialize;

use crate::apis::dryrun::model::configuration::{AnalyzerSetting, Settings};
use crate::apis::dryrun::model::state::DryRunState;

/// `Configuration`.
#[derive(Debug, Serialize)]
pub(crate) struct ConfigurationView<'a> {
    id: &'a str,
    name: &'a str,
    configuration: SettingsView<'a>,
    /// The repositories that use it, by name.
    repository_ids: Vec<&'a str>,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl<'a> ConfigurationView<'a> {
    /// Configuration `c`.
    pub(crate) fn new(state: &'a DryRunState, c: usize) -> Self {
        let config = &state.configurations[c];
        let mut repos: Vec<_> =
            state.repositories.iter().filter(|r| r.configuration_id.as_deref() == Some(config.id.as_str())).collect();
        repos.sort_by(|a, b| a.name.cmp(&b.name));
        ConfigurationView {
            id: &config.id,
            name: &config.name,
            configuration: SettingsView::new(state, &config.settings),
            repository_ids: repos.iter().map(|r| r.id.as_str()).collect(),
            created_at: config.created_at,
            updated_at: config.updated_at,
        }
    }
}

/// `ConfigurationSettings`.
#[derive(Debug, Serialize)]
struct SettingsView<'a> {
    comment: &'a str,
    show_scan_confirmation: bool,
    risk_threshold: u64,
    /// By slug, in the order they were first set; each `{enabled, silent, blocking}`.
    analyzers: &'a IndexMap<String, AnalyzerSetting>,
    code_policies: Vec<CodePolicySettingView<'a>>,
    notifications: NotificationsView<'a>,
}

/// `CodePolicySetting`: a policy setting names its policy by id.
#[derive(Debug, Serialize)]
struct CodePolicySettingView<'a> {
    id: &'a str,
    enabled: bool,
    silent: bool,
    blocking: bool,
}

/// `Notifications` (DryRun spells the list in camel case).
#[derive(Debug, Serialize)]
struct NotificationsView<'a> {
    enabled: bool,
    deduplicate: bool,
    #[serde(rename = "integrationNames")]
    integration_names: &'a [String],
}

impl<'a> SettingsView<'a> {
    fn new(state: &'a DryRunState, settings: &'a Settings) -> Self {
        SettingsView {
            comment: &settings.comment,
            show_scan_confirmation: settings.show_scan_confirmation,
            risk_threshold: settings.risk_threshold,
            analyzers: &settings.analyzers,
            code_policies: settings
                .code_policies
                .iter()
                .map(|c| CodePolicySettingView {
                    id: &state.policies[c.policy].id,
                    enabled: c.enabled,
                    silent: c.silent,
                    blocking: c.blocking,
                })
                .collect(),
            notifications: NotificationsView {
                enabled: settings.notifications.enabled,
                deduplicate: settings.notifications.deduplicate,
                integration_names: &settings.notifications.integration_names,
            },
        }
    }
}

/// `ConfigurationDeleteResponse`: the deleted configuration and the repositories (by name)
/// it leaves without one.
#[derive(Debug, Serialize)]
pub(crate) struct DeletedConfigurationView<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    /// Always true: a configuration that is not there is a 404.
    pub(crate) deleted: bool,
    pub(crate) unassigned_repository_ids: Vec<&'a str>,
}
