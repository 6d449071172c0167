//! Building the world from a scenario section: organisations, keys and quotas, then each
//! repository's history (past scan batches, written-out findings, bulk findings, past
//! fixes), then a catch-up to the clock so finished history has produced its findings
//! and events exactly as live traffic would have. Errors name the scenario path of the
//! bad value; data the contract would refuse to answer is refused here.

use std::collections::{HashMap, HashSet};

use jiff::{SignedDuration, Span, Timestamp, ToSpan};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::catalog::Stack;
use super::history;
use super::model::catch_up;
use super::model::events::NewEvent;
use super::model::fix::Fix;
use super::model::fix_run;
use super::model::ids::fingerprint;
use super::model::quota::{Counter, Quota};
use super::model::repository::{Repository, SourceRepo};
use super::model::state::{ApiKey, KEY_PREFIX, KolegaState, Organization};
use super::model::{EventType, FindingStatus, Provider};
use super::scenario::{CounterInput, FixInput, FixOutcome, OrgInput, QuotaInput, RepoInput, Section};
use super::views;
use crate::world::{ApiScenario, Ctx, new_uuid};

/// Everything a load needs at hand.
pub(crate) struct Loader {
    pub(crate) now: Timestamp,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) state: KolegaState,
    ids: HashSet<String>,
    /// Pull requests to open once history has caught up: (org, fix, at).
    prs: Vec<(usize, u32, Timestamp)>,
}

impl Loader {
    /// A pinned id (checked unique) or a fresh one.
    pub(crate) fn id(&mut self, given: Option<&String>, at: &str) -> Result<String, String> {
        let id = match given {
            Some(id) if id.trim().is_empty() => return Err(format!("{at}: an id cannot be empty")),
            Some(id) => id.clone(),
            None => new_uuid(&mut self.rng),
        };
        if !self.ids.insert(id.clone()) {
            return Err(format!("{at}: id {id} is used twice"));
        }
        Ok(id)
    }

    /// `d` before the clock start, within the years a snapshot may hold (1971–8999).
    pub(crate) fn ago(&self, d: SignedDuration, at: &str) -> Result<Timestamp, String> {
        let t = self.now.checked_sub(d).map_err(|_| format!("{at}: {d:#} before the clock start is out of range"))?;
        crate::world::limits::instant(at, t)
    }
}

/// The behaviour's `init`: a scenario section to state (no section: an empty world).
pub(crate) fn init(ctx: &Ctx<'_>, scenario: Option<&ApiScenario>) -> Result<KolegaState, String> {
    let Some(scenario) = scenario else { return Ok(KolegaState::default()) };
    let section: Section = serde_path_to_error::deserialize(scenario.config.clone())
        .map_err(|e| format!("at {}: {}", e.path(), e.inner()))?;
    super::bounds::check(&scenario.config, &section)?;
    let mut l = Loader {
        // History is laid out from a whole second, as a real service's records would be.
        now: ctx
            .now()
            .round(jiff::TimestampRound::new().smallest(jiff::Unit::Second).mode(jiff::RoundMode::Trunc))
            .unwrap_or(ctx.now()),
        rng: ChaCha8Rng::seed_from_u64(fingerprint(&[&scenario.seed.to_le_bytes(), b"kolega"])),
        state: KolegaState { timing: section.timing.resolve()?, ..KolegaState::default() },
        ids: HashSet::new(),
        prs: Vec::new(),
    };
    let mut secrets = HashSet::new();
    for (o, input) in section.organizations.iter().enumerate() {
        let at = format!("organizations[{o}]");
        let org = organization(&mut l, input, &at, &mut secrets)?;
        l.state.orgs.push(org);
        l.state.orgs[o].rebuild();
        l.state.orgs[o].events.loading = true;
        for (r, repo) in input.repositories.iter().enumerate() {
            history::load(&mut l, o, r as u32, repo, &format!("{at}.repositories[{r}]"))?;
        }
    }
    let now = l.now;
    catch_up::run(&mut l.state, now);
    for (o, fix, at) in std::mem::take(&mut l.prs) {
        l.state.orgs[o].attach_pull_request(fix, at, None, None, None);
    }
    for org in &mut l.state.orgs {
        org.events.finish_loading(&org.findings);
    }
    l.state.rebuild();
    views::contract::check(ctx.spec, &l.state, now)?;
    Ok(l.state)
}

