//! What an imported snapshot must hold beyond its types. The state refers by position
//! (a finding's repository, a batch's findings, an event's finding, due work's batch or
//! fix run), and handlers index with those positions: a snapshot whose references point
//! nowhere would answer 500 on every read until a reset. Durations, instants, counters
//! and rates are bounded too, since live requests do arithmetic and draw randomness with
//! them. Errors name the field's path in the snapshot (`state.orgs[0].findings[3].repo`).

use jiff::SignedDuration;

use super::events::Event;
use super::finding::FindingContent;
use super::state::{DueWork, KolegaState, Organization};
use super::timing::Timing;
use crate::apis::kolega::model::rules;
use crate::world::limits::{at_most, instant, reference};

/// The longest duration a stored plan may hold (a phase, a source scan's start offset, a
/// fix run): four times the longest a scenario may give, to leave room for jitter.
const LONGEST_STORED: SignedDuration = SignedDuration::from_hours(4 * 7 * 24);

/// The largest counter, line number or sequence number: far below where `+ 1` overflows.
const LARGEST_COUNT: u64 = 1_000_000_000_000;

fn duration(at: impl std::fmt::Display, d: SignedDuration) -> Result<(), String> {
    if d.is_negative() || d > LONGEST_STORED {
        return Err(format!("{at}: {d:#} is not between 0 and 4 weeks"));
    }
    Ok(())
}

fn rate(at: impl std::fmt::Display, v: f64, max: f64) -> Result<(), String> {
    if !(0.0..=max).contains(&v) {
        return Err(format!("{at}: {v} is not between 0 and {max}"));
    }
    Ok(())
}

pub(crate) fn check(state: &KolegaState) -> Result<(), String> {
    timing(&state.timing)?;
    at_most("state.due_seq", state.due_seq, LARGEST_COUNT)?;
    for (i, due) in state.due.iter().enumerate() {
        let at = format!("state.due[{i}]");
        instant(format!("{at}.at"), due.at)?;
        reference(format!("{at}.org"), due.org, state.orgs.len(), "an organization")?;
        let org = &state.orgs[due.org as usize];
        let o = due.org;
        match due.what {
            DueWork::BatchDone { batch } => reference(
                format!("{at}.what.BatchDone.batch"),
                batch,
                org.batches.len(),
                &format!("a batch of orgs[{o}]"),
            )?,
            DueWork::FixStarted { fix, run } | DueWork::FixEnded { fix, run } => {
                reference(format!("{at}.what.fix"), fix, org.fixes.len(), &format!("a fix of orgs[{o}]"))?;
                let runs = org.fixes[fix as usize].runs.len();
                reference(format!("{at}.what.run"), run, runs, &format!("a run of orgs[{o}].fixes[{fix}]"))?;
            }
            DueWork::PullRequestOpened { fix, .. } | DueWork::PullRequestMerged { fix } => {
                reference(format!("{at}.what.fix"), fix, org.fixes.len(), &format!("a fix of orgs[{o}]"))?;
            }
            // A pairing that is gone by then is simply not approved.
            DueWork::PairingApproved { .. } => {}
        }
    }
    for (o, org) in state.orgs.iter().enumerate() {
        organization(org, &format!("state.orgs[{o}]"))?;
    }
    pairings(state)
}

fn pairings(state: &KolegaState) -> Result<(), String> {
    at_most("state.pairings.list", state.pairings.list.len() as u64, 10_000)?;
    if let Some(auto) = &state.pairings.auto_approve {
        duration("state.pairings.auto_approve.after".to_string(), auto.after)?;
        reference("state.pairings.auto_approve.org".to_string(), auto.org as u32, state.orgs.len(), "an organization")?;
    }
    for (i, p) in state.pairings.list.iter().enumerate() {
        let at = format!("state.pairings.list[{i}]");
        instant(format!("{at}.requested_at"), p.requested_at)?;
        instant(format!("{at}.expires_at"), p.expires_at)?;
        if let Some((org, key)) = p.key {
            reference(format!("{at}.key.0"), org as u32, state.orgs.len(), "an organization")?;
            reference(format!("{at}.key.1"), key as u32, state.orgs[org].keys.len(), &format!("a key of orgs[{org}]"))?;
        }
    }
    Ok(())
}

fn timing(t: &Timing) -> Result<(), String> {
    for (i, s) in t.scans.iter().enumerate() {
        let at = format!("state.timing.scans[{i}]");
        for (name, d) in
            [("queued", s.queued), ("creating", s.creating), ("scanning", s.scanning), ("assessing", s.assessing)]
        {
            duration(format!("{at}.{name}"), d)?;
        }
        rate(format!("{at}.jitter"), s.jitter, 0.9)?;
        rate(format!("{at}.failure_rate"), s.failure_rate, 1.0)?;
        rate(format!("{at}.partial_failure_rate"), s.partial_failure_rate, 1.0)?;
        rate(format!("{at}.detect_rate"), s.detect_rate, 1.0)?;
        if !s.finding_lifetime.is_positive() || s.finding_lifetime > SignedDuration::from_hours(365 * 24) {
            return Err(format!("{at}.finding_lifetime: {:#} is not between 0 and 365 days", s.finding_lifetime));
        }
    }
    let f = &t.fixes;
    for (name, d) in [("pending", f.pending), ("running", f.running), ("step_every", f.step_every)] {
        duration(format!("state.timing.fixes.{name}"), d)?;
    }
    rate("state.timing.fixes.jitter", f.jitter, 0.9)?;
    rate("state.timing.fixes.failure_rate", f.failure_rate, 1.0)?;
    let p = &f.pull_requests;
    duration("state.timing.fixes.pull_requests.merge_after", p.merge_after)?;
    for (name, v) in [
        ("merge_rate", p.merge_rate),
        ("link_rate", p.link_rate),
        ("creation_failure_rate", p.creation_failure_rate),
        ("update_failure_rate", p.update_failure_rate),
    ] {
        rate(format!("state.timing.fixes.pull_requests.{name}"), v, 1.0)?;
    }
    Ok(())
}

