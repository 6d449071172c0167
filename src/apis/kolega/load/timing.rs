//! `timing:` in a scenario: how long things take, per scan type and for fixes, and how
//! often they fail. Every field is optional; what a scenario leaves out keeps the model's
//! defaults (`model/timing.rs`). Durations read as seconds or text.

use jiff::SignedDuration;
use serde::{Deserialize, Deserializer};

use crate::apis::kolega::model::ScanType;
use crate::apis::kolega::model::timing::Timing;

/// A duration in a scenario: seconds as a number, or `"90s"`, `"2m 30s"`, `"PT1H"`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Dur(pub SignedDuration);

impl<'de> Deserialize<'de> for Dur {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Secs(f64),
            Text(String),
        }
        let parsed = match Raw::deserialize(d)? {
            Raw::Secs(s) => SignedDuration::try_from_secs_f64(s).map_err(|e| e.to_string()),
            Raw::Text(t) => parse_text(&t),
        };
        match parsed {
            Ok(d) if d.is_negative() => Err(serde::de::Error::custom("a duration cannot be negative")),
            Ok(d) => Ok(Dur(d)),
            Err(e) => Err(serde::de::Error::custom(e)),
        }
    }
}

/// Text durations; days and weeks count as 24 h and 7 days (`"90d"`, `"2w"` are common in
/// scenarios and `SignedDuration` alone refuses calendar units).
fn parse_text(t: &str) -> Result<SignedDuration, String> {
    let t = t.trim();
    t.parse::<SignedDuration>().or_else(|_| {
        let span = t.parse::<jiff::Span>().map_err(|e| format!("'{t}' is not a duration: {e}"))?;
        span.to_duration(jiff::SpanRelativeTo::days_are_24_hours())
            .map_err(|e| format!("'{t}' is not a duration (use days or smaller units): {e}"))
    })
}

impl schemars::JsonSchema for Dur {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A duration: seconds, or text such as \"90s\", \"2m 30s\", \"3d\", \"PT1H\".",
            "anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}]
        })
    }
}

/// A scan profile in a scenario: every field optional.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScanTimingInput {
    /// Time in `queued` (default 2–5 s by type).
    pub(crate) queued: Option<Dur>,
    /// Time in `creating_scans`; source scans are created one by one over it.
    pub(crate) creating: Option<Dur>,
    /// One source repository's scan (default 45 s secrets, 2.5 min semgrep, 8 min deep AI, 1 min SBOM).
    pub(crate) scanning: Option<Dur>,
    /// Time in `assessing` once every source scan has finished.
    pub(crate) assessing: Option<Dur>,
    /// Spread of source scan durations, 0–0.9 (default 0.2).
    pub(crate) jitter: Option<f64>,
    /// Chance that a batch fails outright, 0–1 (default 0).
    pub(crate) failure_rate: Option<f64>,
    /// Chance that some of a multi-source batch's scans fail, 0–1 (default 0).
    pub(crate) partial_failure_rate: Option<f64>,
    /// Chance that a scan reports a catalog issue no finding has yet, 0–1 (default 0.8).
    pub(crate) detect_rate: Option<f64>,
    /// Mean time an issue stays in the code before it is fixed outside Kolega (default
    /// 5 days, at most a year); the next scan after that resolves it (`resolved_auto`).
    pub(crate) finding_lifetime: Option<Dur>,
}

