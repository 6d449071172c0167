//! Reset, and loading scenarios by name or inline.

use serde_json::{Value, json};

use super::AdminCall;
use crate::reply::{Answer, Reply};
use crate::server::Server;
use crate::world::{Scenario, ScenarioError};

/// What a scenario holds and what was just reset.
pub(crate) fn info(server: &Server, reset: &[String]) -> Value {
    let scenario = server.scenario();
    let mut out = json!({
        "name": scenario.display_name(),
        "description": scenario.description,
        "seed": server.world.seed(),
        "apis": scenario.apis.keys().collect::<Vec<_>>(),
        "clock": server.world.clock.reading(),
    });
    if !reset.is_empty() {
        out["reset"] = json!(reset);
    }
    out
}

pub(crate) fn reset(call: &AdminCall<'_>) -> Answer {
    let only = call.api()?;
    call.server.reset(only.as_deref()).map_err(|e| call.invalid(&e))?;
    let reset = only.map(|a| vec![a]).unwrap_or_else(|| call.server.api_names());
    Ok(Reply::json(200, info(call.server, &reset)))
}

pub(crate) fn get(call: &AdminCall<'_>) -> Answer {
    Ok(Reply::json(200, info(call.server, &[])))
}

pub(crate) fn load(call: &AdminCall<'_>) -> Answer {
    let body = call.request.body.as_ref().unwrap_or(&Value::Null);
    let loaded = match (body.get("name").and_then(Value::as_str), body.get("scenario")) {
        (Some(name), _) => call.server.library.load(name),
        (None, Some(inline)) => Scenario::from_value("inline scenario", inline.clone()),
        _ => return Err(call.invalid("give a scenario 'name' or an inline 'scenario'")),
    };
    let scenario = loaded.map_err(|e| match e {
        ScenarioError::Unknown { .. } => call.not_found(&e.to_string()),
        // A name that is not a name (`BadName`) is refused before any file is looked at,
        // so neither the status nor the message says anything about the disk.
        _ => call.invalid(&e.to_string()),
    })?;
    let only = call.scope;
    call.server.apply(scenario, only).map_err(|e| call.invalid(&e))?;
    let reset = only.map(|a| vec![a.to_string()]).unwrap_or_else(|| call.server.api_names());
    Ok(Reply::json(200, info(call.server, &reset)))
}

pub(crate) fn list(call: &AdminCall<'_>) -> Answer {
    let scenarios: Vec<Value> = call
        .server
        .library
        .list()
        .into_iter()
        .map(|(name, description)| json!({"name": name, "description": description}))
        .collect();
    Ok(Reply::json(200, json!({ "scenarios": scenarios })))
}

pub(crate) fn schema(call: &AdminCall<'_>) -> Answer {
    Ok(Reply::json(200, call.server.scenario_schema()))
}
