//! What happens to a fix over its life, and the finding events each step writes, one per
//! finding of the fix: created (`fix_created`), its agent starting and ending
//! (`fix_started`, `fix_completed` or `fix_failed`, written by catch-up when due),
//! refined, cancelled (`fix_cancelled`), and its pull request opened (`fix_pr_created`)
//! or updated by a later run (`fix_pr_updated`).

use jiff::Timestamp;
use rand::RngExt;
use serde_json::Value;

use super::events::Event;
use super::fix::{Fix, PullRequest};
use super::fix_run;
use super::ids::rng_for;
use super::pull_request;
use super::state::{DueWork, KolegaState, Organization};
use super::timing::PullRequestTiming;
use super::vocabulary::EventType;

/// One event per finding of the fix. Event metadata is free-form (each event type
/// carries its own keys), so it is a JSON map.
fn record_for_findings(org: &mut Organization, fix: u32, kind: EventType, at: Timestamp, meta: &[(&str, Value)]) {
    let Some(f) = org.fixes.get(fix as usize) else { return };
    let (fix_id, findings) = (f.id.clone(), f.findings.clone());
    for finding in findings {
        let mut event = Event::new(finding, kind, at).meta("fix_id", fix_id.clone());
        for (k, v) in meta {
            event = event.meta(k, v.clone());
        }
        org.record(event);
    }
}

impl KolegaState {
    /// Adds a fix, writes `fix_created`, and schedules its first run's events.
    pub(crate) fn add_fix(&mut self, org: usize, fix: Fix, at: Timestamp) -> u32 {
        let o = &mut self.orgs[org];
        let idx = o.fixes.len() as u32;
        o.index.fixes.insert(fix.id.clone(), idx);
        let run = fix.runs.first().cloned();
        o.fixes.push(fix);
        record_for_findings(o, idx, EventType::FixCreated, at, &[("source", Value::from("public_api"))]);
        if let Some(run) = run {
            self.schedule(fix_run::start(&run), org, DueWork::FixStarted { fix: idx, run: 0 });
            self.schedule(fix_run::end(&run), org, DueWork::FixEnded { fix: idx, run: 0 });
        }
        idx
    }

    /// Runs a completed fix again, at once, with new instructions.
    pub(crate) fn refine_fix(&mut self, org: usize, idx: u32, instructions: String, now: Timestamp) {
        let o = &mut self.orgs[org];
        let fix = &mut o.fixes[idx as usize];
        let n = fix.runs.len();
        let run = fix_run::plan(&fix.id, n, instructions, now, &self.timing.fixes);
        let end = fix_run::end(&run);
        fix.runs.push(run);
        let meta = [("run", Value::from(n + 1)), ("refined", Value::from(true))];
        record_for_findings(o, idx, EventType::FixStarted, now, &meta);
        self.schedule(end, org, DueWork::FixEnded { fix: idx, run: n as u32 });
    }
}

/// Catch-up: a run's agent started (unless it was cancelled first or superseded).
pub(crate) fn on_started(org: &mut Organization, fix: u32, run: u32, at: Timestamp) {
    let Some(f) = org.fixes.get(fix as usize) else { return };
    let current = f.runs.len() == run as usize + 1;
    let cancelled = f.runs.get(run as usize).and_then(|r| r.cancelled_at).is_some_and(|c| c <= at);
    if current && !cancelled {
        record_for_findings(org, fix, EventType::FixStarted, at, &[("run", Value::from(run + 1))]);
    }
}

