//! Fault rules: list, add, remove.

use serde_json::json;

use super::AdminCall;
use crate::reply::{Answer, Reply};
use crate::world::FaultSpec;

pub(crate) fn list(call: &AdminCall<'_>) -> Answer {
    let faults: Vec<_> = call
        .server
        .world
        .faults
        .list()
        .into_iter()
        .filter(|f| call.scope.is_none_or(|s| f.spec.api.as_deref() == Some(s)))
        .collect();
    Ok(Reply::json(200, json!({ "faults": faults })))
}

pub(crate) fn add(call: &AdminCall<'_>) -> Answer {
    let body = call.request.body.clone().unwrap_or_default();
    let mut spec: FaultSpec =
        serde_json::from_value(body).map_err(|e| call.invalid(&format!("not a fault rule: {e}")))?;
    if let Some(scope) = call.scope {
        match spec.api.as_deref() {
            Some(api) if api != scope => return Err(call.invalid(&format!("this admin mount is scoped to '{scope}'"))),
            _ => spec.api = Some(scope.to_string()),
        }
    }
    if let Some(api) = spec.api.as_deref()
        && call.server.api(api).is_none()
    {
        return Err(call.invalid(&format!("no API named '{api}'")));
    }
    let rule = call.server.world.faults.add(spec).map_err(|e| call.invalid(&e))?;
    Ok(Reply::json(201, rule))
}

pub(crate) fn clear(call: &AdminCall<'_>) -> Answer {
    call.server.world.faults.clear(call.scope);
    Ok(Reply::empty(204))
}

pub(crate) fn remove(call: &AdminCall<'_>) -> Answer {
    let id = call.request.params.path.get("fault_id").and_then(|v| v.as_u64()).unwrap_or(0);
    let faults = &call.server.world.faults;
    let visible =
        faults.list().iter().any(|f| f.id == id && call.scope.is_none_or(|s| f.spec.api.as_deref() == Some(s)));
    if visible && faults.remove(id) {
        Ok(Reply::empty(204))
    } else {
        Err(call.not_found(&format!("no fault rule #{id}")))
    }
}
