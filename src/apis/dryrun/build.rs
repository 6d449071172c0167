//! Scenario section → state. Accounts, policies, configurations, repositories and keys
//! are built here; explicit scans in `explicit`, generated history in `history`. Every
//! reference is resolved and every id checked for uniqueness, and everything the scenario
//! wrote explicitly is rendered and checked against the contract's schemas, so a scenario
//! that would make the API answer outside its contract is refused at load, naming the
//! field at fault.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Timestamp};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use serde_json::json;

use super::data::{analyzers, code};
use super::scenario::{AccountSpec, ConfigurationSpec, Section, duration, instant};
use super::{explicit, finalize, history};
use crate::apis::dryrun::model::account::{Account, ApiKey, Language, Repository};
use crate::apis::dryrun::model::configuration::{Configuration, CustomPolicy, Settings};
use crate::apis::dryrun::model::finding::{Finding, TriageCategory};
use crate::apis::dryrun::model::scan::{Outcome, Run};
use crate::apis::dryrun::model::settings::{self, Known};
use crate::apis::dryrun::model::state::DryRunState;
use crate::apis::dryrun::model::timeline::second;
use crate::spec::ApiSpec;
use crate::world::new_uuid;

/// Something the scenario wrote that must render within the contract.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Check {
    Account(usize),
    Repository(usize),
    Policy(usize),
    Analyzer(usize),
    Configuration(usize),
    PrScan(usize),
    DeepScan(usize),
    Finding(usize),
}

/// When a finding's scenario triage happened.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TriageTime {
    At(Timestamp),
    AfterAppearing(SignedDuration),
}

pub(crate) struct Builder<'s> {
    pub(crate) spec: &'s ApiSpec,
    /// The scenario's start: ages count back from here.
    pub(crate) start: Timestamp,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) state: DryRunState,
    pub(crate) pr_phases: (SignedDuration, SignedDuration),
    pub(crate) deep_phases: (SignedDuration, SignedDuration),
    /// Findings the scenario gave ids, by id (for `carry_over`).
    pub(crate) named: HashMap<String, usize>,
    pub(crate) triage: Vec<(usize, TriageCategory, TriageTime)>,
    used: HashSet<String>,
    pub(crate) checks: Vec<(String, Check)>,
}

impl<'s> Builder<'s> {
    /// An id: the scenario's (checked to be a UUID nobody else has) or a fresh one.
    pub(crate) fn id(&mut self, given: Option<&str>, at: &str) -> Result<String, String> {
        match given {
            Some(id) => {
                let id = id.to_ascii_lowercase();
                if uuid::Uuid::try_parse(&id).is_err() {
                    return Err(format!("{at}.id: '{id}' is not a UUID"));
                }
                if !self.used.insert(id.clone()) {
                    return Err(format!("{at}.id: '{id}' is used twice"));
                }
                Ok(id)
            }
            None => loop {
                let id = new_uuid(&mut self.rng);
                if self.used.insert(id.clone()) {
                    return Ok(id);
                }
            },
        }
    }

    /// An instant of the scenario, kept within years 1971–8999 so that no arithmetic on
    /// it (scan phases, history windows) can leave the representable range.
    pub(crate) fn when(&self, text: &str, at: &str) -> Result<Timestamp, String> {
        let t = instant(text, self.start).map(second).map_err(|e| format!("{at}: {e}"))?;
        sane(t).map_err(|e| format!("{at}: {e}"))
    }

    pub(crate) fn check(&mut self, at: String, what: Check) {
        self.checks.push((at, what));
    }

    /// The run of a scan requested at `created`, with `(queued, running)` phases.
    pub(crate) fn run(created: Timestamp, phases: (SignedDuration, SignedDuration), outcome: Outcome) -> Run {
        let started_at = created + phases.0;
        Run { created_at: created, started_at, finished_at: started_at + phases.1, outcome }
    }

    pub(crate) fn add_finding(&mut self, finding: Finding) -> usize {
        self.state.findings.push(finding);
        self.state.findings.len() - 1
    }
}

/// Years 1971 to 8999: far from the ends of what a timestamp can hold.
fn sane(t: Timestamp) -> Result<Timestamp, String> {
    let (low, high) = (Timestamp::from_second(31_536_000), Timestamp::from_second(221_845_392_000));
    match (low, high) {
        (Ok(low), Ok(high)) if t >= low && t <= high => Ok(t),
        _ => Err(format!("{t} is outside the years 1971 to 8999")),
    }
}

/// The longest a scan phase, a history or a DeepScan cadence may be.
const LONGEST: SignedDuration = SignedDuration::from_hours(24 * 3650);

