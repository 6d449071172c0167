//! Accounts as the section writes them, with their custom policies, configurations and
//! repositories (written out and generated); the keys that see them; and the analyzer
//! catalogue. Scans and findings are added afterwards (`explicit`, `history`).

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use super::builder::Builder;
use super::scenario::{AccountSpec, ConfigurationSpec, KeySpec};
use crate::apis::dryrun::data::{analyzers, code};
use crate::apis::dryrun::model::account::{Account, ApiKey, Language, Repository};
use crate::apis::dryrun::model::configuration::{Analyzer, Configuration, CustomPolicy, Settings};
use crate::apis::dryrun::model::entity::Entity;
use crate::apis::dryrun::model::settings::{self, Known};
use crate::apis::dryrun::model::timeline::second;

/// The analyzer catalogue: the section's (each checked against the contract) or DryRun's
/// own, by name; slugs are unique.
pub(crate) fn analyzers(b: &mut Builder<'_>, given: Option<&[Analyzer]>) -> Result<(), String> {
    b.state.analyzers = given.map(<[Analyzer]>::to_vec).unwrap_or_else(analyzers::catalogue);
    b.state.analyzers.sort_by(|x, y| x.name.cmp(&y.name));
    let mut slugs = HashSet::new();
    for i in 0..b.state.analyzers.len() {
        if !slugs.insert(b.state.analyzers[i].slug.clone()) {
            return Err(format!("analyzers: slug '{}' is used twice", b.state.analyzers[i].slug));
        }
        if given.is_some() {
            b.check(format!("analyzers[{i}]"), Entity::Analyzer(i));
        }
    }
    Ok(())
}

/// The API keys, each seeing the accounts it names (by `org_name` or id).
pub(crate) fn keys(b: &mut Builder<'_>, keys: &[KeySpec]) -> Result<(), String> {
    for (k, key) in keys.iter().enumerate() {
        let mut accounts = Vec::new();
        for name in &key.accounts {
            let found = b.state.accounts.iter().position(|a| a.org_name == *name || a.id.eq_ignore_ascii_case(name));
            accounts.push(found.ok_or_else(|| format!("keys[{k}].accounts: no account '{name}'"))?);
        }
        if key.key.trim().is_empty() || b.state.keys.iter().any(|other| other.key == key.key) {
            return Err(format!("keys[{k}].key: empty or used twice"));
        }
        b.state.keys.push(ApiKey { key: key.key.clone(), name: key.name.clone(), accounts });
    }
    Ok(())
}

/// Account `a` as `spec` describes it, with its custom policies, configurations and
/// repositories (written out, then generated); returns the repositories' positions, the
/// written ones first, in the order `spec` lists them.
pub(crate) fn account(b: &mut Builder<'_>, spec: &AccountSpec, a: usize, at: &str) -> Result<Vec<usize>, String> {
    if b.state.accounts.iter().any(|other| other.org_name == spec.org_name) {
        return Err(format!("{at}.org_name: '{}' is used twice", spec.org_name));
    }
    let account = Account {
        id: b.id(spec.id.as_deref(), at)?,
        org_name: spec.org_name.clone(),
        provider: spec.provider_type,
        active: spec.active,
        created_at: b.when(spec.created_at.as_deref().unwrap_or("400d"), &format!("{at}.created_at"))?,
    };
    let account_created = account.created_at;
    b.state.accounts.push(account);
    b.check(at.to_string(), Entity::Account(a));

    for (p, policy) in spec.custom_policies.iter().enumerate() {
        let here = format!("{at}.custom_policies[{p}]");
        let created_at = b.when(policy.created_at.as_deref().unwrap_or("120d"), &format!("{here}.created_at"))?;
        let updated_at = match &policy.updated_at {
            Some(t) => b.when(t, &format!("{here}.updated_at"))?,
            None => created_at,
        };
        let id = b.id(policy.id.as_deref(), &here)?;
        b.state.policies.push(CustomPolicy {
            id,
            account: a,
            name: policy.name.clone(),
            description: policy.description.clone(),
            enabled: policy.enabled,
            created_at,
            updated_at,
        });
        b.check(here, Entity::Policy(b.state.policies.len() - 1));
    }
    let first_config = b.state.configurations.len();
    for (c, config) in spec.configurations.iter().enumerate() {
        configuration(b, config, a, &format!("{at}.configurations[{c}]"))?;
    }

    let first_repo = b.state.repositories.len();
    for (r, repo) in spec.repositories.iter().enumerate() {
        let here = format!("{at}.repositories[{r}]");
        if b.state.repositories[first_repo..].iter().any(|other| other.name == repo.name) {
            return Err(format!("{here}.name: '{}' is used twice", repo.name));
        }
        let configuration_id = match &repo.configuration {
            Some(name) => Some(
                b.state.configurations[first_config..]
                    .iter()
                    .find(|c| c.name == *name)
                    .map(|c| c.id.clone())
                    .ok_or_else(|| format!("{here}.configuration: no configuration '{name}' in this account"))?,
            ),
            None => None,
        };
        let language = repo.language.unwrap_or_else(|| code::language_of(&repo.name).unwrap_or(Language::Go));
        // No repository is connected before its account exists.
        let created_at = match repo.created_at.as_deref() {
            Some(t) => b.when(t, &format!("{here}.created_at"))?,
            None => b.when("365d", &here)?.max(account_created),
        };
        if created_at < account_created {
            return Err(format!("{here}.created_at: before the account was created ({account_created})"));
        }
        let id = b.id(repo.id.as_deref(), &here)?;
        let provider_repo_id = repo.provider_repo_id.clone().unwrap_or_else(|| provider_repo_id(b));
        add_repository(b, a, id, &repo.name, language, created_at, configuration_id, provider_repo_id);
        let r_index = b.state.repositories.len() - 1;
        let repository = &mut b.state.repositories[r_index];
        repository.default_branch = repo.default_branch.clone();
        repository.private = repo.private;
        repository.enabled = repo.enabled;
        b.check(here, Entity::Repository(r_index));
    }
    let taken: HashSet<String> = b.state.repositories[first_repo..].iter().map(|r| r.name.clone()).collect();
    let mut n = 0;
    for _ in 0..spec.generated_repositories {
        let (name, language) = loop {
            let candidate = code::repository(a * 12 + n);
            n += 1;
            if !taken.contains(&candidate.0) {
                break candidate;
            }
        };
        let configuration_id = generated_configuration(b, spec, first_config, &name)?;
        let days = rand::RngExt::random_range(&mut b.rng, 120..700);
        let drawn = b.start - SignedDuration::from_hours(24 * days);
        // Connected after its account was created: a date drawn before that moves to the
        // hours after it (with no second draw, so the rest of the world stays as it was).
        let created_at = if drawn >= account_created {
            drawn
        } else {
            account_created.checked_add(SignedDuration::from_mins(days)).unwrap_or(account_created).min(b.start)
        };
        let id = b.id(None, at)?;
        let provider_repo_id = provider_repo_id(b);
        add_repository(b, a, id, &name, language, second(created_at), configuration_id, provider_repo_id);
    }

    Ok((first_repo..b.state.repositories.len()).collect())
}

