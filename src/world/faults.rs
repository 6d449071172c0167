//! Fault injection as data: rules that match requests by API, operation, method and path
//! pattern, fire with a probability and up to a count, and add latency, answer an error
//! status in the API's own format, drop or reset the connection, or rate-limit. The
//! pipeline asks for a plan per request; the transport carries out drops and resets.

use std::collections::HashMap;
use std::time::Duration;

use globset::GlobMatcher;
use jiff::{SignedDuration, Timestamp};
use parking_lot::Mutex;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

/// What a fault does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultAction {
    /// Delay the answer by `ms`, or by a random time in `min_ms..=max_ms` (at most ten
    /// minutes).
    Latency {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(max = 600_000))]
        ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(max = 600_000))]
        min_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(range(max = 600_000))]
        max_ms: Option<u64>,
    },
    /// Answer this status with the API's own error body: 400–599 only, the statuses that
    /// can carry one (1xx have no body of their own, 204 and 304 none at all).
    Status {
        #[schemars(range(min = 400, max = 599))]
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// Close the connection without answering.
    Drop,
    /// Reset the connection (TCP RST) without answering.
    Reset,
    /// Allow `limit` requests per `window_seconds` of virtual time (at most a year); 429
    /// with `Retry-After` beyond that.
    RateLimit {
        limit: u32,
        #[schemars(range(min = 1, max = 31_536_000))]
        window_seconds: u64,
    },
    /// Mark a service the API depends on (`s3`, `postgres`) as down for as long as the
    /// rule exists. It changes no request by itself (path, method, probability and
    /// `times` are not consulted): a behaviour that models its dependencies reads it
    /// through [`Ctx::outages`](super::Ctx::outages) (the platform's readiness probe
    /// answers 503 naming it).
    Outage {
        #[schemars(length(min = 1, max = 64))]
        dependency: String,
    },
}

/// A rule as the admin API and scenario files write it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default)]
    pub api: Option<String>,
    #[serde(default)]
    pub operation_id: Option<String>,
    /// A glob over the request path (`/api/v1/repositories/*/scans`); `*` spans slashes.
    /// At most 1024 characters, with `{…}` alternates nested at most 8 deep.
    #[serde(default)]
    #[schemars(length(max = 1024))]
    pub path: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default = "always")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub probability: f64,
    /// Fire at most this many times, then stay inert.
    #[serde(default)]
    pub times: Option<u64>,
    pub action: FaultAction,
}

fn always() -> f64 {
    1.0
}

/// A rule with its id and what it has done so far.
#[derive(Debug, Clone, Serialize)]
pub struct FaultRule {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    pub fired: u64,
    #[serde(skip)]
    matcher: Option<GlobMatcher>,
    #[serde(skip)]
    window: Option<(Timestamp, u32)>,
}

/// What a request's faults amount to.
#[derive(Debug, Clone, Default)]
pub struct FaultPlan {
    pub delay: Duration,
    pub effect: Option<FaultEffect>,
    /// Ids of the rules that fired, for the journal.
    pub fired: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultEffect {
    Status { status: u16, message: Option<String> },
    Sever { reset: bool },
    RateLimited { retry_after_secs: u64 },
}

/// The request a plan is made for.
#[derive(Debug, Clone, Copy)]
pub struct FaultTarget<'a> {
    pub api: &'a str,
    pub operation_id: Option<&'a str>,
    pub method: &'a str,
    pub path: &'a str,
    pub now: Timestamp,
}

/// The longest latency a rule may add, in milliseconds: ten minutes is already far past
/// any client's timeout, and a bound keeps `Duration` sums from overflowing.
pub const MAX_LATENCY_MS: u64 = 600_000;

/// The longest rate-limit window, in seconds (a year).
pub const MAX_WINDOW_SECONDS: u64 = 31_536_000;

/// The statuses a status fault may answer: those that carry an error body.
pub const FAULT_STATUSES: std::ops::RangeInclusive<u16> = 400..=599;

#[derive(Debug)]
pub struct Faults {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    next_id: u64,
    rules: Vec<FaultRule>,
    /// The seed new per-API RNGs derive from.
    seed: u64,
    /// One RNG per API name, so traffic on one API never shifts which faults fire on
    /// another (and one API can be reseeded alone).
    rngs: HashMap<String, ChaCha8Rng>,
}

/// The RNG of `api`'s faults: the seed mixed with the API's name.
fn api_rng(seed: u64, api: &str) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(crate::generate::fingerprint(&[&seed.to_le_bytes(), b"faults", api.as_bytes()]))
}

