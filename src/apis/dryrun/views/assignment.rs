//! What changing many configurations at once answers: assigning one configuration to
//! repositories (`AssignRepositoriesResponse`), and one update applied to several
//! configurations (`BulkUpdateResponse`).

use serde::Serialize;

use super::configuration::ConfigurationView;

/// `AssignRepositoriesResponse`.
#[derive(Debug, Serialize)]
pub(crate) struct AssignmentView<'a> {
    pub(crate) configuration_id: &'a str,
    pub(crate) assigned_count: usize,
    pub(crate) assigned: Vec<AssignedRepositoryView<'a>>,
    pub(crate) unmatched_repository_ids: &'a [String],
    pub(crate) unmatched_repository_names: &'a [String],
    pub(crate) repository_pattern: Option<&'a str>,
    pub(crate) pattern_matched_count: usize,
}

/// `AssignedRepository`: a repository moved to the configuration, and where from.
#[derive(Debug, Serialize)]
pub(crate) struct AssignedRepositoryView<'a> {
    pub(crate) id: &'a str,
    pub(crate) name: &'a str,
    pub(crate) previous_configuration_id: Option<&'a str>,
}

/// `BulkUpdateResponse`.
#[derive(Debug, Serialize)]
pub(crate) struct BulkUpdateView<'a> {
    pub(crate) updated_count: usize,
    pub(crate) failed_count: usize,
    pub(crate) results: Vec<BulkResultView<'a>>,
}

/// `BulkUpdateResult`: one configuration id of the request and what became of it.
#[derive(Debug, Serialize)]
pub(crate) struct BulkResultView<'a> {
    pub(crate) configuration_id: &'a str,
    pub(crate) status: BulkStatus,
    pub(crate) error: Option<String>,
    /// Only on `updated` results (the key is left out on the others).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) configuration: Option<ConfigurationView<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum BulkStatus {
    Updated,
    NotFound,
}
