//! A scan's live progress: minting an SSE event token, and `/events`, which replays the
//! scan's event log up to now (a late subscriber sees `scan.start` too), then follows
//! the clock and ends after the terminal event. Thirty seconds after a scan ended its replay is gone, and a single
//! synthesised terminal event carrying its status is sent instead.

use bytes::Bytes;
use jiff::SignedDuration;

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::events::{self, TERMINAL};
use crate::apis::securescan::model::time::micros;
use crate::apis::securescan::model::tokens::{self, TTL_SECONDS};
use crate::apis::securescan::model::{ScanStatus, catch_up};
use crate::apis::securescan::views::scan::EventTokenView;
use crate::reply::{Answer, Refusal, Reply};
use crate::world::stream::Step;

/// How long a finished scan's events stay replayable.
const REPLAY_GRACE: SignedDuration = SignedDuration::from_secs(30);
/// How many events a replay holds at most.
const REPLAY_MAX: usize = 200;

pub(crate) fn mint_token(op: &mut Op<'_, '_>) -> Answer {
    let id = op.scan_id()?;
    let token = tokens::mint(&op.state().token_secret, &id, op.key_name(), op.call.now);
    Ok(Reply::json(200, EventTokenView { token: &token, expires_in: TTL_SECONDS }).header("cache-control", "no-store"))
}

pub(crate) fn stream(op: &mut Op<'_, '_>) -> Answer {
    if let Some(bound) = &op.token_scan
        && *bound != op.path("scan_id")
    {
        return Err(Refusal::from(errors::bad_event_token(op.ctx(), "Token does not match scan id")));
    }
    let id = op.scan_id()?;
    let now = op.call.now;
    let scan = op.state().scan(&id).ok_or_else(|| errors::scan_not_found(op.ctx()))?;
    let ended_at = events::log(scan, now).iter().find(|e| TERMINAL.contains(&e.name)).map(|e| e.at);
    if let Some(at) = ended_at
        && now.duration_since(at) > REPLAY_GRACE
    {
        // The replay is gone: one terminal event from the stored status.
        let name = match scan.status {
            ScanStatus::Completed => "scan.complete",
            ScanStatus::Failed => "scan.failed",
            _ => "scan.cancelled",
        };
        let body = frame(name, &serde_json::json!({"status": scan.status.as_str()}));
        return Ok(Reply::bytes(200, "text/event-stream; charset=utf-8", body)
            .header("cache-control", "no-cache")
            .header("x-accel-buffering", "no"));
    }
    // The replay so far at once, then each event as the clock reaches it, until the
    // terminal one. The world is brought up to each instant polled, as for a request.
    let (store, generation) = (op.call.store(), op.call.generation);
    let (mut sent, mut opened) = (0usize, false);
    let reply = op.call.event_stream(move |at| {
        let at = micros(at);
        // Only a world behind the clock is written to: a write wakes this stream again.
        if store.read(|s| s.caught_up_to.is_none_or(|c| c < at)) {
            store.write_if(generation, |txn| catch_up::run(txn.state, txn.rng, at));
        }
        let Some(log) = store.read(|s| s.scan(&id).map(|scan| events::log(scan, at))) else {
            return Step { frames: Vec::new(), done: true };
        };
        let first = !opened;
        opened = true;
        let skip = if first { log.len().saturating_sub(REPLAY_MAX) } else { sent };
        let fresh: Vec<_> = log.iter().skip(skip).collect();
        sent = log.len();
        let done = fresh.iter().any(|e| TERMINAL.contains(&e.name));
        let mut frames: Vec<Bytes> = fresh.into_iter().map(|e| Bytes::from(frame(e.name, &e.data))).collect();
        if first && frames.is_empty() {
            // Nothing has happened yet: a comment (which clients ignore) gets the response
            // head out now, as SecureScan's server sends it, rather than with the first event.
            frames.push(Bytes::from_static(b": keep-alive\n\n"));
        }
        Step { frames, done }
    });
    Ok(reply)
}

/// One SSE frame; the data is one line of JSON with Python's separators.
fn frame(name: &str, data: &serde_json::Value) -> String {
    format!("event: {name}\ndata: {}\n\n", python_json(data))
}

/// `json.dumps` with its default separators (`", "` and `": "`).
fn python_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", serde_json::Value::String(k.clone()), python_json(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        serde_json::Value::Array(items) => {
            format!("[{}]", items.iter().map(python_json).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}
