//! A scenario's `apis.kolega` section to Kolega's world. `section` is the section as
//! written (`timing` its speed profiles, `bounds` the totals it may reach, checked before
//! anything is built); `organization`, `history` and `findings` generate the world from
//! it through the `builder`, which knows no scenario type and never calls them back.
//! Errors name the scenario path of the bad value. Only the model (and the catalog) is
//! imported here: the check that the built world renders within the contract is passed
//! in, since views sit above the model.

mod bounds;
mod builder;
mod findings;
mod history;
mod organization;
pub(crate) mod recorded;
pub(crate) mod section;
mod timing;

use std::collections::HashSet;

use jiff::Timestamp;

use builder::Loader;
use section::Section;

use crate::apis::kolega::model::device::AutoApprove;
use crate::apis::kolega::model::state::KolegaState;
use crate::spec::ApiSpec;
use crate::world::{ApiScenario, Ctx};

/// Refuses a built world the API could not answer, as seen at its clock start.
pub(crate) type ContractCheck = fn(&ApiSpec, &KolegaState, Timestamp) -> Result<(), String>;

/// The behaviour's `init`: a scenario section to state (no section: an empty world).
pub(crate) fn init(ctx: &Ctx<'_>, scenario: Option<&ApiScenario>, check: ContractCheck) -> Result<KolegaState, String> {
    let Some(scenario) = scenario else { return Ok(KolegaState::default()) };
    let section: Section = serde_path_to_error::deserialize(scenario.config.clone())
        .map_err(|e| format!("at {}: {}", e.path(), e.inner()))?;
    bounds::check(&scenario.config, &section)?;
    let mut l = Loader::new(ctx.now(), scenario.seed, section.timing.resolve()?);
    let mut secrets = HashSet::new();
    for (o, input) in section.organizations.iter().enumerate() {
        let at = format!("organizations[{o}]");
        let org = organization::organization(&mut l, input, &at, &mut secrets)?;
        let o = l.add_organization(org);
        for (r, repo) in input.repositories.iter().enumerate() {
            history::load(&mut l, o, r as u32, repo, &format!("{at}.repositories[{r}]"))?;
        }
    }
    let (mut state, start) = l.finish();
    state.pairings.auto_approve = auto_approve(&section, &state)?;
    check(ctx.spec, &state, start)?;
    Ok(state)
}

/// The scenario's `device_flow.auto_approve`, its organisation found by id, slug or name.
fn auto_approve(section: &Section, state: &KolegaState) -> Result<Option<AutoApprove>, String> {
    let Some(input) = &section.device_flow.auto_approve else { return Ok(None) };
    let at = "device_flow.auto_approve";
    if input.after.0 > jiff::SignedDuration::from_hours(24) {
        return Err(format!("{at}.after: at most a day"));
    }
    let wanted = input.organization.as_str();
    let org = state.orgs.iter().position(|o| o.id == wanted || o.slug == wanted || o.name == wanted);
    let org = org.ok_or_else(|| format!("{at}.organization: no organization has the id, slug or name {wanted:?}"))?;
    Ok(Some(AutoApprove { after: input.after.0, org }))
}
