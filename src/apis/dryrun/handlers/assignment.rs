//! Configuration changes across many things at once: assigning one configuration to
//! repositories picked by id, by name and by a glob on the name, and applying one
//! partial update to several configurations.

use serde_json::Value;

use super::access::{self, DryRunCall};
use crate::apis::dryrun::errors;
use crate::apis::dryrun::model::configuration::Settings;
use crate::apis::dryrun::model::settings::{self, Known};
use crate::apis::dryrun::model::timeline::second;
use crate::apis::dryrun::views::assignment::{
    AssignedRepositoryView, AssignmentView, BulkResultView, BulkStatus, BulkUpdateView,
};
use crate::apis::dryrun::views::configuration::ConfigurationView;
use crate::reply::Answer;

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
    let c = access::configuration(call, a, config_id).ok_or_else(|| errors::not_found(call))?;
    let ids = strings(&body, "repository_ids");
    let names = strings(&body, "repository_names");
    let pattern = body.get("repository_pattern").and_then(Value::as_str).map(str::to_string);
    let matcher = match &pattern {
        Some(p) => match crate::world::glob::matcher(p) {
            Ok(glob) => Some(glob),
            Err(e) => return Err(errors::invalid_pattern(call, e)),
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
        return Err(errors::nothing_to_assign(call));
    }

    let now = second(call.now);
    let config_id = call.state.configurations[c].id.clone();
    let mut previous = Vec::new();
    for &r in &selected {
        let repo = &mut call.state.repositories[r];
        previous.push(repo.configuration_id.replace(config_id.clone()));
        repo.updated_at = now;
    }
    let state = &*call.state;
    let assigned: Vec<AssignedRepositoryView<'_>> = selected
        .iter()
        .zip(&previous)
        .map(|(&r, previous)| AssignedRepositoryView {
            id: &state.repositories[r].id,
            name: &state.repositories[r].name,
            previous_configuration_id: previous.as_deref(),
        })
        .collect();
    access::data(
        200,
        AssignmentView {
            configuration_id: &state.configurations[c].id,
            assigned_count: assigned.len(),
            assigned,
            unmatched_repository_ids: &unmatched_ids,
            unmatched_repository_names: &unmatched_names,
            repository_pattern: pattern.as_deref(),
            pattern_matched_count: pattern_matched,
        },
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
        return Err(errors::unprocessable(call, &errors::settings_problems(&problems)));
    }
    let now = second(call.now);
    // An id listed twice is one configuration: updated, shown and counted once.
    let mut seen = std::collections::HashSet::new();
    let mut ids = strings(&body, "configuration_ids").unwrap_or_default();
    ids.retain(|id| seen.insert(id.to_ascii_lowercase()));
    // Each id's configuration, or why it was not updated.
    let mut outcomes: Vec<Result<usize, String>> = Vec::new();
    for id in &ids {
        let Some(c) = access::configuration(call, a, id) else {
            outcomes.push(Err(errors::NOT_FOUND.to_string()));
            continue;
        };
        let mut settings = call.state.configurations[c].settings.clone();
        if let Err(problems) = settings::apply(&mut settings, &updates, &Known::of(call.state, a)) {
            outcomes.push(Err(errors::settings_problems(&problems).join("; ")));
            continue;
        }
        let config = &mut call.state.configurations[c];
        config.settings = settings;
        config.updated_at = now;
        outcomes.push(Ok(c));
    }
    // Shown once all are applied.
    let state = &*call.state;
    let results: Vec<BulkResultView<'_>> = ids
        .iter()
        .zip(outcomes)
        .map(|(id, outcome)| match outcome {
            Ok(c) => BulkResultView {
                configuration_id: &state.configurations[c].id,
                status: BulkStatus::Updated,
                error: None,
                configuration: Some(ConfigurationView::new(state, c)),
            },
            Err(error) => BulkResultView {
                configuration_id: id,
                status: BulkStatus::NotFound,
                error: Some(error),
                configuration: None,
            },
        })
        .collect();
    let updated = results.iter().filter(|r| r.status == BulkStatus::Updated).count();
    access::data(200, BulkUpdateView { updated_count: updated, failed_count: results.len() - updated, results })
}
