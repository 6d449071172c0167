//! Reading OpenAPI documents from disk (YAML or JSON) and bundling the files their `$ref`s
//! point to into one self-contained document, so that everything after this step works on
//! a single `serde_json::Value` with local references only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::error::{SpecError, escape_token};

/// Where bundled external files are mounted inside the root document.
pub(crate) const EXTERNAL_ROOT: &str = "x-secmock-external";

/// Reads a YAML or JSON file into a JSON value. JSON is tried first for `.json` files;
/// everything else is read as YAML (a superset of JSON).
pub fn read_document(file: &Path) -> Result<Value, SpecError> {
    let text = std::fs::read_to_string(file).map_err(|source| SpecError::Io { file: file.to_path_buf(), source })?;
    parse_document(file, &text)
}

/// Parses document text; `file` is only used to name the source in errors.
pub fn parse_document(file: &Path, text: &str) -> Result<Value, SpecError> {
    let is_json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return parse_json(file, text);
    }
    yaml_serde::from_str::<Value>(text).map_err(|e| SpecError::Syntax {
        file: file.to_path_buf(),
        format: "YAML",
        message: e.to_string(),
    })
}

/// Parses JSON document text, whatever `file` (which names it in errors) is called.
pub fn parse_json(file: &Path, text: &str) -> Result<Value, SpecError> {
    serde_json::from_str(text).map_err(|e| SpecError::Syntax {
        file: file.to_path_buf(),
        format: "JSON",
        message: e.to_string(),
    })
}

/// Inlines every file referenced by a relative `$ref` (`common.yaml#/components/schemas/X`)
/// under `/x-secmock-external/<n>` and rewrites the references to local ones. Cycles
/// between files are fine: each file is mounted once. Every reference must then point at
/// an existing node.
pub(crate) fn bundle(root_file: &Path, mut root: Value) -> Result<Value, SpecError> {
    let mut bundler =
        Bundler { root: root_file.canonicalize().ok(), mounted: HashMap::new(), pending: Vec::new(), refs: Vec::new() };
    let base = root_file.parent().unwrap_or(Path::new(".")).to_path_buf();
    bundler.rewrite(&mut root, &base, None, root_file, &At::Root)?;
    let mut externals = serde_json::Map::new();
    while let Some((index, file)) = bundler.pending.pop() {
        let mut doc = read_document(&file)?;
        let dir = file.parent().unwrap_or(Path::new(".")).to_path_buf();
        bundler.rewrite(&mut doc, &dir, Some(index), &file, &At::Root)?;
        externals.insert(index.to_string(), doc);
    }
    if !externals.is_empty()
        && let Value::Object(map) = &mut root
    {
        map.insert(EXTERNAL_ROOT.to_string(), Value::Object(externals));
    }
    // Checked here, where each reference's own file and pointer are still known: the
    // schema compiler would only name the schema root a broken `$ref` is nested in.
    // Plain-name fragments (`#node`) are JSON Schema anchors, left to the compiler.
    for r in bundler.refs.iter().filter(|r| r.target.is_empty() || r.target.starts_with('/')) {
        let target = percent_encoding::percent_decode_str(&r.target).decode_utf8_lossy();
        if root.pointer(&target).is_none() {
            return Err(SpecError::invalid(&r.file, &r.at, format!("$ref target '{}' does not exist", r.reference)));
        }
    }
    Ok(root)
}

/// Where a node is, as the chain of keys and indexes from the document's root: free to
/// extend while walking, written out as a JSON pointer only when needed.
enum At<'p> {
    Root,
    Key(&'p At<'p>, &'p str),
    Index(&'p At<'p>, usize),
}

impl At<'_> {
    fn pointer(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Key(parent, key) => format!("{}/{}", parent.pointer(), escape_token(key)),
            At::Index(parent, i) => format!("{}/{i}", parent.pointer()),
        }
    }
}

/// A `$ref` as written, where it was written, and its target in the bundled document.
struct BundledRef {
    file: PathBuf,
    at: String,
    reference: String,
    target: String,
}

struct Bundler {
    /// The root file itself: a `$ref` naming it by file name stays local.
    root: Option<PathBuf>,
    mounted: HashMap<PathBuf, usize>,
    pending: Vec<(usize, PathBuf)>,
    refs: Vec<BundledRef>,
}

impl Bundler {
    fn mount(&mut self, file: PathBuf) -> usize {
        let next = self.mounted.len();
        *self.mounted.entry(file.clone()).or_insert_with(|| {
            self.pending.push((next, file));
            next
        })
    }

    /// Rewrites `$ref`s inside `node`, which lives in a file in `dir` that is mounted at
    /// external index `mounted_at` (`None` for the root document). `at` is where `node` is;
    /// it is written out as a pointer only where a `$ref` is (a spec has tens of thousands
    /// of nodes and a few hundred references).
    fn rewrite(
        &mut self,
        node: &mut Value,
        dir: &Path,
        mounted_at: Option<usize>,
        file: &Path,
        at: &At<'_>,
    ) -> Result<(), SpecError> {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let new_ref = self.rewrite_ref(reference, dir, mounted_at, file, &at.pointer())?;
                    map.insert("$ref".into(), Value::String(new_ref));
                }
                for (key, child) in map.iter_mut() {
                    if key == "$ref" || key == "example" || key == "examples" {
                        continue;
                    }
                    let child_at = At::Key(at, key);
                    self.rewrite(child, dir, mounted_at, file, &child_at)?;
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.rewrite(child, dir, mounted_at, file, &At::Index(at, i))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn rewrite_ref(
        &mut self,
        reference: &str,
        dir: &Path,
        mounted_at: Option<usize>,
        file: &Path,
        at: &str,
    ) -> Result<String, SpecError> {
        let (target, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if target.contains("://") {
            return Err(SpecError::invalid(
                file,
                at,
                format!("remote $ref '{reference}' is not supported; copy the file beside the spec"),
            ));
        }
        let index = if target.is_empty() {
            mounted_at
        } else {
            let path = dir.join(target);
            let path = path
                .canonicalize()
                .map_err(|e| SpecError::invalid(file, at, format!("$ref '{reference}': {}: {e}", path.display())))?;
            if self.root.as_ref() == Some(&path) { None } else { Some(self.mount(path)) }
        };
        let target = match index {
            None => fragment.to_string(),
            Some(i) => format!("/{EXTERNAL_ROOT}/{i}{fragment}"),
        };
        self.refs.push(BundledRef {
            file: file.to_path_buf(),
            at: at.to_string(),
            reference: reference.to_string(),
            target: target.clone(),
        });
        Ok(format!("#{target}"))
    }
}
