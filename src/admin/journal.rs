//! The request journal, the contract violations, and the outbound deliveries attempted.

use serde_json::json;

use super::AdminCall;
use crate::reply::{Answer, Refusal, Reply};
use crate::world::JournalFilter;

pub(crate) fn list(call: &AdminCall<'_>) -> Answer {
    let filter = filter(call)?;
    let journal = &call.server.world.journal;
    let (entries, matching) = (journal.entries(&filter), journal.count(&filter));
    Ok(Reply::json(200, json!({"entries": entries, "matching": matching, "capacity": journal.capacity()})))
}

/// The entries a request asks for, from its query (`GET /journal`, `GET /journal/stream`).
pub(crate) fn filter(call: &AdminCall<'_>) -> Result<JournalFilter, Refusal> {
    let api = call.api()?;
    let r = call.request;
    let time = |name: &str| r.query_str(name).and_then(|t| t.parse().ok());
    Ok(JournalFilter {
        api,
        operation_id: r.query_str("operation_id").map(str::to_string),
        status: r.query_i64("status").map(|s| s as u16),
        method: r.query_str("method").map(str::to_string),
        since: time("since"),
        until: time("until"),
        violations_only: r.query_bool("violations_only").unwrap_or(false),
        path: match r.query_str("path") {
            Some(pattern) => {
                Some(crate::world::glob::matcher(pattern).map_err(|e| call.invalid(&format!("path: {e}")))?)
            }
            None => None,
        },
        limit: r.query_i64("limit").map(|n| n as usize),
    })
}

pub(crate) fn clear(call: &AdminCall<'_>) -> Answer {
    call.server.world.journal.clear(call.api()?.as_deref());
    Ok(Reply::empty(204))
}

pub(crate) fn violations(call: &AdminCall<'_>) -> Answer {
    let api = call.api()?;
    let journal = &call.server.world.journal;
    let by_api: std::collections::BTreeMap<String, u64> =
        journal.violation_counts().into_iter().filter(|(name, _)| api.as_ref().is_none_or(|a| a == name)).collect();
    let records = journal.violations(api.as_deref(), call.request.query_str("operation_id"));
    journal.acknowledge_violations();
    Ok(Reply::json(200, json!({"total": by_api.values().sum::<u64>(), "by_api": by_api, "violations": records})))
}

pub(crate) fn clear_violations(call: &AdminCall<'_>) -> Answer {
    call.server.world.journal.clear_violations(call.api()?.as_deref());
    Ok(Reply::empty(204))
}

pub(crate) fn outbound(call: &AdminCall<'_>) -> Answer {
    let attempts = call.server.world.outbound.records(call.api()?.as_deref());
    Ok(Reply::json(200, json!({ "attempts": attempts })))
}