impl Faults {
    pub fn new(seed: u64) -> Faults {
        Faults { inner: Mutex::new(Inner { next_id: 0, rules: Vec::new(), seed, rngs: HashMap::new() }) }
    }

    /// Whether `spec` is a rule `add` would accept, without adding it; errors name the
    /// field at fault.
    pub fn check(spec: &FaultSpec) -> Result<(), String> {
        Self::validate(spec).map(|_| ())
    }

    /// Checks `spec` and compiles its path pattern.
    fn validate(spec: &FaultSpec) -> Result<Option<GlobMatcher>, String> {
        if !(0.0..=1.0).contains(&spec.probability) {
            return Err(format!("probability: must be between 0 and 1, not {}", spec.probability));
        }
        match &spec.action {
            FaultAction::Status { status, .. } if !FAULT_STATUSES.contains(status) => {
                return Err(format!(
                    "action.status: {status} cannot carry the fault's error body; a status fault answers 400 to 599"
                ));
            }
            FaultAction::Latency { ms: None, min_ms: None, max_ms: None } => {
                return Err("action: latency needs ms, or min_ms and max_ms".into());
            }
            FaultAction::Latency { ms, min_ms, max_ms } => {
                for (name, value) in [("ms", ms), ("min_ms", min_ms), ("max_ms", max_ms)] {
                    if let Some(v) = value
                        && *v > MAX_LATENCY_MS
                    {
                        return Err(format!(
                            "action.{name}: {v} is more than the {MAX_LATENCY_MS} ms a latency may be"
                        ));
                    }
                }
                if let (Some(lo), Some(hi)) = (min_ms, max_ms)
                    && lo > hi
                {
                    return Err("action.min_ms: must not exceed action.max_ms".into());
                }
            }
            FaultAction::Outage { dependency } if dependency.is_empty() || dependency.len() > 64 => {
                return Err("action.dependency: 1 to 64 characters".into());
            }
            FaultAction::RateLimit { window_seconds, .. } if !(1..=MAX_WINDOW_SECONDS).contains(window_seconds) => {
                return Err(format!(
                    "action.window_seconds must be between 1 and {MAX_WINDOW_SECONDS} (a year), not {window_seconds}"
                ));
            }
            _ => {}
        }
        spec.path.as_deref().map(|p| super::glob::matcher(p).map_err(|e| format!("path: {e}"))).transpose()
    }

    /// Adds a rule; a rule `check` refuses is refused.
    pub fn add(&self, spec: FaultSpec) -> Result<FaultRule, String> {
        let matcher = Self::validate(&spec)?;
        let mut inner = self.inner.lock();
        inner.next_id += 1;
        let rule = FaultRule { id: inner.next_id, spec, fired: 0, matcher, window: None };
        inner.rules.push(rule.clone());
        Ok(rule)
    }

    pub fn list(&self) -> Vec<FaultRule> {
        self.inner.lock().rules.clone()
    }

    /// Removes one rule; `false` if there was none with that id.
    pub fn remove(&self, id: u64) -> bool {
        let mut inner = self.inner.lock();
        let before = inner.rules.len();
        inner.rules.retain(|r| r.id != id);
        inner.rules.len() != before
    }

    /// Removes the rules whose `api` is exactly `api` (rules for every API stay), or,
    /// with `None`, all rules.
    pub fn clear(&self, api: Option<&str>) {
        let mut inner = self.inner.lock();
        match api {
            Some(api) => inner.rules.retain(|r| r.spec.api.as_deref() != Some(api)),
            None => inner.rules.clear(),
        }
    }

    /// Restarts the probability RNGs from `seed` (on reset, for determinism): every
    /// API's, or with `only` that API's alone.
    pub fn reseed(&self, only: Option<&str>, seed: u64) {
        let mut inner = self.inner.lock();
        match only {
            Some(api) => {
                inner.rngs.insert(api.to_string(), api_rng(seed, api));
            }
            None => {
                inner.seed = seed;
                inner.rngs.clear();
            }
        }
    }

    /// The dependencies outage rules mark down for `api` (rules for every API included),
    /// each once, in the order the rules were added.
    pub fn outages(&self, api: &str) -> Vec<String> {
        let inner = self.inner.lock();
        let mut down: Vec<String> = Vec::new();
        for rule in &inner.rules {
            if let FaultAction::Outage { dependency } = &rule.spec.action
                && rule.spec.api.as_deref().is_none_or(|a| a == api)
                && !down.contains(dependency)
            {
                down.push(dependency.clone());
            }
        }
        down
    }

