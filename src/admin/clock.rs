//! The virtual clock: read, set, advance (running what falls due), pause, resume.

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::AdminCall;
use crate::contract::Renderer;
use crate::reply::{Answer, Refusal, Reply};
use crate::server::Server;
use crate::world::{ClockMode, parse_span};

pub(crate) fn get(call: &AdminCall<'_>) -> Answer {
    Ok(Reply::json(200, call.server.world.clock.reading()))
}

pub(crate) fn pause(call: &AdminCall<'_>) -> Answer {
    call.server.world.clock.pause();
    get(call)
}

pub(crate) fn resume(call: &AdminCall<'_>) -> Answer {
    call.server.world.clock.resume();
    get(call)
}

/// Scheduled jobs not yet due, and each API's own timed work (see `Behaviour::work`).
pub(crate) fn jobs(call: &AdminCall<'_>) -> Answer {
    let in_scope = |api: &str| call.scope.is_none_or(|s| s == api);
    let jobs: Vec<_> = call.server.world.scheduler.pending().into_iter().filter(|j| in_scope(&j.api)).collect();
    let now = call.server.world.clock.now();
    let mut work = Vec::new();
    for api in call.server.apis().iter().filter(|a| in_scope(a.name())) {
        for piece in api.behaviour.work(now) {
            let mut piece = serde_json::to_value(piece).unwrap_or_default();
            piece["api"] = json!(api.name());
            work.push(piece);
        }
    }
    Ok(Reply::json(200, json!({ "jobs": jobs, "now": now, "work": work })))
}

pub(crate) async fn advance(server: Arc<Server>, body: Value, errors: Renderer) -> Answer {
    let invalid = |message: &str| Refusal::from(errors.error(422, Some(message)));
    let by = parse_span(body.get("by").unwrap_or(&Value::Null)).map_err(|e| invalid(&e))?;
    if by.is_negative() {
        return Err(invalid("the clock only advances forward; use PATCH /clock to set it"));
    }
    let world = &server.world;
    let target = world.clock.now().checked_add(by).map_err(|_| invalid("that would move the clock out of range"))?;
    let jobs_run = world.scheduler.advance_to(target).await;
    Ok(Reply::json(200, json!({"clock": world.clock.reading(), "jobs_run": jobs_run})))
}

pub(crate) async fn set(server: Arc<Server>, body: Value, errors: Renderer) -> Answer {
    let clock = &server.world.clock;
    let now = body
        .get("now")
        .and_then(Value::as_str)
        .map(str::parse::<Timestamp>)
        .transpose()
        .map_err(|e| Refusal::from(errors.error(422, Some(&format!("now: {e}")))))?;
    if let Some(mode) = body.get("mode").and_then(Value::as_str) {
        clock.set_mode(if mode == "manual" { ClockMode::Manual } else { ClockMode::Real });
    }
    if let Some(scale) = body.get("scale").and_then(Value::as_f64) {
        clock.set_scale(scale);
    }
    match body.get("paused").and_then(Value::as_bool) {
        Some(true) => {
            clock.pause();
        }
        Some(false) => {
            clock.resume();
        }
        None => {}
    }
    if let Some(now) = now {
        if now > clock.now() {
            server.world.scheduler.advance_to(now).await;
        } else {
            clock.set(now);
        }
    }
    Ok(Reply::json(200, clock.reading()))
}
