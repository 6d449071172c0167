//! Stubs (`world::stubs`): add, list, look at one (its hits), remove.

use serde_json::json;

use super::AdminCall;
use crate::contract::ProblemDialect;
use crate::reply::{Answer, Reply};
use crate::world::StubSpec;
use crate::world::stubs::prepare;

pub(crate) fn list(call: &AdminCall<'_>) -> Answer {
    let only = call.api()?;
    Ok(Reply::json(200, json!({ "stubs": call.server.world.stubs.list(only.as_deref()) })))
}

pub(crate) fn add(call: &AdminCall<'_>) -> Answer {
    let body = call.request.body.clone().unwrap_or_default();
    let mut spec: StubSpec = serde_json::from_value(body).map_err(|e| call.invalid(&format!("not a stub: {e}")))?;
    match (call.scope, spec.api.is_empty()) {
        (Some(scope), true) => spec.api = scope.to_string(),
        (Some(scope), false) if spec.api != scope => {
            return Err(call.invalid(&format!("this admin mount is scoped to '{scope}'")));
        }
        (None, true) => return Err(call.invalid("api: name the API the stub answers for")),
        _ => {}
    }
    let Some(api) = call.server.api(&spec.api) else {
        return Err(call.invalid(&format!("api: no API named '{}'", spec.api)));
    };
    let prepared = prepare(spec, &api.spec).map_err(|refusal| {
        ProblemDialect::typed(
            422,
            "invalid-stub",
            "The stub cannot be added",
            &refusal.message,
            Some(("violations", json!(refusal.violations))),
        )
    })?;
    let stub = call.server.world.stubs.add(prepared).map_err(|e| call.invalid(&e))?;
    Ok(Reply::json(201, stub))
}

pub(crate) fn get(call: &AdminCall<'_>) -> Answer {
    let id = stub_id(call);
    match call.server.world.stubs.get(id) {
        Some(stub) if call.scope.is_none_or(|s| stub.spec.api == s) => Ok(Reply::json(200, stub)),
        _ => Err(call.not_found(&format!("no stub #{id}"))),
    }
}

pub(crate) fn remove(call: &AdminCall<'_>) -> Answer {
    let id = stub_id(call);
    let stubs = &call.server.world.stubs;
    let visible = stubs.get(id).is_some_and(|s| call.scope.is_none_or(|scope| s.spec.api == scope));
    if visible && stubs.remove(id) { Ok(Reply::empty(204)) } else { Err(call.not_found(&format!("no stub #{id}"))) }
}

pub(crate) fn clear(call: &AdminCall<'_>) -> Answer {
    let only = call.api()?;
    call.server.world.stubs.clear(only.as_deref());
    Ok(Reply::empty(204))
}

fn stub_id(call: &AdminCall<'_>) -> u64 {
    call.request.params.path.get("stub_id").and_then(|v| v.as_u64()).unwrap_or(0)
}
