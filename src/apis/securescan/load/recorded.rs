//! A recorded SecureScan session (`--proxy securescan=… --record DIR`) as an
//! `apis.securescan` section: the scans the session saw (their ids, targets, scan types
//! and times; a cancelled one cancelled as long after it started), each target they
//! named, the keys it created (masked: `ssk_<id>_` and four characters kept, so the id
//! stays and the masked key works on the replay), the credential it used otherwise as
//! the environment key, its triage verdicts and its webhooks. A scan's findings are what
//! secmock's catalog finds in its target, not what the real scanners found: the replay
//! has the same scans, in the same lists, with secmock's findings.

use indexmap::IndexMap;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::apis::securescan::model::scan::START_DELAY_MS;
use crate::world::RecordedExchange;

/// Operations by name, whether reached at `/api/v1/…` (`v1_…`) or at the legacy `/api/…`.
fn base(operation_id: &str) -> &str {
    operation_id.strip_prefix("v1_").unwrap_or(operation_id)
}

pub(crate) fn section(start: Timestamp, exchanges: &[RecordedExchange]) -> Option<Value> {
    let mut scans: IndexMap<String, Value> = IndexMap::new();
    let mut targets: IndexMap<String, Value> = IndexMap::new();
    let mut keys: IndexMap<String, Value> = IndexMap::new();
    let mut triage: IndexMap<String, Value> = IndexMap::new();
    let mut webhooks: IndexMap<String, Map<String, Value>> = IndexMap::new();
    let mut env_key = None;
    for e in exchanges.iter().filter(|e| (200..300).contains(&e.status)) {
        let Some(body) = &e.response else { continue };
        let op = base(&e.operation_id);
        if env_key.is_none()
            && let Some(credential) = e.credentials.first().filter(|c| !c.starts_with("ssk_"))
        {
            env_key = Some(credential.clone());
        }
        if op.starts_with("list_scans_api") {
            body.as_array().into_iter().flatten().for_each(|s| scan(s, start, &mut scans, &mut targets));
        } else if ["create_scan_api", "read_scan_api", "cancel_scan_api"].iter().any(|p| op.starts_with(p)) {
            scan(body, start, &mut scans, &mut targets);
        } else if op.starts_with("create_key_api") {
            if let (Some(key), Some(name)) = (body["key"].as_str(), body["name"].as_str()) {
                keys.insert(key.to_string(), json!({"key": key, "name": name, "scopes": body["scopes"], "created_ago": ago(&body["created_at"], start)}));
            }
        } else if op.starts_with("patch_state_api") {
            if let Some(fingerprint) = body["fingerprint"].as_str() {
                let fields = object([
                    ("fingerprint", body["fingerprint"].clone()),
                    ("status", body["status"].clone()),
                    ("note", body["note"].clone()),
                    ("updated_by", body["updated_by"].clone()),
                ]);
                triage.insert(fingerprint.to_string(), Value::Object(fields));
            }
        } else if ["create_webhook_api", "get_webhook_endpoint_api", "patch_webhook_api"]
            .iter()
            .any(|p| op.starts_with(p))
        {
            webhook(body, &mut webhooks);
        } else if op.starts_with("get_webhooks_api") {
            body.as_array().into_iter().flatten().for_each(|w| webhook(w, &mut webhooks));
        }
    }
    let webhooks: Vec<Value> = webhooks
        .into_values()
        .map(|mut w| {
            // A secret shows only when the webhook is created; one created before the
            // session gets a stand-in (deliveries are signed with it on the replay).
            w.entry("secret").or_insert_with(|| json!("recorded-secret-not-seen"));
            Value::Object(w)
        })
        .collect();
    let mut out = object([
        ("env_key", env_key.map(Value::String).unwrap_or(Value::Null)),
        ("keys", Value::Array(keys.into_values().collect())),
        ("targets", Value::Array(targets.into_values().collect())),
        // The list answers newest first; the history is written oldest first.
        ("scans", Value::Array(scans.into_values().rev().collect())),
        ("triage", Value::Array(triage.into_values().collect())),
        ("webhooks", Value::Array(webhooks)),
    ]);
    out.retain(|_, v| !v.as_array().is_some_and(Vec::is_empty));
    (!out.is_empty()).then_some(Value::Object(out))
}

fn object<const N: usize>(members: [(&str, Value); N]) -> Map<String, Value> {
    members.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.to_string(), v)).collect()
}

fn instant(at: &Value) -> Option<Timestamp> {
    at.as_str().and_then(|t| t.parse::<Timestamp>().ok().or_else(|| format!("{t}Z").parse().ok()))
}

/// The time from `at` (less `earlier`) to the clock start, never negative, in ISO 8601.
fn ago_by(at: &Value, earlier: jiff::SignedDuration, start: Timestamp) -> Value {
    match instant(at) {
        Some(at) => json!((start.duration_since(at) + earlier).max(jiff::SignedDuration::ZERO).to_string()),
        None => Value::Null,
    }
}

fn ago(at: &Value, start: Timestamp) -> Value {
    ago_by(at, jiff::SignedDuration::ZERO, start)
}

fn scan(scan: &Value, start: Timestamp, scans: &mut IndexMap<String, Value>, targets: &mut IndexMap<String, Value>) {
    let (Some(id), Some(target)) = (scan["id"].as_str(), scan["target_path"].as_str()) else { return };
    targets.entry(target.to_string()).or_insert_with(|| json!({"path": target}));
    let cancelled_after = match (scan["status"].as_str(), instant(&scan["started_at"]), instant(&scan["completed_at"]))
    {
        (Some("cancelled"), Some(started), Some(ended)) => json!(ended.duration_since(started).to_string()),
        _ => Value::Null,
    };
    let fields = object([
        ("id", json!(id)),
        ("target", json!(target)),
        ("scan_types", scan["scan_types"].clone()),
        // A scan starts a moment after it is created; `ago` is when it was created.
        ("ago", ago_by(&scan["started_at"], jiff::SignedDuration::from_millis(START_DELAY_MS as i64), start)),
        ("cancelled_after", cancelled_after),
    ]);
    if fields.contains_key("ago") {
        scans.insert(id.to_string(), Value::Object(fields));
    }
}

fn webhook(body: &Value, webhooks: &mut IndexMap<String, Map<String, Value>>) {
    let Some(id) = body["id"].as_str() else { return };
    let entry = webhooks.entry(id.to_string()).or_default();
    for member in ["id", "name", "url", "event_filter", "enabled", "secret"] {
        if !body[member].is_null() {
            entry.insert(member.to_string(), body[member].clone());
        }
    }
}
