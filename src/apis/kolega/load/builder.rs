//! The builder a scenario's generators put the world together with: ids (pinned ones
//! checked unique), instants before the clock start, past findings with the events that
//! brought them to their status, and pull requests opened as history catches up.
//! `finish` then runs that history up to the clock, so finished scans have produced
//! their findings and events exactly as live traffic would have. The builder knows no
//! scenario type and calls no generator.

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use crate::apis::kolega::model::catch_up;
use crate::apis::kolega::model::events::Event;
use crate::apis::kolega::model::finding::Finding;
use crate::apis::kolega::model::ids::{fingerprint, uuid_from};
use crate::apis::kolega::model::state::{DueWork, KolegaState, Organization};
use crate::apis::kolega::model::timing::Timing;
use crate::apis::kolega::model::{EventType, FindingStatus};
use crate::apis::kolega::model::{progress, scan_outcome};
use crate::world::new_uuid;

/// Everything a load needs at hand.
pub(crate) struct Loader {
    /// The clock start, to the whole second.
    pub(crate) now: Timestamp,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) state: KolegaState,
    ids: HashSet<String>,
    /// Findings the scenario says were resolved: (org, finding, when the code dropped it).
    resolutions: Vec<(usize, u32, Timestamp)>,
}

/// A person of the organisation changes finding `idx` to `status` in the dashboard.
fn dashboard_change(org: &mut Organization, idx: u32, status: FindingStatus, at: Timestamp) {
    let previous = org.findings[idx as usize].status;
    org.update_finding(idx, |f| {
        f.status = status;
        f.updated_at = f.updated_at.max(at);
        f.resolved_at = (status == FindingStatus::Resolved).then_some(at);
    });
    let person = fingerprint(&[org.findings[idx as usize].id.as_bytes()]) % 3;
    let kind = if status == FindingStatus::Resolved { EventType::ResolvedManual } else { EventType::StatusChanged };
    let mut e = Event::new(idx, kind, at).meta("source", "dashboard");
    e.actor = Some(uuid_from(&[org.id.as_bytes(), b"user", &person.to_le_bytes()]));
    e.previous = Some(previous);
    e.new = Some(status);
    org.record(e);
}

impl Loader {
    /// An empty world at `now` with the scenario's `seed` and `timing`.
    pub(crate) fn new(now: Timestamp, seed: u64, timing: Timing) -> Loader {
        Loader {
            // History is laid out from a whole second, as a real service's records would be.
            now: now
                .round(jiff::TimestampRound::new().smallest(jiff::Unit::Second).mode(jiff::RoundMode::Trunc))
                .unwrap_or(now),
            rng: ChaCha8Rng::seed_from_u64(fingerprint(&[&seed.to_le_bytes(), b"kolega"])),
            state: KolegaState { timing, ..KolegaState::default() },
            ids: HashSet::new(),
            resolutions: Vec::new(),
        }
    }

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

    /// Adds an organisation; its events arrive out of order until `finish` sorts them.
    pub(crate) fn add_organization(&mut self, org: Organization) -> usize {
        let o = self.state.orgs.len();
        self.state.orgs.push(org);
        self.state.orgs[o].rebuild();
        self.state.orgs[o].events.loading = true;
        o
    }

    /// Adds a past finding with its detection and, for a non-open status, how it got
    /// there at `changed_at`, by the rules live traffic follows: an open one stays in the
    /// code (for a drawn time after the clock start); a resolved one left the code at
    /// `changed_at`, so the first scan of its type after that resolves it
    /// (`resolved_auto`), or, when none ran, a person resolved it in the dashboard
    /// (`resolved_manual`, written by `finish`); the others were triaged in the
    /// dashboard (`status_changed`).
    pub(crate) fn add_past_finding(
        &mut self,
        o: usize,
        mut finding: Finding,
        status: FindingStatus,
        changed_at: Timestamp,
    ) -> u32 {
        finding.fixed_at = match status {
            FindingStatus::Open => Some(self.now + self.state.timing.scan(finding.scan_type).lifetime_of(&finding.id)),
            FindingStatus::Resolved => Some(changed_at),
            _ => None,
        };
        // Detected open; what changed it comes after.
        finding.status = FindingStatus::Open;
        finding.resolved_at = None;
        finding.updated_at = finding.last_detected_at;
        let org = &mut self.state.orgs[o];
        let idx = org.add_finding(finding);
        let detected_at = org.findings[idx as usize].first_detected_at;
        let mut detected = Event::new(idx, EventType::Detected, detected_at);
        detected.new = Some(FindingStatus::Open);
        org.record(detected);
        match status {
            FindingStatus::Open => {}
            FindingStatus::Resolved => self.resolutions.push((o, idx, changed_at)),
            _ => dashboard_change(org, idx, status, changed_at),
        }
        idx
    }

    /// Opens fix `fix`'s pull request at `at`, as history catches up (the fix must have
    /// completed by then); it merges if `merged` says so, or else as the live rules draw.
    pub(crate) fn open_pull_request_later(&mut self, o: usize, fix: u32, at: Timestamp, merged: Option<bool>) {
        self.state.schedule(at, o, DueWork::PullRequestOpened { fix, merged });
    }

    /// Runs history up to the clock start (pull requests open and merge on the way), has
    /// people resolve what no scan did, and restores the event log's order and every
    /// index; the world and its clock start.
    pub(crate) fn finish(mut self) -> (KolegaState, Timestamp) {
        // Batches still running at the start count the findings the scenario added after them.
        for org in &mut self.state.orgs {
            for b in 0..org.batches.len() {
                let mut batch = org.batches[b].clone();
                let done = progress::done_at(&batch);
                if done > self.now {
                    let timing = *self.state.timing.scan(batch.scan_type);
                    scan_outcome::plan_counts(org, &mut batch, done, &timing);
                    org.batches[b] = batch;
                }
            }
        }
        catch_up::run(&mut self.state, self.now);
        // What no scan ran after to resolve, a person resolved.
        for (o, idx, at) in std::mem::take(&mut self.resolutions) {
            let org = &mut self.state.orgs[o];
            if org.findings[idx as usize].status == FindingStatus::Open {
                dashboard_change(org, idx, FindingStatus::Resolved, at);
            }
        }
        for org in &mut self.state.orgs {
            org.events.finish_loading(&org.findings);
        }
        self.state.rebuild();
        (self.state, self.now)
    }
}