    /// Decides what the matching rules do to this request. Latencies add up; the first
    /// rule with an effect decides the effect.
    pub fn plan(&self, target: FaultTarget<'_>) -> FaultPlan {
        let mut plan = FaultPlan::default();
        let mut inner = self.inner.lock();
        let Inner { rules, rngs, seed, .. } = &mut *inner;
        if rules.is_empty() {
            return plan;
        }
        if !rngs.contains_key(target.api) {
            rngs.insert(target.api.to_string(), api_rng(*seed, target.api));
        }
        let Some(rng) = rngs.get_mut(target.api) else { return plan };
        for rule in rules.iter_mut() {
            if matches!(rule.spec.action, FaultAction::Outage { .. })
                || !matches(rule, &target)
                || rule.spec.times.is_some_and(|t| rule.fired >= t)
            {
                continue;
            }
            if let FaultAction::RateLimit { limit, window_seconds } = rule.spec.action {
                if plan.effect.is_none()
                    && let Some(retry) = rate_limit(rule, limit, window_seconds, target.now)
                {
                    rule.fired += 1;
                    plan.fired.push(rule.id);
                    plan.effect = Some(FaultEffect::RateLimited { retry_after_secs: retry });
                }
                continue;
            }
            if rule.spec.probability < 1.0 && !rng.random_bool(rule.spec.probability) {
                continue;
            }
            let effect = match &rule.spec.action {
                FaultAction::Latency { ms, min_ms, max_ms } => {
                    let millis = match (ms, min_ms, max_ms) {
                        (Some(ms), _, _) => *ms,
                        (None, lo, hi) => {
                            let lo = lo.unwrap_or(0);
                            let hi = hi.unwrap_or(lo).max(lo);
                            rng.random_range(lo..=hi)
                        }
                    };
                    plan.delay += Duration::from_millis(millis);
                    None
                }
                FaultAction::Status { status, message } => {
                    Some(FaultEffect::Status { status: *status, message: message.clone() })
                }
                FaultAction::Drop => Some(FaultEffect::Sever { reset: false }),
                FaultAction::Reset => Some(FaultEffect::Sever { reset: true }),
                FaultAction::RateLimit { .. } | FaultAction::Outage { .. } => None,
            };
            if effect.is_some() && plan.effect.is_some() {
                continue;
            }
            rule.fired += 1;
            plan.fired.push(rule.id);
            if effect.is_some() {
                plan.effect = effect;
            }
        }
        plan
    }
}

fn matches(rule: &FaultRule, t: &FaultTarget<'_>) -> bool {
    let s = &rule.spec;
    s.api.as_deref().is_none_or(|a| a == t.api)
        && s.operation_id.as_deref().is_none_or(|o| Some(o) == t.operation_id)
        && s.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(t.method))
        && rule.matcher.as_ref().is_none_or(|m| m.is_match(t.path))
}

