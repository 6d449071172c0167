//! A recorded Kolega session (`--proxy kolega=… --record DIR`) as an `apis.kolega`
//! section: the organisations `GET /me` named, each with the keys that were used (masked:
//! a replay uses the masked key, whose prefix `/me` shows unchanged), and the
//! repositories, scan batches and findings the session read, with their ids, names and
//! times (as durations before the replay's clock start). What the session never read
//! (quotas, fixes, finding events) is left to the scenario's defaults. Repositories read
//! with a key belong to that key's organisation.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use jiff::Timestamp;
use serde_json::{Map, Value, json};

use crate::world::RecordedExchange;

const ME: &str = "get_public_api_me_api_v1_me_get";
const LIST_REPOSITORIES: &str = "list_repositories_api_v1_repositories_get";
const GET_REPOSITORY: &str = "get_repository_api_v1_repositories__repository_id__get";
const LIST_SCANS: &str = "list_scans_api_v1_repositories__repository_id__scans_get";
const GET_SCAN: &str = "get_scan_api_v1_repositories__repository_id__scans__scan_id__get";
const CREATE_SCAN: &str = "create_scan_api_v1_repositories__repository_id__scans_post";
const LIST_FINDINGS: &str = "list_findings_api_v1_repositories__repository_id__findings_get";
const GET_FINDING: &str = "get_finding_api_v1_repositories__repository_id__findings__finding_id__get";

// In the order the session first saw them. Findings lists put the later-added first
// among equals (the same severity, status and time), so findings are written in reverse,
// and the replay, adding them in file order, lists them as the session saw them.
#[derive(Default)]
struct Org {
    fields: Map<String, Value>,
    keys: IndexMap<String, Value>,
    repositories: IndexMap<String, Repo>,
}

#[derive(Default)]
struct Repo {
    fields: Map<String, Value>,
    scans: IndexMap<String, Value>,
    findings: IndexMap<String, Value>,
}

/// The section, or `None` when the session never asked `GET /me` (without it, which
/// organisation owns what is unknown).
pub(crate) fn section(start: Timestamp, exchanges: &[RecordedExchange]) -> Option<Value> {
    let ok = |e: &&RecordedExchange| (200..300).contains(&e.status) && e.response.is_some();
    let mut orgs: BTreeMap<String, Org> = BTreeMap::new();
    let mut owner: BTreeMap<String, String> = BTreeMap::new();
    for e in exchanges.iter().filter(ok).filter(|e| e.operation_id == ME) {
        let (Some(me), Some(key)) = (&e.response, e.credentials.first()) else { continue };
        let Some(org_id) = me["organization_id"].as_str() else { continue };
        let org = orgs.entry(org_id.to_string()).or_default();
        org.fields = object([
            ("id", me["organization_id"].clone()),
            ("name", me["organization_name"].clone()),
            ("slug", me["organization_slug"].clone()),
        ]);
        let api_key = &me["api_key"];
        org.keys.insert(
            key.clone(),
            Value::Object(object([
                ("id", api_key["id"].clone()),
                ("key", json!(key)),
                ("name", api_key["name"].clone()),
                ("scopes", api_key["scopes"].clone()),
            ])),
        );
        owner.insert(key.clone(), org_id.to_string());
    }
    let first = orgs.keys().next()?.clone();
    for e in exchanges.iter().filter(ok) {
        let org_id = e.credentials.first().and_then(|k| owner.get(k)).unwrap_or(&first);
        let Some(org) = orgs.get_mut(org_id) else { continue };
        let Some(body) = &e.response else { continue };
        let repo_id = e.path_param("repository_id").map(str::to_string);
        match e.operation_id.as_str() {
            LIST_REPOSITORIES => {
                for item in items(body) {
                    repository(org, item, start);
                }
            }
            GET_REPOSITORY => repository(org, body, start),
            LIST_SCANS | GET_SCAN | CREATE_SCAN => {
                let batches: Vec<&Value> =
                    if e.operation_id == LIST_SCANS { items(body).collect() } else { vec![body] };
                for batch in batches {
                    let repo = batch["repository_id"].as_str().map(str::to_string).or(repo_id.clone());
                    if let (Some(repo), Some(scan)) = (repo, scan(batch, start)) {
                        org.repositories.entry(repo).or_default().scans.insert(scan.0, scan.1);
                    }
                }
            }
            LIST_FINDINGS | GET_FINDING => {
                let found: Vec<&Value> =
                    if e.operation_id == LIST_FINDINGS { items(body).collect() } else { vec![body] };
                for item in found {
                    let repo = item["repository_id"].as_str().map(str::to_string).or(repo_id.clone());
                    if let (Some(repo), Some(finding)) = (repo, finding(item, start)) {
                        org.repositories.entry(repo).or_default().findings.insert(finding.0, finding.1);
                    }
                }
            }
            _ => {}
        }
    }
    let organizations: Vec<Value> = orgs
        .into_values()
        .map(|org| {
            let mut out = org.fields;
            out.insert("keys".into(), Value::Array(org.keys.into_values().collect()));
            let repositories = org
                .repositories
                .into_iter()
                // Scans or findings of a repository never read themselves: its name is unknown.
                .filter(|(_, repo)| repo.fields.contains_key("name"))
                .map(|(_, repo)| {
                    let mut fields = repo.fields;
                    fields.insert("scans".into(), Value::Array(repo.scans.into_values().collect()));
                    fields.insert("findings".into(), Value::Array(repo.findings.into_values().rev().collect()));
                    Value::Object(fields)
                })
                .collect();
            out.insert("repositories".into(), Value::Array(repositories));
            Value::Object(out)
        })
        .collect();
    Some(json!({ "organizations": organizations }))
}

