//! A scan's event log, read from its plan up to an instant: `scan.start`, each scanner's
//! `scanner.skipped` / `scanner.start` / `scanner.complete` / `scanner.failed`, then
//! exactly one terminal event (`scan.complete`, `scan.failed` or `scan.cancelled`).
//! Nothing is stored: the same plan read at the same instant gives the same log, which
//! is what a late subscriber is replayed.

use jiff::Timestamp;
use serde_json::{Value, json};

use super::ScanStatus;
use super::scan::{Scan, Step};

/// One event, as the SSE stream and webhooks carry it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Event {
    pub(crate) at: Timestamp,
    pub(crate) name: &'static str,
    pub(crate) data: Value,
}

/// Names of the events that end a stream.
pub(crate) const TERMINAL: [&str; 3] = ["scan.complete", "scan.failed", "scan.cancelled"];

fn seconds(from: Timestamp, to: Timestamp) -> f64 {
    let millis = to.duration_since(from).as_millis();
    (millis as f64 / 10.0).round() / 100.0
}

/// The events of `scan` that have happened by `now`, in order.
pub(crate) fn log(scan: &Scan, now: Timestamp) -> Vec<Event> {
    let plan = &scan.plan;
    let cut = scan.cancelled_at.map_or(now, |c| c.min(now));
    let mut events = Vec::new();
    if cut >= plan.starts_at {
        let at = plan.starts_at;
        let count = plan.steps.len();
        events.push(Event {
            at,
            name: "scan.start",
            data: json!({"target": scan.target_path, "scanner_count": count}),
        });
        for step in &plan.steps {
            if let Step::Skipped(skip) = step {
                events.push(Event {
                    at,
                    name: "scanner.skipped",
                    data: json!({"scanner": skip.name, "reason": skip.reason}),
                });
            }
        }
        let mut finished = Vec::new();
        for step in &plan.steps {
            let Step::Runs { scanner, finishes_at, findings, error } = step else { continue };
            events.push(Event { at, name: "scanner.start", data: json!({"scanner": scanner}) });
            let duration_s = seconds(at, *finishes_at);
            let data = match error {
                Some(e) => json!({"scanner": scanner, "duration_s": duration_s, "error": clip(e)}),
                None => json!({"scanner": scanner, "duration_s": duration_s, "findings_count": findings}),
            };
            let name = if error.is_some() { "scanner.failed" } else { "scanner.complete" };
            finished.push(Event { at: *finishes_at, name, data });
        }
        finished.sort_by_key(|e| e.at);
        events.extend(finished.into_iter().filter(|e| e.at <= cut));
    }
    match scan.status {
        ScanStatus::Cancelled => {
            events.push(Event { at: cut, name: "scan.cancelled", data: json!({}) });
        }
        ScanStatus::Completed if plan.ends_at <= now => events.push(Event {
            at: plan.ends_at,
            name: "scan.complete",
            data: json!({
                "target": scan.target_path,
                "duration_s": seconds(plan.starts_at, plan.ends_at),
                "scanner_count": scan.scanners_run.len(),
                "findings_count": scan.findings_count,
            }),
        }),
        ScanStatus::Failed if plan.ends_at <= now => events.push(Event {
            at: plan.ends_at,
            name: "scan.failed",
            data: json!({"error": clip(scan.error.as_deref().unwrap_or_default())}),
        }),
        _ => {}
    }
    events
}

/// Errors are cut to 200 characters in events.
fn clip(text: &str) -> String {
    text.chars().take(200).collect()
}

/// The events that happened in `(from, to]`: what a live subscriber or a webhook sees
/// as the clock moves.
///
/// A scan whose every event is at or before `from` has none to give, and is not read:
/// the catch-up before each request asks every scan, and building each one's whole log
/// to keep none of it was most of what a request to SecureScan cost (issue 14).
pub(crate) fn between(scan: &Scan, from: Timestamp, to: Timestamp) -> Vec<Event> {
    if last_event_at(scan) <= from {
        return Vec::new();
    }
    log(scan, to).into_iter().filter(|e| e.at > from).collect()
}

/// No event of `scan`'s log is later than this, whenever the log is read.
fn last_event_at(scan: &Scan) -> Timestamp {
    // Cancelled without a time, the event is at the instant the log is read.
    if matches!(scan.status, ScanStatus::Cancelled) && scan.cancelled_at.is_none() {
        return Timestamp::MAX;
    }
    let plan = &scan.plan;
    let finishes = plan.steps.iter().filter_map(|step| match step {
        Step::Runs { finishes_at, .. } => Some(*finishes_at),
        Step::Skipped(_) => None,
    });
    finishes.chain([plan.starts_at, plan.ends_at]).chain(scan.cancelled_at).max().unwrap_or(Timestamp::MAX)
}
