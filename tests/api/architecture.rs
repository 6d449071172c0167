//! The shape of the crate, checked the way WireMock's ArchUnit tests check theirs: a test
//! fails when a module imports one it must not.
//!
//! - Across the crate, dependencies point one way (`spec` ← `contract` ← `engine` ←
//!   `admin`/startup), APIs never reach into the engine, and only start-up names an API.
//! - Inside an API folder that has taken the layered shape (`model/`, `load/`, `views/`,
//!   `handlers/`, as mini-redis keeps `db.rs` under `cmd/*`): handlers → views → model,
//!   handlers → errors → model (a refusal renders model values too), load → model, nothing
//!   back up, no handler file importing another (shared helpers such as access checks
//!   and paging, which use no handler file themselves, excepted), and no two files
//!   importing each other, directly or in a circle.
//!
//! Imports are read from the source text: every `crate::…` and `super::…` path outside
//! comments, resolved to the file it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each top-level module may import (`*` for anything). A module not listed may
/// import nothing of the crate.
const ALLOWED: &[(&str, &[&str])] = &[
    ("spec", &[]),
    ("catalog", &[]),
    ("formats", &[]),
    ("docs", &["formats"]),
    // The specs and scenarios compiled into the binary; its test checks the docs assets.
    ("bundled", &["docs"]),
    // A JSON reply is written through `fragments::compose` (remembered fragments, the page's digest).
    ("reply", &["fragments"]),
    // What is remembered to answer faster, in maps bounded the same way (`memo::Bounded`).
    ("memo", &[]),
    ("fragments", &["memo"]),
    ("telemetry", &[]),
    ("contract", &["spec", "reply", "memo"]),
    ("generate", &["spec", "reply", "catalog", "formats"]),
    ("world", &["spec", "contract", "generate", "reply", "bundled"]),
    ("config", &["world", "engine", "spec", "bundled"]),
    // The engine hands its access line to telemetry's log queue (`telemetry::log_access`).
    ("engine", &["spec", "contract", "generate", "world", "reply", "docs", "proxy", "telemetry"]),
    ("proxy", &["contract", "reply", "spec", "world"]),
    ("conformance", &["spec", "contract", "generate", "world", "proxy", "reply"]),
    ("transport", &["engine", "config"]),
    ("server", &["engine", "world", "spec", "reply"]),
    // Hot reload (`--watch`): reads files, replaces contracts and scenarios in the worlds.
    ("reload", &["server", "spec", "world", "bundled"]),
    ("apis", &["spec", "contract", "generate", "world", "reply", "fragments", "catalog", "formats"]),
    ("admin", &["spec", "contract", "engine", "world", "reply", "server", "telemetry", "docs"]),
    ("startup", &["*"]),
    // The command line (the binary's code, in the library behind the `cli` feature).
    ("cli", &["*"]),
    ("probe", &[]),
    ("mock_server", &["*"]),
    ("lib", &["*"]),
];

/// The layers of an API folder, and which each may import.
const API_LAYERS: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    ("load", &["load", "model"]),
    ("views", &["views", "model"]),
    ("handlers", &["handlers", "views", "model", "errors"]),
    ("errors", &["model"]),
];

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path: `src/apis/kolega/model/state.rs` → `[apis, kolega, model, state]`
/// (`mod.rs` names its folder, `lib.rs` the crate root).
fn module_of(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> =
        relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        return Vec::new();
    }
    parts
}

/// The code of a file without its comments (a `//` inside a string is rare enough in
/// this crate to ignore).
fn code(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Every module path a file imports, absolute (`[apis, kolega, model]`), from `crate::`
/// and `super::` paths, including those inside `use` groups (`super::{a, b::c}`).
fn imports(file: &Path) -> BTreeSet<Vec<String>> {
    let module = module_of(file);
    let text = code(&std::fs::read_to_string(file).expect("readable"));
    let mut found = BTreeSet::new();
    let bytes = text.as_bytes();
    for start in 0..bytes.len() {
        if !text.is_char_boundary(start) {
            continue;
        }
        let rest = &text[start..];
        let (base, tail) = if let Some(tail) = rest.strip_prefix("crate::") {
            (Vec::new(), tail)
        } else if rest.starts_with("super::") {
            // `super` of `a/b/c.rs` (module a::b::c) is a::b; of `a/b/mod.rs` (a::b), a.
            let mut base = module.clone();
            let mut tail = rest;
            while let Some(t) = tail.strip_prefix("super::") {
                base.pop();
                tail = t;
            }
            (base, tail)
        } else {
            continue;
        };
        if start > 0
            && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] == b':')
        {
            continue;
        }
        for path in expand(tail) {
            let mut full = base.clone();
            full.extend(path);
            found.insert(full);
        }
    }
    found
}