fn organization(org: &Organization, at: &str) -> Result<(), String> {
    let (repos, findings) = (org.repositories.len(), org.findings.len());
    for (r, repo) in org.repositories.iter().enumerate() {
        instant(format!("{at}.repositories[{r}].created_at"), repo.created_at)?;
        instant(format!("{at}.repositories[{r}].updated_at"), repo.updated_at)?;
    }
    for (b, batch) in org.batches.iter().enumerate() {
        let here = format!("{at}.batches[{b}]");
        reference(format!("{here}.repo"), batch.repo, repos, "a repository")?;
        let sources = org.repositories[batch.repo as usize].sources.len();
        instant(format!("{here}.created_at"), batch.created_at)?;
        for (name, d) in [("queued", batch.queued), ("creating", batch.creating), ("assessing", batch.assessing)] {
            duration(format!("{here}.{name}"), d)?;
        }
        for (s, scan) in batch.scans.iter().enumerate() {
            let here = format!("{here}.scans[{s}]");
            reference(format!("{here}.source"), scan.source, sources, "a source of the batch's repository")?;
            duration(format!("{here}.starts"), scan.starts)?;
            duration(format!("{here}.duration"), scan.duration)?;
        }
        for (i, f) in batch.findings.iter().enumerate() {
            reference(format!("{here}.findings[{i}]"), *f, findings, "a finding")?;
        }
    }
    let rules = rules::rules();
    for (i, f) in org.findings.iter().enumerate() {
        let here = format!("{at}.findings[{i}]");
        reference(format!("{here}.repo"), f.repo, repos, "a repository")?;
        let sources = org.repositories[f.repo as usize].sources.len();
        reference(format!("{here}.source"), f.source, sources, "a source of the finding's repository")?;
        if let FindingContent::Catalog { rule, path } = f.content {
            reference(format!("{here}.content.Catalog.rule"), rule, rules.len(), "a catalog rule")?;
            let paths = rules[rule as usize].paths.len();
            reference(format!("{here}.content.Catalog.path"), path, paths, "a path of the rule")?;
        }
        at_most(format!("{here}.line"), f.line, LARGEST_COUNT.min(u64::from(u32::MAX / 2)))?;
        for (name, t) in [
            ("first_detected_at", f.first_detected_at),
            ("last_detected_at", f.last_detected_at),
            ("updated_at", f.updated_at),
        ] {
            instant(format!("{here}.{name}"), t)?;
        }
        if let Some(t) = f.resolved_at {
            instant(format!("{here}.resolved_at"), t)?;
        }
    }
    for (x, fix) in org.fixes.iter().enumerate() {
        let here = format!("{at}.fixes[{x}]");
        reference(format!("{here}.repo"), fix.repo, repos, "a repository")?;
        for (i, f) in fix.findings.iter().enumerate() {
            reference(format!("{here}.findings[{i}]"), *f, findings, "a finding")?;
        }
        instant(format!("{here}.created_at"), fix.created_at)?;
        for (r, run) in fix.runs.iter().enumerate() {
            let here = format!("{here}.runs[{r}]");
            instant(format!("{here}.requested_at"), run.requested_at)?;
            for (name, d) in [("pending", run.pending), ("running", run.running), ("step_every", run.step_every)] {
                duration(format!("{here}.{name}"), d)?;
            }
            if let Some(t) = run.cancelled_at {
                instant(format!("{here}.cancelled_at"), t)?;
            }
        }
        for (p, pr) in fix.pull_requests.iter().enumerate() {
            instant(format!("{here}.pull_requests[{p}].created_at"), pr.created_at)?;
        }
    }
    events(&org.events.events, findings, at)?;
    at_most(format!("{at}.events.seq"), org.events.seq, LARGEST_COUNT)?;
    for (name, next) in &org.next_pr {
        at_most(format!("{at}.next_pr.{name}"), *next, LARGEST_COUNT)?;
    }
    let q = &org.quota;
    for (name, c) in [("prs", &q.prs), ("sast_scans", &q.sast_scans), ("deep_ai_scans", &q.deep_ai_scans)] {
        for (field, n) in [("plan", c.plan), ("topup", c.topup), ("used", c.used)] {
            at_most(format!("{at}.quota.{name}.{field}"), n, LARGEST_COUNT)?;
        }
    }
    instant(format!("{at}.quota.period_start"), q.period_start)?;
    if q.period_length.is_negative() {
        return Err(format!("{at}.quota.period_length: a period cannot be negative"));
    }
    Ok(())
}

fn events(events: &[Event], findings: usize, at: &str) -> Result<(), String> {
    for (e, event) in events.iter().enumerate() {
        reference(format!("{at}.events.events[{e}].finding"), event.finding, findings, "a finding")?;
        instant(format!("{at}.events.events[{e}].at"), event.at)?;
    }
    Ok(())
}