fn organization(
    l: &mut Loader,
    input: &OrgInput,
    at: &str,
    secrets: &mut HashSet<String>,
) -> Result<Organization, String> {
    let id = l.id(input.id.as_ref(), &format!("{at}.id"))?;
    let mut keys = Vec::new();
    for (k, key) in input.keys.iter().enumerate() {
        let at = format!("{at}.keys[{k}]");
        let rest = key.key.strip_prefix(KEY_PREFIX).unwrap_or_default();
        if rest.len() < 16 || !rest.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(format!("{at}.key: a key is '{KEY_PREFIX}' followed by at least 16 letters or digits"));
        }
        if !secrets.insert(key.key.clone()) {
            return Err(format!("{at}.key: the same key is given twice"));
        }
        keys.push(ApiKey {
            id: l.id(key.id.as_ref(), &format!("{at}.id"))?,
            name: key.name.clone(),
            secret: key.key.clone(),
            scopes: key.scopes.clone(),
            revoked: key.revoked,
        });
    }
    let mut repos = Vec::new();
    let mut names = HashSet::new();
    for (r, repo) in input.repositories.iter().enumerate() {
        let at = format!("{at}.repositories[{r}]");
        if !names.insert(repo.name.clone()) {
            return Err(format!("{at}.name: {} is listed twice", repo.name));
        }
        repos.push(repository(l, repo, &at)?);
    }
    let slug = input.slug.clone().unwrap_or_else(|| slugify(&input.name));
    Ok(Organization {
        id,
        name: input.name.clone(),
        slug,
        keys,
        repositories: repos,
        quota: quota(l.now, &input.quotas, &format!("{at}.quotas"))?,
        ..Organization::default()
    })
}

