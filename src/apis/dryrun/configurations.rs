//! Configurations: list, create (201), get, update (PUT, partial), delete. A request
//! that names an unknown analyzer slug or code policy, a repository outside the account,
//! or a name another configuration has, is refused with 422 and changes nothing.

use serde_json::{Value, json};

use super::access::{self, Answer, DryRunCall};
use super::render;
use crate::apis::dryrun::model::configuration::{Configuration, Settings};
use crate::apis::dryrun::model::settings::{self, Known};
use crate::apis::dryrun::model::timeline::second;

/// The configuration in the path, if it is in `account`.
fn configuration(call: &DryRunCall<'_>, account: usize) -> Result<usize, access::Refusal> {
    let id = call.request.path_param("id").unwrap_or_default();
    find(call, account, id).ok_or_else(|| access::not_found(call))
}

pub(crate) fn find(call: &DryRunCall<'_>, account: usize, id: &str) -> Option<usize> {
    call.state.configurations.iter().position(|c| c.account == account && c.id.eq_ignore_ascii_case(id))
}

fn name_taken(call: &DryRunCall<'_>, account: usize, name: &str, except: Option<usize>) -> bool {
    call.state
        .configurations
        .iter()
        .enumerate()
        .any(|(i, c)| c.account == account && c.name == name && Some(i) != except)
}

fn refuse(call: &DryRunCall<'_>, problems: &[String]) -> access::Refusal {
    access::refuse(call, 422, &problems.join("; "))
}

/// `GET /accounts/{account_id}/configurations`: by name.
pub(crate) fn list(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let mut configs: Vec<usize> =
        (0..call.state.configurations.len()).filter(|&c| call.state.configurations[c].account == a).collect();
    configs.sort_by(|&x, &y| call.state.configurations[x].name.cmp(&call.state.configurations[y].name));
    let list: Vec<Value> = configs.into_iter().map(|c| render::configuration(call.state, c)).collect();
    access::data(200, json!(list))
}

/// `GET /accounts/{account_id}/configurations/{id}`.
pub(crate) fn get(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let c = configuration(call, a)?;
    access::data(200, render::configuration(call.state, c))
}

/// `POST /accounts/{account_id}/configurations`: 201 with the new configuration; the
/// repositories in `repositories` are moved to it.
pub(crate) fn create(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let body = call.request.body.clone().unwrap_or(Value::Null);
    let name = body.pointer("/configuration/name").and_then(Value::as_str).unwrap_or_default().to_string();
    let mut problems = Vec::new();
    if name_taken(call, a, &name, None) {
        problems.push(format!("name '{name}' has already been taken"));
    }
    let mut settings = Settings::default();
    if let Some(input) = body.pointer("/configuration/configuration")
        && let Err(found) = settings::apply(&mut settings, input, &Known::of(call.state, a))
    {
        problems.extend(found);
    }
    let mut repos = Vec::new();
    for id in body.get("repositories").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        match access::repository(call, a, Some(id)) {
            Ok(r) => repos.push(r),
            Err(_) => problems.push(format!("repository not found in this account: {id}")),
        }
    }
    if !problems.is_empty() {
        return Err(refuse(call, &problems));
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
    access::data(201, render::configuration(call.state, call.state.configurations.len() - 1))
}

/// A new id no configuration (nor anything else) has.
pub(crate) fn fresh_id(call: &mut DryRunCall<'_>) -> String {
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
        problems.push(format!("name '{name}' has already been taken"));
    }
    let mut settings = call.state.configurations[c].settings.clone();
    if let Some(input) = body.pointer("/configuration/configuration")
        && let Err(found) = settings::apply(&mut settings, input, &Known::of(call.state, a))
    {
        problems.extend(found);
    }
    if !problems.is_empty() {
        return Err(refuse(call, &problems));
    }
    let now = second(call.now);
    let config = &mut call.state.configurations[c];
    if let Some(name) = name {
        config.name = name;
    }
    config.settings = settings;
    config.updated_at = now;
    access::data(200, render::configuration(call.state, c))
}

/// `DELETE /accounts/{account_id}/configurations/{id}`: its repositories are left
/// without a configuration.
pub(crate) fn delete(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let c = configuration(call, a)?;
    let now = second(call.now);
    let config = call.state.configurations.remove(c);
    let mut unassigned: Vec<(String, String)> = Vec::new();
    for repo in &mut call.state.repositories {
        if repo.configuration_id.as_deref() == Some(config.id.as_str()) {
            repo.configuration_id = None;
            repo.updated_at = now;
            unassigned.push((repo.name.clone(), repo.id.clone()));
        }
    }
    unassigned.sort();
    let ids: Vec<String> = unassigned.into_iter().map(|(_, id)| id).collect();
    access::data(200, json!({"id": config.id, "name": config.name, "deleted": true, "unassigned_repository_ids": ids}))
}
