//! Property tests: hostile input of every kind (scenarios, snapshots, fault rules,
//! specs, requests) must never reach a panic. Direct calls run under `catch_unwind`;
//! calls through a running server check that no answer is the engine's "secmock hit a
//! bug" 500, which is what a caught handler panic becomes.
//!
//! Each property runs a few hundred cases by default, to keep the suite fast; set
//! `PROPTEST_CASES` for a long run (`PROPTEST_CASES=20000 cargo test --test api fuzz`).

mod faults;
mod requests;
mod scenarios;
mod snapshots;
mod specs;

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::test_runner::Config;
use secmock::MockServer;
use serde_json::{Map, Value, json};

/// Cases per property: `PROPTEST_CASES`, else 256.
pub(crate) fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// One runtime for every property's servers (a property's cases run synchronously).
pub(crate) static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime")
});

/// A strict server with the named scenario, started on the shared runtime.
pub(crate) fn server(scenario: &str) -> MockServer {
    RUNTIME.block_on(async { MockServer::builder().scenario(Some(scenario)).start().await.expect("scenario loads") })
}

/// Runs `f`, failing the property (with the panic's message) if it panics.
pub(crate) fn no_panic<R>(what: &str, f: impl FnOnce() -> R) -> Result<R, TestCaseError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        TestCaseError::fail(format!("{what} panicked: {message}"))
    })
}

/// Fails the property if an answer is a caught panic.
pub(crate) fn not_a_bug(what: &str, status: u16, body: &str) -> Result<(), TestCaseError> {
    if status == 500 && body.contains("secmock hit a bug") {
        return Err(TestCaseError::fail(format!("{what}: {body}")));
    }
    Ok(())
}

/// Field names the scenario, snapshot and fault types use, so arbitrary objects often
/// look almost right.
const KEYS: &[&str] = &[
    "name",
    "id",
    "key",
    "keys",
    "count",
    "seed",
    "apis",
    "kolega",
    "dryrun",
    "faults",
    "clock",
    "start",
    "organizations",
    "repositories",
    "generated_findings",
    "scans",
    "findings",
    "fixes",
    "sources",
    "history",
    "pr_scans",
    "deepscans",
    "accounts",
    "days",
    "deepscan_every",
    "generated_repositories",
    "branches",
    "status",
    "kind",
    "action",
    "path",
    "api",
    "ms",
    "min_ms",
    "max_ms",
    "probability",
    "times",
    "limit",
    "window_seconds",
    "message",
    "scan_type",
    "ago",
    "detected_ago",
    "check_id",
    "scopes",
    "org_name",
    "timing",
    "state",
    "rng",
    "stream",
    "word_pos",
    "repo",
    "finding",
    "events",
    "at",
    "seq",
];

/// Numbers at the edges: zero, off-by-ones, the ends of u32, u64 and f64, fractions.
pub(crate) fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => prop::sample::select(vec![
            json!(0),
            json!(1),
            json!(2),
            json!(-1),
            json!(3),
            json!(100),
            json!(204),
            json!(599),
            json!(4_294_967_295u64),
            json!(4_294_967_296u64),
            json!(9_007_199_254_740_993u64),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(0.5),
            json!(1e300),
            json!(-1e-300),
        ]),
        1 => any::<i64>().prop_map(Value::from),
        // Mostly small and non-negative: they pass the types and test the references.
        4 => (0u64..64).prop_map(Value::from),
    ]
}

/// Strings at the edges: empty, multibyte, timestamps and durations near the ends of
/// their ranges, globs, ids, long runs.
pub(crate) fn string() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "é",
            "0é",
            "main",
            "read",
            "open",
            "critical",
            "semgrep_scan",
            "status",
            "latency",
            "drop",
            "2026-01-01T00:00:00Z",
            "-009999-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "1d",
            "-1d",
            "99999999d",
            "PT1H",
            "P1M",
            "1 month",
            "{a,{b,{c,{d,{e,{f,{g,{h,{i,j}}}}}}}}}",
            "[",
            "**/*",
            "kcp_live_0123456789abcdef",
            "10000000-0000-4000-8000-000000000001",
            "acme/api",
        ])
        .prop_map(Value::from),
        "[a-z0-9/_{},*é-]{0,24}".prop_map(Value::from),
        (0usize..3).prop_map(|n| Value::from("ab".repeat([70, 6000, 40_000][n]))),
    ]
}

/// Any JSON, a few levels deep, with keys the types use.
pub(crate) fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::from), number(), string()];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

/// One change to a document: which node (an index into its nodes, wrapped) and what.
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    /// Replace the node with a value of the same type, when it has one.
    Retype(usize, Value, Value),
    /// Replace the node with anything.
    Replace(usize, Value),
    /// Remove the node from its parent.
    Remove(usize),
    /// Duplicate an array's item, or grow an array with copies of its first item.
    Grow(usize, usize),
    /// Replace a node with a copy of another node of the same document: plausible
    /// values (an id, a timestamp, a position) in the wrong place.
    Copy(usize, usize),
}

pub(crate) fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        4 => (any::<usize>(), number(), string()).prop_map(|(i, n, s)| Edit::Retype(i, n, s)),
        3 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Copy(i, j)),
        1 => (any::<usize>(), json_value()).prop_map(|(i, v)| Edit::Replace(i, v)),
        1 => any::<usize>().prop_map(Edit::Remove),
        1 => (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Grow(i, n)),
    ];
    prop::collection::vec(edit, 1..4)
}

/// Every node's JSON pointer, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
        }),
        _ => {}
    }
}

/// Applies `edits` to `doc`.
pub(crate) fn mutate(doc: &mut Value, edits: &[Edit]) {
    for edit in edits {
        let mut all = Vec::new();
        pointers(doc, String::new(), &mut all);
        let pick = |i: &usize| all[*i % all.len()].clone();
        match edit {
            Edit::Retype(i, n, s) => {
                let at = pick(i);
                if let Some(node) = doc.pointer_mut(&at) {
                    *node = match node {
                        Value::Number(_) => n.clone(),
                        Value::String(_) => s.clone(),
                        Value::Bool(b) => Value::Bool(!*b),
                        _ => n.clone(),
                    };
                }
            }
            Edit::Replace(i, v) => {
                let at = pick(i);
                if let Some(node) = doc.pointer_mut(&at) {
                    *node = v.clone();
                }
            }
            Edit::Remove(i) => {
                let at = pick(i);
                let Some((parent, last)) = at.rsplit_once('/') else { continue };
                match doc.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>()
                            && i < items.len()
                        {
                            items.remove(i);
                        }
                    }
                    _ => {}
                }
            }
            Edit::Copy(from, to) => {
                let (from, to) = (pick(from), pick(to));
                if let Some(value) = doc.pointer(&from).cloned()
                    && let Some(node) = doc.pointer_mut(&to)
                {
                    *node = value;
                }
            }
            Edit::Grow(i, n) => {
                let at = pick(i);
                if let Some(Value::Array(items)) = doc.pointer_mut(&at)
                    && let Some(first) = items.first().cloned()
                {
                    items.extend(std::iter::repeat_n(first, *n));
                }
            }
        }
    }
}

/// An object from pairs (for building near-valid documents).
pub(crate) fn object(pairs: &[(&str, Value)]) -> Value {
    Value::Object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Map<_, _>>())
}
