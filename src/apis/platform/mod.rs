//! The self-hosted scanning platform's behaviour: scenario users who log in for JWTs
//! (signed with the scenario's secret, refreshed by single-use rotating refresh tokens) or
//! use API keys with scopes; each user's projects, repositories ingested on the clock into
//! a source snapshot generated from the shared catalog, scans that move through their
//! phases on the clock and report findings located in that snapshot, and triage.
//!
//! The folder is layered, and imports point one way only (down this list):
//! - `handlers/`: one file per resource; each reads the request, changes the model,
//!   answers with a view and carries refusals out with `?`. A handler never imports
//!   another, nor `load/`.
//! - `errors`: every refusal, in the platform's words.
//! - `views/`: the typed response bodies, borrowing from the model, built complete.
//! - `load/`: the scenario section to the model.
//! - `model/`: the state and every rule that moves it. Nothing time changes is stored:
//!   ingest, scan progress and events are derived from the plan and the clock; a
//!   completed scan's findings are due work `catch_up` runs before every request.
//!
//! Every operation of the contract but the documentation routes is answered here.

mod errors;
mod handlers;
mod load;
mod model;
mod views;

use std::sync::Arc;

use handlers::{
    Handler, api_keys, artifacts, auth, billing, cleanup, findings, git_uploads, health, ops, project_rollups,
    projects, repositories, scans, sessions, source,
};
use model::state::PlatformState;

use crate::world::{Behaviour, Handlers};

/// The operations (for an authenticated caller) and the handler answering each.
const OPERATIONS: &[(&str, Handler)] = &[
    ("logout_v1_auth_logout_post", auth::logout),
    ("get_me_v1_auth_me_get", auth::me),
    ("list_api_keys_v1_api_keys__get", api_keys::list),
    ("create_api_key_v1_api_keys__post", api_keys::create),
    ("delete_api_key_v1_api_keys__key_id__delete", api_keys::delete),
    ("list_projects_v1_projects__get", projects::list),
    ("create_project_v1_projects__post", projects::create),
    ("get_project_v1_projects__project_id__get", projects::get),
    ("update_project_v1_projects__project_id__put", projects::update),
    ("delete_project_v1_projects__project_id__delete", projects::delete),
    ("list_project_scans_v1_projects__project_id__scans_get", project_rollups::scans),
    ("list_project_findings_v1_projects__project_id__findings_get", project_rollups::findings),
    ("list_project_events_v1_projects__project_id__events_get", project_rollups::events_of_project),
    ("list_repositories_v1_projects__project_id__repositories_get", repositories::list),
    ("create_repository_v1_projects__project_id__repositories_post", repositories::create),
    ("get_repository_v1_repositories__repo_id__get", repositories::get),
    ("update_repository_v1_repositories__repo_id__put", repositories::update),
    ("delete_repository_v1_repositories__repo_id__delete", repositories::delete),
    ("get_threat_profile_v1_repositories__repo_id__threat_profile_get", repositories::threat_profile),
    ("put_threat_profile_v1_repositories__repo_id__threat_profile_put", repositories::put_threat_profile),
    ("get_source_tree_v1_repositories__repo_id__source_tree_get", source::tree),
    ("get_source_file_v1_repositories__repo_id__source_files__path__get", source::file),
    ("list_scans_v1_repositories__repo_id__scans_get", scans::list),
    ("create_scan_v1_repositories__repo_id__scans_post", scans::create),
    ("get_scan_v1_repositories__repo_id__scans__scan_id__get", scans::get),
    ("cancel_scan_v1_repositories__repo_id__scans__scan_id__delete", scans::cancel),
    ("list_scan_events_v1_repositories__repo_id__scans__scan_id__events_get", scans::list_events),
    ("list_findings_v1_repositories__repo_id__findings_get", findings::list),
    ("get_finding_v1_repositories__repo_id__findings__finding_id__get", findings::get),
    ("update_finding_v1_repositories__repo_id__findings__finding_id__put", findings::update),
    ("get_limits_v1_ops_limits_get", ops::limits),
    ("get_workers_v1_ops_workers_get", ops::list_workers),
    ("trigger_cleanup_v1_ops_cleanup_post", cleanup::trigger),
    ("create_git_upload_v1_git_uploads__post", git_uploads::create),
    ("get_git_upload_v1_git_uploads__upload_id__get", git_uploads::get),
    ("delete_git_upload_v1_git_uploads__upload_id__delete", git_uploads::delete),
    ("get_billing_summary_v1_billing_summary_get", billing::summary),
    ("create_session_v1_sessions__post", sessions::create),
    ("get_session_v1_sessions__session_id__get", sessions::get),
    ("analyze_session_v1_sessions__session_id__analyze_post", sessions::analyze),
    ("list_session_events_v1_sessions__session_id__events_get", sessions::events),
];

/// The platform behaviour: its state built from the scenario, bearer tokens checked
/// against it, and the handler answering each operation.
pub(crate) fn behaviour() -> Arc<dyn Behaviour> {
    let mut behaviour = Handlers::new(load::init)
        .authenticate(handlers::authenticate)
        .banner(PlatformState::banner)
        .work(PlatformState::work)
        .scenario_section::<load::section::Section>()
        .on("login_v1_auth_login_post", handlers::public(auth::login))
        .on("refresh_v1_auth_refresh_post", handlers::public(auth::refresh))
        .on("healthz_v1_healthz_get", handlers::public(health::healthz))
        .on("readyz_v1_readyz_get", handlers::public(health::readyz))
        .on("download_artifact_v1_artifacts__scan_id___file__get", handlers::public(artifacts::download));
    for (operation, handler) in OPERATIONS {
        behaviour = behaviour.on(operation, handlers::for_caller(*handler));
    }
    Arc::new(behaviour)
}
