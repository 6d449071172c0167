//! A scenario's organisations: their keys (checked well-formed and unique), their
//! repositories with the source repositories each groups, and their quota counters in the
//! billing period the clock starts in.

use std::collections::HashSet;

use jiff::{SignedDuration, Span, Timestamp, ToSpan};

use super::builder::Loader;
use super::section::{CounterInput, OrgInput, QuotaInput, RepoInput};
use crate::apis::kolega::model::Provider;
use crate::apis::kolega::model::ids::fingerprint;
use crate::apis::kolega::model::quota::{Counter, Quota};
use crate::apis::kolega::model::repository::{Repository, SourceRepo};
use crate::apis::kolega::model::rules::Stack;
use crate::apis::kolega::model::state::{ApiKey, KEY_PREFIX, Organization};

/// An organisation as the scenario gives it (its history comes after, per repository).
pub(crate) fn organization(
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
        repos.push(repository(l, repo, &at)?.into());
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