/// The fix profile in a scenario.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FixTimingInput {
    /// Time a new fix waits for an agent (default 4 s).
    pub(crate) pending: Option<Dur>,
    /// Time the agent works (default 3 min).
    pub(crate) running: Option<Dur>,
    /// Spread of run durations, 0–0.9 (default 0.3).
    pub(crate) jitter: Option<f64>,
    /// Mean time between agent steps (default 8 s).
    pub(crate) step_every: Option<Dur>,
    /// Chance that a run fails, 0–1 (default 0).
    pub(crate) failure_rate: Option<f64>,
    /// Chance that an opened pull request is merged, 0–1 (default 0.6); the merge resolves
    /// the fix's findings.
    pub(crate) pr_merge_rate: Option<f64>,
    /// Mean time from opening a pull request to its merge, ± half (default 20 h).
    pub(crate) pr_merge_after: Option<Dur>,
    /// Share of merges that land through a developer's pull request linked to the findings
    /// (`resolved_pr_linked`) instead of the fix's own (`resolved_pr_merged`), 0–1
    /// (default 0.15).
    pub(crate) pr_link_rate: Option<f64>,
    /// Chance that opening a fix's pull requests fails (`pr_creation_failed`), 0–1 (default 0).
    pub(crate) pr_creation_failure_rate: Option<f64>,
    /// Chance that pushing a refined run to its pull request fails (`pr_update_failed`),
    /// 0–1 (default 0).
    pub(crate) pr_update_failure_rate: Option<f64>,
}

/// Scan profiles by scan type.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScanTimingsInput {
    pub(crate) secrets_scan: Option<ScanTimingInput>,
    pub(crate) semgrep_scan: Option<ScanTimingInput>,
    pub(crate) deep_ai_scan: Option<ScanTimingInput>,
    pub(crate) sbom_scan: Option<ScanTimingInput>,
}

/// `timing:` in a scenario.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimingInput {
    #[serde(default)]
    pub(crate) scans: ScanTimingsInput,
    #[serde(default)]
    pub(crate) fixes: FixTimingInput,
}

fn rate(name: &str, value: Option<f64>, default: f64, max: f64) -> Result<f64, String> {
    match value {
        None => Ok(default),
        Some(v) if (0.0..=max).contains(&v) => Ok(v),
        Some(v) => Err(format!("{name} must be between 0 and {max}, not {v}")),
    }
}

/// The longest phase a profile may give: plans are added to timestamps, and a week is
/// already far beyond any real scan or fix.
const LONGEST: SignedDuration = SignedDuration::from_hours(7 * 24);

/// The longest mean time an issue may stay in the code.
const LONGEST_LIFETIME: SignedDuration = SignedDuration::from_hours(365 * 24);

fn duration(name: String, value: Option<Dur>, default: SignedDuration) -> Result<SignedDuration, String> {
    match value {
        None => Ok(default),
        Some(Dur(d)) if d <= LONGEST => Ok(d),
        Some(Dur(d)) => Err(format!("{name} must be at most 7 days, not {d:#}")),
    }
}

