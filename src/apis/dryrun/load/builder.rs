//! The world while a scenario section is being turned into it: the state so far, the
//! seeded RNG every generator draws from, ids handed out (unique across the section),
//! instants read relative to the scenario's start, scenario triage waiting for its
//! finding to appear, and what the scenario wrote that the contract must accept. The
//! generators (`accounts`, `explicit`, `history`, `synth`, `finalize`) call this; it calls
//! none of them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use super::scenario::{Phases, Timing, duration, instant};
use crate::apis::dryrun::model::entity::Entity;
use crate::apis::dryrun::model::finding::{Finding, TriageCategory};
use crate::apis::dryrun::model::scan::{Outcome, Run};
use crate::apis::dryrun::model::state::DryRunState;
use crate::apis::dryrun::model::timeline::second;
use crate::spec::ApiSpec;

/// When a finding's scenario triage happened.
#[derive(Debug, Clone, Copy)]
pub(crate) enum TriageTime {
    At(Timestamp),
    AfterAppearing(SignedDuration),
}

/// A scenario section on its way to becoming a `DryRunState`.
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
    /// Every id handed out, as the number its UUID is (cheaper to hash and hold than text).
    used: HashSet<u128>,
    /// `shared_meta`'s, by key.
    metas: HashMap<String, Arc<serde_json::Value>>,
    /// `shared_text`'s.
    texts: HashSet<Arc<str>>,
    pub(crate) checks: Vec<(String, Entity)>,
}

impl<'s> Builder<'s> {
    /// An empty world starting at `start` (to the second), with the section's scan timing.
    pub(crate) fn new(spec: &'s ApiSpec, seed: u64, start: Timestamp, timing: &Timing) -> Result<Builder<'s>, String> {
        let start = sane(second(start)).map_err(|e| format!("the scenario's clock: {e}"))?;
        Ok(Builder {
            spec,
            start,
            rng: ChaCha8Rng::seed_from_u64(crate::generate::fingerprint(&[&seed.to_le_bytes(), b"dryrun/scenario"])),
            state: DryRunState::default(),
            pr_phases: phases(&timing.pr_scan, "timing.pr_scan")?,
            deep_phases: phases(&timing.deepscan, "timing.deepscan")?,
            named: HashMap::new(),
            triage: Vec::new(),
            used: HashSet::new(),
            metas: HashMap::new(),
            texts: HashSet::new(),
            checks: Vec::new(),
        })
    }

    /// The `meta` every generated finding of `key` (a weakness class, a custom policy)
    /// shares: made once, then handed out.
    pub(crate) fn shared_meta(
        &mut self,
        key: &str,
        make: impl FnOnce() -> serde_json::Value,
    ) -> Arc<serde_json::Value> {
        if let Some(meta) = self.metas.get(key) {
            return meta.clone();
        }
        let meta = Arc::new(make());
        self.metas.insert(key.to_string(), meta.clone());
        meta
    }

    /// `text`, shared with every earlier caller that asked for the same text: the titles
    /// and labels generated findings take from their weakness class.
    pub(crate) fn shared_text(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(shared.clone());
        shared
    }

    /// The world as built, its index made, and what to check against the contract.
    pub(crate) fn finish(self) -> (DryRunState, Vec<(String, Entity)>) {
        let mut state = self.state;
        state.ensure_index();
        (state, self.checks)
    }

    /// An id: the scenario's (checked to be a UUID nobody else has) or a fresh one.
    pub(crate) fn id(&mut self, given: Option<&str>, at: &str) -> Result<String, String> {
        match given {
            Some(id) => {
                let id = id.to_ascii_lowercase();
                let Ok(uuid) = uuid::Uuid::try_parse(&id) else {
                    return Err(format!("{at}.id: '{id}' is not a UUID"));
                };
                if !self.used.insert(uuid.as_u128()) {
                    return Err(format!("{at}.id: '{id}' is used twice"));
                }
                Ok(id)
            }
            // The same draws as `world::new_uuid`, so a seed keeps its ids.
            None => loop {
                let uuid = uuid::Builder::from_random_bytes(self.rng.random()).into_uuid();
                if self.used.insert(uuid.as_u128()) {
                    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
                    return Ok(uuid.hyphenated().encode_lower(&mut text).to_string());
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

    pub(crate) fn check(&mut self, at: String, what: Entity) {
        self.checks.push((at, what));
    }

    /// The run of a scan requested at `created`, with `(queued, running)` phases.
    pub(crate) fn run(created: Timestamp, phases: (SignedDuration, SignedDuration), outcome: Outcome) -> Run {
        let started_at = created + phases.0;
        Run { created_at: created, started_at, finished_at: started_at + phases.1, outcome }
    }

    /// The finding the scenario gave id `id` earlier (what `carry_over` names).
    pub(crate) fn earlier_finding(&self, id: &str, at: &str) -> Result<usize, String> {
        self.named.get(&id.to_ascii_lowercase()).copied().ok_or_else(|| format!("{at}: no earlier finding '{id}'"))
    }

    pub(crate) fn add_finding(&mut self, finding: Finding) -> usize {
        self.state.findings.push(finding.into());
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

/// A scan phase pair as the section writes it: queued for zero or more, running for more
/// than zero, neither longer than `LONGEST`.
fn phases(p: &Phases, at: &str) -> Result<(SignedDuration, SignedDuration), String> {
    let queued = duration(&p.queued).map_err(|e| format!("{at}.queued: {e}"))?;
    let running = duration(&p.running).map_err(|e| format!("{at}.running: {e}"))?;
    if queued.is_negative() || running <= SignedDuration::ZERO || queued > LONGEST || running > LONGEST {
        return Err(format!(
            "{at}: a scan queues for zero or more and runs for more than zero seconds (at most 10 years)"
        ));
    }
    Ok((queued, running))
}
