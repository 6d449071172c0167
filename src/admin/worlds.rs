//! Creating, listing, resetting and deleting worlds (`/worlds`). The registry and what a
//! world is live in `server::worlds`; these handlers only translate.

use std::sync::Arc;

use serde_json::{Value, json};

use super::AdminCall;
use crate::reply::{Answer, Refusal, Reply};
use crate::server::{WorldEntry, WorldRefusal, WorldSpec, Worlds};
use crate::world::{ClockMode, Scenario, ScenarioError};

/// What the admin API shows of a world.
pub(crate) fn summary(world: &WorldEntry) -> Value {
    let server = &world.server;
    json!({
        "name": world.name,
        "default": world.is_default(),
        "scenario": server.scenario().display_name(),
        "seed": server.world.seed(),
        "clock": server.world.clock.reading(),
        "created_at": world.created,
        "requests": world.requests(),
        "urls": server.urls(),
    })
}

fn registry(call: &AdminCall<'_>) -> Result<Arc<Worlds>, Refusal> {
    // Only gone while the server stops.
    call.worlds.upgrade().ok_or_else(|| call.errors.error(503, Some("the server is stopping")).into())
}

fn named(call: &AdminCall<'_>, worlds: &Worlds) -> Result<Arc<WorldEntry>, Refusal> {
    let name = call.request.path_param("world").unwrap_or_default();
    worlds.get(name).ok_or_else(|| call.not_found(&format!("no world named '{name}'")))
}

pub(crate) fn list(call: &AdminCall<'_>) -> Answer {
    let worlds = registry(call)?;
    let listed: Vec<Value> = worlds.list().iter().map(|w| summary(w)).collect();
    Ok(Reply::json(200, json!({ "worlds": listed, "limit": worlds.limit() })))
}

pub(crate) fn get(call: &AdminCall<'_>) -> Answer {
    let worlds = registry(call)?;
    let world = named(call, &worlds)?;
    Ok(Reply::json(200, summary(&world)))
}

pub(crate) fn create(call: &AdminCall<'_>) -> Answer {
    let worlds = registry(call)?;
    let spec = world_spec(call)?;
    let created = worlds.create(spec).map_err(|refusal| match refusal {
        WorldRefusal::BadName(message) | WorldRefusal::Scenario(message) => call.invalid(&message),
        refusal @ (WorldRefusal::Exists(_) | WorldRefusal::Full(_)) => {
            call.errors.error(409, Some(&refusal.to_string())).into()
        }
    })?;
    Ok(Reply::json(201, summary(&created)).header("location", format!("/__secmock/worlds/{}", created.name)))
}

pub(crate) fn reset(call: &AdminCall<'_>) -> Answer {
    let worlds = registry(call)?;
    let world = named(call, &worlds)?;
    world.server.reset(None).map_err(|e| call.invalid(&e))?;
    Ok(Reply::json(200, summary(&world)))
}

pub(crate) fn delete(call: &AdminCall<'_>) -> Answer {
    let worlds = registry(call)?;
    let world = named(call, &worlds)?;
    if world.is_default() {
        return Err(call.errors.error(409, Some("the default world cannot be deleted (reset it instead)")).into());
    }
    worlds.remove(&world.name).ok_or_else(|| call.not_found(&format!("no world named '{}'", world.name)))?;
    Ok(Reply::empty(204))
}

/// The request body as a `WorldSpec` (the contract has checked its shape).
fn world_spec(call: &AdminCall<'_>) -> Result<WorldSpec, Refusal> {
    let body = call.request.body.as_ref().unwrap_or(&Value::Null);
    let scenario = match body.get("scenario") {
        None => None,
        Some(Value::String(name)) => Some(call.server.library.load(name).map_err(|e| match e {
            ScenarioError::Unknown { .. } => call.not_found(&e.to_string()),
            _ => call.invalid(&e.to_string()),
        })?),
        Some(inline) => {
            Some(Scenario::from_value("inline scenario", inline.clone()).map_err(|e| call.invalid(&e.to_string()))?)
        }
    };
    let clock = body.get("clock");
    let clock_start = match clock.and_then(|c| c.get("start")).and_then(Value::as_str) {
        Some(start) => Some(start.parse().map_err(|e| call.invalid(&format!("clock.start: {e}")))?),
        None => None,
    };
    let clock_mode = match clock.and_then(|c| c.get("mode")).and_then(Value::as_str) {
        Some("manual") => Some(ClockMode::Manual),
        Some("real") => Some(ClockMode::Real),
        _ => None,
    };
    Ok(WorldSpec {
        name: body.get("name").and_then(Value::as_str).map(str::to_string),
        scenario,
        seed: body.get("seed").and_then(Value::as_u64),
        clock_start,
        clock_mode,
    })
}