/// Builds the state a scenario section describes, starting at `start`.
pub(crate) fn build(spec: &ApiSpec, section: Section, seed: u64, start: Timestamp) -> Result<DryRunState, String> {
    let phases = |p: &super::scenario::Phases, at: &str| -> Result<(SignedDuration, SignedDuration), String> {
        let queued = duration(&p.queued).map_err(|e| format!("{at}.queued: {e}"))?;
        let running = duration(&p.running).map_err(|e| format!("{at}.running: {e}"))?;
        if queued.is_negative() || running <= SignedDuration::ZERO || queued > LONGEST || running > LONGEST {
            return Err(format!(
                "{at}: a scan queues for zero or more and runs for more than zero seconds (at most 10 years)"
            ));
        }
        Ok((queued, running))
    };
    let start = sane(second(start)).map_err(|e| format!("the scenario's clock: {e}"))?;
    let mut b = Builder {
        spec,
        start,
        rng: ChaCha8Rng::seed_from_u64(crate::generate::fingerprint(&[&seed.to_le_bytes(), b"dryrun/scenario"])),
        state: DryRunState::default(),
        pr_phases: phases(&section.timing.pr_scan, "timing.pr_scan")?,
        deep_phases: phases(&section.timing.deepscan, "timing.deepscan")?,
        named: HashMap::new(),
        triage: Vec::new(),
        used: HashSet::new(),
        checks: Vec::new(),
    };
    b.state.analyzers = section.analyzers.clone().unwrap_or_else(analyzers::catalogue);
    b.state.analyzers.sort_by(|x, y| x.name.cmp(&y.name));
    let mut slugs = HashSet::new();
    for i in 0..b.state.analyzers.len() {
        if !slugs.insert(b.state.analyzers[i].slug.clone()) {
            return Err(format!("analyzers: slug '{}' is used twice", b.state.analyzers[i].slug));
        }
        if section.analyzers.is_some() {
            b.check(format!("analyzers[{i}]"), Check::Analyzer(i));
        }
    }
    for (a, spec) in section.accounts.iter().enumerate() {
        account(&mut b, spec, a)?;
    }
    for (k, key) in section.keys.iter().enumerate() {
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
    finalize::finalize(&mut b)?;
    let mut state = std::mem::take(&mut b.state);
    state.ensure_index();
    finalize::check_rendered(&b, &state)?;
    Ok(state)
}

fn account(b: &mut Builder<'_>, spec: &AccountSpec, a: usize) -> Result<(), String> {
    let at = format!("accounts[{a}]");
    if b.state.accounts.iter().any(|other| other.org_name == spec.org_name) {
        return Err(format!("{at}.org_name: '{}' is used twice", spec.org_name));
    }
    let account = Account {
        id: b.id(spec.id.as_deref(), &at)?,
        org_name: spec.org_name.clone(),
        provider: spec.provider_type,
        active: spec.active,
        created_at: b.when(spec.created_at.as_deref().unwrap_or("400d"), &format!("{at}.created_at"))?,
    };
    b.state.accounts.push(account);
    b.check(at.clone(), Check::Account(a));

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
        b.check(here, Check::Policy(b.state.policies.len() - 1));
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
        let language = repo.language.unwrap_or_else(|| {
            code::REPOSITORIES.iter().find(|(n, _)| *n == repo.name).map(|(_, l)| *l).unwrap_or(Language::Go)
        });
        let created_at = b.when(repo.created_at.as_deref().unwrap_or("365d"), &format!("{here}.created_at"))?;
        let id = b.id(repo.id.as_deref(), &here)?;
        let provider_repo_id = repo.provider_repo_id.clone().unwrap_or_else(|| provider_repo_id(b));
        add_repository(b, a, id, &repo.name, language, created_at, configuration_id, provider_repo_id);
        let r_index = b.state.repositories.len() - 1;
        let repository = &mut b.state.repositories[r_index];
        repository.default_branch = repo.default_branch.clone();
        repository.private = repo.private;
        repository.enabled = repo.enabled;
        b.check(here, Check::Repository(r_index));
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
        let created_at = b.start - SignedDuration::from_hours(24 * rand::RngExt::random_range(&mut b.rng, 120..700));
        let id = b.id(None, &at)?;
        let provider_repo_id = provider_repo_id(b);
        add_repository(b, a, id, &name, language, second(created_at), configuration_id, provider_repo_id);
    }

    let repos: Vec<usize> = (first_repo..b.state.repositories.len()).collect();
    for (r, repo) in spec.repositories.iter().enumerate() {
        explicit::scans(b, repos[r], repo, &format!("{at}.repositories[{r}]"))?;
    }
    if let Some(spec_history) = &spec.history {
        let in_history: Vec<usize> = repos
            .iter()
            .copied()
            .filter(|&r| b.state.repositories[r].enabled)
            .filter(|&r| spec.repositories.get(r - first_repo).is_none_or(|s| s.history))
            .collect();
        let extra_branches: HashMap<usize, Vec<String>> =
            spec.repositories.iter().enumerate().map(|(i, s)| (repos[i], s.branches.clone())).collect();
        history::generate(b, a, spec_history, &in_history, &extra_branches, &format!("{at}.history"))?;
    }
    Ok(())
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
    b.state.repositories.push(Repository {
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
    });
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
    settings::apply(&mut settings, &input, &Known::of(&b.state, a)).map_err(|p| format!("{at}: {}", p.join("; ")))?;
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
    b.check(at.to_string(), Check::Configuration(b.state.configurations.len() - 1));
    Ok(())
}
