//! Bringing the world up to the clock before a request acts: scans whose start or end
//! has come are moved on, a completed scan's findings are stored, and the events that
//! happened since the last catch-up make their notifications and queue their webhook
//! deliveries. Run with the request's `now`, in a fixed order, it is deterministic.

use jiff::Timestamp;
use rand::rngs::ChaCha8Rng;
use serde_json::Value;

use super::events;
use super::findings;
use super::notifications::{self, Notification};
use super::scan;
use super::state::SecureScanState;
use super::webhooks::{DELIVERED, Delivery};
use crate::world::new_uuid;

pub(crate) fn run(state: &mut SecureScanState, rng: &mut ChaCha8Rng, now: Timestamp) {
    let since = state.caught_up_to.unwrap_or(now);
    if state.caught_up_to.is_some_and(|c| c >= now) {
        return;
    }
    for i in 0..state.scans.len() {
        state.scans[i].start_if_due(now);
        if state.scans[i].end_is_due(now) {
            complete(state, rng, i);
        }
        let happened = events::between(&state.scans[i], since, now);
        let scan_id = state.scans[i].id.clone();
        for event in happened {
            react(state, rng, &scan_id, &event);
        }
    }
    state.caught_up_to = Some(now);
}

/// Stores a scan's findings and ends it.
fn complete(state: &mut SecureScanState, rng: &mut ChaCha8Rng, i: usize) {
    let s = &state.scans[i];
    let target = s.target.clone();
    let failed = s.plan.error.is_some();
    let drafts = if failed { Vec::new() } else { scan::drafts(&s.scan_types, &target, &state.installed) };
    let score = findings::risk_score(drafts.iter().map(|d| d.severity()));
    let scan_id = s.id.clone();
    let count = drafts.len() as u64;
    for draft in drafts {
        let id = new_uuid(rng);
        state.findings.push(draft.into_finding(id, &scan_id).into());
    }
    state.scans[i].finish(count, score);
}

/// What an event makes: a notification, webhook deliveries.
fn react(state: &mut SecureScanState, rng: &mut ChaCha8Rng, scan_id: &str, event: &events::Event) {
    if let Some((kind, title, body, severity)) = notifications::for_event(event) {
        state.notifications.push(Notification {
            id: new_uuid(rng),
            kind,
            title,
            body,
            link: Some(notifications::link(scan_id)),
            severity,
            created_at: event.at,
            read_at: None,
        });
    }
    if !DELIVERED.contains(&event.name) {
        return;
    }
    let mut payload = serde_json::Map::new();
    payload.insert("scan_id".into(), Value::String(scan_id.to_string()));
    if let Value::Object(data) = &event.data {
        payload.extend(data.clone());
    }
    let wanting: Vec<String> = state
        .webhooks
        .iter()
        .filter(|w| w.enabled && w.event_filter.iter().any(|e| e == event.name))
        .map(|w| w.id.clone())
        .collect();
    for webhook_id in wanting {
        let id = new_uuid(rng);
        state.deliveries.push(Delivery::queued(id, &webhook_id, event.name, Value::Object(payload.clone()), event.at));
    }
}