/// The module paths a path tail names: `a::b::Thing` → `[[a, b, Thing]]`, `{a, b::c}` →
/// `[[a], [b, c]]` (only lowercase segments are modules; the rest are items).
fn expand(tail: &str) -> Vec<Vec<String>> {
    if let Some(group) = tail.strip_prefix('{') {
        let mut depth = 1;
        let mut end = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner = &group[..end];
        let mut parts = Vec::new();
        let (mut depth, mut from) = (0, 0);
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&inner[from..i]);
                    from = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&inner[from..]);
        return parts.into_iter().flat_map(|p| expand(p.trim())).collect();
    }
    let mut path = Vec::new();
    let mut rest = tail;
    loop {
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let segment = &rest[..end];
        if segment.is_empty() || segment.chars().next().is_some_and(|c| c.is_ascii_uppercase()) || segment == "self" {
            break;
        }
        path.push(segment.to_string());
        rest = &rest[end..];
        match rest.strip_prefix("::") {
            Some(next) if next.starts_with('{') => {
                return expand(next).into_iter().map(|p| path.iter().cloned().chain(p).collect()).collect();
            }
            Some(next) => rest = next,
            None => break,
        }
    }
    vec![path]
}

fn all_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.retain(|f| !f.ends_with("main.rs"));
    files.sort();
    files
}

#[test]
fn the_crates_layers_point_one_way_and_only_startup_names_an_api() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut problems = Vec::new();
    for file in all_files() {
        let module = module_of(&file);
        let top = module.first().map_or("lib", String::as_str);
        let may = allowed.get(top).copied().unwrap_or(&[]);
        for import in imports(&file) {
            let Some(target) = import.first() else { continue };
            if target == top || may.contains(&"*") || may.contains(&target.as_str()) {
                continue;
            }
            problems.push(format!("{} imports crate::{}", file.display(), import.join("::")));
        }
    }
    assert!(problems.is_empty(), "imports against the crate's layers:\n{}", problems.join("\n"));
}

/// The file an import lands on inside an API folder: the longest module path that exists.
fn file_module(import: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=import.len()).rev().map(|n| import[..n].to_vec()).find(|m| modules.contains(m))
}

#[test]
fn api_folders_in_the_layered_shape_import_one_way_and_in_no_circle() {
    let files = all_files();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let apis = src().join("apis");
    let mut problems = Vec::new();
    for api in std::fs::read_dir(&apis).expect("apis").flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        if !api.join("model").is_dir() {
            continue; // not yet in the layered shape
        }
        let name = api.file_name().expect("name").to_string_lossy().to_string();
        let prefix = vec!["apis".to_string(), name.clone()];
        let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
        // Which handler files each handler file uses: only shared helpers (files that use
        // no other handler file themselves, such as access checks and paging) may be used.
        let mut handler_uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in files.iter().filter(|f| f.starts_with(&api)) {
            let module = module_of(file);
            let layer = module.get(2).cloned().unwrap_or_default();
            let may: &[&str] = API_LAYERS.iter().find(|(l, _)| *l == layer).map_or(&["*"], |(_, may)| may);
            for import in imports(file) {
                if !import.starts_with(&prefix) || import.len() < 3 {
                    continue;
                }
                let target_layer = import[2].as_str();
                if target_layer != "data" && !may.contains(&"*") && !may.contains(&target_layer) {
                    problems.push(format!("{}: {layer} imports {}", file.display(), import[2..].join("::")));
                }
                if layer == "handlers"
                    && target_layer == "handlers"
                    && module.len() > 3
                    && import.len() > 3
                    && import[3] != module[3]
                {
                    handler_uses.entry(module[3].clone()).or_default().insert(import[3].clone());
                }
                if let Some(target) = file_module(&import, &modules)
                    && target != module
                    && !module.starts_with(&target)
                {
                    graph.entry(module.clone()).or_default().insert(target);
                }
            }
        }
        for (user, used) in &handler_uses {
            for helper in used.iter().filter(|h| handler_uses.contains_key(*h)) {
                problems.push(format!(
                    "apis/{name}: handlers::{user} uses handlers::{helper}, which is not a shared helper"
                ));
            }
        }
        problems.extend(circles(&graph).into_iter().map(|c| format!("apis/{name}: a circle: {c}")));
    }
    assert!(problems.is_empty(), "API folder layering:\n{}", problems.join("\n"));
}

/// Every import circle in `graph`, as `a -> b -> a`.
fn circles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let mut found = Vec::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    // Reported once, from its smallest member.
                    if path.iter().all(|p| p >= start) {
                        let names: Vec<String> = path.iter().chain([start]).map(|m| m[2..].join("::")).collect();
                        found.push(names.join(" -> "));
                    }
                } else if seen.insert(next.clone()) {
                    stack.push((next.clone(), path.iter().cloned().chain([next.clone()]).collect()));
                }
            }
        }
    }
    found
}

#[test]
fn the_import_reader_resolves_groups_and_super() {
    assert_eq!(expand("a::{b, c::{d, E}}, F"), vec![vec!["a", "b"], vec!["a", "c", "d"], vec!["a", "c"]]);
    assert_eq!(expand("x::y::Thing"), vec![vec!["x", "y"]]);
    let kolega = src().join("apis/kolega/mod.rs");
    assert_eq!(module_of(&kolega), vec!["apis", "kolega"]);
    assert!(imports(&src().join("engine/mod.rs")).contains(&vec!["world".to_string()]), "crate::world in engine");
}