/// Catch-up: a run ended, completed or failed as planned.
pub(crate) fn on_ended(org: &mut Organization, fix: u32, run: u32, at: Timestamp, timing: &PullRequestTiming) {
    let Some(f) = org.fixes.get(fix as usize) else { return };
    let Some(r) = f.runs.get(run as usize) else { return };
    if f.runs.len() != run as usize + 1 || r.cancelled_at.is_some_and(|c| c <= at) {
        return;
    }
    let progress = fix_run::at(f, at);
    let prs: Vec<(u64, String)> =
        f.pull_requests.iter().filter(|p| p.merged_at.is_none()).map(|p| (p.number, p.url.clone())).collect();
    match r.failure.clone() {
        Some(reason) => {
            let meta = [("run", Value::from(run + 1)), ("error_message", Value::from(reason))];
            record_for_findings(org, fix, EventType::FixFailed, at, &meta);
        }
        None => {
            let meta = [
                ("run", Value::from(run + 1)),
                ("duration_seconds", Value::from(progress.duration_seconds)),
                ("agent_steps", Value::from(progress.steps)),
            ];
            record_for_findings(org, fix, EventType::FixCompleted, at, &meta);
            // A refined fix pushes its new result to the open pull requests it already
            // has, unless that push fails (`pr_update_failed`).
            if prs.is_empty() || pull_request::update_fails(org, fix, run, timing) {
                return;
            }
            for (number, url) in prs {
                let meta = [("pr_number", Value::from(number)), ("pr_url", Value::from(url))];
                record_for_findings(org, fix, EventType::FixPrUpdated, at, &meta);
            }
        }
    }
}

impl Organization {
    /// Stops a pending or running fix.
    pub(crate) fn cancel_fix(&mut self, idx: u32, now: Timestamp) {
        if let Some(run) = self.fixes[idx as usize].runs.last_mut() {
            run.cancelled_at = Some(now);
        }
        record_for_findings(self, idx, EventType::FixCancelled, now, &[]);
    }

    /// Opens the fix's pull request on its source repository and writes `fix_pr_created`;
    /// what is not given (title, body, branch) is made up from the fix.
    pub(crate) fn attach_pull_request(
        &mut self,
        idx: u32,
        now: Timestamp,
        title: Option<String>,
        body: Option<String>,
        branch: Option<String>,
    ) {
        let fix = &self.fixes[idx as usize];
        let repo_full_name = fix.source_repo.clone();
        let number = *self
            .next_pr
            .entry(repo_full_name.clone())
            .or_insert_with(|| rng_for(&[repo_full_name.as_bytes(), b"prs"]).random_range(40..600));
        self.next_pr.insert(repo_full_name.clone(), number + 1);
        let pr = PullRequest {
            url: fix.provider.pull_request_url(&repo_full_name, number),
            branch_name: branch.unwrap_or_else(|| format!("kolega/fix-{}", slug(&fix.title))),
            title: title.unwrap_or_else(|| format!("fix(security): {}", fix.title)),
            body: body.unwrap_or_else(|| default_body(self, fix)),
            repo_full_name,
            number,
            created_at: now,
            merged_at: None,
        };
        let meta = [("pr_number", Value::from(pr.number)), ("pr_url", Value::from(pr.url.clone()))];
        self.fixes[idx as usize].pull_requests = vec![pr];
        record_for_findings(self, idx, EventType::FixPrCreated, now, &meta);
    }
}

fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(6)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    if words.is_empty() { "security-fix".into() } else { words.join("-") }
}

fn default_body(org: &Organization, fix: &Fix) -> String {
    let mut body = format!("## {}\n\nAutomated remediation generated by Kolega.dev.\n", fix.title);
    let repo = &org.repositories[fix.repo as usize];
    if !fix.findings.is_empty() {
        body.push_str("\n### Findings addressed\n");
        for idx in &fix.findings {
            let f = &org.findings[*idx as usize];
            let path = f.file_path(repo);
            body.push_str(&format!("- `{}` in `{path}` ({})\n", f.check_id(), f.severity.as_str()));
            if let Some(a) = f.advisory() {
                body.push_str(&format!(
                    "  Bumps `{}` from {} to {}: {}.\n",
                    a.package,
                    a.affected,
                    a.fixed.as_deref().unwrap_or("a fixed version"),
                    a.summary
                ));
            }
        }
    }
    body
}
