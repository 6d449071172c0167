//! Configuration changes across many things at once: assigning one configuration to
//! repositories picked by id, by name and by a glob on the name, and applying one
//! partial update to several configurations.

use serde_json::{Value, json};

use super::access::{self, Answer, DryRunCall};
use super::configurations::find;
use super::render;
use crate::apis::dryrun::model::configuration::Settings;
use crate::apis::dryrun::model::settings::{self, Known};
use crate::apis::dryrun::model::timeline::second;

fn strings(body: &Value, key: &str) -> Option<Vec<String>> {
    body.get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).map(str::to_string).collect())
}

/// `POST /accounts/{account_id}/configurations/assign_repositories`.
pub(crate) fn assign(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let body = call.request.body.clone().unwrap_or(Value::Null);
    let config_id = body.get("configuration_id").and_then(Value::as_str).unwrap_or_default();
    let c = find(call, a, config_id).ok_or_else(|| access::not_found(call))?;
    let ids = strings(&body, "repository_ids");
    let names = strings(&body, "repository_names");
    let pattern = body.get("repository_pattern").and_then(Value::as_str).map(str::to_string);
    let matcher = match &pattern {
        Some(p) => match crate::world::glob::matcher(p) {
            Ok(glob) => Some(glob),
            Err(e) => return Err(access::refuse(call, 422, &format!("repository_pattern is not a valid glob: {e}"))),
        },
        None => None,
    };

    let account_repos = call.state.repositories_of(a);
    let mut selected: Vec<usize> = Vec::new();
    let mut select = |r: usize| {
        if !selected.contains(&r) {
            selected.push(r);
        }
    };
    let mut unmatched_ids = Vec::new();
    for id in ids.iter().flatten() {
        match access::repository(call, a, Some(id)) {
            Ok(r) => select(r),
            Err(_) => unmatched_ids.push(id.clone()),
        }
    }
    let mut unmatched_names = Vec::new();
    for name in names.iter().flatten() {
        let repos = &call.state.repositories;
        match account_repos.iter().copied().find(|&r| repos[r].name == *name || repos[r].full_name == *name) {
            Some(r) => select(r),
            None => unmatched_names.push(name.clone()),
        }
    }
    let mut pattern_matched = 0;
    if let Some(matcher) = &matcher {
        for &r in &account_repos {
            if matcher.is_match(&call.state.repositories[r].name) {
                pattern_matched += 1;
                select(r);
            }
        }
    }
    if selected.is_empty() {
        return Err(access::refuse(call, 422, "no repositories to assign"));
    }

    let now = second(call.now);
    let config_id = call.state.configurations[c].id.clone();
    let mut assigned = Vec::new();
    for r in selected {
        let repo = &mut call.state.repositories[r];
        let previous = repo.configuration_id.replace(config_id.clone());
        repo.updated_at = now;
        assigned.push(json!({"id": repo.id, "name": repo.name, "previous_configuration_id": previous}));
    }
    access::data(
        200,
        json!({
            "configuration_id": config_id,
            "assigned_count": assigned.len(),
            "assigned": assigned,
            "unmatched_repository_ids": unmatched_ids,
            "unmatched_repository_names": unmatched_names,
            "repository_pattern": pattern,
            "pattern_matched_count": pattern_matched,
        }),
    )
}

/// `POST /accounts/{account_id}/configurations/bulk_update`: the same partial update to
/// each configuration; an id not in the account is reported, not fatal. Unknown analyzer
/// slugs or code policies refuse the whole request (nothing applied).
pub(crate) fn bulk_update(call: &mut DryRunCall<'_>) -> Answer {
    let a = access::account(call)?;
    let body = call.request.body.clone().unwrap_or(Value::Null);
    let updates = body.get("updates").cloned().unwrap_or(Value::Null);
    if let Err(problems) = settings::apply(&mut Settings::default(), &updates, &Known::of(call.state, a)) {
        return Err(access::refuse(call, 422, &problems.join("; ")));
    }
    let now = second(call.now);
    let mut results = Vec::new();
    let (mut updated, mut failed) = (0, 0);
    for id in strings(&body, "configuration_ids").unwrap_or_default() {
        let Some(c) = find(call, a, &id) else {
            failed += 1;
            results.push(json!({"configuration_id": id, "status": "not_found", "error": "not found"}));
            continue;
        };
        let mut settings = call.state.configurations[c].settings.clone();
        if let Err(problems) = settings::apply(&mut settings, &updates, &Known::of(call.state, a)) {
            failed += 1;
            results.push(json!({"configuration_id": id, "status": "not_found", "error": problems.join("; ")}));
            continue;
        }
        let config = &mut call.state.configurations[c];
        config.settings = settings;
        config.updated_at = now;
        updated += 1;
        let rendered = render::configuration(call.state, c);
        results.push(json!({
            "configuration_id": call.state.configurations[c].id,
            "status": "updated",
            "error": null,
            "configuration": rendered,
        }));
    }
    access::data(200, json!({"updated_count": updated, "failed_count": failed, "results": results}))
}
