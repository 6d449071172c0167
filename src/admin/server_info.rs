//! `GET /health` and `GET /apis`.

use serde_json::{Value, json};

use super::AdminCall;
use crate::reply::{Answer, Reply};

pub(crate) fn health(call: &AdminCall<'_>) -> Answer {
    let scenario = call.server.scenario();
    Ok(Reply::json(
        200,
        json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "apis": call.server.api_names(),
            "scenario": scenario.display_name(),
            "journal": call.server.world.journal.usage(),
            // Lines lost while stderr was not being read: logging never makes a request wait.
            "dropped_log_lines": crate::telemetry::dropped_lines(),
        }),
    ))
}

pub(crate) fn list_apis(call: &AdminCall<'_>) -> Answer {
    let urls = call.server.urls();
    let apis: Vec<Value> = call
        .server
        .apis()
        .iter()
        .filter(|a| call.scope.is_none_or(|s| s == a.name()))
        .map(|a| {
            let base = urls.get(a.name()).cloned().unwrap_or_default();
            json!({
                "name": a.name(),
                "title": a.spec.title,
                "base_url": base,
                "spec_url": format!("{base}/openapi.json"),
                "docs_url": a.spec.settings.docs.then(|| format!("{base}/docs")),
                "operations": a.spec.operations.len(),
                "dialect": a.spec.settings.dialect,
                // The scenario's demo credentials, as the start-up banner prints them.
                "credentials": a.behaviour.banner(),
            })
        })
        .collect();
    Ok(Reply::json(200, json!({ "apis": apis })))
}
