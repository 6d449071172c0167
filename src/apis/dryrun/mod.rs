//! The DryRun Security Simple API as a stateful fake: accounts seen through API keys,
//! repositories, PR scans and their findings, the account-wide findings view, triage,
//! DeepScans with code and SCA findings, configurations, analyzers, custom policies and
//! the daily insights digest.
//!
//! The folder is layered, each layer building only on those before it:
//! - `model`: the state and what it means at an instant. Scans and findings are written
//!   once per load and never change; their progress (queued, running, completed, findings
//!   appearing) is derived from timestamps when a request reads them, so the virtual
//!   clock alone moves the world and a manual jump is exact. An index, built once, keeps
//!   lookups (such as an account's findings newest first) from scanning everything.
//! - `load`: the scenario's `apis.dryrun` section → model, and the checks on an
//!   imported snapshot. Everything a scenario writes is checked against the contract by
//!   rendering it through the views, which `behaviour` hands to loading.
//! - `views`: typed responses borrowing from the model.
//! - `errors`: every error DryRun answers, in its words.
//! - `handlers`: one file per resource; requests change only triage and configurations.
//! - `data`: the DryRun-shaped vocabulary generated worlds are made of.
//!
//! `behaviour` is the table from each `operationId` to its handler.

mod data;
mod errors;
mod handlers;
mod load;
mod model;
mod views;

use std::sync::Arc;

use self::handlers::{accounts, all_findings, assignment, configurations, deepscans, insights, op, scans, triage};
use self::model::state::DryRunState;
use crate::world::{Behaviour, Handlers};

/// The DryRun behaviour.
pub(crate) fn behaviour() -> Arc<dyn Behaviour> {
    let handlers = Handlers::new(|ctx, scenario| load::init(ctx, scenario, views::conformance::component))
        .authenticate(|state: &DryRunState, _ctx, _op, credentials| {
            handlers::access::authenticate(state, credentials.first().map(|c| c.secret.as_str()))
        })
        .decorate(handlers::request_id)
        .on("list_accounts", op(accounts::list))
        .on("list_repositories", op(accounts::repositories))
        .on("list_analyzers", op(accounts::analyzers))
        .on("list_custom_policies", op(accounts::custom_policies))
        .on("list_scans", op(scans::list))
        .on("get_scan", op(scans::get))
        .on("list_repository_findings", op(scans::findings))
        .on("list_all_findings", op(all_findings::list))
        .on("set_finding_triage", op(triage::set))
        .on("get_finding_triage", op(triage::get))
        .on("delete_finding_triage", op(triage::delete))
        .on("list_deepscans", op(deepscans::for_account))
        .on("list_repository_deepscans", op(deepscans::for_repository))
        .on("list_deepscan_results", op(deepscans::code_results))
        .on("list_deepscan_sca_results", op(deepscans::sca_results))
        .on("list_configurations", op(configurations::list))
        .on("create_configuration", op(configurations::create))
        .on("get_configuration", op(configurations::get))
        .on("update_configuration", op(configurations::update))
        .on("delete_configuration", op(configurations::delete))
        .on("assign_configuration_repositories", op(assignment::assign))
        .on("bulk_update_configurations", op(assignment::bulk_update))
        .on("get_insights", op(insights::digest))
        .banner(DryRunState::banner)
        .check_state(load::snapshot::check)
        .scenario_section::<load::scenario::Section>();
    Arc::new(handlers)
}
