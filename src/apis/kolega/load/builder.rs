//! The builder a scenario's generators put the world together with: ids (pinned ones
//! checked unique), instants before the clock start, past findings with the events that
//! brought them to their status, and pull requests to open once history has caught up.
//! `finish` then runs that history up to the clock, so finished scans have produced
//! their findings and events exactly as live traffic would have. The builder knows no
//! scenario type and calls no generator.

use std::collections::HashSet;

use jiff::{SignedDuration, Timestamp};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

use crate::apis::kolega::model::catch_up;
use crate::apis::kolega::model::events::NewEvent;
use crate::apis::kolega::model::finding::Finding;
use crate::apis::kolega::model::ids::{fingerprint, uuid_from};
use crate::apis::kolega::model::state::{KolegaState, Organization};
use crate::apis::kolega::model::timing::Timing;
use crate::apis::kolega::model::{EventType, FindingStatus};
use crate::world::new_uuid;

/// Everything a load needs at hand.
pub(crate) struct Loader {
    /// The clock start, to the whole second.
    pub(crate) now: Timestamp,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) state: KolegaState,
    ids: HashSet<String>,
    /// Pull requests to open once history has caught up: (org, fix, at).
    prs: Vec<(usize, u32, Timestamp)>,
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
            prs: Vec::new(),
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
    /// there at `changed_at`: resolved ones stopped being detected (`resolved_auto`), the
    /// others were triaged in the dashboard by one of the organisation's people.
    pub(crate) fn add_past_finding(
        &mut self,
        o: usize,
        finding: Finding,
        status: FindingStatus,
        changed_at: Timestamp,
    ) -> u32 {
        let org = &mut self.state.orgs[o];
        let idx = org.add_finding(finding);
        let detected_at = org.findings[idx as usize].first_detected_at;
        let mut detected = NewEvent::new(idx, EventType::Detected, detected_at);
        detected.new = Some(FindingStatus::Open);
        org.record(detected);
        if status == FindingStatus::Open {
            return idx;
        }
        let mut changed = if status == FindingStatus::Resolved {
            NewEvent::new(idx, EventType::ResolvedAuto, changed_at)
                .meta("reason", "No longer detected by the latest scan")
        } else {
            let person = fingerprint(&[org.findings[idx as usize].id.as_bytes()]) % 3;
            let mut e = NewEvent::new(idx, EventType::StatusChanged, changed_at).meta("source", "dashboard");
            e.actor = Some(uuid_from(&[org.id.as_bytes(), b"user", &person.to_le_bytes()]));
            e
        };
        changed.previous = Some(FindingStatus::Open);
        changed.new = Some(status);
        org.record(changed);
        idx
    }

    /// Opens fix `fix`'s pull request at `at`, once history has caught up (the fix must
    /// have completed by then).
    pub(crate) fn open_pull_request_later(&mut self, o: usize, fix: u32, at: Timestamp) {
        self.prs.push((o, fix, at));
    }

    /// Runs history up to the clock start, opens the pending pull requests and restores
    /// the event log's order and every index; the world and its clock start.
    pub(crate) fn finish(mut self) -> (KolegaState, Timestamp) {
        catch_up::run(&mut self.state, self.now);
        for (o, fix, at) in std::mem::take(&mut self.prs) {
            self.state.orgs[o].attach_pull_request(fix, at, None, None, None);
        }
        for org in &mut self.state.orgs {
            org.events.finish_loading(&org.findings);
        }
        self.state.rebuild();
        (self.state, self.now)
    }
}
