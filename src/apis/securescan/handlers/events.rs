//! A scan's live progress: minting an SSE event token, and `/events`, which replays the
//! scan's event log up to now (a late subscriber sees `scan.start` too) and ends after
//! the terminal event. Thirty seconds after a scan ended its replay is gone, and a single
//! synthesised terminal event carrying its status is sent instead.

use jiff::SignedDuration;

use super::Op;
use crate::apis::securescan::errors;
use crate::apis::securescan::model::events::{self, TERMINAL};
use crate::apis::securescan::model::tokens::{self, TTL_SECONDS};
use crate::apis::securescan::views::scan::EventTokenView;
use crate::reply::{Answer, Refusal, Reply};

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
    let log = events::log(scan, now);
    let ended_at = log.iter().find(|e| TERMINAL.contains(&e.name)).map(|e| e.at);
    let mut body = String::new();
    match ended_at {
        Some(at) if now.duration_since(at) > REPLAY_GRACE => {
            let name = match scan.status.as_str() {
                "completed" => "scan.complete",
                "failed" => "scan.failed",
                _ => "scan.cancelled",
            };
            body.push_str(&frame(name, &serde_json::json!({"status": scan.status.as_str()})));
        }
        _ => {
            let skip = log.len().saturating_sub(REPLAY_MAX);
            for event in log.iter().skip(skip) {
                body.push_str(&frame(event.name, &event.data));
            }
        }
    }
    // A running scan's stream sends the events so far and closes: the client reconnects
    // (EventSource does) and is replayed what has happened since.
    Ok(Reply::bytes(200, "text/event-stream; charset=utf-8", body)
        .header("cache-control", "no-cache")
        .header("x-accel-buffering", "no"))
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