impl TimingInput {
    /// The defaults with the scenario's overrides; errors name the bad field.
    pub(crate) fn resolve(&self) -> Result<Timing, String> {
        let mut timing = Timing::default();
        let inputs =
            [&self.scans.secrets_scan, &self.scans.semgrep_scan, &self.scans.deep_ai_scan, &self.scans.sbom_scan];
        for (scan_type, input) in ScanType::ALL.iter().zip(inputs) {
            let Some(input) = input else { continue };
            let at = |field: &str| format!("timing.scans.{}.{field}", scan_type.as_str());
            let t = &mut timing.scans[scan_type.rank()];
            t.queued = duration(at("queued"), input.queued, t.queued)?;
            t.creating = duration(at("creating"), input.creating, t.creating)?;
            t.scanning = duration(at("scanning"), input.scanning, t.scanning)?;
            t.assessing = duration(at("assessing"), input.assessing, t.assessing)?;
            t.jitter = rate(&at("jitter"), input.jitter, t.jitter, 0.9)?;
            t.failure_rate = rate(&at("failure_rate"), input.failure_rate, t.failure_rate, 1.0)?;
            t.partial_failure_rate =
                rate(&at("partial_failure_rate"), input.partial_failure_rate, t.partial_failure_rate, 1.0)?;
            t.detect_rate = rate(&at("detect_rate"), input.detect_rate, t.detect_rate, 1.0)?;
            t.finding_lifetime = match input.finding_lifetime {
                None => t.finding_lifetime,
                Some(Dur(d)) if d <= LONGEST_LIFETIME && !d.is_zero() => d,
                Some(Dur(d)) => {
                    return Err(format!("{} must be above 0 and at most 365 days, not {d:#}", at("finding_lifetime")));
                }
            };
            if t.scanning.is_zero() {
                return Err(format!("{} must be longer than 0", at("scanning")));
            }
        }
        let f = &mut timing.fixes;
        let input = &self.fixes;
        f.pending = duration("timing.fixes.pending".into(), input.pending, f.pending)?;
        f.running = duration("timing.fixes.running".into(), input.running, f.running)?;
        f.step_every = duration("timing.fixes.step_every".into(), input.step_every, f.step_every)?;
        f.jitter = rate("timing.fixes.jitter", input.jitter, f.jitter, 0.9)?;
        f.failure_rate = rate("timing.fixes.failure_rate", input.failure_rate, f.failure_rate, 1.0)?;
        let p = &mut f.pull_requests;
        p.merge_rate = rate("timing.fixes.pr_merge_rate", input.pr_merge_rate, p.merge_rate, 1.0)?;
        p.merge_after = duration("timing.fixes.pr_merge_after".into(), input.pr_merge_after, p.merge_after)?;
        p.link_rate = rate("timing.fixes.pr_link_rate", input.pr_link_rate, p.link_rate, 1.0)?;
        p.creation_failure_rate = rate(
            "timing.fixes.pr_creation_failure_rate",
            input.pr_creation_failure_rate,
            p.creation_failure_rate,
            1.0,
        )?;
        p.update_failure_rate =
            rate("timing.fixes.pr_update_failure_rate", input.pr_update_failure_rate, p.update_failure_rate, 1.0)?;
        if f.running.is_zero() || f.step_every.is_zero() {
            return Err("timing.fixes.running and timing.fixes.step_every must be longer than 0".into());
        }
        Ok(timing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_numbers_and_text_and_refuse_negatives() {
        let d: Dur = serde_json::from_value(serde_json::json!("2m 30s")).expect("text");
        assert_eq!(d.0, SignedDuration::from_secs(150));
        let d: Dur = serde_json::from_value(serde_json::json!("3d")).expect("days");
        assert_eq!(d.0, SignedDuration::from_hours(72));
        let d: Dur = serde_json::from_value(serde_json::json!(90)).expect("number");
        assert_eq!(d.0, SignedDuration::from_secs(90));
        assert!(serde_json::from_value::<Dur>(serde_json::json!(-1)).is_err());
        assert!(serde_json::from_value::<Dur>(serde_json::json!("soon")).is_err());
    }

    #[test]
    fn overrides_keep_the_other_defaults_and_rates_are_checked() {
        let input: TimingInput =
            serde_json::from_value(serde_json::json!({"scans": {"deep_ai_scan": {"scanning": "1m"}}})).expect("parses");
        let timing = input.resolve().expect("resolves");
        assert_eq!(timing.scan(ScanType::DeepAi).scanning, SignedDuration::from_secs(60));
        assert_eq!(timing.scan(ScanType::DeepAi).queued, SignedDuration::from_secs(5));
        let bad: TimingInput =
            serde_json::from_value(serde_json::json!({"fixes": {"failure_rate": 1.5}})).expect("parses");
        assert_eq!(bad.resolve().err().as_deref(), Some("timing.fixes.failure_rate must be between 0 and 1, not 1.5"));
        let long: TimingInput =
            serde_json::from_value(serde_json::json!({"fixes": {"running": "9000h"}})).expect("parses");
        assert!(long.resolve().is_err_and(|e| e.starts_with("timing.fixes.running must be at most 7 days")));
    }
}
