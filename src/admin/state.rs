//! State snapshots: export and import every API's state (with its RNG position).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::AdminCall;
use crate::reply::Reply;

pub(crate) fn export(call: &AdminCall<'_>) -> Reply {
    match call.api() {
        Ok(api) => Reply::json(200, json!({ "apis": call.server.export_state(api.as_deref()) })),
        Err(reply) => *reply,
    }
}

pub(crate) fn import(call: &AdminCall<'_>) -> Reply {
    let apis: BTreeMap<String, Value> =
        call.request.body_field("apis").and_then(|v| serde_json::from_value(v.clone()).ok()).unwrap_or_default();
    if let Some(scope) = call.scope
        && let Some(other) = apis.keys().find(|name| *name != scope)
    {
        return call.errors.error(404, Some(&format!("this admin mount is scoped to '{scope}', not '{other}'")));
    }
    if let Some(unknown) = apis.keys().find(|name| call.server.api(name).is_none()) {
        return call.errors.error(404, Some(&format!("no API named '{unknown}'")));
    }
    let names: Vec<String> = apis.keys().cloned().collect();
    match call.server.import_state(apis) {
        Ok(()) => Reply::json(200, json!({ "imported": names })),
        Err(e) => call.invalid(&e),
    }
}