fn items(page: &Value) -> impl Iterator<Item = &Value> {
    page["items"].as_array().into_iter().flatten()
}

fn object<const N: usize>(members: [(&str, Value); N]) -> Map<String, Value> {
    members.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.to_string(), v)).collect()
}

/// The time from `at` (RFC 3339) to the clock start, never negative, as ISO 8601 (exact
/// to the nanosecond, so the replay shows the same instant).
fn ago(at: &Value, start: Timestamp) -> Value {
    match at.as_str().and_then(|t| t.parse::<Timestamp>().ok()) {
        Some(at) => json!(start.duration_since(at).max(jiff::SignedDuration::ZERO).to_string()),
        None => Value::Null,
    }
}

fn repository(org: &mut Org, repo: &Value, start: Timestamp) {
    let Some(id) = repo["id"].as_str() else { return };
    let sources: Vec<Value> = repo["repositories"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            Value::Object(object([
                ("full_name", s["full_name"].clone()),
                ("default_branch", s["default_branch"].clone()),
                ("provider", s["provider"].clone()),
                ("html_url", s["html_url"].clone()),
            ]))
        })
        .collect();
    let entry = org.repositories.entry(id.to_string()).or_default();
    entry.fields = object([
        ("id", repo["id"].clone()),
        ("name", repo["name"].clone()),
        ("description", repo["description"].clone()),
        ("archived", repo["archived"].clone()),
        ("created_ago", ago(&repo["created_at"], start)),
        ("sources", Value::Array(sources)),
    ]);
}

fn scan(batch: &Value, start: Timestamp) -> Option<(String, Value)> {
    let id = batch["batch_id"].as_str()?.to_string();
    let outcome = match batch["status"].as_str() {
        Some("completed") => json!("completed"),
        Some("partial_failure") => json!("partial_failure"),
        Some("failed") => json!("failed"),
        _ => Value::Null,
    };
    let fields = object([
        ("id", json!(id)),
        ("scan_type", batch["scan_type"].clone()),
        ("ago", ago(&batch["created_at"], start)),
        ("outcome", outcome),
    ]);
    Some((id, Value::Object(fields)))
}

fn finding(item: &Value, start: Timestamp) -> Option<(String, Value)> {
    let id = item["id"].as_str()?.to_string();
    let mut fields = object([
        ("id", json!(id)),
        ("check_id", item["check_id"].clone()),
        ("scan_type", item["scan_type"].clone()),
        ("severity", item["severity"].clone()),
        ("status", item["status"].clone()),
        ("file_path", item["file_path"].clone()),
        ("message", item["message"].clone()),
        ("title", item["title"].clone()),
        ("category", item["category"].clone()),
        ("cwe", item["cwe"].clone()),
        ("owasp", item["owasp"].clone()),
        ("references", item["references"].clone()),
        ("cvss_base_score", item["cvss_base_score"].clone()),
        ("cvss_vector", item["cvss_vector"].clone()),
        ("detected_ago", ago(&item["first_detected_at"], start)),
        ("last_detected_ago", ago(&item["last_detected_at"], start)),
        ("status_changed_ago", ago(&item["resolved_at"], start)),
    ]);
    if let Some(line) = item["line"].as_u64() {
        fields.insert("line".into(), json!(line));
    }
    Some((id, Value::Object(fields)))
}
