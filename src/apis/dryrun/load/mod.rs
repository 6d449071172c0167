//! Scenario → model: the `apis.dryrun` section of a scenario (`scenario`, with its scans in
//! `scenario_scans` and generated history in `scenario_history`) becomes a `DryRunState`
//! once per load.
//!
//! `bounds` first projects how big the section would make the world and refuses what is
//! too big, before anything is built. Then the generators fill a `Builder` (`builder`),
//! which holds the world so far and calls none of them back: `accounts` (accounts,
//! policies, configurations, repositories, keys, analyzers), `explicit` (the scans and
//! findings the scenario writes out), `history` (generated activity, in
//! `history_pull_requests` and `history_deepscans`, drawing through `draws` and writing
//! findings with `synth`), and `finalize` (when each finding appears). Every reference is
//! resolved and every id checked for uniqueness, and everything the scenario wrote is
//! rendered and checked against the contract's schemas, so a scenario that would make the
//! API answer outside its contract is refused at load, naming the field at fault.
//!
//! `snapshot` checks an imported state, the other way a world is loaded.

mod accounts;
mod bounds;
mod builder;
mod draws;
mod explicit;
mod finalize;
mod history;
mod history_deepscans;
mod history_pull_requests;
pub(crate) mod scenario;
mod scenario_history;
mod scenario_scans;
pub(crate) mod snapshot;
mod synth;

use jiff::Timestamp;

use self::builder::Builder;
use self::finalize::Render;
use self::scenario::Section;
use crate::apis::dryrun::data::analyzers;
use crate::apis::dryrun::model::state::DryRunState;
use crate::spec::ApiSpec;
use crate::world::{ApiScenario, Ctx};

/// Builds the state a scenario section describes (an empty world without one); `render`
/// is how the views show what the scenario wrote, for the contract check.
pub(crate) fn init(ctx: &Ctx<'_>, scenario: Option<&ApiScenario>, render: Render) -> Result<DryRunState, String> {
    let Some(scenario) = scenario else {
        return Ok(DryRunState { analyzers: analyzers::catalogue(), ..DryRunState::default() });
    };
    let section: Section = serde_path_to_error::deserialize(scenario.config.clone())
        .map_err(|e| format!("at {}: {}", e.path(), e.inner()))?;
    bounds::check(&scenario.config, &section)?;
    build(ctx.spec, &section, scenario.seed, ctx.now(), render)
}

/// The section's world, starting at `start`: accounts one after another (each with its
/// written scans, then its generated history), then the keys.
fn build(
    spec: &ApiSpec,
    section: &Section,
    seed: u64,
    start: Timestamp,
    render: Render,
) -> Result<DryRunState, String> {
    let mut b = Builder::new(spec, seed, start, &section.timing)?;
    accounts::analyzers(&mut b, section.analyzers.as_deref())?;
    for (a, account) in section.accounts.iter().enumerate() {
        let at = format!("accounts[{a}]");
        let repos = accounts::account(&mut b, account, a, &at)?;
        for (r, repo) in account.repositories.iter().enumerate() {
            explicit::scans(&mut b, repos[r], repo, &format!("{at}.repositories[{r}]"))?;
        }
        if let Some(history) = &account.history {
            history::generate(&mut b, a, account, history, &repos, &format!("{at}.history"))?;
        }
    }
    accounts::keys(&mut b, &section.keys)?;
    finalize::finalize(&mut b)?;
    let start = b.start;
    let (state, checks) = b.finish();
    finalize::check_rendered(spec, &state, &checks, start, render)?;
    Ok(state)
}