/// Counts the request in the rule's current window; `Some(retry_after)` when over.
fn rate_limit(rule: &mut FaultRule, limit: u32, window_seconds: u64, now: Timestamp) -> Option<u64> {
    let window = SignedDuration::from_secs(window_seconds as i64);
    let (start, count) = match rule.window {
        Some((start, count)) if now.duration_since(start) < window => (start, count + 1),
        _ => (now, 1),
    };
    rule.window = Some((start, count));
    if count <= limit {
        return None;
    }
    let left = window - now.duration_since(start);
    Some((left.as_secs_f64().ceil() as u64).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(now: Timestamp) -> FaultTarget<'static> {
        FaultTarget { api: "kolega", operation_id: Some("list"), method: "GET", path: "/api/v1/repositories", now }
    }

    fn spec(action: FaultAction) -> FaultSpec {
        FaultSpec {
            api: Some("kolega".into()),
            operation_id: None,
            path: Some("/api/v1/*".into()),
            method: None,
            probability: 1.0,
            times: None,
            action,
        }
    }

    #[test]
    fn status_fault_respects_its_count() {
        let f = Faults::new(1);
        f.add(FaultSpec { times: Some(2), ..spec(FaultAction::Status { status: 503, message: None }) }).expect("valid");
        let now = Timestamp::UNIX_EPOCH;
        let effects: Vec<_> = (0..3).map(|_| f.plan(target(now)).effect).collect();
        assert_eq!(effects[0], Some(FaultEffect::Status { status: 503, message: None }));
        assert_eq!(effects[1], effects[0]);
        assert_eq!(effects[2], None);
    }

    #[test]
    fn rate_limit_counts_per_virtual_window() {
        let f = Faults::new(1);
        f.add(spec(FaultAction::RateLimit { limit: 2, window_seconds: 60 })).expect("valid");
        let t0 = Timestamp::UNIX_EPOCH;
        assert_eq!(f.plan(target(t0)).effect, None);
        assert_eq!(f.plan(target(t0)).effect, None);
        assert_eq!(
            f.plan(target(t0 + SignedDuration::from_secs(15))).effect,
            Some(FaultEffect::RateLimited { retry_after_secs: 45 })
        );
        assert_eq!(f.plan(target(t0 + SignedDuration::from_secs(61))).effect, None);
    }

    #[test]
    fn other_apis_and_paths_are_untouched_and_bad_rules_refused() {
        let f = Faults::new(1);
        f.add(spec(FaultAction::Drop)).expect("valid");
        let mut t = target(Timestamp::UNIX_EPOCH);
        t.api = "dryrun";
        assert_eq!(f.plan(t).effect, None);
        assert!(f.add(FaultSpec { probability: 2.0, ..spec(FaultAction::Drop) }).is_err());
        assert!(f.add(spec(FaultAction::Latency { ms: None, min_ms: None, max_ms: None })).is_err());
    }

    #[test]
    fn clearing_one_api_keeps_rules_for_every_api() {
        let f = Faults::new(1);
        f.add(spec(FaultAction::Drop)).expect("valid");
        f.add(FaultSpec { api: None, ..spec(FaultAction::Drop) }).expect("valid");
        f.add(FaultSpec { api: Some("dryrun".into()), ..spec(FaultAction::Drop) }).expect("valid");
        f.clear(Some("kolega"));
        let left: Vec<Option<String>> = f.list().into_iter().map(|r| r.spec.api).collect();
        assert_eq!(left, vec![None, Some("dryrun".to_string())]);
        f.clear(None);
        assert!(f.list().is_empty());
    }

    /// Which of `n` requests to `api` a half-probability rule fires on.
    fn fired(f: &Faults, api: &'static str, n: usize) -> Vec<bool> {
        let mut t = target(Timestamp::UNIX_EPOCH);
        t.api = api;
        (0..n).map(|_| f.plan(t).effect.is_some()).collect()
    }

    #[test]
    fn each_api_draws_from_its_own_rng_and_reseeds_alone() {
        let everywhere = FaultSpec { api: None, probability: 0.5, ..spec(FaultAction::Drop) };
        let quiet = Faults::new(7);
        quiet.add(everywhere.clone()).expect("valid");
        let busy = Faults::new(7);
        busy.add(everywhere).expect("valid");
        fired(&busy, "dryrun", 50);
        let kolega = fired(&quiet, "kolega", 40);
        assert_eq!(fired(&busy, "kolega", 40), kolega, "dryrun's traffic does not shift kolega's draws");
        busy.reseed(Some("kolega"), 7);
        let dryrun_next = fired(&quiet, "dryrun", 20);
        assert_eq!(fired(&busy, "kolega", 40), kolega, "kolega alone starts over");
        fired(&quiet, "dryrun", 50);
        assert_ne!(fired(&busy, "dryrun", 20), dryrun_next, "dryrun's RNG went on where it was");
        busy.reseed(None, 7);
        quiet.reseed(None, 7);
        assert_eq!(fired(&busy, "dryrun", 40), fired(&quiet, "dryrun", 40));
    }

    #[test]
    fn check_refuses_bodiless_statuses_long_latencies_and_wild_globs() {
        let status = |status| spec(FaultAction::Status { status, message: None });
        for bad in [100, 204, 304, 399, 600] {
            let err = Faults::check(&status(bad)).expect_err("no error body");
            assert!(err.starts_with("action.status:") && err.contains("400 to 599"), "{err}");
        }
        Faults::check(&status(400)).expect("400");
        Faults::check(&status(599)).expect("599");
        let slow = spec(FaultAction::Latency { ms: Some(MAX_LATENCY_MS + 1), min_ms: None, max_ms: None });
        assert!(Faults::check(&slow).is_err_and(|e| e.starts_with("action.ms")));
        let window = spec(FaultAction::RateLimit { limit: 1, window_seconds: u64::MAX });
        assert!(Faults::check(&window).is_err_and(|e| e.starts_with("action.window_seconds")));
        let deep = format!("{}a{}", "{a,".repeat(40), "}".repeat(40));
        let err = Faults::check(&FaultSpec { path: Some(deep), ..spec(FaultAction::Drop) }).expect_err("nested");
        assert!(err.starts_with("path:"), "{err}");
    }
}