fn slugify(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

fn repository(l: &mut Loader, input: &RepoInput, at: &str) -> Result<Repository, String> {
    if !input.name.contains('/') {
        return Err(format!("{at}.name: '{}' is not owner/name", input.name));
    }
    let created_at =
        l.ago(input.created_ago.map_or(SignedDuration::from_hours(120 * 24), |d| d.0), &format!("{at}.created_ago"))?;
    let stack = input.stack.unwrap_or(Stack::ALL[(fingerprint(&[input.name.as_bytes()]) % 4) as usize]);
    let sources = if input.sources.is_empty() {
        vec![SourceRepo {
            full_name: input.name.clone(),
            default_branch: "main".into(),
            provider: Provider::Github,
            html_url: Some(Provider::Github.html_url(&input.name)),
        }]
    } else {
        input
            .sources
            .iter()
            .map(|s| {
                let provider = s.provider.unwrap_or(Provider::Github);
                SourceRepo {
                    full_name: s.full_name.clone(),
                    default_branch: s.default_branch.clone().unwrap_or_else(|| "main".into()),
                    provider,
                    html_url: Some(s.html_url.clone().unwrap_or_else(|| provider.html_url(&s.full_name))),
                }
            })
            .collect()
    };
    Ok(Repository {
        id: l.id(input.id.as_ref(), &format!("{at}.id"))?,
        name: input.name.clone(),
        description: input.description.clone(),
        archived: input.archived,
        stack,
        sources,
        created_at,
        updated_at: created_at,
    })
}

fn counter(input: Option<&CounterInput>, default_plan: u64) -> Counter {
    input.map_or(Counter { plan: default_plan, ..Counter::default() }, |c| Counter {
        plan: c.plan,
        topup: c.topup,
        used: c.used,
        period: 0,
    })
}

fn quota(now: Timestamp, input: &QuotaInput, at: &str) -> Result<Quota, String> {
    let start = match &input.period.start {
        Some(s) => s.parse::<Timestamp>().map_err(|e| format!("{at}.period.start: {e}"))?,
        None => {
            let day = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date().first_of_month();
            day.to_zoned_datetime(jiff::tz::TimeZone::UTC).map_err(|e| e.to_string())?.timestamp()
        }
    };
    let length = match &input.period.length {
        Some(s) => s.parse::<Span>().map_err(|e| format!("{at}.period.length: {e}"))?,
        None => 1.month(),
    };
    if length.is_negative() || length.is_zero() {
        return Err(format!("{at}.period.length: a period must be longer than zero"));
    }
    let mut q = Quota {
        prs: counter(input.prs.as_ref(), 50),
        sast_scans: counter(input.sast_scans.as_ref(), 500),
        deep_ai_scans: counter(input.deep_ai_scans.as_ref(), 20),
        repositories_max: input.repositories_max,
        period_start: start,
        period_length: length,
    };
    // The scenario's usage is the usage of the period the clock starts in.
    let current = q.period(now).index;
    for c in [&mut q.prs, &mut q.sast_scans, &mut q.deep_ai_scans] {
        c.period = current;
    }
    Ok(q)
}

/// A past fix: planned like a live one, then bent to the outcome the scenario asks for.
pub(crate) fn fix(
    l: &mut Loader,
    o: usize,
    repo_idx: u32,
    input: &FixInput,
    finding_ids: &HashMap<String, u32>,
    at: &str,
) -> Result<(), String> {
    let mut findings = Vec::new();
    for id in &input.finding_ids {
        let idx = finding_ids
            .get(id)
            .copied()
            .ok_or_else(|| format!("{at}.finding_ids: {id} is not one of this repository's findings"))?;
        findings.push(idx);
    }
    let id = l.id(input.id.as_ref(), &format!("{at}.id"))?;
    let created_at = l.ago(input.ago.0, &format!("{at}.ago"))?;
    let instructions =
        input.instructions.clone().unwrap_or_else(|| "Fix the finding and keep current behaviour.".into());
    let mut run = fix_run::plan(&id, 0, instructions, created_at, &l.state.timing.fixes);
    match input.outcome {
        Some(FixOutcome::Completed) => run.failure = None,
        Some(FixOutcome::Failed) if run.failure.is_none() => {
            run.failure = Some("Agent stopped: the test suite failed after the change".into());
        }
        Some(FixOutcome::Cancelled) => {
            let midway = fix_run::start(&run) + super::model::timing::scaled(run.running, 0.4);
            run.cancelled_at = Some(midway.min(l.now).max(created_at));
        }
        _ => {}
    }
    let org = &l.state.orgs[o];
    let repo = &org.repositories[repo_idx as usize];
    let source = match &input.source_repo {
        Some(name) => repo.sources.iter().find(|s| &s.full_name == name),
        None => repo.sources.first(),
    };
    let fix = Fix {
        id,
        repo: repo_idx,
        findings,
        title: input.title.clone(),
        source_repo: input
            .source_repo
            .clone()
            .or_else(|| source.map(|s| s.full_name.clone()))
            .unwrap_or_else(|| repo.name.clone()),
        provider: input.provider.or_else(|| source.map(|s| s.provider)).unwrap_or(Provider::Github),
        branch: source.map(|s| s.default_branch.clone()),
        created_at,
        runs: vec![run.clone()],
        pull_requests: Vec::new(),
    };
    let idx = l.state.add_fix(o, fix, created_at);
    if input.pull_request {
        let opened = fix_run::end(&run) + SignedDuration::from_mins(10);
        let completes = run.failure.is_none() && run.cancelled_at.is_none();
        if !completes || opened > l.now {
            return Err(format!(
                "{at}.pull_request: the fix must complete at least 10 minutes before the clock start (it {} at {})",
                if completes { "completes" } else { "does not complete; it ends" },
                fix_run::end(&run)
            ));
        }
        l.prs.push((o, idx, opened));
    }
    Ok(())
}

/// A past finding's detection and, for a non-open status, how it got there: resolved
/// ones stopped being detected (`resolved_auto`), the others were triaged in the
/// dashboard by one of the organisation's people.
pub(crate) fn finding_events(org: &mut Organization, idx: u32, status: FindingStatus, changed_at: Timestamp) {
    let detected_at = org.findings[idx as usize].first_detected_at;
    let mut detected = NewEvent::new(idx, EventType::Detected, detected_at);
    detected.new = Some(FindingStatus::Open);
    org.record(detected);
    if status == FindingStatus::Open {
        return;
    }
    let mut changed = if status == FindingStatus::Resolved {
        NewEvent::new(idx, EventType::ResolvedAuto, changed_at).meta("reason", "No longer detected by the latest scan")
    } else {
        let person = fingerprint(&[org.findings[idx as usize].id.as_bytes()]) % 3;
        let mut e = NewEvent::new(idx, EventType::StatusChanged, changed_at).meta("source", "dashboard");
        e.actor = Some(super::model::ids::uuid_from(&[org.id.as_bytes(), b"user", &person.to_le_bytes()]));
        e
    };
    changed.previous = Some(FindingStatus::Open);
    changed.new = Some(status);
    org.record(changed);
}

/// Picks from relative weights.
pub(crate) fn weighted<T: Copy>(rng: &mut ChaCha8Rng, choices: &[(T, u32)]) -> Option<T> {
    // Summed as u64: a mix of large u32 weights must not overflow.
    let total: u64 = choices.iter().map(|(_, w)| u64::from(*w)).sum();
    if total == 0 {
        return None;
    }
    // Drawn as u32 when the total fits, so seeded scenarios keep their data.
    let mut pick = match u32::try_from(total) {
        Ok(total) => u64::from(rng.random_range(0..total)),
        Err(_) => rng.random_range(0..total),
    };
    for (value, weight) in choices {
        let weight = u64::from(*weight);
        if pick < weight {
            return Some(*value);
        }
        pick -= weight;
    }
    None
}
