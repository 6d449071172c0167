//! Fault injection as data: rules that match requests by API, operation, method and path
//! pattern, fire with a probability and up to a count, and add latency, answer an error
//! status in the API's own format, drop or reset the connection, or rate-limit. The
//! pipeline asks for a plan per request; the transport carries out drops and resets.

use std::time::Duration;

use globset::{Glob, GlobMatcher};
use jiff::{SignedDuration, Timestamp};
use parking_lot::Mutex;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

/// What a fault does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultAction {
    /// Delay the answer by `ms`, or by a random time in `min_ms..=max_ms`.
    Latency {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_ms: Option<u64>,
    },
    /// Answer this status with the API's own error body.
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// Close the connection without answering.
    Drop,
    /// Reset the connection (TCP RST) without answering.
    Reset,
    /// Allow `limit` requests per `window_seconds` of virtual time; 429 with
    /// `Retry-After` beyond that.
    RateLimit { limit: u32, window_seconds: u64 },
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
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default = "always")]
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

#[derive(Debug)]
pub struct Faults {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    next_id: u64,
    rules: Vec<FaultRule>,
    rng: ChaCha8Rng,
}

impl Faults {
    pub fn new(seed: u64) -> Faults {
        Faults { inner: Mutex::new(Inner { next_id: 0, rules: Vec::new(), rng: ChaCha8Rng::seed_from_u64(seed) }) }
    }

    /// Adds a rule; a bad path pattern or probability is refused.
    pub fn add(&self, spec: FaultSpec) -> Result<FaultRule, String> {
        if !(0.0..=1.0).contains(&spec.probability) {
            return Err(format!("probability must be between 0 and 1, not {}", spec.probability));
        }
        match &spec.action {
            FaultAction::Status { status, .. } if !(100..=599).contains(status) => {
                return Err(format!("status {status} is not an HTTP status"));
            }
            FaultAction::Latency { ms: None, min_ms: None, max_ms: None } => {
                return Err("latency needs ms, or min_ms and max_ms".into());
            }
            FaultAction::Latency { min_ms: Some(lo), max_ms: Some(hi), .. } if lo > hi => {
                return Err("min_ms must not exceed max_ms".into());
            }
            FaultAction::RateLimit { limit: _, window_seconds: 0 } => {
                return Err("window_seconds must be positive".into());
            }
            _ => {}
        }
        let matcher = match &spec.path {
            Some(p) => Some(Glob::new(p).map_err(|e| format!("path pattern: {e}"))?.compile_matcher()),
            None => None,
        };
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

    /// Removes every rule of `api`, or all rules.
    pub fn clear(&self, api: Option<&str>) {
        self.inner.lock().rules.retain(|r| api.is_some_and(|a| r.spec.api.as_deref().is_some_and(|x| x != a)));
    }

    /// Restarts the probability RNG (on reset, for determinism).
    pub fn reseed(&self, seed: u64) {
        self.inner.lock().rng = ChaCha8Rng::seed_from_u64(seed);
    }

    /// Decides what the matching rules do to this request. Latencies add up; the first
    /// rule with an effect decides the effect.
    pub fn plan(&self, target: FaultTarget<'_>) -> FaultPlan {
        let mut plan = FaultPlan::default();
        let mut inner = self.inner.lock();
        let Inner { rules, rng, .. } = &mut *inner;
        for rule in rules.iter_mut() {
            if !matches(rule, &target) || rule.spec.times.is_some_and(|t| rule.fired >= t) {
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
                FaultAction::RateLimit { .. } => None,
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
}
