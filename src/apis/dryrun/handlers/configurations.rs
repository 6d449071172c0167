//! Configurations: list, create (201), get, update (PUT, partial), delete. A request
//! that names an unknown analyzer slug or code policy, a repository outside the account,
//! or a name another configuration has, is refused with 422 and changes nothing.

use serde_json::Value;

use super::access::{self, DryRunCall};
use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::configuration::{Configuration, Settings};
use crate::apis::dryrun::model::settings::{self, Known};
use crate::apis::dryrun::model::timeline::second;
use crate::apis::dryrun::views::configuration::{ConfigurationView, DeletedConfigurationView};
use crate::reply::{Answer, Refusal};

/// The configuration in the path, if it is in `account`.
fn configuration(call: &DryRunCall<'_>, account: usize) -> Result<usize, Refusal> {
    let id = call.request.path_param("id").unwrap_or_default();
    access::configuration(call, account, id).ok_or_else(|| errors::not_found(call))
}

fn name_taken(call: &DryRunCall<'_>, account: usize, name: &str, except: Option<usize>) -> bool {
    call.state
        .configurations
        .iter()
        .enumerate()
        .any(|(i, c)| c.account == account && c.name == name && Some(i) != except)
}

/// `GET /accounts/{account_id}/configurations`: by name.
pub(crate) fn list(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let state = &*call.state;
    let mut configs: Vec<usize> =
        (0..state.configurations.len()).filter(|&c| state.configurations[c].account == a).collect();
    configs.sort_by(|&x, &y| state.configurations[x].name.cmp(&state.configurations[y].name));
    let list: Vec<ConfigurationView<'_>> = configs.into_iter().map(|c| ConfigurationView::new(state, c)).collect();
    access::data(200, list)
}

/// `GET /accounts/{account_id}/configurations/{id}`.
pub(crate) fn get(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let c = configuration(call, a)?;
    access::data(200, ConfigurationView::new(call.state, c))
}

/// `POST /accounts/{account_id}/configurations`: 201 with the new configuration; the
/// repositories in `repositories` are moved to it.
pub(crate) fn create(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let body = call.request.body.clone().unwrap_or(Value::Null);
    let name = body.pointer("/configuration/name").and_then(Value::as_str).unwrap_or_default().to_string();
    let mut problems = Vec::new();
    if name_taken(call, a, &name, None) {
        problems.push(errors::name_taken(&name));
    }
    let mut settings = Settings::default();
    if let Some(input) = body.pointer("/configuration/configuration")
        && let Err(found) = settings::apply(&mut settings, input, &Known::of(call.state, a))
    {
        problems.extend(errors::settings_problems(&found));
    }
    let mut repos = Vec::new();
    for id in body.get("repositories").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        match access::repository(call, a, Some(id)) {
            Ok(r) => repos.push(r),
            Err(_) => problems.push(errors::repository_not_in_account(id)),
        }
    }
    if !problems.is_empty() {
        return Err(errors::unprocessable(call, &problems));
    }
    let id = fresh_id(call);
    let now = second(call.now);
    call.state.configurations.push(Configuration {
        id: id.clone(),
        account: a,
        name,
        settings,
        created_at: now,
        updated_at: now,
    });
    for r in repos {
        let repo = &mut call.state.repositories[r];
        repo.configuration_id = Some(id.clone());
        repo.updated_at = now;
    }
    access::data(201, ConfigurationView::new(call.state, call.state.configurations.len() - 1))
}

/// A new id no configuration (nor anything else) has.
fn fresh_id(call: &mut DryRunCall<'_>) -> String {
    loop {
        let id = call.uuid();
        let index = &call.state.index;
        let taken = index.accounts.contains_key(&id)
            || index.repos.contains_key(&id)
            || index.findings.contains_key(&id)
            || index.pr_scans.contains_key(&id)
            || index.deepscans.contains_key(&id)
            || call.state.configurations.iter().any(|c| c.id == id)
            || call.state.policies.iter().any(|p| p.id == id);
        if !taken {
            return id;
        }
    }
}

/// `PUT /accounts/{account_id}/configurations/{id}`: what is given replaces what is
/// stored (analyzers merge per slug).
pub(crate) fn update(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let c = configuration(call, a)?;
    let body = call.request.body.clone().unwrap_or(Value::Null);
    let name = body.pointer("/configuration/name").and_then(Value::as_str).map(str::to_string);
    let mut problems = Vec::new();
    if let Some(name) = &name
        && name_taken(call, a, name, Some(c))
    {
        problems.push(errors::name_taken(name));
    }
    let mut settings = call.state.configurations[c].settings.clone();
    if let Some(input) = body.pointer("/configuration/configuration")
        && let Err(found) = settings::apply(&mut settings, input, &Known::of(call.state, a))
    {
        problems.extend(errors::settings_problems(&found));
    }
    if !problems.is_empty() {
        return Err(errors::unprocessable(call, &problems));
    }
    let now = second(call.now);
    let config = &mut call.state.configurations[c];
    if let Some(name) = name {
        config.name = name;
    }
    config.settings = settings;
    config.updated_at = now;
    access::data(200, ConfigurationView::new(call.state, c))
}

/// `DELETE /accounts/{account_id}/configurations/{id}`: its repositories are left
/// without a configuration.
pub(crate) fn delete(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let c = configuration(call, a)?;
    let now = second(call.now);
    let config = call.state.configurations.remove(c);
    let mut unassigned: Vec<usize> = Vec::new();
    for (r, repo) in call.state.repositories.iter_mut().enumerate() {
        if repo.configuration_id.as_deref() == Some(config.id.as_str()) {
            repo.configuration_id = None;
            repo.updated_at = now;
            unassigned.push(r);
        }
    }
    let repos = &call.state.repositories;
    unassigned.sort_by(|&x, &y| (&repos[x].name, &repos[x].id).cmp(&(&repos[y].name, &repos[y].id)));
    access::data(
        200,
        DeletedConfigurationView {
            id: &config.id,
            name: &config.name,
            deleted: true,
            unassigned_repository_ids: unassigned.iter().map(|&r| repos[r].id.as_str()).collect(),
        },
    )
}
