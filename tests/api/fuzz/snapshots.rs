//! The snapshot loaders: mutations of a real export through `check_state` and
//! `import_state` (the server's `import_state` runs both), then a few reads through the
//! API, which must not meet a panic either. Each case starts from the original snapshot.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use proptest::prelude::*;
use secmock::MockServer;
use serde_json::Value;

use super::{RUNTIME, config, edits, mutate, no_panic, not_a_bug, server};

struct World {
    server: MockServer,
    api: &'static str,
    original: Value,
}

fn world(scenario: &str, api: &'static str) -> World {
    let server = server(scenario);
    let mut written = Vec::new();
    server.server().export_state(Some(api), &mut written).expect("exports");
    let mut export: Value = serde_json::from_slice(&written).expect("the export is JSON");
    let original = export["apis"][api].take();
    World { server, api, original }
}

static KOLEGA: LazyLock<World> = LazyLock::new(|| world("kolega-quota-exhausted", "kolega"));
static DRYRUN: LazyLock<World> = LazyLock::new(|| world("dryrun-ci", "dryrun"));

/// GETs `path` (relative to `base`) with `key`; the answer, checked not to be a panic.
async fn read(base: &str, path: &str, key: &str) -> Result<Value, TestCaseError> {
    let response = match crate::helpers::client().get(format!("{base}{path}")).bearer_auth(key).send().await {
        Ok(response) => response,
        // An id the client cannot put in a URL (a mutated one, 80,000 characters long) is
        // no finding of the server's.
        Err(e) if e.is_builder() => return Ok(Value::Null),
        Err(e) => return Err(TestCaseError::fail(format!("GET {path}: {e}"))),
    };
    let status = response.status().as_u16();
    let text = response.text().await.unwrap_or_default();
    not_a_bug(&format!("GET {path}"), status, &text)?;
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Ids of a list answer's items (Kolega's `items`, DryRun's `data`).
fn ids(list: &Value, field: &str) -> Vec<String> {
    let items = list.get("items").or_else(|| list.get("data")).and_then(Value::as_array);
    items.into_iter().flatten().filter_map(|i| i[field].as_str().map(str::to_string)).take(2).collect()
}

async fn kolega_reads(base: &str) -> Result<(), TestCaseError> {
    let key = "kcp_live_Ex7hAusted0Quota1Key2Rw";
    for path in ["/api/v1/me", "/api/v1/finding-events", "/api/v1/quotas/balance"] {
        read(base, path, key).await?;
    }
    let repos = read(base, "/api/v1/repositories", key).await?;
    for repo in ids(&repos, "id") {
        let at = format!("/api/v1/repositories/{repo}");
        read(base, &at, key).await?;
        for scan in ids(&read(base, &format!("{at}/scans"), key).await?, "batch_id") {
            for tail in ["", "/progress", "/results"] {
                read(base, &format!("{at}/scans/{scan}{tail}"), key).await?;
            }
        }
        for finding in ids(&read(base, &format!("{at}/findings"), key).await?, "id") {
            read(base, &format!("{at}/findings/{finding}"), key).await?;
        }
        for fix in ids(&read(base, &format!("{at}/fixes"), key).await?, "id") {
            for tail in ["", "/progress", "/diff"] {
                read(base, &format!("{at}/fixes/{fix}{tail}"), key).await?;
            }
        }
    }
    Ok(())
}

async fn dryrun_reads(base: &str) -> Result<(), TestCaseError> {
    let key = "ci-all";
    let accounts = read(base, "/v1/accounts", key).await?;
    for account in ids(&accounts, "account_id") {
        let at = format!("/v1/accounts/{account}");
        for tail in ["/all_findings?days=365&all_results=true", "/all_findings?days=30", "/insights", "/deepscans"] {
            read(base, &format!("{at}{tail}"), key).await?;
        }
        for tail in ["/configurations", "/custom_policies", "/analyzers"] {
            read(base, &format!("{at}{tail}"), key).await?;
        }
        for repo in ids(&read(base, &format!("{at}/repositories"), key).await?, "id") {
            let at = format!("{at}/repositories/{repo}");
            read(base, &format!("{at}/findings"), key).await?;
            for scan in ids(&read(base, &format!("{at}/scans"), key).await?, "scan_id") {
                read(base, &format!("{at}/scans/{scan}"), key).await?;
            }
            for scan in ids(&read(base, &format!("{at}/deepscans"), key).await?, "id") {
                read(base, &format!("{at}/deepscans/{scan}/results"), key).await?;
                read(base, &format!("{at}/deepscans/{scan}/sca_results"), key).await?;
            }
        }
    }
    Ok(())
}

fn import(world: &World, snapshot: Value) -> Result<Result<(), String>, TestCaseError> {
    let server = world.server.server().clone();
    let api = world.api;
    no_panic("importing the snapshot", move || server.import_state(&BTreeMap::from([(api, &snapshot)])))
}

fn case(world: &World, edits: &[super::Edit]) -> Result<(), TestCaseError> {
    import(world, world.original.clone())?.map_err(|e| TestCaseError::fail(format!("the original: {e}")))?;
    let mut snapshot = world.original.clone();
    mutate(&mut snapshot, edits);
    if import(world, snapshot)?.is_err() {
        return Ok(());
    }
    let base = world.server.url(world.api);
    RUNTIME
        .block_on(async { if world.api == "kolega" { kolega_reads(&base).await } else { dryrun_reads(&base).await } })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_kolega_snapshots_never_panic(edits in edits()) {
        case(&KOLEGA, &edits)?;
    }

    #[test]
    fn mutated_dryrun_snapshots_never_panic(edits in edits()) {
        case(&DRYRUN, &edits)?;
    }
}