#[allow(clippy::too_many_arguments)]
fn add_repository(
    b: &mut Builder<'_>,
    account: usize,
    id: String,
    name: &str,
    language: Language,
    created_at: Timestamp,
    configuration_id: Option<String>,
    provider_repo_id: String,
) {
    let org = &b.state.accounts[account].org_name;
    b.state.repositories.push(
        Repository {
            id,
            account,
            name: name.to_string(),
            full_name: format!("{org}/{name}"),
            provider_repo_id,
            default_branch: "main".into(),
            private: true,
            enabled: true,
            configuration_id,
            language,
            created_at,
            updated_at: created_at,
        }
        .into(),
    );
}

fn provider_repo_id(b: &mut Builder<'_>) -> String {
    rand::RngExt::random_range(&mut b.rng, 600_000_000u64..900_000_000).to_string()
}

/// A generated repository uses the configuration whose pattern matches its name, else
/// (four times in five) the account's first configuration.
fn generated_configuration(
    b: &mut Builder<'_>,
    spec: &AccountSpec,
    first_config: usize,
    name: &str,
) -> Result<Option<String>, String> {
    for (c, config) in spec.configurations.iter().enumerate() {
        if let Some(pattern) = &config.repository_pattern {
            let glob = crate::world::glob::matcher(pattern)
                .map_err(|e| format!("configurations[{c}].repository_pattern: {e}"))?;
            if glob.is_match(name) {
                return Ok(Some(b.state.configurations[first_config + c].id.clone()));
            }
        }
    }
    let default = b.state.configurations.get(first_config).filter(|c| c.account == b.state.accounts.len() - 1);
    Ok(match default {
        Some(c) if rand::RngExt::random_bool(&mut b.rng, 0.8) => Some(c.id.clone()),
        _ => None,
    })
}

/// A configuration of account `a`, its settings applied as a create request would apply
/// them (so a scenario configuration means what the same request would).
fn configuration(b: &mut Builder<'_>, spec: &ConfigurationSpec, a: usize, at: &str) -> Result<(), String> {
    if b.state.configurations.iter().any(|c| c.account == a && c.name == spec.name) {
        return Err(format!("{at}.name: '{}' is used twice", spec.name));
    }
    let mut code_policies = Vec::new();
    for (i, item) in spec.code_policies.iter().enumerate() {
        let policy = b
            .state
            .policies
            .iter()
            .find(|p| p.account == a && (p.name == item.policy || p.id.eq_ignore_ascii_case(&item.policy)))
            .ok_or_else(|| {
                format!("{at}.code_policies[{i}].policy: no custom policy '{}' in this account", item.policy)
            })?;
        code_policies
            .push(json!({"id": policy.id, "enabled": item.enabled, "silent": item.silent, "blocking": item.blocking}));
    }
    // The configuration as a create request would send it (JSON, not a response): it is
    // checked against the request schema and merged by the code requests go through.
    let mut input = json!({"analyzers": spec.analyzers, "code_policies": code_policies});
    if let Some(comment) = &spec.comment {
        input["comment"] = json!(comment);
    }
    if let Some(show) = spec.show_scan_confirmation {
        input["show_scan_confirmation"] = json!(show);
    }
    if let Some(threshold) = spec.risk_threshold {
        input["risk_threshold"] = json!(threshold);
    }
    if let Some(n) = &spec.notifications {
        input["notifications"] =
            json!({"enabled": n.enabled, "deduplicate": n.deduplicate, "integrationNames": n.integration_names});
    }
    b.spec
        .check_component("ConfigurationSettingsInput", &input)
        .map_err(|problems| format!("{at}: {}", problems.join("; ")))?;
    let mut settings = Settings::default();
    settings::apply(&mut settings, &input, &Known::of(&b.state, a)).map_err(|problems| {
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!("{at}: {}", problems.join("; "))
    })?;
    let created_at = b.when(spec.created_at.as_deref().unwrap_or("200d"), &format!("{at}.created_at"))?;
    let id = b.id(spec.id.as_deref(), at)?;
    b.state.configurations.push(Configuration {
        id,
        account: a,
        name: spec.name.clone(),
        settings,
        created_at,
        updated_at: created_at,
    });
    b.check(at.to_string(), Entity::Configuration(b.state.configurations.len() - 1));
    Ok(())
}
