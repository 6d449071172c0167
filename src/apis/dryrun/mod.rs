//! The DryRun Security Simple API as a stateful fake: accounts seen through API keys,
//! repositories, PR scans and their findings, the account-wide findings view, triage,
//! DeepScans with code and SCA findings, configurations, analyzers, custom policies and
//! the daily insights digest.
//!
//! The state (`state`) is built from the scenario's `apis.dryrun` section (`scenario`,
//! `build`, `explicit`, `history`) once per load; scans and findings never change after
//! that. Their progress (a PR scan or DeepScan going from queued to running to completed,
//! its findings appearing) is derived from timestamps when a request reads them
//! (`timeline`), so the virtual clock alone moves the world and a manual jump is exact.
//! Requests change only triage and configurations. Lookups go through `index`, which
//! keeps each account's findings ordered by time so `all_findings` does not scan
//! everything.

mod access;
mod accounts;
mod all_findings;
mod assignment;
mod configurations;
mod data;
mod deepscans;
mod insights;
mod load;
mod model;
mod pagination;
mod render;
mod render_findings;
mod scans;
mod triage;

use std::sync::Arc;

use access::{Answer, DryRunCall};
use model::state::DryRunState;

use crate::world::{Behaviour, Handlers};

/// Every handler first makes sure the index is there (an imported snapshot has none).
fn op(handler: fn(&mut DryRunCall<'_>) -> Answer) -> impl Fn(&mut DryRunCall<'_>) -> Answer + Send + Sync + 'static {
    move |call| {
        call.state.ensure_index();
        handler(call)
    }
}

/// The DryRun behaviour.
pub fn behaviour() -> Arc<dyn Behaviour> {
    let handlers = Handlers::new(|ctx, scenario| load::init(ctx, scenario, render::component))
        .authenticate(|state: &DryRunState, _ctx, _op, credentials| {
            access::authenticate(state, credentials.first().map(|c| c.secret.as_str()))
        })
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
